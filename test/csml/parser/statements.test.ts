import { describe, expect, it } from 'vitest';
import { declarations, errors, ident, int, statements, str, strip } from './helpers.js';

const body = (source: string) => strip(statements(source));

describe('say, do, remember, forget', () => {
  it('reads statements with no separators', () => {
    expect(body('say "Hi" goto end')).toEqual([
      { kind: 'Say', value: str('Hi') },
      {
        kind: 'Goto',
        target: {
          kind: 'StepAtFlow',
          step: { kind: 'Name', name: 'end' },
          at: false,
          flow: null,
          bot: null,
        },
      },
    ]);
  });

  it('tells assignments, compound assignments, as and plain do apart', () => {
    expect(body('do a.b[0].c += 1')).toEqual([
      {
        kind: 'Assign',
        target: {
          kind: 'Path',
          base: ident('a'),
          segments: [
            { kind: 'Key', name: 'b' },
            { kind: 'Index', index: int(0) },
            { kind: 'Key', name: 'c' },
          ],
        },
        op: '+=',
        value: int(1),
        viaAs: false,
      },
    ]);
    expect(body('do x = 1 as y')).toMatchObject([
      { kind: 'Assign', op: '=', value: { kind: 'As' } },
    ]);
    expect(body('do value as key')).toEqual([
      { kind: 'Assign', target: ident('key'), op: '=', value: ident('value'), viaAs: true },
    ]);
    expect(body('do list.push(1)')).toMatchObject([{ kind: 'Do', value: { kind: 'Path' } }]);
    expect(body('do x == 1')).toMatchObject([{ kind: 'Do', value: { kind: 'Comparison' } }]);
  });

  it('refuses assignments to calls, methods and read-only names', () => {
    expect(errors('start:\n do f() = 1')).toEqual(['2:5 syntax_error']);
    expect(errors('start:\n do a.b() = 1')).toEqual(['2:5 syntax_error']);
    expect(errors('start:\n do event = 1')).toEqual(['2:5 reserved_word']);
    expect(errors('start:\n do _metadata.x = 1')).toEqual(['2:5 reserved_word']);
  });

  it('reads both forms of remember', () => {
    expect(body('remember name = event')).toEqual([
      { kind: 'Remember', name: { name: 'name' }, value: ident('event') },
    ]);
    expect(body('remember "" as key')).toEqual([
      { kind: 'Remember', name: { name: 'key' }, value: str('') },
    ]);
    expect(errors('start:\n remember x.y = 1')).toEqual(['2:2 syntax_error']);
    expect(errors('start:\n remember 1 + 2 as x')).toEqual(['2:2 syntax_error']);
  });

  it('reads every form of forget', () => {
    expect(body('forget *')).toEqual([{ kind: 'Forget', names: '*' }]);
    expect(body('forget a')).toEqual([{ kind: 'Forget', names: [{ name: 'a' }] }]);
    expect(body('forget [a, b,]')).toEqual([
      { kind: 'Forget', names: [{ name: 'a' }, { name: 'b' }] },
    ]);
  });

  it('reads log levels in any case, and debug', () => {
    expect(body('log "x" log WARN "y" debug z')).toEqual([
      { kind: 'Log', level: 'info', value: str('x') },
      { kind: 'Log', level: 'warn', value: str('y') },
      { kind: 'Debug', value: ident('z') },
    ]);
  });
});

describe('goto and previous', () => {
  const target = (source: string) => {
    const [stmt] = statements(`goto ${source}`);
    if (stmt?.kind !== 'Goto') throw new Error('expected goto');
    return strip(stmt.target);
  };
  const name = (n: string) => ({ kind: 'Name', name: n });

  it('reads every form of the table in csml.md §5.4', () => {
    expect(target('key')).toEqual({
      kind: 'StepAtFlow',
      step: name('key'),
      at: false,
      flow: null,
      bot: null,
    });
    expect(target('step key')).toEqual({ kind: 'Step', step: name('key') });
    expect(target('flow other')).toEqual({ kind: 'Flow', flow: name('other') });
    expect(target('s@f')).toEqual({
      kind: 'StepAtFlow',
      step: name('s'),
      at: true,
      flow: name('f'),
      bot: null,
    });
    expect(target('@f')).toEqual({
      kind: 'StepAtFlow',
      step: null,
      at: true,
      flow: name('f'),
      bot: null,
    });
    expect(target('s@')).toEqual({
      kind: 'StepAtFlow',
      step: name('s'),
      at: true,
      flow: null,
      bot: null,
    });
    expect(target('@')).toEqual({
      kind: 'StepAtFlow',
      step: null,
      at: true,
      flow: null,
      bot: null,
    });
    expect(target('$obj.params.name')).toEqual({
      kind: 'StepAtFlow',
      step: {
        kind: 'Variable',
        expr: {
          kind: 'Path',
          base: ident('obj'),
          segments: [
            { kind: 'Key', name: 'params' },
            { kind: 'Key', name: 'name' },
          ],
        },
      },
      at: false,
      flow: null,
      bot: null,
    });
    expect(target('$s@$f in $b')).toMatchObject({
      step: { kind: 'Variable' },
      flow: { kind: 'Variable' },
      bot: { kind: 'Variable' },
    });
    expect(target('step $v')).toMatchObject({ kind: 'Step', step: { kind: 'Variable' } });
  });

  it('does not read a step named in as a bot switch', () => {
    const [step] = declarations('start:\n goto a\nin:\n say 1');
    expect(step?.kind === 'Step' && strip(step.body.statements)).toEqual([
      {
        kind: 'Goto',
        target: {
          kind: 'StepAtFlow',
          step: { kind: 'Name', name: 'a' },
          at: false,
          flow: null,
          bot: null,
        },
      },
    ]);
  });

  it('refuses goto event, goto a.b and goto a b', () => {
    expect(errors('start:\n goto event')).toEqual(['2:7 reserved_word']);
    expect(errors('start:\n goto a.b')).toEqual(['2:8 syntax_error']);
    expect(errors('start:\n goto a b')).toEqual(['2:9 syntax_error']);
    expect(errors('start:\n goto')).toEqual(['2:6 syntax_error']);
  });

  it('reads previous step and previous flow', () => {
    expect(body('previous step previous flow')).toEqual([
      { kind: 'Previous', target: 'step' },
      { kind: 'Previous', target: 'flow' },
    ]);
  });
});

