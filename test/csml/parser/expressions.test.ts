import { describe, expect, it } from 'vitest';
import { errors, expr, ident, int, rawExpr, str } from './helpers.js';

describe('literals', () => {
  it('reads ints, floats, booleans, null in any case', () => {
    expect(expr('42')).toEqual(int(42));
    expect(expr('-7')).toEqual(int(-7));
    expect(expr('+7')).toEqual(int(7));
    expect(expr('1_000')).toEqual(int(1000));
    expect(expr('12.5')).toEqual({ kind: 'Float', value: 12.5 });
    expect(expr('-0.5')).toEqual({ kind: 'Float', value: -0.5 });
    expect(expr('.5')).toEqual({ kind: 'Float', value: 0.5 });
    expect(expr('true')).toEqual({ kind: 'Bool', value: true });
    expect(expr('false')).toEqual({ kind: 'Bool', value: false });
    expect(expr('NULL')).toEqual({ kind: 'Null' });
    expect(expr('Null')).toEqual({ kind: 'Null' });
  });

  it('keeps int64 extremes exact and refuses literals beyond them', () => {
    expect(expr('9223372036854775807')).toEqual({ kind: 'Int', value: '9223372036854775807n' });
    expect(expr('-9223372036854775808')).toEqual({ kind: 'Int', value: '-9223372036854775808n' });
    expect(errors('start:\n say 9223372036854775808')).toEqual(['2:6 int_literal_overflow']);
  });

  it('matches true and false as whole words (Parley)', () => {
    expect(expr('trueValue')).toEqual(ident('trueValue'));
    expect(expr('nullable')).toEqual(ident('nullable'));
  });

  it('builds arrays and objects with trailing commas', () => {
    expect(expr('[1, "a", x,]')).toEqual({
      kind: 'Array',
      elements: [int(1), str('a'), ident('x')],
    });
    expect(expr('{"k": 1, "j": [],}')).toEqual({
      kind: 'Object',
      entries: [
        { key: 'k', value: int(1) },
        { key: 'j', value: { kind: 'Array', elements: [] } },
      ],
    });
    expect(expr('{}')).toEqual({ kind: 'Object', entries: [] });
  });

  it('refuses unquoted and empty object keys', () => {
    expect(errors('start:\n say {a: 1}')).toEqual(['2:7 syntax_error']);
    expect(errors('start:\n say {"": 1}')).toEqual(['2:7 syntax_error']);
  });
});

describe('identifiers and the minus sign', () => {
  it('reads a-1 and -x as identifiers, 1-a and a - 1 as subtractions', () => {
    expect(expr('a-1')).toEqual(ident('a-1'));
    expect(expr('-x')).toEqual(ident('-x'));
    const sub = (l: unknown, r: unknown) => ({
      kind: 'Arithmetic',
      operands: [l, r],
      operators: [{ op: '-' }],
    });
    expect(expr('1-a')).toEqual(sub(int(1), ident('a')));
    expect(expr('a - 1')).toEqual(sub(ident('a'), int(1)));
    expect(expr('a -1')).toEqual(sub(ident('a'), int(1)));
    expect(expr('5 - -3')).toEqual(sub(int(5), int(-3)));
  });

  it('reads -(e) and +(e) as 0 - e and 0 + e', () => {
    expect(expr('-(x)')).toEqual({
      kind: 'Arithmetic',
      operands: [int(0), ident('x')],
      operators: [{ op: '-' }],
    });
    expect(expr('+ (x)')).toEqual({
      kind: 'Arithmetic',
      operands: [int(0), ident('x')],
      operators: [{ op: '+' }],
    });
  });

  it('accepts unicode letters and digits in names', () => {
    expect(expr('café_2')).toEqual(ident('café_2'));
    expect(expr('名前')).toEqual(ident('名前'));
  });

  it('refuses reserved words and numbers as variables', () => {
    expect(errors('start:\n say import')).toEqual(['2:6 reserved_word']);
    expect(errors('start:\n say nan')).toEqual(['2:6 invalid_identifier']);
    expect(errors('start:\n say INF')).toEqual(['2:6 invalid_identifier']);
    expect(errors(`start:\n say ${'a'.repeat(256)}`)).toEqual(['2:6 invalid_identifier']);
    expect(errors(`start:\n say ${'a'.repeat(255)}`)).toEqual([]);
  });

  it('lets event, _metadata, _env and _memory be read', () => {
    expect(errors('start:\n say event\n say _metadata\n say _env\n say _memory')).toEqual([]);
  });
});

describe('operators', () => {
  it('gives * / % precedence over + -, and both over comparisons and logic', () => {
    expect(expr('a + b * c == d || e && f')).toEqual({
      kind: 'Logical',
      op: '||',
      operands: [
        {
          kind: 'Comparison',
          op: '==',
          left: {
            kind: 'Arithmetic',
            operands: [
              ident('a'),
              { kind: 'Arithmetic', operands: [ident('b'), ident('c')], operators: [{ op: '*' }] },
            ],
            operators: [{ op: '+' }],
          },
          right: ident('d'),
        },
        { kind: 'Logical', op: '&&', operands: [ident('e'), ident('f')] },
      ],
    });
  });

  it('keeps operator chains flat and left to right', () => {
    expect(expr('1 - 2 + 3')).toEqual({
      kind: 'Arithmetic',
      operands: [int(1), int(2), int(3)],
      operators: [{ op: '-' }, { op: '+' }],
    });
  });

  it('applies ! to the whole additive term', () => {
    expect(expr('!!a + b')).toEqual({
      kind: 'Not',
      count: 2,
      operand: { kind: 'Arithmetic', operands: [ident('a'), ident('b')], operators: [{ op: '+' }] },
    });
    expect(expr('!a == b')).toEqual({
      kind: 'Comparison',
      op: '==',
      left: { kind: 'Not', count: 1, operand: ident('a') },
      right: ident('b'),
    });
  });

  it('parses match and !match as comparisons', () => {
    expect(expr('event match "yes"')).toMatchObject({ kind: 'Comparison', op: 'match' });
    expect(expr('event !match b')).toMatchObject({ kind: 'Comparison', op: '!match' });
    expect(expr('matches')).toEqual(ident('matches'));
  });

  it('refuses chained comparisons', () => {
    expect(errors('start:\n say a < b < c')).toEqual(['2:12 syntax_error']);
  });

  it('skips comments between operands', () => {
    expect(expr('1 /* one */ + // two\n 2')).toEqual({
      kind: 'Arithmetic',
      operands: [int(1), int(2)],
      operators: [{ op: '+' }],
    });
  });
});

