/** Statements and blocks (csml.md §5). */
import type {
  AssignOp,
  Block,
  Expr,
  GotoStmt,
  GotoValue,
  IfBranch,
  LogLevel,
  Name,
  Statement,
} from '../ast.js';
import { isAssignmentReserved, LOG_LEVELS, STATEMENT_KEYWORDS } from '../keywords.js';
import type { StatementKeyword } from '../keywords.js';
import { parseExpression, parsePath } from './expressions.js';
import { checkDeclaredName, checkReadName } from './identifiers.js';
import { CH } from '../lexer.js';
import { ABORT } from './parser.js';
import type { Parser } from './parser.js';

/** Words that begin a top-level declaration and so end a step body. */
export const DECLARATION_WORDS: ReadonlySet<string> = new Set(['fn', 'const', 'import', 'insert']);

type BlockKind = 'body' | 'brace';

/**
 * Is there a step header (`name:`) at pos? A statement keyword that is reserved (`say:`) is a
 * statement, not a header; `log:` or `debug:` are headers.
 */
export function atStepHeader(p: Parser): boolean {
  if (!p.atStepHeader()) return false;
  const word = p.scanner.peekWord()!;
  return !(STATEMENT_KEYWORDS.has(word) && isAssignmentReserved(word));
}

/**
 * Statements until the end of the block: for a `body` (step, `fn f():`) the next step header,
 * declaration or the end of the flow; for a `brace` block, its `}` (not consumed).
 */
export function parseStatements(p: Parser, kind: BlockKind): Statement[] {
  const s = p.scanner;
  const statements: Statement[] = [];
  for (;;) {
    s.skipTrivia();
    if (s.atEnd()) break;
    if (kind === 'brace' && s.peek() === CH.CloseBrace) break;
    const word = s.peekWord();
    if (word !== null) {
      if (atStepHeader(p) || DECLARATION_WORDS.has(word)) break;
      if (STATEMENT_KEYWORDS.has(word)) {
        const start = s.pos;
        try {
          statements.push(parseStatement(p, word as StatementKeyword));
        } catch (e) {
          if (e !== ABORT) throw e;
          if (s.pos <= start) {
            s.pos = start;
            s.skipToken();
          }
          resync(p, kind, start);
        }
        continue;
      }
    }
    p.report(
      'syntax_error',
      `unexpected ${s.describe()}: expected a statement (say, do, goto, if, …)${
        kind === 'brace' ? " or '}'" : " or a step name followed by ':'"
      }`,
      p.tokenSpan(),
    );
    const start = s.pos;
    s.skipToken();
    resync(p, kind, start);
  }
  return statements;
}

/**
 * Error recovery: skips from pos to where parsing can resume. Brackets opened since
 * `statementStart` are tracked so that a `name:` inside them (`{a: 1}`) is not taken for a
 * step header unless it begins a line. Reserved statement keywords never occur inside an
 * expression, so they always resume.
 */
function resync(p: Parser, kind: BlockKind, statementStart: number): void {
  const s = p.scanner;
  const resumeFrom = s.pos;
  let depth = 0;
  s.pos = statementStart;
  s.skipToken();
  s.skipTrivia();
  while (s.pos < resumeFrom) {
    // The failed statement swallowed a step header (`say (` then `next:`): resume there.
    if (atStepHeader(p) && startsLine(p.text, s.pos)) return;
    depth = Math.max(0, depth + bracketDelta(s.peek()));
    s.skipToken();
    s.skipTrivia();
  }
  s.pos = Math.max(s.pos, resumeFrom);
  for (;;) {
    s.skipTrivia();
    if (s.atEnd()) return;
    const c = s.peek();
    if (c === CH.CloseBrace && depth === 0 && kind === 'brace') return;
    const word = s.peekWord();
    if (word !== null) {
      if (STATEMENT_KEYWORDS.has(word) && isAssignmentReserved(word)) return;
      if (depth === 0 || startsLine(p.text, s.pos)) {
        if (STATEMENT_KEYWORDS.has(word) || DECLARATION_WORDS.has(word) || atStepHeader(p)) return;
      }
    }
    depth = Math.max(0, depth + bracketDelta(c));
    s.skipToken();
  }
}

