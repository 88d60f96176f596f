/**
 * Expressions, lowest precedence first (csml.md §4.3):
 *   or := and ('||' and)*          and := cmp ('&&' cmp)*
 *   cmp := unary (cmpOp unary)?    unary := '!'+ additive | additive
 *   additive := term (('+'|'-') term)*      term := postfix (('*'|'/'|'%') postfix)*
 *   postfix := atom ('[' expr ']' | '.' word args?)* ('as' name)?
 */
import type {
  Arg,
  ArithmeticOp,
  ComparisonOp,
  Expr,
  Name,
  NullLiteral,
  ObjectEntry,
  OperatorToken,
  PathSegment,
} from '../ast.js';
import { isUsageReserved, STATEMENT_KEYWORDS } from '../keywords.js';
import { CH, isDigit } from '../lexer.js';
import type { Span } from '../source.js';
import { checkDeclaredName, checkReadName, checkShape } from './identifiers.js';
import type { Parser } from './parser.js';
import { parseBraceBlock } from './statements.js';
import { parseRawString, parseString } from './strings.js';

/** "after '+'" and the like, made once rather than per operator parsed. */
const AFTER: Readonly<Record<ArithmeticOp | ComparisonOp | '&&' | '||', string>> =
  Object.fromEntries(
    ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'match', '!match', '&&', '||'].map(
      (op) => [op, `after '${op}'`],
    ),
  ) as Record<ArithmeticOp | ComparisonOp | '&&' | '||', string>;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** `context` completes "expected an expression …" when no expression is found. */
export function parseExpression(p: Parser, context: string): Expr {
  return parseLogical(p, '||', context);
}

function parseLogical(p: Parser, op: '||' | '&&', context: string): Expr {
  const first = op === '||' ? parseLogical(p, '&&', context) : parseComparison(p, context);
  if (!p.check(op)) return first;
  const operands = [first];
  while (p.eat(op)) {
    const ctx = AFTER[op];
    operands.push(op === '||' ? parseLogical(p, '&&', ctx) : parseComparison(p, ctx));
  }
  return { kind: 'Logical', op, operands, span: { start: first.span.start, end: p.lastEnd } };
}

function peekComparison(p: Parser): ComparisonOp | null {
  p.scanner.skipTrivia();
  const s = p.scanner;
  const next = s.peek(1);
  switch (s.peek()) {
    case CH.Bang:
      if (next === CH.Equals) return '!=';
      return s.startsWith('!match') && s.wordEnd(s.pos + 1) === s.pos + 6 ? '!match' : null;
    case CH.Equals:
      return next === CH.Equals ? '==' : null;
    case CH.Greater:
      return next === CH.Equals ? '>=' : '>';
    case CH.Less:
      return next === CH.Equals ? '<=' : '<';
    case CH.LowerM:
      return s.startsWith('match') && s.wordEnd() === s.pos + 5 ? 'match' : null;
    default:
      return null;
  }
}

function parseComparison(p: Parser, context: string): Expr {
  const left = parseUnary(p, context);
  const op = peekComparison(p);
  if (op === null) return left;
  const opSpan = p.advance(op.length);
  const right = parseUnary(p, AFTER[op]);
  const chained = peekComparison(p);
  if (chained !== null) {
    p.fail(`comparisons can't be chained: write (a ${op} b) && (b ${chained} c)`);
  }
  return {
    kind: 'Comparison',
    op,
    opSpan,
    left,
    right,
    span: { start: left.span.start, end: p.lastEnd },
  };
}

function parseUnary(p: Parser, context: string): Expr {
  p.scanner.skipTrivia();
  const s = p.scanner;
  if (s.peek() !== CH.Bang || s.peek(1) === CH.Equals)
    return parseArithmetic(p, 'additive', context);
  const start = s.pos;
  let count = 0;
  while (s.peek() === CH.Bang) {
    count++;
    s.pos++;
  }
  p.lastEnd = s.pos;
  const operand = parseArithmetic(p, 'additive', "after '!'");
  return { kind: 'Not', count, operand, span: { start, end: p.lastEnd } };
}