describe('control flow', () => {
  it('keeps else-if chains flat and accepts brace-less branches', () => {
    expect(body('if (a) say 1 else if (b) { say 2 } else say 3')).toEqual([
      {
        kind: 'If',
        branches: [
          {
            condition: ident('a'),
            body: { kind: 'Block', statements: [{ kind: 'Say', value: int(1) }], braces: false },
          },
          {
            condition: ident('b'),
            body: { kind: 'Block', statements: [{ kind: 'Say', value: int(2) }], braces: true },
          },
        ],
        elseBody: { kind: 'Block', statements: [{ kind: 'Say', value: int(3) }], braces: false },
      },
    ]);
  });

  it('reads foreach with and without an index, and while', () => {
    expect(body('foreach (item, i) in list as l { continue } while (x) { break }')).toMatchObject([
      {
        kind: 'Foreach',
        item: { name: 'item' },
        index: { name: 'i' },
        iterable: { kind: 'As' },
        body: { statements: [{ kind: 'Continue' }] },
      },
      { kind: 'While', condition: ident('x'), body: { statements: [{ kind: 'Break' }] } },
    ]);
  });

  it('requires braces for loops and parentheses for conditions', () => {
    expect(errors('start:\n foreach (x) in y say x')).toEqual(['2:19 syntax_error']);
    expect(errors('start:\n if x { say 1 }')).toEqual(['2:5 syntax_error', '2:15 syntax_error']);
  });

  it('reads hold and hold_secure', () => {
    expect(body('hold hold_secure')).toEqual([
      { kind: 'Hold', secure: false },
      { kind: 'Hold', secure: true },
    ]);
  });
});

describe('declarations', () => {
  it('reads steps, functions of both forms, constants, imports and inserts in any order', () => {
    const decls = strip(
      declarations(`
        const MAX = 3
        import {f, g as h,} from other
        import x
        import y from modules/lib
        insert s as t from other
        fn one(a, b): return a
        fn two() { return 2 }
        start: say one(1, 2)
        log: say "a step may be named log"
      `),
    );
    expect(decls).toEqual([
      { kind: 'Const', name: { name: 'MAX' }, value: int(3) },
      {
        kind: 'Import',
        items: [
          { name: { name: 'f' }, alias: null },
          { name: { name: 'g' }, alias: { name: 'h' } },
        ],
        from: { kind: 'Flow', name: 'other' },
      },
      { kind: 'Import', items: [{ name: { name: 'x' }, alias: null }], from: null },
      {
        kind: 'Import',
        items: [{ name: { name: 'y' }, alias: null }],
        from: { kind: 'Module', name: 'lib' },
      },
      {
        kind: 'Insert',
        items: [{ name: { name: 's' }, alias: { name: 't' } }],
        from: { name: 'other' },
      },
      {
        kind: 'Function',
        name: { name: 'one' },
        params: [{ name: 'a' }, { name: 'b' }],
        body: { kind: 'Block', statements: [{ kind: 'Return', value: ident('a') }], braces: false },
      },
      {
        kind: 'Function',
        name: { name: 'two' },
        params: [],
        body: { kind: 'Block', statements: [{ kind: 'Return', value: int(2) }], braces: true },
      },
      expect.objectContaining({ kind: 'Step', name: { name: 'start' } }),
      expect.objectContaining({ kind: 'Step', name: { name: 'log' } }),
    ]);
  });

  it('keeps duplicate steps for the validator to report', () => {
    expect(declarations('start: say 1\nstart: say 2')).toHaveLength(2);
  });

  it('accepts an empty step and an empty flow', () => {
    expect(declarations('start:')).toHaveLength(1);
    expect(declarations('')).toEqual([]);
    expect(declarations('// only a comment\n/* and another')).toEqual([]);
  });

  it('skips a leading byte order mark', () => {
    expect(declarations('\uFEFFstart: say 1')).toHaveLength(1);
  });
});
