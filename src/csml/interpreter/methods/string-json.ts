/**
 * `to_json()` and `from_json()` of strings (csml.md §10.2). `from_json()` reads JSON text;
 * `to_json()` reads XML when the text is XML to the reference engine's reader, else YAML
 * (which JSON text also is), as the reference does.
 */
import { CsmlError } from '../errors.js';
import { nullary } from './define.js';
import { jsonTextToValue } from './json-text.js';
import type { MethodDef } from './method.js';
import { xmlToValue } from './xml.js';
import { yamlToValue } from './yaml-value.js';

export const JSON_METHODS: Readonly<Record<string, MethodDef>> = {
  to_json: nullary('string', 'to_json() => obj', (s) => {
    const value = xmlToValue(s.value) ?? yamlToValue(s.value);
    if (value === null) throw new CsmlError('Invalid format string is not a valid yaml or xml');
    return value;
  }),
  from_json: nullary('string', 'from_json() => object', (s) => {
    const value = jsonTextToValue(s.value);
    if (value === null) throw new CsmlError('[from_json] [!] string to object failed]');
    return value;
  }),
};
