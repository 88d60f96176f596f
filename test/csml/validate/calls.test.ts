import { describe, expect, it } from 'vitest';
import { validateBot } from '../../../src/csml/validate/index.js';
import { bot, codes, covered, ofCode, validateFlow } from './helpers.js';

describe('unknown_function', () => {
  it('reports a call to nothing, at the name', () => {
    const source = 'start:\n  say Foo(1, 2)\n';
    const diagnostics = validateFlow(source);
    expect(codes(diagnostics)).toEqual(['unknown_function']);
    expect(diagnostics[0]!.message).toBe('function [Foo] does not exist');
    expect(covered(source, diagnostics[0]!)).toBe('Foo');
  });

  it('knows native components, built-ins, Or and Component', () => {
    const source = [
      'start:',
      '  say Text("a")',
      '  say Button("b")',
      '  say Disconnect()',
      '  say Length("abc")',
      '  say Or(null, 1)',
      '  say UUID()',
      '  do Component()',
      '  say Time().unix()',
    ].join('\n');
    expect(validateFlow(source)).toEqual([]);
  });

  it('uses the bot native components when given', () => {
    const source = 'start:\n  say Text("a")\n  say Shout("b")\n';
    const diagnostics = validateFlow(source, {
      nativeComponents: { Shout: { params: [{ text: { required: true, type: 'String' } }] } },
    });
    expect(diagnostics.map((d) => d.message)).toEqual(['function [Text] does not exist']);
  });

  it('knows functions of the same flow, not of other flows', () => {
    const diagnostics = validateBot(
      bot({
        main: 'start:\n  say add(1, 2)\n  say twice(3)\n  goto flow other\n\nfn add(a, b):\n  return a + b\n',
        other: 'start:\n  say add(1, 2)\n\nfn twice(x):\n  return x * 2\n',
      }),
    );
    expect(diagnostics.map((d) => [d.code, d.flow, d.message])).toEqual([
      ['unknown_function', 'main', 'function [twice] does not exist'],
      ['unknown_function', 'other', 'function [add] does not exist'],
    ]);
  });

  it('knows imports by their local name', () => {
    const diagnostics = validateBot(
      bot({
        main: 'import twice as double from lib\nstart:\n  say double(2)\n  say twice(2)\n',
        lib: 'fn twice(x):\n  return x * 2\n',
      }),
    );
    expect(diagnostics.map((d) => d.message)).toEqual(['function [twice] does not exist']);
  });

  it('checks calls in nested places: args, paths, templates, conditions, fn bodies', () => {
    const source = [
      'start:',
      '  say [1].map((x) { return A(x) })',
      '  say "{{ B() }}"',
      '  if (C()) { do x = { "k": [D()] } }',
      '  foreach (i) in E() { say i }',
      '  say 1 + F() - G()',
      'fn f():',
      '  return I()',
    ].join('\n');
    const names = ofCode(validateFlow(source), 'unknown_function').map((d) => d.message);
    expect(names).toEqual(
      ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'I'].map((n) => `function [${n}] does not exist`),
    );
  });

  describe('closures', () => {
    it('knows a closure bound with do x = …, in the same step', () => {
      expect(validateFlow('start:\n  do f = (x) { return x }\n  say f(1)\n')).toEqual([]);
    });

    it('knows a closure bound with as, and do … as', () => {
      expect(validateFlow('start:\n  do (x) { return x } as f\n  say f(1)\n')).toEqual([]);
      expect(validateFlow('start:\n  say ((x) { return x } as f)\n  say f(1)\n')).toEqual([]);
    });

    it('does not know a closure bound in another step', () => {
      const source = 'start:\n  do f = (x) { return x }\n  goto other\nother:\n  say f(1)\n';
      const diagnostics = validateFlow(source);
      expect(codes(diagnostics)).toEqual(['unknown_function']);
      expect(diagnostics[0]!.step).toBe('other');
    });

    it('matches the scope by step name in any flow (reference)', () => {
      const diagnostics = validateBot(
        bot({
          main: 'start:\n  do f = (x) { return x }\n  goto flow other\n',
          other: 'start:\n  say f(1)\n',
        }),
      );
      expect(diagnostics).toEqual([]);
    });

    it('knows a closure bound in a function only in that function', () => {
      const source = [
        'start:',
        '  say g(1)',
        '  say h(1)',
        'fn g(x):',
        '  do k = (y) { return y }',
        '  return k(x)',
        'fn h(x):',
        '  return k(x)',
      ].join('\n');
      const diagnostics = validateFlow(source);
      expect(diagnostics.map((d) => [d.message, d.line])).toEqual([
        ['function [k] does not exist', 8],
      ]);
    });

    it('knows a remembered closure everywhere in the bot', () => {
      const diagnostics = validateBot(
        bot({
          main: 'start:\n  remember f = (x) { return x }\n  goto flow other\n',
          other: 'start:\n  say f(1)\nfn g():\n  return f(2)\n',
        }),
      );
      expect(diagnostics).toEqual([]);
    });

    it('does not know a name bound to something else than a closure', () => {
      expect(codes(validateFlow('start:\n  do f = 1\n  say f(1)\n'))).toEqual(['unknown_function']);
    });
  });

  it('ignores method calls', () => {
    expect(validateFlow('start:\n  say "a".to_uppercase().whatever()\n')).toEqual([]);
  });
});

