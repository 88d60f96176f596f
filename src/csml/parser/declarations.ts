/** Top-level declarations of a flow: steps, `fn`, `const`, `import`, `insert` (csml.md §1, §6). */
import { CH } from '../lexer.js';
import type {
  ConstDecl,
  Declaration,
  FunctionDecl,
  ImportDecl,
  ImportItem,
  ImportSource,
  InsertDecl,
  Name,
  StepDecl,
} from '../ast.js';
import { STATEMENT_KEYWORDS } from '../keywords.js';
import { parseExpression } from './expressions.js';
import { checkDeclaredName } from './identifiers.js';
import { ABORT } from './parser.js';
import type { Parser } from './parser.js';
import { DECLARATION_WORDS, parseBraceBlock, parseStatements, startsLine } from './statements.js';

export function parseDeclarations(p: Parser): Declaration[] {
  const s = p.scanner;
  const declarations: Declaration[] = [];
  for (;;) {
    s.skipTrivia();
    if (s.atEnd()) break;
    const start = s.pos;
    p.currentStep = null;
    try {
      const declaration = parseDeclaration(p);
      if (declaration) {
        declarations.push(declaration);
        continue;
      }
    } catch (e) {
      if (e !== ABORT) throw e;
    }
    if (s.pos <= start) {
      s.pos = start;
      s.skipToken();
    }
    resyncTopLevel(p);
  }
  return declarations;
}

/** One declaration at pos, or null after reporting what is there instead. */
function parseDeclaration(p: Parser): Declaration | null {
  const s = p.scanner;
  if (p.atStepHeader()) return parseStep(p, false);
  const word = s.peekWord();
  switch (word ?? '') {
    case 'fn':
      return parseFunction(p);
    case 'const':
      return parseConst(p);
    case 'import':
      return parseImport(p);
    case 'insert':
      return parseInsert(p);
    default:
      break;
  }
  if (word !== null) {
    const save = s.pos;
    s.pos = s.wordEnd();
    s.skipTrivia();
    const spacedColon = s.peek() === CH.Colon;
    s.pos = save;
    if (spacedColon) {
      p.report(
        'syntax_error',
        `no space is allowed between the step name '${word}' and ':'`,
        p.tokenSpan(),
      );
      return parseStep(p, true);
    }
    if (STATEMENT_KEYWORDS.has(word)) {
      p.report(
        'syntax_error',
        `'${word}' must be inside a step: begin the flow with a step name and ':' (e.g. start:)`,
        p.tokenSpan(),
      );
      return null;
    }
  }
  p.report(
    'syntax_error',
    `unexpected ${s.describe()}: expected a step name followed by ':' (e.g. start:) or a declaration (fn, const, import, insert)`,
    p.tokenSpan(),
  );
  return null;
}

/** Skips to the next step header or declaration keyword. */
function resyncTopLevel(p: Parser): void {
  const s = p.scanner;
  for (;;) {
    s.skipTrivia();
    if (s.atEnd()) return;
    const word = s.peekWord();
    if (word !== null && (p.atStepHeader() || DECLARATION_WORDS.has(word) || spacedHeader(p))) {
      return;
    }
    s.skipToken();
  }
}

/** `name :` at the start of a line: a step header with a stray space, worth resuming at. */
function spacedHeader(p: Parser): boolean {
  const s = p.scanner;
  if (!startsLine(p.text, s.pos)) return false;
  const save = s.pos;
  s.pos = s.wordEnd();
  s.skipTrivia();
  const colon = s.peek() === CH.Colon;
  s.pos = save;
  return colon;
}

function parseStep(p: Parser, spacedColon: boolean): StepDecl {
  const s = p.scanner;
  const start = s.pos;
  const word = p.word()!;
  checkDeclaredName(p, word.text, word.span);
  if (spacedColon) s.skipTrivia();
  p.advance(1);
  p.currentStep = word.text;
  const bodyStart = p.lastEnd;
  const statements = parseStatements(p, 'body');
  return {
    kind: 'Step',
    name: { name: word.text, span: word.span },
    body: { kind: 'Block', statements, braces: false, span: { start: bodyStart, end: p.lastEnd } },
    span: { start, end: p.lastEnd },
  };
}

