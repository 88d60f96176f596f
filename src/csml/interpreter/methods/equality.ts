/**
 * Element equality of `index_of` and `find`: the reference engine's literal equality, which is
 * stricter than `==` (csml.md §4.3): values of different types are never equal (`1` and `1.0`
 * differ), and two strings are compared as numbers only when one is in int form and the other in
 * float form (`"2" == "2.0"`). Content types are ignored.
 */
import type { Value } from '../value.js';
import { parseF64, parseI64 } from '../numeric.js';

type NumericText = { kind: 'int'; value: bigint } | { kind: 'float'; value: number } | null;

function numericText(text: string): NumericText {
  const asInt = parseI64(text);
  if (asInt !== null) return { kind: 'int', value: asInt };
  const asFloat = parseF64(text);
  return asFloat === null ? null : { kind: 'float', value: asFloat };
}

function stringsEqual(left: string, right: string): boolean {
  const a = numericText(left);
  const b = numericText(right);
  if (a?.kind === 'int' && b?.kind === 'float') return Number(a.value) === b.value;
  if (a?.kind === 'float' && b?.kind === 'int') return a.value === Number(b.value);
  return left === right;
}

export function literalEquals(left: Value, right: Value): boolean {
  switch (left.kind) {
    case 'null':
      return right.kind === 'null';
    case 'bool':
    case 'int':
    case 'float':
      return right.kind === left.kind && right.value === left.value;
    case 'string':
      return right.kind === 'string' && stringsEqual(left.value, right.value);
    case 'array':
      return (
        right.kind === 'array' &&
        right.items.length === left.items.length &&
        left.items.every((item, i) => {
          const other = right.items[i];
          return other !== undefined && literalEquals(item, other);
        })
      );
    case 'object': {
      if (right.kind !== 'object' || right.entries.size !== left.entries.size) return false;
      for (const [key, item] of left.entries) {
        const other = right.entries.get(key);
        if (other === undefined || !literalEquals(item, other)) return false;
      }
      return true;
    }
    case 'closure':
      return false;
  }
}
