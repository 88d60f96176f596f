/**
 * CSML for CodeMirror 6 (csml.md §2, §5, §9, §11): a stream tokenizer with highlighting,
 * strings with `{{ }}` interpolation (any expression inside, strings nested in it included),
 * comments, numbers, step labels (`name:`), `goto` targets, components and built-ins, plus
 * what the editor needs around it: comment tokens, closing brackets, indentation (a step's
 * body one level in, brackets one more) and word characters (`-` belongs to identifiers).
 *
 * Validation is the server's (POST …/validate): the tokenizer never reports errors itself.
 */
import { completeFromList } from '@codemirror/autocomplete';
import type { Completion } from '@codemirror/autocomplete';
import { HighlightStyle, LanguageSupport, StreamLanguage } from '@codemirror/language';
import type { StreamParser, StringStream } from '@codemirror/language';
import { tags } from '@lezer/highlight';

/** Statement and declaration keywords (csml.md §2, §5, §6). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'say',
  'do',
  'remember',
  'forget',
  'hold',
  'hold_secure',
  'goto',
  'previous',
  'if',
  'else',
  'foreach',
  'while',
  'break',
  'continue',
  'debug',
  'log',
  'return',
  'use',
  'in',
  'as',
  'from',
  'step',
  'flow',
  'match',
  'const',
  'import',
  'insert',
  'fn',
]);

/** Native components (csml.md §11.1, §18.1), called like functions. */
export const COMPONENTS: ReadonlySet<string> = new Set([
  'Text',
  'Typing',
  'Wait',
  'Url',
  'Image',
  'Video',
  'Audio',
  'File',
  'Button',
  'Question',
  'Card',
  'Carousel',
  'Disconnect',
  'Escalate',
  'Component',
]);

/** Built-in functions (csml.md §9). */
export const BUILTINS: ReadonlySet<string> = new Set([
  'OneOf',
  'Shuffle',
  'Length',
  'Find',
  'Random',
  'Floor',
  'UUID',
  'Exists',
  'Or',
  'Object',
  'Debug',
  'App',
  'Fn',
  'HTTP',
  'SMTP',
  'Time',
  'JWT',
  'Crypto',
  'Base64',
  'Hex',
]);

/** Names the engine defines in every step (csml.md §4.1). */
const SPECIAL_VARIABLES: ReadonlySet<string> = new Set(['event', '_metadata', '_env', '_memory']);

/** Where the tokenizer is: code at the bottom, then strings, interpolations, comments. */
type Context = 'string' | 'interpolation' | 'comment';

export interface CsmlState {
  readonly stack: Context[];
  /** Open brackets in code outside strings (for indentation). */
  depth: number;
  /** Inside a step's (or a `fn …:`) body: its statements are one level in. */
  inBody: boolean;
  /** After `fn` at the top level, until its `:` or `{`. */
  fnHeader: boolean;
  /** The previous token, when the next one's meaning depends on it. */
  previous: 'goto' | 'dot' | 'fn' | 'as' | null;
}

const WORD = /^[\p{L}\p{N}_-]+/u;
const NUMBER = /^[+-]?\d[\d_]*$/;
const OPERATOR = /^(?:==|!=|<=|>=|&&|\|\||\+=|-=|\*=|\/=|%=|[+\-*/%=<>!])/;

function string(stream: StringStream, state: CsmlState): string {
  if (stream.match('{{')) {
    state.stack.push('interpolation');
    return 'brace.special';
  }
  if (stream.eat('\\')) {
    stream.next();
    return 'escape';
  }
  if (stream.eat('"')) {
    state.stack.pop();
    return 'string';
  }
  while (!stream.eol()) {
    const next = stream.peek();
    if (next === '"' || next === '\\' || stream.match('{{', false)) break;
    stream.next();
  }
  return 'string';
}

function blockComment(stream: StringStream, state: CsmlState): string {
  if (stream.skipTo('*/')) {
    stream.pos += 2;
    state.stack.pop();
  } else {
    stream.skipToEnd();
  }
  return 'blockComment';
}