const ADDITIVE: readonly number[] = [CH.Plus, CH.Minus];
const MULTIPLICATIVE: readonly number[] = [CH.Star, CH.Slash, CH.Percent];

function parseArithmetic(p: Parser, level: 'additive' | 'term', context: string): Expr {
  const ops = level === 'additive' ? ADDITIVE : MULTIPLICATIVE;
  const first =
    level === 'additive' ? parseArithmetic(p, 'term', context) : parsePostfix(p, context);
  // Most operands stand alone: the lists are made only when an operator follows.
  let operands: Expr[] | null = null;
  let operators: OperatorToken<ArithmeticOp>[] | null = null;
  const s = p.scanner;
  for (;;) {
    s.skipTrivia();
    const c = s.peek();
    // `+=` and friends belong to `do`, never to an expression.
    if (!ops.includes(c) || s.peek(1) === CH.Equals) break;
    const op = String.fromCharCode(c) as ArithmeticOp;
    operands ??= [first];
    operators ??= [];
    operators.push({ op, span: p.advance(1) });
    const ctx = AFTER[op];
    operands.push(level === 'additive' ? parseArithmetic(p, 'term', ctx) : parsePostfix(p, ctx));
  }
  if (operands === null || operators === null) return first;
  return {
    kind: 'Arithmetic',
    operands,
    operators,
    span: { start: first.span.start, end: p.lastEnd },
  };
}

function parsePostfix(p: Parser, context: string): Expr {
  const base = parseAtom(p, context);
  const expr = parsePath(p, base);
  return parseAs(p, expr);
}

/** Path segments after `base`: `[index]` (no space before `[`), `.key`, `.method(args)`. */
export function parsePath(p: Parser, base: Expr): Expr {
  const s = p.scanner;
  let segments: PathSegment[] | null = null;
  for (;;) {
    if (s.peek() === CH.OpenBracket) {
      const start = s.pos;
      let index: Expr;
      if (p.enter()) {
        try {
          p.advance(1);
          index = parseExpression(p, "inside '[ ]'");
          p.expect(']', "expected ']' to close the index");
        } finally {
          p.leave();
        }
      } else index = nullAt(p.skipped);
      segments ??= [];
      segments.push({ kind: 'Index', index, span: { start, end: p.lastEnd } });
      continue;
    }
    const save = s.pos;
    s.skipTrivia();
    if (s.peek() === CH.Dot && s.isWordStart(s.pos + 1)) {
      const start = s.pos;
      p.advance(1);
      const nameEnd = s.wordEnd();
      const name = p.text.slice(s.pos, nameEnd);
      const nameSpan = p.advance(nameEnd - s.pos);
      segments ??= [];
      if (s.peek() === CH.OpenParen) {
        const args = parseArguments(p);
        segments.push({ kind: 'Method', name, nameSpan, args, span: { start, end: p.lastEnd } });
      } else {
        segments.push({ kind: 'Key', name, span: { start, end: p.lastEnd } });
      }
      continue;
    }
    s.pos = save;
    break;
  }
  if (segments === null) return base;
  return { kind: 'Path', base, segments, span: { start: base.span.start, end: p.lastEnd } };
}

function parseAs(p: Parser, value: Expr): Expr {
  const s = p.scanner;
  const save = s.pos;
  s.skipTrivia();
  if (!s.startsWith('as') || s.wordEnd() !== s.pos + 2) {
    s.pos = save;
    return value;
  }
  p.skip(2);
  const name = p.word();
  if (!name) return p.fail(`expected a name after 'as', found ${s.describe()}`);
  checkDeclaredName(p, name.text, name.span);
  return {
    kind: 'As',
    value,
    name: { name: name.text, span: name.span },
    span: { start: value.span.start, end: p.lastEnd },
  };
}

