/**
 * Bracketed classes of Rust regexes (`[a-z]`, `[^\d]`, `[[:alpha:]]`, nested classes and the set
 * operators `&&`, `--`, `~~`) as JavaScript `v`-mode classes, which nest and intersect likewise.
 */
import type { Cursor, Flags } from './regex-escape.js';
import { caseVariants, fail, literal, parseEscape } from './regex-escape.js';

const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\u{0}-\\u{7f}',
  blank: '\\t\\u{20}',
  cntrl: '\\u{0}-\\u{1f}\\u{7f}',
  digit: '0-9',
  graph: '\\u{21}-\\u{7e}',
  lower: 'a-z',
  print: '\\u{20}-\\u{7e}',
  punct: '\\u{21}-\\u{2f}\\u{3a}-\\u{40}\\u{5b}-\\u{60}\\u{7b}-\\u{7e}',
  space: '\\t\\n\\u{b}\\f\\r\\u{20}',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** `[:name:]` or `[:^name:]` at the cursor; null (cursor unchanged) when it is not one. */
function posixClass(cursor: Cursor): string | null {
  if (cursor.peek() !== '[' || cursor.peek(1) !== ':') return null;
  let offset = 2;
  const negated = cursor.peek(offset) === '^';
  if (negated) offset += 1;
  let name = '';
  while (/^[a-z]$/.test(cursor.peek(offset) ?? '')) name += cursor.peek(offset++) ?? '';
  const body = POSIX[name];
  if (body === undefined || cursor.peek(offset) !== ':' || cursor.peek(offset + 1) !== ']') {
    return null;
  }
  cursor.pos += offset + 2;
  return negated ? `[^${body}]` : `[${body}]`;
}

/** The ASCII letters of `from..to` in the other case, as extra ranges. */
function rangeCaseVariants(from: number, to: number): string[] {
  const extra: string[] = [];
  const shift = (lo: number, hi: number, delta: number): void => {
    const a = Math.max(from, lo);
    const b = Math.min(to, hi);
    if (a <= b)
      extra.push(
        `${literal(String.fromCharCode(a + delta))}-${literal(String.fromCharCode(b + delta))}`,
      );
  };
  shift(0x61, 0x7a, -0x20);
  shift(0x41, 0x5a, 0x20);
  return extra;
}

type ClassAtom = { kind: 'char'; char: string } | { kind: 'set'; src: string };

function classAtom(cursor: Cursor, flags: Flags): ClassAtom {
  if (cursor.peek() !== '\\') return { kind: 'char', char: cursor.next() };
  const escape = parseEscape(cursor, flags, true);
  if (escape.kind === 'assert') return fail();
  return escape;
}

/** Whether a `-` at the cursor starts a range (not `-]`, not the `--` operator). */
function rangeFollows(cursor: Cursor): boolean {
  return cursor.peek() === '-' && cursor.peek(1) !== ']' && cursor.peek(1) !== '-';
}

/** One item of a union: a character, a range, an escape class, a POSIX or a nested class. */
function unionItem(cursor: Cursor, flags: Flags, expandCase: boolean): string {
  if (cursor.peek() === '[') return posixClass(cursor) ?? parseClass(cursor, flags, expandCase);
  const start = classAtom(cursor, flags);
  if (start.kind === 'set') return start.src;
  cursor.skipSpace(flags);
  if (!rangeFollows(cursor)) {
    return (expandCase ? caseVariants(start.char) : [start.char]).map(literal).join('');
  }
  cursor.next();
  cursor.skipSpace(flags);
  const end = classAtom(cursor, flags);
  if (end.kind !== 'char') return fail();
  const from = start.char.codePointAt(0)!;
  const to = end.char.codePointAt(0)!;
  if (from > to) fail();
  const range = `${literal(start.char)}-${literal(end.char)}`;
  return expandCase ? [range, ...rangeCaseVariants(from, to)].join('') : range;
}

type SetOp = '&&' | '--' | '~~';

function setOperator(cursor: Cursor): SetOp | null {
  const pair = `${cursor.peek() ?? ''}${cursor.peek(1) ?? ''}`;
  if (pair !== '&&' && pair !== '--' && pair !== '~~') return null;
  cursor.pos += 2;
  return pair;
}

function combine(left: string, op: SetOp, right: string): string {
  switch (op) {
    case '&&':
    case '--':
      return `[${left}${op}${right}]`;
    case '~~':
      return `[[${left}--${right}][${right}--${left}]]`;
  }
}

/** The class at the cursor (on its `[`), as a bracketed JavaScript `v`-mode class. */
export function parseClass(cursor: Cursor, flags: Flags, expandCase: boolean): string {
  cursor.expect('[');
  const negated = cursor.eat('^');
  const unions: { op: SetOp | null; items: string[] }[] = [{ op: null, items: [] }];
  let first = true;
  for (;;) {
    cursor.skipSpace(flags);
    const char = cursor.peek();
    if (char === undefined) fail();
    if (char === ']' && !first) {
      cursor.next();
      break;
    }
    const op = first ? null : setOperator(cursor);
    first = false;
    if (op !== null) {
      unions.push({ op, items: [] });
      continue;
    }
    const item = char === ']' ? literal(cursor.next()) : unionItem(cursor, flags, expandCase);
    unions[unions.length - 1]?.items.push(item);
  }
  let body = '';
  for (const { op, items } of unions) {
    const union = `[${items.join('')}]`;
    body = op === null ? union : combine(body, op, union);
  }
  return negated ? `[^${body}]` : body;
}