describe('paths, calls, as, closures', () => {
  it('reads keys, indexes and methods as one flat path', () => {
    expect(expr('a.b[0].c(1, x = 2)')).toEqual({
      kind: 'Path',
      base: ident('a'),
      segments: [
        { kind: 'Key', name: 'b' },
        { kind: 'Index', index: int(0) },
        {
          kind: 'Method',
          name: 'c',
          args: [
            { kind: 'Positional', value: int(1) },
            { kind: 'Named', name: 'x', value: int(2) },
          ],
        },
      ],
    });
  });

  it('calls methods on numbers and Component', () => {
    expect(expr('42.pow(2)')).toMatchObject({
      kind: 'Path',
      base: int(42),
      segments: [{ name: 'pow' }],
    });
    expect(expr('1.5.floor()')).toMatchObject({
      kind: 'Path',
      base: { kind: 'Float', value: 1.5 },
    });
    expect(expr('Component.Button("b")')).toMatchObject({
      kind: 'Path',
      base: ident('Component'),
      segments: [{ kind: 'Method', name: 'Button' }],
    });
  });

  it('allows a space before a call but not inside a method call', () => {
    expect(expr('Button ("a")')).toMatchObject({ kind: 'Call', name: 'Button' });
    expect(errors('start:\n say a.b ("a")')).toEqual(['2:10 syntax_error']);
  });

  it('binds as tighter than every operator', () => {
    expect(expr('1 + 2 as x')).toEqual({
      kind: 'Arithmetic',
      operands: [int(1), { kind: 'As', value: int(2), name: { name: 'x' } }],
      operators: [{ op: '+' }],
    });
    expect(expr('Question("?", buttons = [Button("a") as a]) as q')).toMatchObject({
      kind: 'As',
      name: { name: 'q' },
      value: {
        kind: 'Call',
        args: [{}, { name: 'buttons', value: { elements: [{ kind: 'As' }] } }],
      },
    });
  });

  it('tells closures from grouped expressions', () => {
    expect(expr('(a, b) { return a + b }')).toMatchObject({
      kind: 'Closure',
      params: [{ name: 'a' }, { name: 'b' }],
      body: { braces: true, statements: [{ kind: 'Return' }] },
    });
    expect(expr('() {}')).toMatchObject({ kind: 'Closure', params: [] });
    expect(expr('(a)')).toEqual(ident('a'));
    expect(expr('(a + 1) * 2')).toMatchObject({ kind: 'Arithmetic', operators: [{ op: '*' }] });
  });

  it('gives spans in source offsets', () => {
    const value = rawExpr('foo(1)');
    expect(value.span).toEqual({ start: 13, end: 19 });
  });
});

describe('strings', () => {
  it('applies escapes', () => {
    expect(expr('"a\\nb\\t\\"c\\\\ \\q"')).toEqual(str('a\nb\t"c\\ q'));
    expect(expr('"multi\nline"')).toEqual(str('multi\nline'));
  });

  it('interpolates any expression', () => {
    expect(expr('"Hi {{ user.name }}! {{}}"')).toEqual({
      kind: 'Template',
      parts: [
        { kind: 'Text', value: 'Hi ' },
        {
          kind: 'Interpolation',
          expr: { kind: 'Path', base: ident('user'), segments: [{ kind: 'Key', name: 'name' }] },
        },
        { kind: 'Text', value: '! ' },
        { kind: 'Interpolation', expr: null },
      ],
    });
  });

  it('reads \\"raw\\" strings and \\"keys\\" inside {{ }}', () => {
    expect(expr('"{{ obj.get(\\"k\\") }} {{ {\\"a\\": 1} }}"')).toMatchObject({
      kind: 'Template',
      parts: [
        { kind: 'Interpolation', expr: { segments: [{ args: [{ value: str('k') }] }] } },
        { kind: 'Text', value: ' ' },
        { kind: 'Interpolation', expr: { kind: 'Object', entries: [{ key: 'a' }] } },
      ],
    });
  });

  it('treats escaped braces as text', () => {
    expect(expr('"\\{{ not }} this"')).toEqual(str('{{ not }} this'));
    expect(expr('"a \\}} b"')).toEqual(str('a }} b'));
  });

  it('refuses stray braces and unterminated strings, as the reference engine does', () => {
    expect(errors('start:\n say "a }} b"')).toEqual(['2:9 syntax_error']);
    expect(errors('start:\n say "{{ x "')).toEqual(['2:7 syntax_error']);
    expect(errors('start:\n say "{{ x y }}"')).toEqual(['2:12 syntax_error']);
    expect(errors('start:\n say "abc')).toEqual(['2:6 syntax_error']);
  });
});