describe('deprecated calls', () => {
  it('warns on Fn() and Object()', () => {
    const source = 'start:\n  do Fn("x")\n  say Object(a = 1)\n';
    const diagnostics = validateFlow(source);
    expect(diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['deprecated_fn', 'warning', 2],
      ['deprecated_object', 'warning', 3],
    ]);
    expect(diagnostics[0]!.message).toBe(
      "'Fn()' will soon be deprecated. Please use the 'App()' keyword instead",
    );
    expect(diagnostics[1]!.message).toMatch(/^'Object\(key = value\)' will be soon a deprecated/);
  });

  it('does not warn on App() or object literals', () => {
    expect(validateFlow('start:\n  do App("x")\n  say {"a": 1}\n')).toEqual([]);
  });
});

describe('components', () => {
  it('warns on a missing required parameter', () => {
    const diagnostics = validateFlow('start:\n  say Button()\n  say Button(payload = "p")\n');
    expect(diagnostics.map((d) => [d.code, d.severity, d.message, d.line])).toEqual([
      ['component_arguments', 'warning', 'Button: title is a required parameter', 2],
      ['component_arguments', 'warning', 'Button: title is a required parameter', 3],
    ]);
  });

  it('accepts parameters given by name or by position', () => {
    const source = [
      'start:',
      '  say Button("t")',
      '  say Button(title = "t", theme = "x")',
      '  say Question("q", [Button("a")])',
      '  say Question(buttons = [])',
      '  say Url("u", "t", "x")',
      '  say Escalate()',
    ].join('\n');
    expect(validateFlow(source)).toEqual([]);
  });

  it('fills parameters by position, or only the first one when an argument is named', () => {
    // Question(title, buttons*): one positional argument fills title, buttons stays missing.
    const missing = ['Question: buttons is a required parameter'];
    expect(validateFlow('start:\n  say Question("q")\n').map((d) => d.message)).toEqual(missing);
    const named = 'start:\n  say Question("q", [], title = "t")\n';
    expect(validateFlow(named).map((d) => d.message)).toEqual(missing);
    expect(validateFlow('start:\n  say Card([], title = "t")\n')).toEqual([]);
    expect(validateFlow('start:\n  say Card("t", buttons = [])\n')).toEqual([]);
  });

  it('warns on too many positional arguments', () => {
    const diagnostics = validateFlow('start:\n  say Image("a", "b")\n');
    expect(diagnostics.map((d) => d.message)).toEqual(['Image: too many arguments']);
  });

  it('does not treat a flow function of the same name as a component', () => {
    const source = 'start:\n  say Button()\nfn Button():\n  return 1\n';
    expect(validateFlow(source)).toEqual([]);
  });

  it('checks custom components and warns on unknown ones', () => {
    const customComponents = {
      Rating: { params: [{ stars: { required: true, type: 'Number' as const } }] },
    };
    const source = [
      'start:',
      '  say Component.Rating(stars = 3)',
      '  say Component.Rating()',
      '  say Component.Rating(1, 2)',
      '  say Component.Rating(1, 2, x = 3)',
      '  say Component.Nope()',
    ].join('\n');
    const diagnostics = validateFlow(source, { customComponents });
    expect(diagnostics.map((d) => [d.code, d.message, d.line])).toEqual([
      ['component_arguments', 'Component.Rating: stars is a required parameter', 3],
      ['component_arguments', 'Component.Rating: too many arguments', 4],
      ['unknown_component', 'component [Nope] does not exist', 6],
    ]);
    expect(diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });
});
