/**
 * Pieces of the Rust-regex translator (see regex-translate.ts): the cursor over the pattern,
 * flags, literal emission and backslash escapes, with regex-syntax 0.6's rules (the reference
 * engine's `regex` 1.5): escaping a non-meta character, octal and back-references are errors.
 */

/** A pattern the reference engine would reject. */
export class RegexSyntaxError extends Error {}

export function fail(): never {
  throw new RegexSyntaxError('invalid regex');
}

/** Rust regex flags: case-insensitive, multi-line, dot-all, verbose, swap-greed, Unicode. */
export interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  U: boolean;
  u: boolean;
}

const WHITE_SPACE = /^\p{White_Space}$/u;

export class Cursor {
  private readonly chars: readonly string[];
  pos = 0;

  constructor(pattern: string) {
    this.chars = Array.from(pattern);
  }

  peek(offset = 0): string | undefined {
    return this.chars[this.pos + offset];
  }

  next(): string {
    const char = this.chars[this.pos];
    if (char === undefined) fail();
    this.pos += 1;
    return char;
  }

  eat(char: string): boolean {
    if (this.chars[this.pos] !== char) return false;
    this.pos += 1;
    return true;
  }

  expect(char: string): void {
    if (!this.eat(char)) fail();
  }

  /** In verbose mode (`x`), whitespace and `#` comments are ignored. */
  skipSpace(flags: Flags): void {
    if (!flags.x) return;
    for (;;) {
      const char = this.peek();
      if (char === '#') {
        while (this.peek() !== undefined && this.next() !== '\n');
      } else if (char !== undefined && WHITE_SPACE.test(char)) {
        this.pos += 1;
      } else {
        return;
      }
    }
  }
}

/** One code point as JavaScript `v`-mode source, valid inside and outside classes. */
export function literal(char: string): string {
  return /^[A-Za-z0-9_]$/.test(char) ? char : `\\u{${char.codePointAt(0)!.toString(16)}}`;
}

/** The forms of a character under simple case folding (`k` → `k`, `K`). */
export function caseVariants(char: string): string[] {
  const forms = new Set([char]);
  for (const other of [char.toLowerCase(), char.toUpperCase()]) {
    if (Array.from(other).length === 1) forms.add(other);
  }
  return [...forms];
}

export type Escape =
  { kind: 'char'; char: string } | { kind: 'set'; src: string } | { kind: 'assert'; src: string };

const META = '\\.+*?()|[]{}^$#&-~';
const SIMPLE: Readonly<Record<string, string>> = {
  a: '\u0007',
  f: '\f',
  t: '\t',
  n: '\n',
  r: '\r',
  v: '\u000b',
};
const UNICODE_WORD = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}';

function perlClass(letter: string, unicode: boolean): string {
  const negated = letter === letter.toUpperCase();
  const positive: Readonly<Record<string, string>> = unicode
    ? { d: '\\p{Nd}', s: '\\p{White_Space}', w: `[${UNICODE_WORD}]` }
    : { d: '[0-9]', s: '[\\t\\n\\u{b}\\f\\r\\u{20}]', w: '[0-9A-Za-z_]' };
  const src = positive[letter.toLowerCase()]!;
  if (!negated) return src;
  return src.startsWith('\\p') ? `\\P${src.slice(2)}` : `[^${src.slice(1, -1)}]`;
}

function wordBoundary(negated: boolean, unicode: boolean): string {
  if (!unicode) return negated ? '\\B' : '\\b';
  const w = `[${UNICODE_WORD}]`;
  return negated
    ? `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`
    : `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
}

function hexEscape(cursor: Cursor, digits: number): string {
  let hex = '';
  if (cursor.eat('{')) {
    while (cursor.peek() !== '}') hex += cursor.next();
    cursor.next();
  } else {
    for (let i = 0; i < digits; i += 1) hex += cursor.next();
  }
  if (!/^[0-9A-Fa-f]{1,8}$/.test(hex)) fail();
  const code = parseInt(hex, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail();
  return String.fromCodePoint(code);
}

const propertyCache = new Map<string, string | null>();

function validProperty(name: string): boolean {
  try {
    new RegExp(`\\p{${name}}`, 'v');
    return true;
  } catch {
    return false;
  }
}

function titleCase(name: string): string {
  return name
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join('_');
}

/** A Rust Unicode class name (loose: `greek`, `Lu`, `uppercase letter`) as a JavaScript one. */
function resolveProperty(name: string): string | null {
  const cached = propertyCache.get(name);
  if (cached !== undefined) return cached;
  const special: Readonly<Record<string, string>> = { any: 'Any', ascii: 'ASCII' };
  const [key, value] = name.split(/[=:]/);
  const candidates =
    value === undefined
      ? [name, special[name.toLowerCase()] ?? titleCase(name)].flatMap((c) => [c, `Script=${c}`])
      : [`${titleCase(key ?? '')}=${titleCase(value)}`, `${key ?? ''}=${value}`];
  const found = candidates.find(validProperty) ?? null;
  propertyCache.set(name, found);
  return found;
}

function unicodeClass(cursor: Cursor, negated: boolean): string {
  let name = cursor.eat('{') ? '' : cursor.next();
  if (name === '') {
    while (cursor.peek() !== '}') name += cursor.next();
    cursor.next();
  }
  let negate = negated;
  if (name.startsWith('^')) {
    negate = !negate;
    name = name.slice(1);
  }
  if (name.includes('!=')) {
    negate = !negate;
    name = name.replace('!=', '=');
  }
  const resolved = resolveProperty(name.trim());
  if (resolved === null) fail();
  return `${negate ? '\\P' : '\\p'}{${resolved}}`;
}

/** The escape at the cursor (which is on the backslash). */
export function parseEscape(cursor: Cursor, flags: Flags, inClass: boolean): Escape {
  cursor.expect('\\');
  const char = cursor.next();
  if (META.includes(char) || (char === ' ' && flags.x)) return { kind: 'char', char };
  const simple = SIMPLE[char];
  if (simple !== undefined) return { kind: 'char', char: simple };
  switch (char) {
    case 'A':
    case 'z':
      if (inClass) fail();
      return { kind: 'assert', src: char === 'A' ? '^' : '$' };
    case 'b':
    case 'B':
      if (inClass) fail();
      return { kind: 'assert', src: wordBoundary(char === 'B', flags.u) };
    case 'x':
      return { kind: 'char', char: hexEscape(cursor, 2) };
    case 'u':
      return { kind: 'char', char: hexEscape(cursor, 4) };
    case 'U':
      return { kind: 'char', char: hexEscape(cursor, 8) };
    case 'p':
    case 'P':
      return { kind: 'set', src: unicodeClass(cursor, char === 'P') };
    case 'd':
    case 's':
    case 'w':
    case 'D':
    case 'S':
    case 'W':
      return { kind: 'set', src: perlClass(char, flags.u) };
    default:
      return fail();
  }
}
