/**
 * Character-level scanning for CSML. The language is context-sensitive at the token level
 * (`a-1` is one identifier, `1-a` is a subtraction, `-1` a number), so the parser asks the
 * scanner for the token it expects at each point instead of consuming a fixed token stream.
 */

/** Character codes the scanner and parser test for. */
export const CH = {
  Tab: 9,
  LineFeed: 10,
  CarriageReturn: 13,
  Space: 32,
  Quote: 34,
  Dollar: 36,
  Star: 42,
  Plus: 43,
  Minus: 45,
  Dot: 46,
  Slash: 47,
  Zero: 48,
  Nine: 57,
  Colon: 58,
  Backslash: 92,
  Underscore: 95,
  OpenBrace: 123,
  CloseBrace: 125,
  Bang: 33,
  Percent: 37,
  OpenParen: 40,
  CloseParen: 41,
  Comma: 44,
  Equals: 61,
  At: 64,
  Less: 60,
  Greater: 62,
  LowerM: 109,
  OpenBracket: 91,
  CloseBracket: 93,
} as const;

const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_WORD[c] = /[A-Za-z0-9_-]/.test(ch) ? 1 : 0;
}

// Rust's `char::is_alphanumeric`, which the reference engine uses for identifiers.
const UNICODE_WORD = /^[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]$/u;

export function isDigit(code: number): boolean {
  return code >= CH.Zero && code <= CH.Nine;
}

export function isWhitespace(code: number): boolean {
  return code === CH.Space || code === CH.LineFeed || code === CH.Tab || code === CH.CarriageReturn;
}

/** A cursor over `text[pos, end)`. Offsets are absolute in `text`. */
export class Scanner {
  pos: number;
  end: number;
  /** Inside `{{ }}` of a string: strings there are written `\"raw\"`. */
  inTemplate = false;

  constructor(
    readonly text: string,
    start = 0,
    end = text.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Char code at pos + offset, or -1 past the end of the range. */
  peek(offset = 0): number {
    const i = this.pos + offset;
    return i < this.end ? this.text.charCodeAt(i) : -1;
  }

  at(index: number): number {
    return index < this.end && index >= 0 ? this.text.charCodeAt(index) : -1;
  }

  startsWith(s: string, at = this.pos): boolean {
    return at + s.length <= this.end && this.text.startsWith(s, at);
  }

  /** Skips spaces, tabs, newlines and comments. An unterminated block comment ends the range. */
  skipTrivia(): void {
    const text = this.text;
    let pos = this.pos;
    const end = this.end;
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if (isWhitespace(c)) {
        pos++;
      } else if (c === CH.Slash && pos + 1 < end) {
        const next = text.charCodeAt(pos + 1);
        if (next === CH.Slash) {
          const nl = text.indexOf('\n', pos + 2);
          pos = nl < 0 || nl >= end ? end : nl;
        } else if (next === CH.Star) {
          const close = text.indexOf('*/', pos + 2);
          pos = close < 0 || close + 2 > end ? end : close + 2;
        } else break;
      } else break;
    }
    this.pos = pos;
  }

