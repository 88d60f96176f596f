/**
 * Regular expressions in the reference engine's flavour (Rust `regex` 1.5, csml.md §10.2),
 * translated to JavaScript `v`-mode RegExps: inline flags `(?imsxU-u)` and `(?i:…)`, `(?P<n>…)`,
 * `\A \z`, Unicode-aware `\d \s \w \b`, `\p{Greek}`, POSIX classes and class set operators.
 * What Rust rejects is rejected here too (look-around, back-references, escaping a non-meta
 * character, a bad repetition…): `compileRustRegex` then returns null.
 */
import { parseClass } from './regex-class.js';
import type { Flags } from './regex-escape.js';
import {
  Cursor,
  RegexSyntaxError,
  caseVariants,
  fail,
  literal,
  parseEscape,
} from './regex-escape.js';

export interface RustRegex {
  /** Global, so that `lastIndex` places each search. */
  readonly regex: RegExp;
  /** Capture names (`(?P<name>…)`) to group numbers, for `$name` in replacements. */
  readonly names: ReadonlyMap<string, number>;
}

interface Item {
  readonly src: string;
  /** A single character, class or group: a quantifier applies to it without a wrapper. */
  readonly atom: boolean;
}

/** Raised when `(?i)` turns out not to cover the whole pattern: translate again, expanding case. */
class NativeCaseConflict extends Error {}

const FLAG_LETTERS = 'imsxUu';

function setFlag(flags: Flags, letter: string, on: boolean): void {
  switch (letter) {
    case 'i':
    case 'm':
    case 's':
    case 'x':
    case 'U':
    case 'u':
      flags[letter] = on;
  }
}

class Translator {
  readonly cursor: Cursor;
  groups = 0;
  readonly names = new Map<string, number>();

  constructor(
    pattern: string,
    /** The whole pattern is case-insensitive through the JavaScript `i` flag. */
    readonly nativeCase: boolean,
  ) {
    this.cursor = new Cursor(pattern);
  }

  translate(): string {
    const flags: Flags = { i: false, m: false, s: false, x: false, U: false, u: true };
    const src = this.alternation(flags, 0);
    if (this.cursor.peek() !== undefined) fail();
    return src;
  }

  private expandCase(flags: Flags): boolean {
    return flags.i && !this.nativeCase;
  }

  /** Branches up to the end of the group (not consumed); `flags` changes with `(?flags)`. */
  private alternation(flags: Flags, depth: number): string {
    const branches: string[] = [];
    let items: Item[] = [];
    for (;;) {
      this.cursor.skipSpace(flags);
      const char = this.cursor.peek();
      if (char === undefined || char === ')') {
        if ((char === undefined) !== (depth === 0)) fail();
        branches.push(items.map((item) => item.src).join(''));
        return branches.join('|');
      }
      if (char === '|') {
        this.cursor.next();
        branches.push(items.map((item) => item.src).join(''));
        items = [];
        continue;
      }
      if ('*+?{'.includes(char)) {
        const last = items.pop() ?? fail();
        items.push(this.quantify(last, flags));
        continue;
      }
      const item = this.item(char, flags, depth, items.length === 0 && branches.length === 0);
      if (item !== null) items.push(item);
    }
  }

  private item(char: string, flags: Flags, depth: number, atStart: boolean): Item | null {
    if (this.nativeCase && !flags.i && !(char === '(' && atStart && depth === 0)) {
      throw new NativeCaseConflict();
    }
    switch (char) {
      case '(':
        return this.group(flags, depth, atStart);
      case '[':
        return { src: parseClass(this.cursor, flags, this.expandCase(flags)), atom: true };
      case '.':
        this.cursor.next();
        return { src: flags.s ? '[\\u{0}-\\u{10ffff}]' : '[^\\n]', atom: true };
      case '^':
        this.cursor.next();
        return { src: flags.m ? '(?<![^\\n])' : '^', atom: false };
      case '$':
        this.cursor.next();
        return { src: flags.m ? '(?![^\\n])' : '$', atom: false };
      case '\\': {
        const escape = parseEscape(this.cursor, flags, false);
        if (escape.kind === 'char') return this.literalItem(escape.char, flags);
        return { src: escape.src, atom: escape.kind === 'set' };
      }
      default:
        return this.literalItem(this.cursor.next(), flags);
    }
  }

