/**
 * The reference engine's strftime language (chrono 0.4): a format text becomes items, shared
 * by formatting and parsing. `%-d` drops padding, `%_d` pads with spaces, `%0e` with zeros;
 * composite codes (`%F`, `%T`, `%c`…) expand to their parts. An unknown code is an error item.
 */
export type NumericSpec =
  | 'Y'
  | 'C'
  | 'y'
  | 'm'
  | 'd'
  | 'e'
  | 'H'
  | 'k'
  | 'I'
  | 'l'
  | 'M'
  | 'S'
  | 'j'
  | 'U'
  | 'W'
  | 'G'
  | 'g'
  | 'V'
  | 'w'
  | 'u'
  | 's'
  | 'f';

export type FixedSpec =
  | 'b'
  | 'B'
  | 'a'
  | 'A'
  | 'p'
  | 'P'
  | 'Z'
  | 'z'
  | ':z'
  | '#z'
  | '+'
  | '.f'
  | '.3f'
  | '.6f'
  | '.9f'
  | '3f'
  | '6f'
  | '9f';

export type Pad = 'zero' | 'space' | 'none';

export type Item =
  | { readonly t: 'literal'; readonly text: string }
  | { readonly t: 'space'; readonly text: string }
  | { readonly t: 'numeric'; readonly spec: NumericSpec; readonly pad: Pad }
  | { readonly t: 'fixed'; readonly spec: FixedSpec }
  | { readonly t: 'error' };

/** Maximum digits read when parsing, the default padding, and whether a sign is allowed. */
export const NUMERIC: Readonly<Record<NumericSpec, { width: number; pad: Pad; signed?: true }>> = {
  Y: { width: 4, pad: 'zero', signed: true },
  C: { width: 2, pad: 'zero' },
  y: { width: 2, pad: 'zero' },
  m: { width: 2, pad: 'zero' },
  d: { width: 2, pad: 'zero' },
  e: { width: 2, pad: 'space' },
  H: { width: 2, pad: 'zero' },
  k: { width: 2, pad: 'space' },
  I: { width: 2, pad: 'zero' },
  l: { width: 2, pad: 'space' },
  M: { width: 2, pad: 'zero' },
  S: { width: 2, pad: 'zero' },
  j: { width: 3, pad: 'zero' },
  U: { width: 2, pad: 'zero' },
  W: { width: 2, pad: 'zero' },
  G: { width: 4, pad: 'zero', signed: true },
  g: { width: 2, pad: 'zero' },
  V: { width: 2, pad: 'zero' },
  w: { width: 1, pad: 'zero' },
  u: { width: 1, pad: 'zero' },
  s: { width: 1, pad: 'zero' },
  f: { width: 9, pad: 'zero' },
};

const COMPOSITE: Readonly<Record<string, string>> = {
  c: '%a %b %e %H:%M:%S %Y',
  D: '%m/%d/%y',
  x: '%m/%d/%y',
  F: '%Y-%m-%d',
  v: '%e-%b-%Y',
  R: '%H:%M',
  T: '%H:%M:%S',
  X: '%H:%M:%S',
  r: '%I:%M:%S %p',
};

const FIXED_LETTERS: Readonly<Record<string, FixedSpec>> = {
  b: 'b',
  h: 'b',
  B: 'B',
  a: 'a',
  A: 'A',
  p: 'p',
  P: 'P',
  Z: 'Z',
  z: 'z',
  '+': '+',
};

const PADS: Readonly<Record<string, Pad>> = { '-': 'none', _: 'space', '0': 'zero' };

function isSpace(c: string): boolean {
  return /\s/u.test(c);
}

/** The item for the code at `chars[i]` (just after `%`, past any padding flag) and its length. */
function code(chars: readonly string[], i: number): [Item[], number] {
  const c = chars[i];
  const next = chars[i + 1];
  if (c === undefined) return [[{ t: 'error' }], 0];
  if (c in NUMERIC)
    return [[{ t: 'numeric', spec: c as NumericSpec, pad: NUMERIC[c as NumericSpec].pad }], 1];
  const fixed = FIXED_LETTERS[c];
  if (fixed) return [[{ t: 'fixed', spec: fixed }], 1];
  const composite = COMPOSITE[c];
  if (composite) return [parseFormat(composite), 1];
  if (c === '%') return [[{ t: 'literal', text: '%' }], 1];
  if (c === 't') return [[{ t: 'space', text: '\t' }], 1];
  if (c === 'n') return [[{ t: 'space', text: '\n' }], 1];
  if ((c === ':' || c === '#') && next === 'z') return [[{ t: 'fixed', spec: `${c}z` }], 2];
  if (c === '.' && next === 'f') return [[{ t: 'fixed', spec: '.f' }], 2];
  if (c === '.' && (next === '3' || next === '6' || next === '9') && chars[i + 2] === 'f') {
    return [[{ t: 'fixed', spec: `.${next}f` }], 3];
  }
  if ((c === '3' || c === '6' || c === '9') && next === 'f')
    return [[{ t: 'fixed', spec: `${c}f` }], 2];
  return [[{ t: 'error' }], 1];
}

export function parseFormat(format: string): Item[] {
  const chars = Array.from(format);
  const items: Item[] = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (c !== '%') {
      const space = isSpace(c);
      let j = i;
      while (j < chars.length && chars[j] !== '%' && isSpace(chars[j]!) === space) j++;
      items.push({ t: space ? 'space' : 'literal', text: chars.slice(i, j).join('') });
      i = j;
      continue;
    }
    const pad = PADS[chars[i + 1] ?? ''];
    const start = pad ? i + 2 : i + 1;
    const [found, used] = code(chars, start);
    i = start + Math.max(used, 1);
    if (pad === undefined) {
      items.push(...found);
    } else {
      const only = found.length === 1 ? found[0] : undefined;
      items.push(only?.t === 'numeric' ? { ...only, pad } : { t: 'error' });
    }
  }
  return items;
}