  /** End of the run of identifier characters starting at `from` (`from` when there is none). */
  wordEnd(from = this.pos): number {
    const text = this.text;
    let i = from;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        if (ASCII_WORD[c] === 0) break;
        i++;
      } else {
        const cp = text.codePointAt(i)!;
        const width = cp > 0xffff ? 2 : 1;
        if (i + width > this.end || !UNICODE_WORD.test(String.fromCodePoint(cp))) break;
        i += width;
      }
    }
    return i;
  }

  isWordStart(at = this.pos): boolean {
    return this.wordEnd(at) > at;
  }

  /** The identifier-character run at pos, without consuming it. */
  peekWord(): string | null {
    const end = this.wordEnd();
    return end > this.pos ? this.text.slice(this.pos, end) : null;
  }

  /**
   * Scans a number literal at pos without consuming it: `[+-]?D`, `[+-]?D.D` or `.D`, where D
   * is digits with `_` allowed after a digit. Returns its end and whether it is a float.
   */
  scanNumber(): { end: number; float: boolean } | null {
    let i = this.pos;
    const first = this.at(i);
    if (first === CH.Dot) {
      const digitsEnd = this.digitsEnd(i + 1);
      return digitsEnd > i + 1 ? { end: digitsEnd, float: true } : null;
    }
    if (first === CH.Plus || first === CH.Minus) i++;
    const intEnd = this.digitsEnd(i);
    if (intEnd === i) return null;
    if (this.at(intEnd) === CH.Dot) {
      const fracEnd = this.digitsEnd(intEnd + 1);
      if (fracEnd > intEnd + 1) return { end: fracEnd, float: true };
    }
    return { end: intEnd, float: false };
  }

  private digitsEnd(from: number): number {
    let i = from;
    if (!isDigit(this.at(i))) return from;
    while (isDigit(this.at(i))) {
      i++;
      while (this.at(i) === CH.Underscore) i++;
    }
    return i;
  }

  /**
   * Index of the `"` that closes a string whose opening quote is at `open`, or -1. A backslash
   * escapes the next character.
   */
  stringEnd(open: number): number {
    const text = this.text;
    let i = open + 1;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (c === CH.Quote) return i;
      i += c === CH.Backslash ? 2 : 1;
    }
    return -1;
  }

  /** First occurrence of `needle` entirely inside [from, end), or -1; never looks past end. */
  indexOf(needle: string, from: number, end = this.end): number {
    return indexWithin(this.text, needle, from, end);
  }

  /**
   * Skips one token (for error recovery): a string, a word, a number or one character.
   * Always advances unless at the end.
   */
  skipToken(): void {
    if (this.atEnd()) return;
    const c = this.peek();
    if (c === CH.Quote) {
      const close = this.stringEnd(this.pos);
      this.pos = close < 0 ? this.end : close + 1;
      return;
    }
    if (this.inTemplate && c === CH.Backslash && this.peek(1) === CH.Quote) {
      const close = this.indexOf('\\"', this.pos + 2);
      this.pos = close < 0 ? this.end : close + 2;
      return;
    }
    const wordEnd = this.wordEnd();
    if (wordEnd > this.pos) {
      this.pos = wordEnd;
      return;
    }
    this.pos += this.text.codePointAt(this.pos)! > 0xffff ? 2 : 1;
  }

  /** Human-readable description of the token at pos, for error messages. */
  describe(): string {
    if (this.atEnd()) return this.inTemplate ? "the end of the '{{ }}'" : 'the end of the flow';
    const c = this.peek();
    if (c === CH.Quote) return 'a string';
    const number = isDigit(c) ? this.scanNumber() : null;
    if (number) return `'${this.text.slice(this.pos, number.end)}'`;
    const word = this.peekWord();
    if (word !== null) return `'${word.length > 40 ? word.slice(0, 40) + '…' : word}'`;
    const cp = this.text.codePointAt(this.pos)!;
    if (cp < 32 || cp === 127)
      return `character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    if (cp > 126 && !UNICODE_WORD.test(String.fromCodePoint(cp)))
      return `'${String.fromCodePoint(cp)}' (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;
    return `'${String.fromCodePoint(cp)}'`;
  }
}

/** `text.indexOf(needle, from)` limited to [from, to): linear in to - from, not in the text. */
export function indexWithin(text: string, needle: string, from: number, to: number): number {
  const first = needle.charCodeAt(0);
  const last = to - needle.length;
  for (let i = from; i <= last; i++) {
    if (text.charCodeAt(i) === first && text.startsWith(needle, i)) return i;
  }
  return -1;
}

/** Applies CSML string escapes: \n \t \r \\ \" \' and any other escaped char as itself. */
export function unescapeString(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\' || i + 1 >= raw.length) {
      out += c;
      continue;
    }
    const next = raw[++i]!;
    switch (next) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      default:
        out += next;
    }
  }
  return out;
}