  private literalItem(char: string, flags: Flags): Item {
    const forms = this.expandCase(flags) ? caseVariants(char) : [char];
    const src = forms.length === 1 ? literal(char) : `[${forms.map(literal).join('')}]`;
    return { src, atom: true };
  }

  private quantify(item: Item, flags: Flags): Item {
    const char = this.cursor.next();
    let quantifier = char;
    if (char === '{') {
      const min = this.digits();
      let max: string | null = min;
      if (this.cursor.eat(',')) max = this.cursor.peek() === '}' ? null : this.digits();
      this.cursor.expect('}');
      if (max !== null && Number(max) < Number(min)) fail();
      quantifier = max === min ? `{${min}}` : `{${min},${max ?? ''}}`;
    }
    const lazy = this.cursor.eat('?') !== flags.U;
    const base = item.atom ? item.src : `(?:${item.src})`;
    return { src: `${base}${quantifier}${lazy ? '?' : ''}`, atom: false };
  }

  private digits(): string {
    let text = '';
    while (/^[0-9]$/.test(this.cursor.peek() ?? '')) text += this.cursor.next();
    return text === '' ? fail() : text;
  }

  /** A group, or null for a bare `(?flags)` (which changes `flags` for the rest of the group). */
  private group(flags: Flags, depth: number, atStart: boolean): Item | null {
    this.cursor.expect('(');
    if (!this.cursor.eat('?')) return this.capture({ ...flags }, depth);
    if (this.cursor.eat('P')) {
      this.cursor.expect('<');
      let name = '';
      while (this.cursor.peek() !== '>') name += this.cursor.next();
      this.cursor.next();
      if (!/^[A-Za-z_][A-Za-z0-9_.[\]]*$/.test(name) || this.names.has(name)) fail();
      this.names.set(name, this.groups + 1);
      return this.capture({ ...flags }, depth);
    }
    const scoped = { ...flags };
    let negate = false;
    let count = 0;
    let negated = 0;
    const seen = new Set<string>();
    for (;;) {
      const char = this.cursor.next();
      if (char === ':' || char === ')') {
        if ((char === ')' && count === 0) || (negate && negated === 0)) fail();
        if (char === ':') return this.nonCapture(scoped, depth);
        return this.setFlags(flags, scoped, seen, atStart && depth === 0);
      }
      count += 1;
      if (char === '-' && !negate) {
        negate = true;
      } else if (FLAG_LETTERS.includes(char) && !seen.has(char)) {
        seen.add(char);
        if (negate) negated += 1;
        setFlag(scoped, char, !negate);
      } else {
        fail();
      }
    }
  }

  private setFlags(flags: Flags, next: Flags, seen: Set<string>, leading: boolean): null {
    if (seen.has('i') && this.nativeCase && !(leading && next.i)) throw new NativeCaseConflict();
    Object.assign(flags, next);
    return null;
  }

  private capture(flags: Flags, depth: number): Item {
    this.groups += 1;
    const inner = this.alternation(flags, depth + 1);
    this.cursor.expect(')');
    return { src: `(${inner})`, atom: true };
  }

  private nonCapture(flags: Flags, depth: number): Item {
    if (this.nativeCase && !flags.i) throw new NativeCaseConflict();
    const inner = this.alternation(flags, depth + 1);
    this.cursor.expect(')');
    return { src: `(?:${inner})`, atom: true };
  }
}

function translate(pattern: string, nativeCase: boolean): RustRegex {
  const translator = new Translator(pattern, nativeCase);
  const src = translator.translate();
  return {
    regex: new RegExp(src, nativeCase ? 'giv' : 'gv'),
    names: translator.names,
  };
}

const cache = new Map<string, RustRegex | null>();
const CACHE_LIMIT = 500;

/** The pattern as a JavaScript RegExp, or null when the reference engine rejects it. */
export function compileRustRegex(pattern: string): RustRegex | null {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  let compiled: RustRegex | null;
  try {
    compiled = /^\(\?[a-zA-Z]*i/.test(pattern)
      ? translateNative(pattern)
      : translate(pattern, false);
  } catch (error) {
    if (!(error instanceof RegexSyntaxError) && !(error instanceof SyntaxError)) throw error;
    compiled = null;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

function translateNative(pattern: string): RustRegex {
  try {
    return translate(pattern, true);
  } catch (error) {
    if (error instanceof NativeCaseConflict) return translate(pattern, false);
    throw error;
  }
}