function bracketDelta(c: number): number {
  if (c === CH.OpenParen || c === CH.OpenBracket || c === CH.OpenBrace) return 1;
  if (c === CH.CloseParen || c === CH.CloseBracket || c === CH.CloseBrace) return -1;
  return 0;
}

/** Only spaces or tabs between the previous line break (or the start) and `at`. */
export function startsLine(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === CH.LineFeed) return true;
    if (c !== CH.Space && c !== CH.Tab && c !== CH.CarriageReturn) return false;
  }
  return true;
}

/** `{ statements }` at pos (after trivia). */
export function parseBraceBlock(p: Parser, owner: string): Block {
  p.scanner.skipTrivia();
  const start = p.scanner.pos;
  if (p.scanner.peek() !== CH.OpenBrace) {
    return p.fail(`expected '{' to begin the ${owner} body, found ${p.scanner.describe()}`);
  }
  if (!p.enter()) return { kind: 'Block', statements: [], braces: true, span: p.skipped };
  try {
    p.advance(1);
    const statements = parseStatements(p, 'brace');
    if (!p.eat('}')) {
      p.report(
        'syntax_error',
        `expected '}' to close the ${owner} body, found ${p.scanner.describe()}`,
        p.tokenSpan(),
      );
    }
    return { kind: 'Block', statements, braces: true, span: { start, end: p.lastEnd } };
  } finally {
    p.leave();
  }
}

/** The body of an `if`/`else` branch: a brace block or one statement. */
function parseBranchBody(p: Parser, owner: 'if' | 'else'): Block {
  const s = p.scanner;
  s.skipTrivia();
  if (s.peek() === CH.OpenBrace) return parseBraceBlock(p, owner);
  const start = s.pos;
  const word = s.peekWord();
  if (word === null || !STATEMENT_KEYWORDS.has(word)) {
    const after = owner === 'if' ? 'the if condition' : "'else'";
    return p.fail(`expected '{' or a statement after ${after}, found ${s.describe()}`);
  }
  // Brace-less bodies nest without brackets (`if (a) if (b) …`): they count as levels too.
  if (!p.enter()) return { kind: 'Block', statements: [], braces: false, span: p.skipped };
  try {
    const statement = parseStatement(p, word as StatementKeyword);
    return {
      kind: 'Block',
      statements: [statement],
      braces: false,
      span: { start, end: p.lastEnd },
    };
  } finally {
    p.leave();
  }
}

function parseStatement(p: Parser, keyword: StatementKeyword): Statement {
  const start = p.scanner.pos;
  p.advance(keyword.length);
  switch (keyword) {
    case 'say':
      return {
        kind: 'Say',
        value: parseExpression(p, "after 'say'"),
        span: { start, end: p.lastEnd },
      };
    case 'debug':
      return {
        kind: 'Debug',
        value: parseExpression(p, "after 'debug'"),
        span: { start, end: p.lastEnd },
      };
    case 'return':
      return {
        kind: 'Return',
        value: parseExpression(p, "after 'return'"),
        span: { start, end: p.lastEnd },
      };
    case 'log': {
      const level = parseLogLevel(p);
      return {
        kind: 'Log',
        level,
        value: parseExpression(p, "after 'log'"),
        span: { start, end: p.lastEnd },
      };
    }
    case 'do':
      return parseDo(p, start);
    case 'remember':
      return parseRemember(p, start);
    case 'forget':
      return { kind: 'Forget', names: parseForgetNames(p), span: { start, end: p.lastEnd } };
    case 'use': {
      const value = parseExpression(p, "after 'use'");
      if (value.kind !== 'As') {
        return p.fail(
          "'use' must name its value: use value as name (prefer: do name = value)",
          value.span,
        );
      }
      return { kind: 'Use', value, span: { start, end: p.lastEnd } };
    }
    case 'hold':
    case 'hold_secure':
      return { kind: 'Hold', secure: keyword === 'hold_secure', span: { start, end: p.lastEnd } };
    case 'break':
      return { kind: 'Break', span: { start, end: p.lastEnd } };
    case 'continue':
      return { kind: 'Continue', span: { start, end: p.lastEnd } };
    case 'goto':
      return parseGoto(p, start);
    case 'previous': {
      const target = p.peekWord();
      if (target !== 'step' && target !== 'flow') {
        return p.fail(`expected 'step' or 'flow' after 'previous', found ${p.scanner.describe()}`);
      }
      p.advance(target.length);
      return { kind: 'Previous', target, span: { start, end: p.lastEnd } };
    }
    case 'if':
      return parseIf(p, start);
    case 'foreach':
      return parseForeach(p, start);
    case 'while': {
      const condition = parseCondition(p, 'while');
      const body = parseBraceBlock(p, 'while');
      return { kind: 'While', condition, body, span: { start, end: p.lastEnd } };
    }
  }
}

