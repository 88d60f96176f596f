/**
 * Where and why a JSON text is invalid. JSON.parse says so in words that change between Node
 * versions, and Node 20 gives no position at all; this small scanner follows RFC 8259 and stops
 * at the first error, for a stable `file(line,col): error: invalid JSON: ...` message.
 */

export interface JsonSyntaxError {
  /** UTF-16 offset of the offending character (text.length at the end of the text). */
  readonly offset: number;
  readonly message: string;
}

class Failure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** `','`, `'\n'`, `the end of the file`. */
function describe(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the file';
  return `'${JSON.stringify(ch).slice(1, -1)}'`;
}

class Scanner {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  run(): void {
    this.value();
    this.skipWhitespace();
    if (this.pos < this.text.length)
      this.fail(`unexpected ${describe(this.peek())} after the value`);
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private fail(message: string, offset = this.pos): never {
    throw new Failure(offset, message);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && WHITESPACE.has(this.text[this.pos]!)) this.pos++;
  }

  private expect(ch: string, what: string): void {
    this.skipWhitespace();
    if (this.peek() !== ch) this.fail(`expected ${what}, found ${describe(this.peek())}`);
    this.pos++;
  }

  private value(): void {
    this.skipWhitespace();
    const ch = this.peek();
    if (ch === '{') {
      this.container('}', true);
      return;
    }
    if (ch === '[') {
      this.container(']', false);
      return;
    }
    if (ch === '"') {
      this.string();
      return;
    }
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
      this.number();
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    this.fail(`expected a value, found ${describe(ch)}`);
  }

  private container(close: string, isObject: boolean): void {
    // Bot files are shallow; a limit keeps this recursion far from the stack's end.
    if (++this.depth > 1000) this.fail('nesting is too deep (more than 1000 levels)');
    this.pos++;
    this.skipWhitespace();
    if (this.peek() === close) {
      this.pos++;
      this.depth--;
      return;
    }
    for (;;) {
      if (isObject) {
        this.skipWhitespace();
        if (this.peek() !== '"') {
          this.fail(`expected a member name in double quotes, found ${describe(this.peek())}`);
        }
        this.string();
        this.expect(':', "':'");
      }
      this.value();
      this.skipWhitespace();
      const next = this.peek();
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === close) {
        this.pos++;
        this.depth--;
        return;
      }
      this.fail(`expected ',' or '${close}', found ${describe(next)}`);
    }
  }

  private string(): void {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) this.fail('unterminated string', start);
      if (ch === '"') {
        this.pos++;
        return;
      }
      if (ch < ' ') this.fail('control character in a string: escape it');
      if (ch === '\\') {
        const esc = this.text[this.pos + 1];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
            this.fail('invalid \\u escape: expected 4 hexadecimal digits');
          }
          this.pos += 6;
          continue;
        }
        if (esc === undefined || !'"\\/bfnrt'.includes(esc)) {
          this.fail(esc === undefined ? 'unterminated string' : `invalid escape '\\${esc}'`);
        }
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
  }

  private number(): void {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = this.pos;
    const match = re.exec(this.text);
    if (match === null) this.fail('invalid number');
    this.pos += match[0].length;
  }
}

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function findJsonError(text: string): JsonSyntaxError | undefined {
  try {
    new Scanner(text).run();
    return undefined;
  } catch (error) {
    if (error instanceof Failure) return { offset: error.offset, message: error.message };
    return undefined;
  }
}

/** 1-based line and column (UTF-8 bytes, as CSML diagnostics count) of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    line: before.split('\n').length,
    column: Buffer.byteLength(before.slice(lineStart), 'utf8') + 1,
  };
}
