/**
 * JSON text to a value as serde_json reads it, for `string.from_json()`: strict JSON (no
 * comments, no trailing commas), a number with a fraction or exponent is a float, an integer
 * is an int (beyond int64 but within u64: `Number is larger than a 64-bit integer`; beyond
 * u64: a float), a float out of range is an error. Objects keep their key order.
 */
import { CsmlError } from '../errors.js';
import { ERROR_NUMBER_TOO_LARGE } from '../format.js';
import { array, bool, float, int, isInt64, nullValue, object, str } from '../value.js';
import type { Value } from '../value.js';

export class JsonSyntaxError extends Error {}

function fail(): never {
  throw new JsonSyntaxError('invalid json');
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const STRING_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

class JsonReader {
  pos = 0;
  /** A number beyond int64 but within u64: the reference's conversion fails after parsing. */
  tooLarge = false;

  constructor(readonly text: string) {}

  private space(): void {
    while (/[ \t\n\r]/.test(this.text[this.pos] ?? '')) this.pos += 1;
  }

  private expect(char: string): void {
    if (this.text[this.pos] !== char) fail();
    this.pos += 1;
  }

  document(): Value {
    const value = this.value();
    this.space();
    if (this.pos !== this.text.length) fail();
    return value;
  }

  private value(): Value {
    this.space();
    const char = this.text[this.pos];
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value === null ? nullValue() : bool(value);
      }
    }
    if (char === '"') return str(this.string());
    if (char === '[') return this.array();
    if (char === '{') return this.object();
    return this.number();
  }

  private number(): Value {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text) ?? fail();
    this.pos += match[0].length;
    if (match[1] === undefined && match[2] === undefined) {
      const n = BigInt(match[0]);
      if (isInt64(n)) return int(n);
      if (n > 0n && n < 2n ** 64n) {
        this.tooLarge = true;
        return nullValue();
      }
    }
    const n = Number(match[0]);
    return Number.isFinite(n) ? float(n) : fail();
  }

  private string(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      const char = this.text[this.pos] ?? fail();
      this.pos += 1;
      if (char === '"') return LONE_SURROGATE.test(out) ? fail() : out;
      if (char < ' ') fail();
      if (char !== '\\') {
        out += char;
        continue;
      }
      const escape = this.text[this.pos] ?? fail();
      this.pos += 1;
      if (escape !== 'u') {
        out += STRING_ESCAPES[escape] ?? fail();
        continue;
      }
      const hex = this.text.slice(this.pos, this.pos + 4);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) fail();
      this.pos += 4;
      out += String.fromCharCode(parseInt(hex, 16));
    }
  }

  private array(): Value {
    this.expect('[');
    const items: Value[] = [];
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return array(items);
    }
    for (;;) {
      items.push(this.value());
      this.space();
      if (this.text[this.pos] === ']') break;
      this.expect(',');
    }
    this.pos += 1;
    return array(items);
  }

  private object(): Value {
    this.expect('{');
    const entries = new Map<string, Value>();
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return object(entries);
    }
    for (;;) {
      this.space();
      const key = this.string();
      this.space();
      this.expect(':');
      entries.set(key, this.value());
      this.space();
      if (this.text[this.pos] === '}') break;
      this.expect(',');
    }
    this.pos += 1;
    return object(entries);
  }
}

/** The value of a JSON text; null when it is not JSON. */
export function jsonTextToValue(text: string): Value | null {
  const reader = new JsonReader(text);
  let value: Value;
  try {
    value = reader.document();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return null;
    throw error;
  }
  if (reader.tooLarge) throw new CsmlError(ERROR_NUMBER_TOO_LARGE);
  return value;
}
