/**
 * XML for `string.to_json()` and `object.to_xml()`, as the reference engine's crates do it.
 * Reading (minidom 0.12 over quick-xml 0.17, then quickxml_to_serde 0.5): text before the root
 * element is skipped, whatever follows it is ignored; `{root: content}` where an element with
 * text is its scalar (`{"@attr": …, "$text": …}` with attributes), else an object of its
 * attributes (`@name`) and child elements (repeated names gather into an array), empty elements
 * are dropped. Writing (serde-xml-rs 0.5): `<key>value</key>` per entry, nothing escaped, an
 * array is an error.
 */
import type { Json } from '../../json.js';
import { CsmlError } from '../errors.js';
import { ERROR_NUMBER_TOO_LARGE, formatFloat, isJsonArray } from '../format.js';
import { INT64_MAX, array, bool, float, int, nullValue, object, str } from '../value.js';
import type { Value } from '../value.js';
import { parseF64 } from '../numeric.js';

interface XmlElement {
  readonly name: string;
  readonly attributes: Map<string, string>;
  readonly children: XmlElement[];
  text: string;
}

class XmlSyntaxError extends Error {}

function fail(): never {
  throw new XmlSyntaxError('invalid xml');
}

const PREDEFINED: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  apos: "'",
  quot: '"',
};

function unescape(text: string): string {
  return text.replace(/&([^;]*);|&/g, (whole, name: string | undefined) => {
    if (name === undefined) return fail();
    const predefined = PREDEFINED[name];
    if (predefined !== undefined) return predefined;
    const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(name);
    const code = numeric ? parseInt(numeric[1] ?? numeric[2] ?? '', numeric[1] ? 16 : 10) : NaN;
    if (!(code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) fail();
    return String.fromCodePoint(code);
  });
}

const NAME_END = /[\s/>]/;

class XmlReader {
  pos = 0;
  constructor(readonly text: string) {}

  private skipTo(marker: string): void {
    const at = this.text.indexOf(marker, this.pos);
    if (at < 0) fail();
    this.pos = at + marker.length;
  }

  /** Skips a comment, declaration, processing instruction or doctype; false at a tag. */
  private skipSpecial(): boolean {
    const rest = this.text.startsWith.bind(this.text);
    if (rest('<!--', this.pos)) this.skipTo('-->');
    else if (rest('<?', this.pos)) this.skipTo('?>');
    else if (rest('<!', this.pos) && !rest('<![CDATA[', this.pos)) this.skipTo('>');
    else return false;
    return true;
  }

  root(): XmlElement {
    for (;;) {
      const open = this.text.indexOf('<', this.pos);
      if (open < 0) fail();
      this.pos = open;
      if (this.skipSpecial()) continue;
      if (this.text.startsWith('<![CDATA[', this.pos)) this.skipTo(']]>');
      else if (this.text.startsWith('</', this.pos)) fail();
      else return this.element();
    }
  }

  private name(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !NAME_END.test(this.text[this.pos]!)) this.pos += 1;
    if (this.pos === start) fail();
    return this.text.slice(start, this.pos);
  }

  private element(): XmlElement {
    this.pos += 1;
    const tag = this.name();
    const element: XmlElement = {
      name: tag.slice(tag.indexOf(':') + 1),
      attributes: new Map(),
      children: [],
      text: '',
    };
    for (;;) {
      while (/\s/.test(this.text[this.pos] ?? '')) this.pos += 1;
      if (this.text.startsWith('/>', this.pos)) {
        this.pos += 2;
        return element;
      }
      if (this.text[this.pos] === '>') break;
      const match = /^([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(this.text.slice(this.pos));
      if (!match) fail();
      this.pos += match[0].length;
      const key = match[1]!;
      if (element.attributes.has(key)) fail();
      if (key !== 'xmlns' && !key.startsWith('xmlns:')) {
        element.attributes.set(key, unescape(match[2] ?? match[3] ?? ''));
      }
    }
    this.pos += 1;
    this.content(element, tag);
    return element;
  }

  private content(element: XmlElement, tag: string): void {
    for (;;) {
      const open = this.text.indexOf('<', this.pos);
      if (open < 0) fail();
      element.text += unescape(this.text.slice(this.pos, open));
      this.pos = open;
      if (this.skipSpecial()) continue;
      if (this.text.startsWith('<![CDATA[', this.pos)) {
        const end = this.text.indexOf(']]>', this.pos);
        if (end < 0) fail();
        element.text += this.text.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.text.startsWith('</', this.pos)) {
        this.pos += 2;
        if (this.name() !== tag) fail();
        this.skipTo('>');
        return;
      } else {
        element.children.push(this.element());
      }
    }
  }
}

const RUST_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;

/** quickxml_to_serde's `parse_text` with `leading_zero_as_string`. */
function scalar(raw: string): Value {
  const text = raw.replace(RUST_SPACE, '');
  if (/^\+?[0-9]+$/.test(text) && BigInt(text) < 2n ** 64n) {
    if (text.startsWith('0') && text.length > 1) return str(text);
    const n = BigInt(text);
    if (n > INT64_MAX) throw new CsmlError(ERROR_NUMBER_TOO_LARGE);
    return int(n);
  }
  const asFloat = parseF64(text);
  if (asFloat !== null && Number.isFinite(asFloat)) {
    return text.startsWith('0') && !text.startsWith('0.') ? str(text) : float(asFloat);
  }
  if (text === 'true' || text === 'false') return bool(text === 'true');
  return str(text);
}

function attributes(element: XmlElement): [string, Value][] {
  return [...element.attributes]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => [`@${key}`, scalar(value)]);
}

function convert(element: XmlElement): Value | undefined {
  if (element.text.replace(RUST_SPACE, '') !== '') {
    if (element.attributes.size === 0) return scalar(element.text);
    return object(new Map([...attributes(element), ['$text', scalar(element.text)]]));
  }
  const entries = new Map(attributes(element));
  for (const child of element.children) {
    const value = convert(child);
    if (value === undefined) continue;
    const previous = entries.get(child.name);
    if (previous === undefined) entries.set(child.name, value);
    else if (previous.kind === 'array') previous.items.push(value);
    else entries.set(child.name, array([previous, value]));
  }
  return entries.size === 0 ? undefined : object(entries);
}

/** The reference's reading of XML text, or null when it is not XML. */
export function xmlToValue(text: string): Value | null {
  let root: XmlElement;
  try {
    root = new XmlReader(text).root();
  } catch (error) {
    if (error instanceof XmlSyntaxError) return null;
    throw error;
  }
  return object(new Map([[root.name, convert(root) ?? nullValue()]]));
}

/** serde-xml-rs's writing of a JSON value; throws on arrays. */
export function jsonToXml(json: Json): string {
  if (json === null) return '';
  if (typeof json === 'number') return formatFloat(json);
  if (typeof json === 'boolean' || typeof json === 'bigint' || typeof json === 'string') {
    return String(json);
  }
  if (isJsonArray(json)) throw new CsmlError('Object can not be converted to xml');
  return Object.entries(json)
    .map(([key, item]) => `<${key}>${jsonToXml(item)}</${key}>`)
    .join('');
}
