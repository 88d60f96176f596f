/**
 * YAML text as a value, for `string.to_json()`: serde_yaml 0.8's reading of scalars into JSON
 * (`~`/`null`, `true`/`false`, decimal, `0x`/`0o`/`0b` ints, leading-zero digits as strings,
 * `.inf`/`.nan`, floats; quoted scalars stay strings; `!!int`-style tags force a type), then
 * the reference's JSON-to-value rules (an int beyond int64 is an error).
 */
import { CsmlError } from '../errors.js';
import { ERROR_NUMBER_TOO_LARGE } from '../format.js';
import { INT64_MAX, array, bool, float, int, nullValue, object, str } from '../value.js';
import type { Value } from '../value.js';
import { parseF64, parseI64 } from '../numeric.js';
import { YamlSyntaxError, fail } from './yaml-flow.js';
import type { YamlNode } from './yaml-flow.js';
import { parseYamlDocument } from './yaml-parse.js';

const U64_MAX = 2n ** 64n - 1n;
const RADIX: Readonly<Record<string, { radix: number; digits: RegExp }>> = {
  x: { radix: 16, digits: /^[0-9A-Fa-f]+$/ },
  o: { radix: 8, digits: /^[0-7]+$/ },
  b: { radix: 2, digits: /^[01]+$/ },
};

/** An unsigned JSON integer: beyond int64 the reference's conversion fails. */
function unsigned(n: bigint): Value {
  if (n > INT64_MAX) throw new CsmlError(ERROR_NUMBER_TOO_LARGE);
  return int(n);
}

/** `0x1F`, `-0o17`, `+0b101`: null when not in that form or out of range. */
function radixInt(text: string): Value | null {
  const match = /^([+-]?)0([xob])(.*)$/.exec(text);
  const spec = RADIX[match?.[2] ?? ''];
  if (!match || !spec || !spec.digits.test(match[3] ?? '')) return null;
  const prefix = spec.radix === 16 ? '0x' : spec.radix === 8 ? '0o' : '0b';
  const n = BigInt(`${prefix}${match[3] ?? ''}`);
  if (match[1] === '-') return n <= INT64_MAX + 1n ? int(-n) : null;
  return n <= U64_MAX ? unsigned(n) : null;
}

/** serde_yaml's `visit_untagged_str`. */
function untagged(text: string): Value {
  if (text === '' || text === '~' || text === 'null') return nullValue();
  if (text === 'true' || text === 'false') return bool(text === 'true');
  const radix = radixInt(text);
  if (radix) return radix;
  if (/^[+-]*0[0-9]+$/.test(text)) return str(text);
  if (/^\+?[0-9]+$/.test(text)) {
    const n = BigInt(text);
    if (n <= U64_MAX) return unsigned(n);
    // serde_json cannot hold a u128: the reader fails.
    if (n < 2n ** 128n) fail();
  }
  const signed = parseI64(text);
  if (signed !== null) return int(signed);
  if (/^-[0-9]+$/.test(text) && BigInt(text) >= -(2n ** 127n)) fail();
  if (/^\+?\.(inf|Inf|INF)$/.test(text)) return float(Infinity);
  if (/^-\.(inf|Inf|INF)$/.test(text)) return float(-Infinity);
  if (/^\.(nan|NaN|NAN)$/.test(text)) return float(NaN);
  const asFloat = parseF64(text);
  return asFloat !== null && Number.isFinite(asFloat) ? float(asFloat) : str(text);
}

/** A scalar with an explicit tag: `!!bool`, `!!int`, `!!float`, `!!null`; others are strings. */
function tagged(text: string, tag: string): Value {
  switch (tag) {
    case '!bool':
      return text === 'true' || text === 'false' ? bool(text === 'true') : fail();
    case '!int': {
      const n = parseI64(text);
      return n === null ? fail() : int(n);
    }
    case '!float': {
      const n = parseF64(text);
      return n === null ? fail() : float(n);
    }
    case '!null':
      return text === '~' || text === 'null' ? nullValue() : fail();
    default:
      return str(text);
  }
}

function toValue(node: YamlNode): Value {
  switch (node.kind) {
    case 'scalar':
      if (node.tag !== null) return tagged(node.text, node.tag);
      return node.plain ? untagged(node.text) : str(node.text);
    case 'seq':
      return array(node.items.map(toValue));
    case 'map': {
      const entries = new Map<string, Value>();
      for (const [key, value] of node.entries) {
        if (key.kind !== 'scalar') fail();
        entries.set(key.plain && key.text === '' ? '~' : key.text, toValue(value));
      }
      return object(entries);
    }
  }
}

/** The value of a YAML text, or null when it is not YAML the reference engine reads. */
export function yamlToValue(text: string): Value | null {
  try {
    return toValue(parseYamlDocument(text));
  } catch (error) {
    if (error instanceof YamlSyntaxError) return null;
    throw error;
  }
}