function word(stream: StringStream, state: CsmlState, text: string): string {
  const previous = state.previous;
  state.previous = null;
  if (NUMBER.test(text)) {
    stream.match(/^\.\d[\d_]*/);
    return 'number';
  }
  const atTop = state.stack.length === 0 && state.depth === 0;
  // `name:` with nothing between: a step (csml.md §1). `::` is nothing CSML has.
  if (state.stack.length === 0 && stream.match(/^:(?!:)/, false) && !KEYWORDS.has(text)) {
    if (atTop) state.inBody = true;
    return 'labelName';
  }
  const call = Boolean(stream.match(/^\s*\(/, false));
  // A method or a key: `event.match(x)` is not the `match` operator.
  if (previous === 'dot') return call ? 'propertyName.function' : 'propertyName';
  if (previous === 'goto') {
    if (text === 'step' || text === 'flow') {
      state.previous = 'goto';
      return 'keyword';
    }
    return text === 'end' ? 'keyword' : 'labelName';
  }
  if (KEYWORDS.has(text)) {
    if (text === 'goto') state.previous = 'goto';
    if (text === 'as') state.previous = 'as';
    if (text === 'fn') {
      state.previous = 'fn';
      if (atTop) {
        state.fnHeader = true;
        state.inBody = false;
      }
    }
    if (atTop && (text === 'const' || text === 'import' || text === 'insert')) {
      state.inBody = false;
    }
    return 'keyword';
  }
  if (text === 'true' || text === 'false') return 'bool';
  if (text.toLowerCase() === 'null') return 'null';
  if (previous === 'fn' || previous === 'as') return 'variableName.definition';
  if (SPECIAL_VARIABLES.has(text)) return 'variableName.special';
  if (COMPONENTS.has(text) && (call || text === 'Component')) return 'typeName';
  if (BUILTINS.has(text) && call) return 'variableName.standard';
  return call ? 'variableName.function' : 'variableName';
}

function code(stream: StringStream, state: CsmlState): string | null {
  if (stream.eatSpace()) return null;
  const inCode = state.stack.length === 0;
  if (!inCode && stream.match('}}')) {
    state.stack.pop();
    return 'brace.special';
  }
  if (stream.match('//')) {
    stream.skipToEnd();
    return 'lineComment';
  }
  if (stream.match('/*')) {
    state.stack.push('comment');
    return blockComment(stream, state);
  }
  if (stream.eat('"')) {
    state.previous = null;
    state.stack.push('string');
    return 'string';
  }
  if (stream.match(/^\.\d[\d_]*/)) {
    state.previous = null;
    return 'number';
  }
  const operator = stream.match(OPERATOR);
  if (operator) {
    state.previous = null;
    return 'operator';
  }
  const matched = stream.match(WORD);
  if (Array.isArray(matched)) return word(stream, state, matched[0]);
  const char = stream.next() ?? '';
  switch (char) {
    case '(':
    case '[':
    case '{':
      state.previous = null;
      if (inCode) {
        if (char === '{' && state.depth === 0) state.fnHeader = false;
        state.depth++;
      }
      return char === '(' ? 'paren' : char === '[' ? 'squareBracket' : 'brace';
    case ')':
    case ']':
    case '}':
      state.previous = null;
      if (inCode) state.depth = Math.max(0, state.depth - 1);
      return char === ')' ? 'paren' : char === ']' ? 'squareBracket' : 'brace';
    case '.':
      state.previous = 'dot';
      return 'punctuation';
    case '$':
      // `goto $target` (csml.md §5.4): a variable where a name would be.
      if (stream.match(WORD)) return 'variableName.special';
      return 'punctuation';
    case '@':
      return 'punctuation';
    case ':':
      if (inCode && state.depth === 0 && state.fnHeader) {
        state.fnHeader = false;
        state.inBody = true;
      }
      state.previous = null;
      return 'punctuation';
    default:
      state.previous = null;
      return char === ',' ? 'separator' : 'punctuation';
  }
}

/** What Ctrl-Space offers: keywords, components, built-ins and the engine's variables. */
export const COMPLETIONS: readonly Completion[] = [
  ...[...KEYWORDS, 'end', 'true', 'false', 'null'].map((label) => ({ label, type: 'keyword' })),
  ...[...COMPONENTS].map((label) => ({ label, type: 'class', detail: 'component' })),
  ...[...BUILTINS].map((label) => ({ label, type: 'function', detail: 'built-in' })),
  ...[...SPECIAL_VARIABLES].map((label) => ({ label, type: 'variable' })),
];

const STEP_LABEL = /^[\p{L}\p{N}_-]+:(?!:)/u;
const CLOSING = /^[)\]}]/;

export const csmlParser: StreamParser<CsmlState> = {
  name: 'csml',
  startState: () => ({ stack: [], depth: 0, inBody: false, fnHeader: false, previous: null }),
  copyState: (state) => ({ ...state, stack: [...state.stack] }),
  token(stream, state) {
    switch (state.stack.at(-1)) {
      case 'string':
        return string(stream, state);
      case 'comment':
        return blockComment(stream, state);
      case 'interpolation':
      case undefined:
        return code(stream, state);
    }
  },
  indent(state, textAfter, context) {
    const top = state.stack.at(-1);
    // Inside a string or a comment the text is the author's: keep the line's indentation.
    if (top === 'string' || top === 'comment') return null;
    if (STEP_LABEL.test(textAfter)) return 0;
    const depth = state.depth - (CLOSING.test(textAfter) ? 1 : 0);
    return context.unit * (Math.max(0, depth) + (state.inBody ? 1 : 0));
  },
  languageData: {
    commentTokens: { line: '//', block: { open: '/*', close: '*/' } },
    closeBrackets: { brackets: ['(', '[', '{', '"'] },
    // A closing bracket or a step label typed alone on its line goes to its own indentation.
    indentOnInput: /^\s*(?:[)\]}]|[\p{L}\p{N}_-]+:)$/u,
    wordChars: '-',
    autocomplete: completeFromList([...COMPLETIONS]),
  },
};

export const csmlLanguage = StreamLanguage.define(csmlParser);

/** Colours for a light background, each at least 4.5:1 against white. */
export const csmlHighlightStyle = HighlightStyle.define([
  { tag: tags.keyword, color: '#7c3aed', fontWeight: '600' },
  { tag: tags.labelName, color: '#1d4ed8', fontWeight: '700' },
  { tag: tags.string, color: '#15803d' },
  { tag: [tags.escape, tags.special(tags.brace)], color: '#b45309', fontWeight: '600' },
  { tag: [tags.number, tags.bool, tags.null], color: '#c2410c' },
  { tag: [tags.lineComment, tags.blockComment], color: '#6b7280', fontStyle: 'italic' },
  { tag: tags.special(tags.variableName), color: '#0e7490', fontWeight: '600' },
  { tag: tags.typeName, color: '#a21caf', fontWeight: '600' },
  { tag: tags.standard(tags.variableName), color: '#0f766e', fontWeight: '600' },
  { tag: tags.function(tags.variableName), color: '#1e40af' },
  { tag: tags.definition(tags.variableName), color: '#1d4ed8' },
  { tag: [tags.propertyName, tags.function(tags.propertyName)], color: '#374151' },
  { tag: tags.operator, color: '#be185d' },
]);

/** CSML with its highlighting, for an editor's extensions. */
export function csml(): LanguageSupport {
  return new LanguageSupport(csmlLanguage);
}