function parseAtom(p: Parser, context: string): Expr {
  const s = p.scanner;
  s.skipTrivia();
  const c = s.peek();
  if (c === CH.OpenParen) return parseClosureOrGroup(p);
  if (c === CH.OpenBrace) return parseObject(p);
  if (c === CH.OpenBracket) return parseArray(p);
  if (c === CH.Quote) return parseString(p);
  if (c === CH.Backslash && s.inTemplate && s.peek(1) === CH.Quote) return parseRawString(p);
  if (c === CH.Plus || c === CH.Minus) {
    const signed = parseSignedGroup(p);
    if (signed) return signed;
  }
  if (isDigit(c) || c === CH.Plus || c === CH.Minus || c === CH.Dot) {
    const number = parseNumber(p);
    if (number) return number;
  }
  if (s.isWordStart()) {
    const word = s.peekWord()!;
    // A statement keyword here means the expression is missing: leave the keyword for the
    // statement it begins (`say 1 +` then `goto end` on the next line).
    if (!(STATEMENT_KEYWORDS.has(word) && isUsageReserved(word))) return parseWordAtom(p);
  }
  const found = s.describe();
  return p.fail(
    context
      ? `expected an expression ${context}, found ${found}`
      : `expected an expression, found ${found}`,
  );
}

/** `-(e)` and `+(e)` mean `0 - e` and `0 + e`. */
function parseSignedGroup(p: Parser): Expr | null {
  const s = p.scanner;
  const start = s.pos;
  const op = s.peek() === CH.Minus ? '-' : '+';
  s.pos++;
  s.skipTrivia();
  if (s.peek() !== CH.OpenParen) {
    s.pos = start;
    return null;
  }
  const signSpan = { start, end: start + 1 };
  const group = parseGroup(p);
  return {
    kind: 'Arithmetic',
    operands: [{ kind: 'Int', value: 0n, span: signSpan }, group],
    operators: [{ op, span: signSpan }],
    span: { start, end: p.lastEnd },
  };
}

function parseNumber(p: Parser): Expr | null {
  const s = p.scanner;
  const scanned = s.scanNumber();
  if (!scanned) return null;
  const raw = p.text.slice(s.pos, scanned.end);
  const span = p.advance(scanned.end - s.pos);
  const clean = raw.includes('_') ? raw.replaceAll('_', '') : raw;
  if (scanned.float) return { kind: 'Float', value: Number(clean), span };
  const value = BigInt(clean);
  if (value < INT64_MIN || value > INT64_MAX) {
    p.report('int_literal_overflow', `integer ${raw} is outside the 64-bit range`, span);
    return { kind: 'Int', value: 0n, span };
  }
  return { kind: 'Int', value, span };
}

function parseWordAtom(p: Parser): Expr {
  const word = p.word()!;
  const { text, span } = word;
  if (text === 'true' || text === 'false') return { kind: 'Bool', value: text === 'true', span };
  if (text.toLowerCase() === 'null') return { kind: 'Null', span };
  const s = p.scanner;
  const save = s.pos;
  s.skipTrivia();
  if (s.peek() === CH.OpenParen) {
    const args = parseArguments(p);
    return {
      kind: 'Call',
      name: text,
      nameSpan: span,
      args,
      span: { start: span.start, end: p.lastEnd },
    };
  }
  s.pos = save;
  checkReadName(p, text, span);
  return { kind: 'Ident', name: text, span };
}

/** `(a, b = 1, …)` at pos; trailing comma allowed. */
export function parseArguments(p: Parser): Arg[] {
  if (!p.enter()) return [];
  try {
    p.skip(1);
    return p.list(')', 'the argument list', () => parseArgument(p));
  } finally {
    p.leave();
  }
}

function parseArgument(p: Parser): Arg {
  const s = p.scanner;
  s.skipTrivia();
  const start = s.pos;
  const nameEnd = s.wordEnd();
  if (nameEnd > start) {
    s.pos = nameEnd;
    s.skipTrivia();
    if (s.peek() === CH.Equals && s.peek(1) !== CH.Equals) {
      const name = p.text.slice(start, nameEnd);
      const nameSpan = { start, end: nameEnd };
      checkShape(p, name, nameSpan);
      p.advance(1);
      const value = parseExpression(p, "after '='");
      return { kind: 'Named', name, nameSpan, value, span: { start, end: p.lastEnd } };
    }
    s.pos = start;
  }
  const value = parseExpression(p, 'as an argument');
  return { kind: 'Positional', value, span: value.span };
}

