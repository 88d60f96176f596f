/**
 * Parser state shared by the grammar modules: the scanner, the diagnostics found so far, the
 * nesting depth and the helpers that consume tokens. Grammar rules live in expressions.ts,
 * strings.ts, statements.ts and declarations.ts as functions of a Parser.
 */
import type { DiagnosticCode, RawDiagnostic } from '../diagnostics.js';
import { CH, Scanner } from '../lexer.js';
import type { Span } from '../source.js';

/** Deepest bracket/block nesting accepted; deeper input is reported, not parsed. */
export const MAX_NESTING = 200;

/** Parse findings recorded per flow; later ones are dropped (parsing goes on). */
const MAX_DIAGNOSTICS = 500;

/**
 * Thrown to abandon the construct being parsed after its error was recorded; caught where
 * the parser can resynchronise (statement and declaration boundaries). One shared instance:
 * it carries no data and must not cost a stack trace per syntax error.
 */
export const ABORT = new Error('csml parse abort');

export class Parser {
  readonly scanner: Scanner;
  readonly diagnostics: RawDiagnostic[] = [];
  /** Step being parsed, for diagnostics. */
  currentStep: string | null = null;
  /** End offset of the last token consumed. */
  lastEnd = 0;
  private depth = 0;
  private nestingReported = false;

  constructor(readonly text: string) {
    this.scanner = new Scanner(text);
    if (text.charCodeAt(0) === 0xfeff) this.scanner.pos = 1;
  }

  get pos(): number {
    return this.scanner.pos;
  }

  report(code: DiagnosticCode, message: string, span: Span): void {
    if (this.diagnostics.length >= MAX_DIAGNOSTICS) return;
    const last = this.diagnostics[this.diagnostics.length - 1];
    if (last?.code === code && last.span.start === span.start) return;
    this.diagnostics.push({ code, severity: 'error', message, span, step: this.currentStep });
  }

  /** Records a syntax error and abandons the current construct. */
  fail(message: string, span: Span = this.tokenSpan()): never {
    this.report('syntax_error', message, span);
    throw ABORT;
  }

  /** Span of the token at pos (after trivia), for error positions. */
  tokenSpan(): Span {
    this.scanner.skipTrivia();
    const s = this.scanner;
    const start = s.pos;
    if (s.atEnd()) return { start, end: start };
    const save = s.pos;
    s.skipToken();
    const end = s.pos;
    s.pos = save;
    return { start, end };
  }

  /** Consumes `length` characters at pos as one token, without making a span. */
  skip(length: number): void {
    this.scanner.pos += length;
    this.lastEnd = this.scanner.pos;
  }

  /** Consumes `length` characters at pos as one token. */
  advance(length: number): Span {
    const start = this.scanner.pos;
    this.scanner.pos += length;
    this.lastEnd = this.scanner.pos;
    return { start, end: this.scanner.pos };
  }

  /** After trivia: is the next text `s`? */
  check(s: string): boolean {
    this.scanner.skipTrivia();
    return this.scanner.startsWith(s);
  }

  /** After trivia: consumes `s` if it is next. */
  eat(s: string): boolean {
    if (!this.check(s)) return false;
    this.skip(s.length);
    return true;
  }

  /** After trivia: consumes `s` or fails with `message` (", found …" is added). */
  expect(s: string, message: string): void {
    if (!this.eat(s)) this.fail(`${message}, found ${this.scanner.describe()}`);
  }

  /**
   * Comma-separated items up to `close` (consumed), a trailing comma allowed; the opening
   * bracket is already consumed. `what` names the list in the error message.
   */
  list<T>(close: string, what: string, item: () => T): T[] {
    const items: T[] = [];
    if (this.eat(close)) return items;
    for (;;) {
      items.push(item());
      if (this.eat(',')) {
        if (this.eat(close)) return items;
        continue;
      }
      this.expect(close, `expected ',' or '${close}' in ${what}`);
      return items;
    }
  }

  /** After trivia: the word at pos, without consuming it. */
  peekWord(): string | null {
    this.scanner.skipTrivia();
    return this.scanner.peekWord();
  }

  /** After trivia: consumes the word `word` if it is next as a whole word. */
  eatWord(word: string): boolean {
    if (this.peekWord() !== word) return false;
    this.skip(word.length);
    return true;
  }

  /** After trivia: consumes any word; null when none is next. */
  word(): { text: string; span: Span } | null {
    this.scanner.skipTrivia();
    const end = this.scanner.wordEnd();
    if (end === this.scanner.pos) return null;
    const text = this.text.slice(this.scanner.pos, end);
    return { text, span: this.advance(end - this.scanner.pos) };
  }

  /** Is there a word at pos immediately followed by `:`, i.e. a step header? */
  atStepHeader(): boolean {
    const s = this.scanner;
    const end = s.wordEnd();
    return end > s.pos && s.at(end) === CH.Colon;
  }

  /** Span skipped by the last refused `enter()`. */
  skipped: Span = { start: 0, end: 0 };

  /**
   * Enters one nesting level; pair with `leave()` in a `finally`. Past MAX_NESTING it refuses:
   * the construct starting at pos (an opening bracket) is skipped whole, reported once per
   * flow, and the caller returns a placeholder spanning `skipped`.
   */
  enter(): boolean {
    if (this.depth >= MAX_NESTING) {
      const start = this.scanner.pos;
      this.skipBalanced();
      this.skipped = { start, end: this.scanner.pos };
      if (!this.nestingReported) {
        this.nestingReported = true;
        this.report(
          'nesting_too_deep',
          `nesting is too deep: more than ${MAX_NESTING} levels of brackets, blocks or conditions`,
          { start, end: start + 1 },
        );
      }
      return false;
    }
    this.depth++;
    return true;
  }

  leave(): void {
    this.depth--;
  }

  /**
   * Skips from pos to the end of the bracketed construct that starts there, or, when no
   * bracket opens at pos, to the end of the current statement's tokens. Iterative.
   */
  private skipBalanced(): void {
    const s = this.scanner;
    let depth = 0;
    do {
      s.skipTrivia();
      if (s.atEnd()) break;
      const c = s.peek();
      if (c === CH.OpenParen || c === CH.OpenBracket || c === CH.OpenBrace) depth++;
      else if (c === CH.CloseParen || c === CH.CloseBracket || c === CH.CloseBrace) depth--;
      s.skipToken();
    } while (depth > 0);
    this.lastEnd = s.pos;
  }

  /** Runs `parse` over text[start, end) as the inside of a `{{ }}`. */
  inTemplate<T>(start: number, end: number, parse: () => T): T {
    const s = this.scanner;
    const saved = { pos: s.pos, end: s.end, inTemplate: s.inTemplate };
    s.pos = start;
    s.end = end;
    s.inTemplate = true;
    try {
      return parse();
    } finally {
      s.pos = saved.pos;
      s.end = saved.end;
      s.inTemplate = saved.inTemplate;
    }
  }
}