function parseLogLevel(p: Parser): LogLevel {
  const word = p.peekWord();
  const level = LOG_LEVELS.find((l) => l === word?.toLowerCase());
  if (level === undefined) return 'info';
  p.advance(word!.length);
  return level;
}

const ASSIGN_OPS: readonly AssignOp[] = ['+=', '-=', '*=', '/=', '%=', '='];

function parseAssignOp(p: Parser): AssignOp | null {
  p.scanner.skipTrivia();
  for (const op of ASSIGN_OPS) {
    if (p.scanner.startsWith(op) && !(op === '=' && p.scanner.startsWith('=='))) return op;
  }
  return null;
}

function parseDo(p: Parser, start: number): Statement {
  const value = parseExpression(p, "after 'do'");
  const op = parseAssignOp(p);
  if (op !== null) {
    const target = value;
    if (target.kind !== 'Ident' && !(target.kind === 'Path' && isAssignablePath(target))) {
      return p.fail(
        `the left of '${op}' must be a variable or a variable's key or index (do x = 1, do x.key = 1)`,
        target.span,
      );
    }
    const root =
      target.kind === 'Ident' ? target : (target.base as Extract<Expr, { kind: 'Ident' }>);
    checkDeclaredName(p, root.name, root.span);
    p.advance(op.length);
    const assigned = parseExpression(p, `after '${op}'`);
    return {
      kind: 'Assign',
      target,
      op,
      value: assigned,
      viaAs: false,
      span: { start, end: p.lastEnd },
    };
  }
  if (value.kind === 'As') {
    return {
      kind: 'Assign',
      target: { kind: 'Ident', name: value.name.name, span: value.name.span },
      op: '=',
      value: value.value,
      viaAs: true,
      span: { start, end: p.lastEnd },
    };
  }
  return { kind: 'Do', value, span: { start, end: p.lastEnd } };
}

function isAssignablePath(path: Extract<Expr, { kind: 'Path' }>): boolean {
  return path.base.kind === 'Ident' && path.segments.every((segment) => segment.kind !== 'Method');
}

function parseRemember(p: Parser, start: number): Statement {
  const value = parseExpression(p, "after 'remember'");
  const op = parseAssignOp(p);
  if (op === '=' && value.kind === 'Ident') {
    checkDeclaredName(p, value.name, value.span);
    p.advance(1);
    const remembered = parseExpression(p, "after '='");
    return {
      kind: 'Remember',
      name: { name: value.name, span: value.span },
      value: remembered,
      span: { start, end: p.lastEnd },
    };
  }
  if (op === null && value.kind === 'As') {
    return {
      kind: 'Remember',
      name: value.name,
      value: value.value,
      span: { start, end: p.lastEnd },
    };
  }
  return p.fail(
    "'remember' must name what it stores: remember key = value, or remember value as key",
    {
      start,
      end: p.lastEnd,
    },
  );
}

function parseForgetNames(p: Parser): readonly Name[] | '*' {
  if (p.eat('*')) return '*';
  const readName = (): Name => {
    const word = p.word();
    if (!word) return p.fail(`expected a memory name, found ${p.scanner.describe()}`);
    checkReadName(p, word.text, word.span);
    return { name: word.text, span: word.span };
  };
  if (!p.eat('[')) {
    if (p.peekWord() === null) {
      return p.fail(
        `expected a name, '*' or '[names]' after 'forget', found ${p.scanner.describe()}`,
      );
    }
    return [readName()];
  }
  return p.list(']', 'the list of names', readName);
}

