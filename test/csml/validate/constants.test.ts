import { describe, expect, it } from 'vitest';
import { codes, covered, ofCode, validateFlow } from './helpers.js';

const INVALID =
  'Constant invalid expression type: constants can not be assign this type of expression';

describe('invalid_constant', () => {
  it('evaluates constants as the reference engine does when it loads a flow', () => {
    const problems = (value: string) =>
      ofCode(validateFlow(`const X = ${value}\nstart:\n  say X`), 'invalid_constant').map(
        (d) => d.message,
      );
    expect(problems('1 + []')).toEqual(['illegal operation: PrimitiveInt + PrimitiveArray']);
    expect(problems('9223372036854775807 + 1')).toEqual([
      'overflowing operation: PrimitiveInt + PrimitiveInt',
    ]);
    expect(problems('1 / 0')).toEqual(['[!] Int: Division by zero']);
    expect(problems('[1, "a" + "b", {"k": 1 / 2}]')).toEqual([]);
  });

  it('accepts literals, arrays, objects and operators between constant expressions', () => {
    const source = [
      'const A = 1',
      'const B = -2.5',
      'const C = "text"',
      'const D = true',
      'const E = null',
      'const F = [1, "a", [true], {"k": null}]',
      'const G = {"a": {"b": [1, 2]}}',
      'const H = 1 + 2 * 3',
      'const I = !false',
      'const J = 1 < 2 && "a" == "a" || false',
      'start:',
      '  say A',
    ].join('\n');
    expect(validateFlow(source)).toEqual([]);
  });

  const invalid: [string, string][] = [
    ['a template', '"hello {{ 1 }}"'],
    ['a variable', 'event'],
    ['a call', 'Length("abc")'],
    ['a path', '[1, 2].length()'],
    ['a closure', '(x) { return x }'],
    ['a nested variable', '[1, {"k": x}]'],
    ['a variable in an operation', '1 + x'],
  ];
  for (const [what, expr] of invalid) {
    it(`reports ${what}`, () => {
      const diagnostics = validateFlow(`const K = ${expr}\nstart:\n  say K\n`);
      expect(codes(diagnostics)).toEqual(['invalid_constant']);
      expect(diagnostics[0]!.message).toBe(INVALID);
      expect(diagnostics[0]!.step).toBeNull();
    });
  }

  it('points at the offending part', () => {
    const source = 'const K = [1, 2, x]\nstart:\n  say K\n';
    expect(covered(source, validateFlow(source)[0]!)).toBe('x');
  });

  it('reports match in a constant', () => {
    const source = 'const K = "a" match "a"\nconst L = "a" !match "b"\nstart:\n  say K\n';
    const diagnostics = validateFlow(source);
    expect(diagnostics.map((d) => [d.code, d.message, d.line])).toEqual([
      ['invalid_constant', 'invalid operation in constant declaration', 1],
      ['invalid_constant', 'invalid operation in constant declaration', 2],
    ]);
  });
});

describe('constant_reassigned', () => {
  it('reports do CONST = …, compound assignment and do … as CONST', () => {
    const source = [
      'const K = 1',
      'start:',
      '  do K = 2',
      '  do K += 1',
      '  do 3 as K',
      'fn f():',
      '  do K = 4',
      '  return K',
    ].join('\n');
    const diagnostics = ofCode(validateFlow(source), 'constant_reassigned');
    expect(diagnostics.map((d) => [d.message, d.line, d.step])).toEqual([
      ["constant 'K' is immutable and can not be changed", 3, 'start'],
      ["constant 'K' is immutable and can not be changed", 4, 'start'],
      ["constant 'K' is immutable and can not be changed", 5, 'start'],
      ["constant 'K' is immutable and can not be changed", 7, null],
    ]);
    expect(covered(source, diagnostics[0]!)).toBe('K');
  });

  it('ignores path targets, other names and constants of other flows', () => {
    const source = 'const K = {"a": 1}\nstart:\n  do K.a = 2\n  do k = 1\n  do L = 1\n';
    expect(ofCode(validateFlow(source), 'constant_reassigned')).toEqual([]);
  });
});
