import { describe, expect, it } from 'vitest';
import { validateBot } from '../../../src/csml/validate/index.js';
import { bot, codes, covered, ofCode, validateFlow } from './helpers.js';

describe('missing_start', () => {
  it('reports a flow with steps and no start, at 1:1', () => {
    const diagnostics = validateBot(
      bot({ main: 'start:\n  say "main"\n', other: 'hello:\n  say "hi"\n' }),
    );
    expect(diagnostics).toEqual([
      {
        code: 'missing_start',
        severity: 'error',
        message: "missing step 'start' in flow [other]",
        flow: 'other',
        step: null,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      },
    ]);
  });

  it('flags the default flow too', () => {
    expect(codes(validateFlow('hello:\n  say "hi"\n'))).toEqual(['missing_start']);
  });

  it('accepts a flow without any step', () => {
    const diagnostics = validateBot(
      bot({ main: 'start:\n  say "hi"\n', lib: 'fn add(a, b):\n  return a + b\n' }),
    );
    expect(diagnostics).toEqual([]);
  });
});

describe('duplicates', () => {
  it('reports a duplicate step at the later name', () => {
    const source = 'start:\n  say "a"\n\nother:\n  say "b"\n\nstart:\n  say "c"\n';
    const diagnostics = validateFlow(source);
    expect(codes(diagnostics)).toEqual(['duplicate_step']);
    const d = diagnostics[0]!;
    expect(d.message).toBe('duplicate step start');
    expect(d.line).toBe(7);
    expect(covered(source, d)).toBe('start');
  });

  it('reports each further duplicate', () => {
    const source = 'start:\n  say "a"\nstart:\n  say "b"\nstart:\n  say "c"\n';
    expect(ofCode(validateFlow(source), 'duplicate_step').map((d) => d.line)).toEqual([3, 5]);
  });

  it('reports a duplicate function', () => {
    const source = 'start:\n  say f()\n\nfn f():\n  return 1\n\nfn f():\n  return 2\n';
    const diagnostics = validateFlow(source);
    expect(codes(diagnostics)).toEqual(['duplicate_function']);
    expect(diagnostics[0]!.message).toBe('duplicate function f');
    expect(diagnostics[0]!.line).toBe(7);
    expect(diagnostics[0]!.step).toBeNull();
  });

  it('allows a step and a function of the same name, and equal names in two flows', () => {
    const diagnostics = validateBot(
      bot({
        main: 'start:\n  say go()\n  goto flow other\n\nfn go():\n  return 1\n\ngo:\n  say "x"\n',
        other: 'start:\n  say "y"\n',
      }),
    );
    expect(diagnostics).toEqual([]);
  });
});

describe('diagnostics list', () => {
  it('sorts bot-level first, then flow order, line and column', () => {
    const diagnostics = validateBot(
      bot(
        {
          b: 'start:\n  goto nowhere\n  break\n',
          a: 'start:\n  continue\n  say Nope()\n',
        },
        { defaultFlow: 'zzz' },
      ),
    );
    expect(diagnostics.map((d) => [d.code, d.flow, d.line, d.column, d.step] as const)).toEqual([
      ['default_flow_missing', null, 1, 1, null],
      ['unknown_step', 'b', 2, 8, 'start'],
      ['break_outside_loop', 'b', 3, 3, 'start'],
      ['continue_outside_loop', 'a', 2, 3, 'start'],
      ['unknown_function', 'a', 3, 7, 'start'],
    ]);
  });

  it('drops exact duplicates', () => {
    const diagnostics = validateFlow('start:\n  say Nope() say Nope()\n');
    // Two calls at different columns: two findings, never the same one twice.
    expect(ofCode(diagnostics, 'unknown_function').map((d) => d.column)).toEqual([7, 18]);
    const keys = diagnostics.map((d) => JSON.stringify(d));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('includes the parser diagnostics and still runs the rules on a flow with parse errors', () => {
    const diagnostics = validateFlow('start:\n  say (\n\nnext:\n  break\n');
    expect(codes(diagnostics)).toContain('syntax_error');
    expect(codes(diagnostics)).toContain('break_outside_loop');
  });

  it('names the enclosing step, or null in functions and at top level', () => {
    const source = [
      'const K = "x"',
      'import nothing from main',
      'start:',
      '  say Nope()',
      'fn f():',
      '  return Nope()',
    ].join('\n');
    const steps = validateFlow(source).map((d) => [d.code, d.step] as const);
    expect(steps).toEqual([
      ['import_not_found', null],
      ['unknown_function', 'start'],
      ['unknown_function', null],
    ]);
  });
});
