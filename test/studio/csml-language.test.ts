/**
 * The studio's CSML tokenizer (src/studio/editor/csml-language.ts), run line by line as
 * CodeMirror runs it: what each piece of a flow is highlighted as, and where new lines indent.
 */
import { StringStream } from '@codemirror/language';
import { describe, expect, it } from 'vitest';

import { csmlParser } from '../../src/studio/editor/csml-language.js';
import type { CsmlState } from '../../src/studio/editor/csml-language.js';

/** [text, style] for every token of `source` (whitespace left out; neighbours of one style
 * joined, as they look on screen). */
function tokens(source: string): [string, string][] {
  const state = csmlParser.startState!(2);
  const out: [string, string][] = [];
  let lastLine: string | null = null;
  for (const line of source.split('\n')) {
    const stream = new StringStream(line, 4, 2);
    while (!stream.eol()) {
      stream.start = stream.pos;
      const style = csmlParser.token(stream, state);
      if (stream.pos === stream.start) throw new Error(`no progress at ${line}:${stream.pos}`);
      const text = line.slice(stream.start, stream.pos);
      const last = out.at(-1);
      const touching = last !== undefined && stream.start > 0 && line[stream.start - 1] !== ' ';
      if (style !== null && touching && last[1] === style && lastLine === line) last[0] += text;
      else if (style !== null) out.push([text, style]);
      lastLine = line;
    }
  }
  return out;
}

function styleOf(source: string, text: string): string | undefined {
  return tokens(source).find(([token]) => token === text)?.[1];
}

/** The state after `source`, then the indentation the parser asks for `textAfter`. */
function indentAfter(source: string, textAfter = ''): number | null {
  const state: CsmlState = csmlParser.startState!(2);
  for (const line of source.split('\n')) {
    const stream = new StringStream(line, 4, 2);
    while (!stream.eol()) {
      stream.start = stream.pos;
      csmlParser.token(stream, state);
    }
  }
  return csmlParser.indent!(state, textAfter, { unit: 2 });
}

describe('CSML highlighting', () => {
  it('marks step labels, keywords, goto targets and the end', () => {
    const flow = 'start:\n  say "Hi"\n  goto next\nnext:\n  goto end';
    expect(styleOf(flow, 'start')).toBe('labelName');
    expect(styleOf(flow, 'next')).toBe('labelName');
    expect(styleOf(flow, 'say')).toBe('keyword');
    expect(tokens('goto end')).toEqual([
      ['goto', 'keyword'],
      ['end', 'keyword'],
    ]);
    expect(tokens('goto flow other')).toEqual([
      ['goto', 'keyword'],
      ['flow', 'keyword'],
      ['other', 'labelName'],
    ]);
    expect(tokens('goto step-two@support')).toEqual([
      ['goto', 'keyword'],
      ['step-two', 'labelName'],
      ['@', 'punctuation'],
      ['support', 'variableName'],
    ]);
  });

  it('keeps `{{ }}` interpolation code inside strings, nested strings included', () => {
    expect(tokens('say "Hi {{ name.to_uppercase() }}!"')).toEqual([
      ['say', 'keyword'],
      ['"Hi ', 'string'],
      ['{{', 'brace.special'],
      ['name', 'variableName'],
      ['.', 'punctuation'],
      ['to_uppercase', 'propertyName.function'],
      ['()', 'paren'],
      ['}}', 'brace.special'],
      ['!"', 'string'],
    ]);
    expect(tokens('"a {{ "b" + c }} d"')).toEqual([
      ['"a ', 'string'],
      ['{{', 'brace.special'],
      ['"b"', 'string'],
      ['+', 'operator'],
      ['c', 'variableName'],
      ['}}', 'brace.special'],
      [' d"', 'string'],
    ]);
    expect(tokens('"\\{{ not code"')).toEqual([
      ['"', 'string'],
      ['\\{', 'escape'],
      ['{ not code"', 'string'],
    ]);
  });

  it('carries strings and block comments across lines', () => {
    const source = 'say "one\ntwo" /* a\nb */ say 1';
    expect(tokens(source)).toEqual([
      ['say', 'keyword'],
      ['"one', 'string'],
      ['two"', 'string'],
      ['/* a', 'blockComment'],
      ['b */', 'blockComment'],
      ['say', 'keyword'],
      ['1', 'number'],
    ]);
    expect(styleOf('say 1 // say "x"', '// say "x"')).toBe('lineComment');
  });

  it('tells numbers, booleans, null and identifiers with dashes apart', () => {
    expect(styleOf('do x = 1_000', '1_000')).toBe('number');
    expect(styleOf('do x = 12.5', '12.5')).toBe('number');
    expect(styleOf('do x = .5', '.5')).toBe('number');
    expect(styleOf('do x = NULL', 'NULL')).toBe('null');
    expect(styleOf('do x = true', 'true')).toBe('bool');
    expect(styleOf('do my-var = 1', 'my-var')).toBe('variableName');
  });

  it('names components, built-ins, functions, methods and the engine’s variables', () => {
    const line =
      'say Question("?", buttons = [Button("a") as a]) do OneOf(x) do f(1) do event.match(a)';
    expect(styleOf(line, 'Question')).toBe('typeName');
    expect(styleOf(line, 'Button')).toBe('typeName');
    expect(styleOf(line, 'OneOf')).toBe('variableName.standard');
    expect(styleOf(line, 'f')).toBe('variableName.function');
    expect(styleOf(line, 'event')).toBe('variableName.special');
    expect(styleOf(line, 'match')).toBe('propertyName.function');
    expect(styleOf(line, 'as')).toBe('keyword');
    expect(styleOf(line, '"a"')).toBe('string');
    expect(styleOf(line, 'a')).toBe('variableName.definition');
    expect(styleOf('fn add(a, b):', 'add')).toBe('variableName.definition');
    expect(styleOf('do Component.Quick(x)', 'Component')).toBe('typeName');
    expect(styleOf('goto $target', '$target')).toBe('variableName.special');
  });
});

describe('CSML indentation', () => {
  it('indents a step body and brackets, and puts labels at the margin', () => {
    expect(indentAfter('start:')).toBe(2);
    expect(indentAfter('start:\n  say "a"')).toBe(2);
    expect(indentAfter('start:\n  if (x) {')).toBe(4);
    expect(indentAfter('start:\n  if (x) {', '}')).toBe(2);
    expect(indentAfter('start:\n  say 1', 'next:')).toBe(0);
    expect(indentAfter('const X = 1')).toBe(0);
    expect(indentAfter('fn f(a):')).toBe(2);
    expect(indentAfter('fn f(a) {')).toBe(2);
    expect(indentAfter('say "open\nstring')).toBeNull();
  });
});
