import { describe, expect, it } from 'vitest';
import { codes, covered, ofCode, validateFlow } from './helpers.js';

describe('not_allowed_in_function', () => {
  const actions: [string, string][] = [
    ['say', 'say "hi"'],
    ['goto', 'goto start'],
    ['previous', 'previous step'],
    ['remember', 'remember x = 1'],
    ['forget', 'forget x'],
    ['use', 'use 1 as x'],
    ['hold', 'hold'],
    ['hold_secure', 'hold_secure'],
  ];

  for (const [keyword, statement] of actions) {
    it(`reports '${keyword}' in a fn body`, () => {
      const source = `start:\n  say f()\n\nfn f():\n  ${statement}\n  return 1\n`;
      const found = ofCode(validateFlow(source), 'not_allowed_in_function');
      expect(found).toHaveLength(1);
      expect(found[0]!.message).toBe(`'${keyword}' action is not allowed in function scope`);
      expect(found[0]!.line).toBe(5);
      expect(found[0]!.step).toBeNull();
    });

    it(`reports '${keyword}' in a closure inside a step`, () => {
      const source = `start:\n  do c = () {\n    ${statement}\n  }\n  say c()\n`;
      const found = ofCode(validateFlow(source), 'not_allowed_in_function');
      expect(found.map((d) => [d.message, d.line, d.step])).toEqual([
        [`'${keyword}' action is not allowed in function scope`, 3, 'start'],
      ]);
    });
  }

  it('allows the same actions in a step', () => {
    const source = 'start:\n  say "hi"\n  remember x = 1\n  forget x\n  hold\n  goto end\n';
    expect(validateFlow(source)).toEqual([]);
  });

  it('allows do, if, loops, debug, log and return in a function', () => {
    const source = [
      'start:',
      '  say f([1, 2])',
      'fn f(xs):',
      '  do n = 0',
      '  foreach (x) in xs {',
      '    if (x > 1) { break }',
      '    do n += x',
      '  }',
      '  while (n < 10) { do n += 1 continue }',
      '  debug n',
      '  log n',
      '  return n',
    ].join('\n');
    expect(validateFlow(source)).toEqual([]);
  });
});

describe('return, break, continue', () => {
  it('reports return in a step', () => {
    const source = 'start:\n  return 1\n';
    const diagnostics = validateFlow(source);
    expect(codes(diagnostics)).toEqual(['return_outside_function']);
    expect(diagnostics[0]!.message).toBe("'return' action is not allowed outside function scope");
    expect(covered(source, diagnostics[0]!)).toBe('return 1');
  });

  it('allows return in a closure', () => {
    expect(validateFlow('start:\n  do c = (x) { return x }\n  say c(1)\n')).toEqual([]);
  });

  it('reports break and continue outside loops', () => {
    const diagnostics = validateFlow('start:\n  break\n  if (true) { continue }\n');
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['break_outside_loop', "'break' action is not allowed outside loop"],
      ['continue_outside_loop', "'continue' action is not allowed outside loop"],
    ]);
  });

  it('allows break and continue in foreach and while, nested in if', () => {
    const source = [
      'start:',
      '  foreach (x) in [1, 2] {',
      '    if (x == 1) { continue }',
      '    break',
      '  }',
      '  while (true) {',
      '    if (true) break else continue',
      '  }',
    ].join('\n');
    expect(validateFlow(source)).toEqual([]);
  });

  it('reports break after a loop has ended', () => {
    const source = 'start:\n  foreach (x) in [1] { say x }\n  break\n';
    expect(codes(validateFlow(source))).toEqual(['break_outside_loop']);
  });

  it('gives a closure body the loop depth of where it is written (reference)', () => {
    const inLoop = 'start:\n  foreach (x) in [1] {\n    do c = () { break }\n  }\n';
    expect(ofCode(validateFlow(inLoop), 'break_outside_loop')).toEqual([]);
    const outside = 'start:\n  do c = () { break }\n';
    expect(codes(validateFlow(outside))).toEqual(['break_outside_loop']);
  });

  it('starts a fn body at loop depth 0', () => {
    const source = 'start:\n  say f()\nfn f():\n  continue\n  return 1\n';
    expect(codes(validateFlow(source))).toEqual(['continue_outside_loop']);
  });
});

describe('deprecated_use', () => {
  it('warns on use', () => {
    const source = 'start:\n  use 42 as x\n  say x\n';
    const diagnostics = validateFlow(source);
    expect(codes(diagnostics)).toEqual(['deprecated_use']);
    expect(diagnostics[0]!.severity).toBe('warning');
    expect(diagnostics[0]!.message).toMatch(/^use will be soon a deprecated keyword/);
  });

  it('does not warn on do … as', () => {
    expect(validateFlow('start:\n  do 42 as x\n  say x\n')).toEqual([]);
  });
});