/** `(a, b) { … }` is a closure; anything else in parentheses is a grouped expression. */
function parseClosureOrGroup(p: Parser): Expr {
  const params = scanClosureParams(p);
  if (!params) return parseGroup(p);
  const s = p.scanner;
  const start = s.pos;
  s.pos = params.end;
  p.lastEnd = s.pos;
  s.skipTrivia();
  const body = parseBraceBlock(p, 'closure');
  return { kind: 'Closure', params: params.names, body, span: { start, end: p.lastEnd } };
}

/** Looks ahead for `(name, …)` followed by `{`; consumes nothing. */
function scanClosureParams(p: Parser): { names: Name[]; end: number } | null {
  const s = p.scanner;
  const save = s.pos;
  try {
    s.pos++;
    const names: Name[] = [];
    for (;;) {
      s.skipTrivia();
      if (s.peek() === CH.CloseParen) break;
      const end = s.wordEnd();
      if (end === s.pos) return null;
      names.push({ name: p.text.slice(s.pos, end), span: { start: s.pos, end } });
      s.pos = end;
      s.skipTrivia();
      if (s.peek() === CH.Comma) {
        s.pos++;
        continue;
      }
      if (s.peek() !== CH.CloseParen) return null;
      break;
    }
    s.pos++;
    const end = s.pos;
    s.skipTrivia();
    return s.peek() === CH.OpenBrace ? { names, end } : null;
  } finally {
    s.pos = save;
  }
}

function parseGroup(p: Parser): Expr {
  if (!p.enter()) return nullAt(p.skipped);
  try {
    p.advance(1);
    const value = parseExpression(p, "inside '( )'");
    p.expect(')', "expected ')' to close '('");
    return value;
  } finally {
    p.leave();
  }
}

function parseArray(p: Parser): Expr {
  const start = p.scanner.pos;
  if (!p.enter()) return nullAt(p.skipped);
  try {
    p.skip(1);
    const elements = p.list(']', 'the array', () => parseExpression(p, 'in the array'));
    return { kind: 'Array', elements, span: { start, end: p.lastEnd } };
  } finally {
    p.leave();
  }
}

function parseObject(p: Parser): Expr {
  const start = p.scanner.pos;
  if (!p.enter()) return nullAt(p.skipped);
  try {
    p.skip(1);
    const entries = p.list('}', 'the object', (): ObjectEntry => {
      const key = parseObjectKey(p);
      if (!p.eat(':')) {
        p.fail(`expected ':' after the key "${key.key}", found ${p.scanner.describe()}`);
      }
      const value = parseExpression(p, 'as an object value');
      return { key: key.key, keySpan: key.span, value };
    });
    return { kind: 'Object', entries, span: { start, end: p.lastEnd } };
  } finally {
    p.leave();
  }
}

/** Keys are raw, non-empty strings: `"key"`, or `\"key\"` inside `{{ }}`. */
function parseObjectKey(p: Parser): { key: string; span: Span } {
  const s = p.scanner;
  s.skipTrivia();
  const start = s.pos;
  const delimiter =
    s.inTemplate && s.peek() === CH.Backslash && s.peek(1) === CH.Quote ? '\\"' : '"';
  if (!s.startsWith(delimiter)) {
    return p.fail(`object keys must be strings in double quotes, found ${s.describe()}`);
  }
  const keyStart = start + delimiter.length;
  let keyEnd = keyStart;
  while (keyEnd < s.end && !delimiter.includes(p.text[keyEnd]!)) keyEnd++;
  if (!s.startsWith(delimiter, keyEnd)) {
    return p.fail(`expected '${delimiter}' to end the object key`, { start, end: keyEnd });
  }
  if (keyEnd === keyStart)
    return p.fail("object keys can't be empty", { start, end: keyEnd + delimiter.length });
  const key = p.text.slice(keyStart, keyEnd);
  return { key, span: p.advance(keyEnd + delimiter.length - start) };
}

function nullAt(span: Span): NullLiteral {
  return { kind: 'Null', span };
}
