import { describe, expect, it } from 'vitest';
import { validateBot } from '../../../src/csml/validate/index.js';
import { bot, codes, covered, validateFlow } from './helpers.js';

const LIB = 'fn add(a, b):\n  return a + b\n\nfn twice(x):\n  return x * 2\n';

describe('import', () => {
  it('accepts imports from a flow, with aliases and braces, flow name in any case', () => {
    const diagnostics = validateBot(
      bot({
        main: [
          'import add from lib',
          'import twice as double from LIB',
          'import {add as plus, twice} from lib',
          'start:',
          '  say add(1, plus(2, double(twice(3))))',
        ].join('\n'),
        lib: LIB,
      }),
    );
    expect(diagnostics).toEqual([]);
  });

  it('reports a function missing in the source flow, or a missing flow', () => {
    const source = 'import sub from lib\nimport add from nowhere\nstart:\n  say "x"\n';
    const diagnostics = validateBot(bot({ main: source, lib: LIB }));
    expect(diagnostics.map((d) => [d.code, d.message, d.line])).toEqual([
      ['import_not_found', "import failed function 'sub' not found in flow 'lib'", 1],
      ['import_not_found', "import failed function 'add' not found in flow 'nowhere'", 2],
    ]);
    expect(covered(source, diagnostics[0]!)).toBe('sub');
  });

  it('does not accept an import of an import', () => {
    const diagnostics = validateBot(
      bot({
        main: 'import add from middle\nstart:\n  say add(1, 2)\n',
        middle: 'import add from lib\n',
        lib: LIB,
      }),
    );
    expect(codes(diagnostics)).toEqual(['import_not_found']);
    expect(diagnostics[0]!.flow).toBe('main');
  });

  it('searches every flow without from', () => {
    expect(validateBot(bot({ main: 'import add\nstart:\n  say add(1, 2)\n', lib: LIB }))).toEqual(
      [],
    );
    const missing = validateBot(bot({ main: 'import nope\nstart:\n  say "x"\n', lib: LIB }));
    expect(missing.map((d) => [d.code, d.message])).toEqual([
      ['import_not_found', "function 'nope' not found in bot"],
    ]);
  });

  it('warns when several flows define the function, naming the first', () => {
    const diagnostics = validateBot(
      bot({
        main: 'import add\nstart:\n  say add(1, 2)\n',
        lib: LIB,
        lib2: 'fn add(a, b):\n  return a - b\n',
      }),
    );
    expect(codes(diagnostics)).toEqual(['ambiguous_import']);
    expect(diagnostics[0]!.severity).toBe('warning');
    expect(diagnostics[0]!.message).toContain("'lib', 'lib2'");
    expect(diagnostics[0]!.message).toContain("from the first, 'lib'");
  });

  it('reports a local name that clashes with a function of the flow', () => {
    const source =
      'import add from lib\nimport twice as f from lib\nstart:\n  say f(1)\nfn f(x):\n  return x\nfn add(a, b):\n  return 0\n';
    const diagnostics = validateBot(bot({ main: source, lib: LIB }));
    expect(diagnostics.map((d) => [d.code, d.message, d.line])).toEqual([
      [
        'import_conflict',
        "import failed a function named 'add' already exist in current flow 'main'",
        1,
      ],
      [
        'import_conflict',
        "import failed a function named 'f' already exist in current flow 'main'",
        2,
      ],
    ]);
    expect(covered(source, diagnostics[1]!)).toBe('f');
  });

  it('reports a name imported twice', () => {
    const source = 'import add from lib\nimport add from lib\nstart:\n  say add(1, 2)\n';
    const diagnostics = validateBot(bot({ main: source, lib: LIB }));
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['import_conflict', 2]]);
  });

  it('refuses external modules', () => {
    const source = 'import add from modules/module\nstart:\n  say add(1, 2)\n';
    const diagnostics = validateFlow(source);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['import_unsupported', 'external modules are not supported: modules/module'],
    ]);
  });
});

describe('insert', () => {
  it('accepts inserted steps, with aliases, as goto targets', () => {
    const diagnostics = validateBot(
      bot({
        main: [
          'insert greet from lib',
          'insert {bye as farewell} from LIB',
          'start:',
          '  if (event) { goto greet }',
          '  goto farewell',
        ].join('\n'),
        lib: 'start:\n  say "lib"\ngreet:\n  say "hello"\nbye:\n  say "bye"\n',
      }),
    );
    expect(diagnostics).toEqual([]);
  });

  it('reports a step missing in the source flow, or a missing flow', () => {
    const source = 'insert nope from lib\ninsert greet from nowhere\nstart:\n  say "x"\n';
    const diagnostics = validateBot(bot({ main: source, lib: 'start:\n  say "lib"\n' }));
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['insert_not_found', "insert failed, step 'nope' not found in flow 'lib'"],
      ['insert_not_found', "insert failed, step 'greet' not found in flow 'nowhere'"],
    ]);
    expect(covered(source, diagnostics[0]!)).toBe('nope');
  });

  it('reports a clash with a local step, and a name inserted twice', () => {
    const source = 'insert start from lib\ninsert {a, b as a} from lib\nstart:\n  say "x"\n';
    const diagnostics = validateBot(
      bot({ main: source, lib: 'start:\n  say "lib"\na:\n  say "a"\nb:\n  say "b"\n' }),
    );
    expect(diagnostics.map((d) => [d.code, d.message, d.line])).toEqual([
      [
        'insert_conflict',
        "insert failed, a step named 'start' already exist in current flow 'main'",
        1,
      ],
      ['insert_conflict', 'duplicate insert a', 2],
    ]);
  });
});
