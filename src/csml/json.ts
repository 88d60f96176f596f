/** JSON values as they cross the interpreter boundary. */
export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
