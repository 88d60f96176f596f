import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../../../src/csml/parser/parser.js';
import { errors, parse } from './helpers.js';

describe('diagnostic positions', () => {
  it('counts columns in UTF-8 bytes and lines from 1', () => {
    const [d] = parse('start:\n  say "😀é" +').diagnostics;
    // `  say "😀é" +` — the quote at byte 7, 😀 is 4 bytes and é 2, so `+` is at byte 16.
    expect(d).toMatchObject({
      line: 2,
      column: 17,
      code: 'syntax_error',
      severity: 'error',
      flow: 'flow',
      step: 'start',
    });
  });

  it('gives the end of the offending token', () => {
    const [d] = parse('start:\n say import').diagnostics;
    expect(d).toMatchObject({ line: 2, column: 6, endLine: 2, endColumn: 12 });
  });

  it('names the step, or null outside steps', () => {
    const diagnostics = parse('fn f(): say (\nstart:\n say (\nother:\n do = 1').diagnostics;
    expect(diagnostics.map((d) => d.step)).toEqual([null, 'start', 'other']);
  });
});

describe('recovery', () => {
  it('reports every error of a flow in one pass', () => {
    expect(
      errors(`start:
  say 1 +
  goto next
next:
  do x = [1, 2
  say "ok" )
  remember
third:
  if (x { say 1 }
  say "still parsed"`),
    ).toEqual([
      '3:3 syntax_error',
      '6:3 syntax_error',
      '6:12 syntax_error',
      '7:3 syntax_error',
      '9:9 syntax_error',
      '9:17 syntax_error',
    ]);
  });

  it('keeps the steps after an error', () => {
    const result = parse('start:\n say (\nnext:\n say 1\nlast:\n goto end');
    expect(result.ast.declarations.map((d) => d.kind === 'Step' && d.name.name)).toEqual([
      'start',
      'next',
      'last',
    ]);
  });

  it('does not take an object key for a step header', () => {
    expect(errors('start:\n say {a: 1}\n say 2')).toEqual(['2:7 syntax_error']);
  });

  it('explains statements outside steps and a space before the colon', () => {
    const messages = parse('say "hi"\nstart :\n say 1').diagnostics.map((d) => d.message);
    expect(messages).toEqual([
      "'say' must be inside a step: begin the flow with a step name and ':' (e.g. start:)",
      "no space is allowed between the step name 'start' and ':'",
    ]);
  });

  it('lets an unterminated block comment swallow the rest, as the reference engine does', () => {
    expect(errors('start:\n say 1 /* say (')).toEqual([]);
  });
});

describe('limits', () => {
  it(`reports nesting deeper than ${MAX_NESTING} once, without overflowing the stack`, () => {
    const deep = 'start:\n say ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n say "after"';
    const result = parse(deep);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['nesting_too_deep']);
    const [step] = result.ast.declarations;
    expect(step?.kind === 'Step' && step.body.statements).toHaveLength(2);
  });

  it(`accepts ${MAX_NESTING} levels`, () => {
    const nested = 'start:\n say ' + '['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING);
    expect(errors(nested)).toEqual([]);
  });

  it('caps the diagnostics kept for one flow', () => {
    const result = parse('start:\n' + ' say )\n'.repeat(2000));
    expect(result.diagnostics.length).toBe(500);
  });
});
