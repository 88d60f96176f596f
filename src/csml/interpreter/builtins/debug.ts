/** `Debug(a, …)` (csml.md §5.9, §9): `{"args": [display texts]}` with content type `debug`. */
import type { BuiltinFn } from './builtin.js';
import { record } from './args.js';
import { displayText } from '../format.js';
import { array, str } from '../value.js';

export const debug: BuiltinFn = (args) => {
  const values = args.all.map((arg) => arg.value);
  const result = record([['args', array(values.map((value) => str(displayText(value))))]], 'debug');
  if (values.some((value) => value.secure === true)) result.secure = true;
  return result;
};