/** One part of a `goto` target at pos, with no space before it: `name` or `$var.path`. */
function parseGotoValue(p: Parser): GotoValue | null {
  const s = p.scanner;
  const start = s.pos;
  if (s.peek() === CH.Dollar) {
    p.advance(1);
    const word = p.word();
    if (!word) return p.fail(`expected a variable name after '$', found ${s.describe()}`);
    checkReadName(p, word.text, word.span);
    const expr = parsePath(p, { kind: 'Ident', name: word.text, span: word.span });
    if (expr.kind !== 'Ident' && expr.kind !== 'Path') return null;
    return { kind: 'Variable', expr, span: { start, end: p.lastEnd } };
  }
  const end = s.wordEnd();
  if (end === start) return null;
  const name = p.text.slice(start, end);
  const span = p.advance(end - start);
  checkDeclaredName(p, name, span);
  return { kind: 'Name', name, span };
}

function parseGoto(p: Parser, start: number): GotoStmt {
  const s = p.scanner;
  s.skipTrivia();
  const word = s.peekWord();
  if (word === 'step' || word === 'flow') {
    const save = s.pos;
    p.advance(word.length);
    s.skipTrivia();
    const value = parseGotoValue(p);
    if (value) {
      const target =
        word === 'step' ? { kind: 'Step', step: value } : { kind: 'Flow', flow: value };
      return {
        kind: 'Goto',
        target: target as GotoStmt['target'],
        span: { start, end: p.lastEnd },
      };
    }
    s.pos = save;
  }
  const step = parseGotoValue(p);
  const at = s.peek() === CH.At;
  if (at) p.advance(1);
  const flow = at ? parseGotoValue(p) : null;
  if (!step && !at) {
    return p.fail(
      `expected where to go after 'goto' (goto step, goto flow name, goto step@flow), found ${s.describe()}`,
    );
  }
  let bot: GotoValue | null = null;
  const save = s.pos;
  if (p.peekWord() === 'in' && !p.atStepHeader()) {
    p.advance(2);
    s.skipTrivia();
    bot = parseGotoValue(p);
  }
  if (!bot) s.pos = save;
  return {
    kind: 'Goto',
    target: { kind: 'StepAtFlow', step, at, flow, bot },
    span: { start, end: p.lastEnd },
  };
}

function parseCondition(p: Parser, keyword: string): Expr {
  if (!p.eat('(')) p.fail(`expected '(' after '${keyword}', found ${p.scanner.describe()}`);
  const condition = parseExpression(p, 'in the condition');
  p.expect(')', "expected ')' to close the condition");
  return condition;
}

function parseIf(p: Parser, start: number): Statement {
  const branches: IfBranch[] = [];
  let elseBody: Block | null = null;
  const s = p.scanner;
  let branchStart = start;
  for (;;) {
    const condition = parseCondition(p, 'if');
    const body = parseBranchBody(p, 'if');
    branches.push({ condition, body, span: { start: branchStart, end: p.lastEnd } });
    const save = s.pos;
    if (p.peekWord() !== 'else') {
      s.pos = save;
      break;
    }
    const elseStart = s.pos;
    p.skip(4);
    if (p.peekWord() === 'if') {
      branchStart = elseStart;
      p.advance(2);
      continue;
    }
    elseBody = parseBranchBody(p, 'else');
    break;
  }
  return { kind: 'If', branches, elseBody, span: { start, end: p.lastEnd } };
}

function parseForeach(p: Parser, start: number): Statement {
  p.expect('(', "expected '(' after 'foreach'");
  const loopName = (what: string): Name => {
    const word = p.word();
    if (!word) return p.fail(`expected ${what}, found ${p.scanner.describe()}`);
    checkDeclaredName(p, word.text, word.span);
    return { name: word.text, span: word.span };
  };
  const item = loopName("the loop variable after 'foreach ('");
  const index = p.eat(',') ? loopName("the index variable after ','") : null;
  p.expect(')', "expected ')' after the loop variables");
  if (!p.eatWord('in'))
    return p.fail(`expected 'in' after 'foreach (…)', found ${p.scanner.describe()}`);
  const iterable = parseExpression(p, "after 'in'");
  const body = parseBraceBlock(p, 'foreach');
  return { kind: 'Foreach', item, index, iterable, body, span: { start, end: p.lastEnd } };
}
