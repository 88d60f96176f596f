/**
 * URI and HTML codecs of strings (csml.md §10.2), as the reference engine's crates do them:
 * `urlencoding` (keeps `A-Z a-z 0-9 - _ . ~`, upper-case `%XX` of UTF-8 bytes), the `url` crate's
 * query and fragment pairs for `encode_uri`/`decode_uri`, and `html_escape`.
 */
import { CsmlError } from '../errors.js';
import { str } from '../value.js';
import type { MethodDef } from './method.js';
import { nullary } from './define.js';
import { NAMED_ENTITIES } from './html-entities.js';

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/** `urlencoding::encode`. */
export function encodeComponent(text: string): string {
  let out = '';
  for (const char of text) {
    if (UNRESERVED.test(char)) {
      out += char;
      continue;
    }
    for (const byte of utf8.encode(char))
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The bytes of `text` with each valid `%XX` decoded (others kept as they are). */
function percentBytes(text: string): Uint8Array {
  const bytes = utf8.encode(text);
  const out: number[] = [];
  const hex = (b: number | undefined): boolean =>
    b !== undefined && /^[0-9A-Fa-f]$/.test(String.fromCharCode(b));
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i]!;
    if (byte === 0x25 && hex(bytes[i + 1]) && hex(bytes[i + 2])) {
      out.push(parseInt(String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!), 16));
      i += 2;
    } else {
      out.push(byte);
    }
  }
  return Uint8Array.from(out);
}

/** `urlencoding::decode`: null when the decoded bytes are not UTF-8. */
export function decodeComponent(text: string): string | null {
  try {
    return strictUtf8.decode(percentBytes(text));
  } catch {
    return null;
  }
}

/** `form_urlencoded::parse`: `&`-separated pairs, `+` as space, percent-decoded. */
function formPairs(text: string): [string, string][] {
  const decode = (part: string): string =>
    lossyUtf8.decode(percentBytes(part.replaceAll('+', ' ')));
  return text
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [decode(pair), ''] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))];
    });
}

/** The reference's re-encoding of pairs: values (each comma-separated part) coded, keys not. */
function joinPairs(pairs: [string, string][], code: (part: string) => string): string {
  return pairs
    .map(([key, value], index) => {
      const coded = value.split(',').map(code).join(',');
      return `${index === 0 ? '' : '&'}${key}${coded === '' ? '' : '='}${coded}`;
    })
    .join('');
}

/**
 * `encode_uri` / `decode_uri`: the text before the first `?`, then the query pairs and the
 * fragment pairs re-coded. A text without `?` is unchanged; so is one that is not an absolute
 * URL (the reference engine crashes on it).
 */
function recodeUri(text: string, code: (part: string) => string): string {
  const question = text.indexOf('?');
  if (question < 0 || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text)) return text;
  const hash = text.indexOf('#');
  const query =
    hash >= 0 && hash < question ? null : text.slice(question + 1, hash < 0 ? undefined : hash);
  const fragment = hash < 0 ? null : text.slice(hash + 1);
  const queryPairs = query === null ? [] : formPairs(query);
  const queryPart = queryPairs.length === 0 ? '' : `?${joinPairs(queryPairs, code)}`;
  const fragmentPart = fragment === null ? '' : `#${joinPairs(formPairs(fragment), code)}`;
  return text.slice(0, question) + queryPart + fragmentPart;
}

/** `html_escape::decode_html_entities`: `&name;`, `&#NN;` and `&#xHH;`; unknown ones stay. */
export function decodeEntities(text: string): string {
  return text.replace(/&([^;#][^;]*|#[xX][^;]+|#[^xX;][^;]*);/g, (whole, body: string) => {
    if (!body.startsWith('#')) return NAMED_ENTITIES.get(body) ?? whole;
    const hex = /^[xX]/.test(body.slice(1));
    const digits = body.slice(hex ? 2 : 1);
    const valid = hex ? /^\+?[0-9A-Fa-f]+$/.test(digits) : /^\+?[0-9]+$/.test(digits);
    const code = valid ? parseInt(digits, hex ? 16 : 10) : NaN;
    const scalar = code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid && scalar ? String.fromCodePoint(code) : whole;
  });
}

export const CODEC_METHODS: Readonly<Record<string, MethodDef>> = {
  encode_uri: nullary('string', 'encode_uri() => String', (s) =>
    str(recodeUri(s.value, encodeComponent)),
  ),
  decode_uri: nullary('string', 'encode_uri() => String', (s) =>
    str(recodeUri(s.value, (part) => decodeComponent(part) ?? part)),
  ),
  encode_uri_component: nullary('string', 'encode_uri_component() => String', (s) =>
    str(encodeComponent(s.value)),
  ),
  decode_uri_component: nullary('string', 'decode_uri_component() => String', (s) => {
    const decoded = decodeComponent(s.value);
    if (decoded === null) throw new CsmlError('Invalid UTF8 string');
    return str(decoded);
  }),
  encode_html_entities: nullary('string', 'encode_html_entities() => String', (s) =>
    str(s.value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')),
  ),
  decode_html_entities: nullary('string', 'decode_html_entities() => String', (s) =>
    str(decodeEntities(s.value)),
  ),
};