function declaredName(p: Parser, what: string): Name {
  const word = p.word();
  if (!word) return p.fail(`expected ${what}, found ${p.scanner.describe()}`);
  checkDeclaredName(p, word.text, word.span);
  return { name: word.text, span: word.span };
}

function parseFunction(p: Parser): FunctionDecl {
  const start = p.scanner.pos;
  p.advance(2);
  const name = declaredName(p, "a function name after 'fn'");
  p.expect('(', `expected '(' after the function name '${name.name}'`);
  const params = p.list(')', 'the parameter list', (): Name => {
    const word = p.word();
    if (!word) return p.fail(`expected a parameter name, found ${p.scanner.describe()}`);
    return { name: word.text, span: word.span };
  });
  if (p.eat(':')) {
    const bodyStart = p.lastEnd;
    const statements = parseStatements(p, 'body');
    const body = {
      kind: 'Block',
      statements,
      braces: false,
      span: { start: bodyStart, end: p.lastEnd },
    } as const;
    return { kind: 'Function', name, params, body, span: { start, end: p.lastEnd } };
  }
  if (!p.check('{')) {
    return p.fail(
      `expected ':' or '{' after the parameters of '${name.name}', found ${p.scanner.describe()}`,
    );
  }
  const body = parseBraceBlock(p, 'function');
  return { kind: 'Function', name, params, body, span: { start, end: p.lastEnd } };
}

function parseConst(p: Parser): ConstDecl {
  const start = p.scanner.pos;
  p.advance(5);
  const name = declaredName(p, "a constant name after 'const'");
  p.expect('=', `expected '=' after the constant name '${name.name}'`);
  const value = parseExpression(p, `for the constant '${name.name}'`);
  return { kind: 'Const', name, value, span: { start, end: p.lastEnd } };
}

/** `f`, `f as g`, or `{f, g as h}`. */
function parseItems(p: Parser, what: string): ImportItem[] {
  const item = (): ImportItem => {
    const name = declaredName(p, what);
    const alias = p.eatWord('as') ? declaredName(p, "a name after 'as'") : null;
    return { name, alias };
  };
  if (!p.eat('{')) return [item()];
  return p.list('}', 'the list', item);
}

function flowName(p: Parser): Name {
  const word = p.word();
  if (!word) return p.fail(`expected a flow name after 'from', found ${p.scanner.describe()}`);
  return { name: word.text, span: word.span };
}

function parseImport(p: Parser): ImportDecl {
  const start = p.scanner.pos;
  p.advance(6);
  const items = parseItems(p, 'a function name to import');
  let from: ImportSource | null = null;
  if (p.eatWord('from')) {
    p.scanner.skipTrivia();
    if (p.scanner.startsWith('modules/')) {
      const moduleStart = p.scanner.pos;
      p.advance(8);
      const module = p.word();
      if (!module)
        return p.fail(`expected a module name after 'modules/', found ${p.scanner.describe()}`);
      from = { kind: 'Module', name: module.text, span: { start: moduleStart, end: p.lastEnd } };
    } else {
      const flow = flowName(p);
      from = { kind: 'Flow', name: flow.name, span: flow.span };
    }
  }
  return { kind: 'Import', items, from, span: { start, end: p.lastEnd } };
}

function parseInsert(p: Parser): InsertDecl {
  const start = p.scanner.pos;
  p.advance(6);
  const items = parseItems(p, 'a step name to insert');
  if (!p.eatWord('from')) {
    return p.fail(
      `expected 'from <flow>' after the steps to insert, found ${p.scanner.describe()}`,
    );
  }
  const from = flowName(p);
  return { kind: 'Insert', items, from, span: { start, end: p.lastEnd } };
}
