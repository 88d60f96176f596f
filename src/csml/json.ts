/**
 * JSON values as they cross the interpreter boundary. Integers beyond ±2^53 are `bigint` so
 * that int64 values keep every digit (csml.md §17.1); `stringifyJson` writes them as digits.
 */
export type Json =
  null | boolean | number | bigint | string | readonly Json[] | { readonly [key: string]: Json };

/** JSON.stringify that writes bigints as plain digits. */
export function stringifyJson(value: Json, indent?: number): string {
  const marker = '\u0000bigint:';
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'bigint' ? `${marker}${v.toString()}` : v),
    indent,
  );
  // JSON.stringify escapes the marker's NUL as \u0000.
  return text.includes('\\u0000bigint:') ? text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1') : text;
}
