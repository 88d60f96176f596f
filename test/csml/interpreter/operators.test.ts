import { describe, expect, it } from 'vitest';

import type { ArithmeticOp } from '../../../src/csml/ast.js';
import { CsmlError } from '../../../src/csml/interpreter/errors.js';
import { displayText, toMessage } from '../../../src/csml/interpreter/format.js';
import {
  arithmetic,
  compare,
  matches,
  strictEquals,
  truthy,
} from '../../../src/csml/interpreter/operators.js';
import type { CompareOp } from '../../../src/csml/interpreter/operators.js';
import {
  INT64_MAX,
  INT64_MIN,
  array,
  bool,
  float,
  int,
  nullValue,
  object,
  str,
} from '../../../src/csml/interpreter/value.js';
import type { Value } from '../../../src/csml/interpreter/value.js';
import { conformanceAvailable, loadCategories, readCaseFlow } from '../../conformance/cases.js';

const closure: Value = {
  kind: 'closure',
  contentType: 'closure',
  params: [],
  body: { kind: 'Block', statements: [], braces: true, span: { start: 0, end: 0 } },
  captured: new Map(),
  flow: 'flow',
};

function obj(entries: [string, Value][], contentType = 'object'): Value {
  return object(new Map(entries), contentType);
}

/** The display text of `l op r`, or the error message it throws. */
function calc(op: ArithmeticOp, l: Value, r: Value): string {
  try {
    const result = arithmetic(op, l, r);
    return `${result.kind}:${displayText(result)}`;
  } catch (e) {
    if (e instanceof CsmlError) return `error:${e.message}`;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Conformance: `say <literal> <op> <literal>` steps of the ten operator case files

const OPERATOR_CATEGORIES = [
  'addition',
  'subtraction',
  'multiplication',
  'division',
  'remainder',
  'equal',
  'greater',
  'greater_or_equal',
  'lower',
  'lower_or_equal',
];
const LITERAL = String.raw`\[\]|\{\}|true|false|null|-?\d+\.\d+|-?\d+|"[^"\\]*"`;
const SAY_BINARY = new RegExp(
  String.raw`^\s*say (${LITERAL}) (==|!=|<=|>=|<|>|\+|-|\*|/|%) (${LITERAL})\s*$`,
);

function literal(text: string): Value {
  if (text === '[]') return array([]);
  if (text === '{}') return object();
  if (text === 'true' || text === 'false') return bool(text === 'true');
  if (text === 'null') return nullValue();
  if (text.startsWith('"')) return str(text.slice(1, -1));
  return text.includes('.') ? float(Number(text)) : int(BigInt(text));
}

interface OperatorRow {
  readonly name: string;
  readonly left: Value;
  readonly op: string;
  readonly right: Value;
  /** The first message, or 'error' when the case only expects an error first. */
  readonly expected: { content_type: string; content: unknown } | 'error';
}

function operatorRows(): OperatorRow[] {
  const rows: OperatorRow[] = [];
  for (const category of loadCategories()) {
    if (!OPERATOR_CATEGORIES.includes(category.category)) continue;
    for (const c of category.cases) {
      if (c.kind !== 'interpret') continue;
      const flow = c.bot.flows[0];
      if (!flow) continue;
      const lines = readCaseFlow(flow.file).split('\n');
      const header = lines.findIndex((line) => line.trim() === `${c.context.step}:`);
      const say = header < 0 ? undefined : SAY_BINARY.exec(lines[header + 1] ?? '');
      if (!say || lines[header + 2]?.trim() !== 'goto end') continue;
      let expected: OperatorRow['expected'];
      if (c.expect.kind === 'exact' && c.expect.value.messages.length === 1) {
        expected = c.expect.value.messages[0] as OperatorRow['expected'];
      } else if (c.expect.kind === 'first_message_is_error') {
        expected = 'error';
      } else {
        continue;
      }
      const [, l = '', op = '', r = ''] = say;
      rows.push({
        name: `${c.name}: ${l} ${op} ${r}`,
        left: literal(l),
        op,
        right: literal(r),
        expected,
      });
    }
  }
  return rows;
}

function evaluate(op: string, l: Value, r: Value): Value {
  switch (op) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return arithmetic(op, l, r);
    default:
      return bool(compare(op as CompareOp, l, r));
  }
}

describe.runIf(conformanceAvailable())('operator conformance cases', () => {
  const rows = conformanceAvailable() ? operatorRows() : [];

  it('finds the simple `say a op b` steps', () => {
    // 497 cases, minus 12 that start at a missing step and 7 with longer steps.
    expect(rows.length).toBe(478);
    expect(rows.filter((row) => row.expected === 'error').length).toBe(188);
  });

  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    if (row.expected === 'error') {
      expect(() => evaluate(row.op, row.left, row.right)).toThrow(CsmlError);
    } else {
      expect(toMessage(evaluate(row.op, row.left, row.right))).toEqual(row.expected);
    }
  });
});

describe('arithmetic: cases of the operator files that are not one literal pair', () => {
  it('ok_addition, subtraction, multiplication, division, remainder starts', () => {
    expect(calc('+', int(1), int(4))).toBe('int:5');
    expect(calc('-', int(1), int(4))).toBe('int:-3');
    expect(calc('*', int(2), int(4))).toBe('int:8');
    expect(calc('/', int(4), int(2))).toBe('int:2');
    expect(calc('%', int(2), int(3))).toBe('int:2');
  });

  it('div2: (4 + 4) / (2 + 4) + 2 * 10', () => {
    const quotient = arithmetic('/', int(8), int(6));
    expect(displayText(arithmetic('+', quotient, int(20)))).toBe('21.333333333333332');
  });

  it('-(1.1 + 4.4) is 0 - 5.5', () => {
    expect(calc('-', int(0), arithmetic('+', float(1.1), float(4.4)))).toBe('float:-5.5');
  });
});

// ---------------------------------------------------------------------------------------------

describe('arithmetic: ints', () => {
  it('is exact int64 arithmetic', () => {
    expect(calc('+', int(INT64_MAX - 1n), int(1))).toBe(`int:${INT64_MAX}`);
    expect(calc('*', int(3037000499n), int(3037000499n))).toBe('int:9223372030926249001');
    expect(calc('-', int(INT64_MIN), int(0))).toBe(`int:${INT64_MIN}`);
  });

  it('reports overflow', () => {
    const overflow = (op: string): string =>
      `error:overflowing operation: PrimitiveInt ${op} PrimitiveInt`;
    expect(calc('+', int(INT64_MAX), int(1))).toBe(overflow('+'));
    expect(calc('-', int(INT64_MIN), int(1))).toBe(overflow('-'));
    expect(calc('*', int(INT64_MAX), int(2))).toBe(overflow('*'));
    expect(calc('/', int(INT64_MIN), int(-1))).toBe(overflow('/'));
    expect(calc('%', int(INT64_MIN), int(-1))).toBe(overflow('%'));
  });

  it('divides to an int when exact, else to a float', () => {
    expect(calc('/', int(6), int(3))).toBe('int:2');
    expect(calc('/', int(5), int(2))).toBe('float:2.5');
    expect(calc('/', int(-7), int(2))).toBe('float:-3.5');
    expect(calc('/', int(1), int(3))).toBe('float:0.3333333333333333');
  });

  it('reports division by zero, and % 0 as an overflow', () => {
    expect(calc('/', int(1), int(0))).toBe('error:[!] Int: Division by zero');
    expect(calc('%', int(1), int(0))).toBe(
      'error:overflowing operation: PrimitiveInt % PrimitiveInt',
    );
  });

  it('keeps the dividend sign in %', () => {
    expect(calc('%', int(-7), int(3))).toBe('int:-1');
    expect(calc('%', int(7), int(-3))).toBe('int:1');
  });
});

describe('arithmetic: floats', () => {
  it('mixes ints and floats as floats', () => {
    expect(calc('+', int(1), float(0.5))).toBe('float:1.5');
    expect(calc('*', float(0.1), int(3))).toBe('float:0.30000000000000004');
    expect(calc('+', float(0.1), float(0.2))).toBe('float:0.30000000000000004');
    expect(calc('+', float(1), float(2))).toBe('float:3');
  });

  it('keeps the dividend sign in %', () => {
    expect(calc('%', float(-7.5), float(2))).toBe('float:-1.5');
    expect(calc('%', float(7.5), int(-2))).toBe('float:1.5');
  });

  it('reports a zero divisor as a float division by zero', () => {
    expect(calc('/', float(1), float(0))).toBe('error:[!] Float: Division by zero');
    expect(calc('/', int(1), float(-0))).toBe('error:[!] Float: Division by zero');
    expect(calc('/', float(1.5), int(0))).toBe('error:[!] Float: Division by zero');
  });

  it('checks overflow on the operands truncated to int64, as the reference does', () => {
    const overflow = (op: string): string =>
      `error:overflowing operation: PrimitiveFloat ${op} PrimitiveFloat`;
    expect(calc('+', float(1e19), float(1e19))).toBe(overflow('+'));
    expect(calc('*', float(1e10), int(1e10))).toBe(overflow('*'));
    expect(calc('-', float(-1e300), int(1))).toBe(overflow('-'));
    // a divisor that truncates to 0
    expect(calc('/', float(3), float(0.5))).toBe(overflow('/'));
    expect(calc('%', int(3), float(0.5))).toBe(overflow('%'));
    // still fine: the truncated operation fits
    expect(calc('*', float(1e300), float(0.5))).toBe(`float:${'5'.padEnd(300, '0')}`);
    expect(calc('/', float(3), float(1.5))).toBe('float:2');
  });
});

describe('arithmetic: strings', () => {
  it('reads numeric strings against numbers', () => {
    expect(calc('+', str('1'), int(1))).toBe('int:2');
    expect(calc('+', int(1), str('1.5'))).toBe('float:2.5');
    expect(calc('*', str('1e3'), int(2))).toBe('float:2000');
    expect(calc('-', float(1), str('-2'))).toBe('float:3');
    expect(calc('/', str('5'), int(2))).toBe('float:2.5');
    expect(calc('+', str('+5'), int(1))).toBe('int:6');
    expect(calc('+', str('inf'), int(1))).toBe(
      'error:overflowing operation: PrimitiveFloat + PrimitiveFloat',
    );
    expect(calc('+', str('9223372036854775807'), int(1))).toBe(
      'error:overflowing operation: PrimitiveInt + PrimitiveInt',
    );
  });

  it('refuses non-numeric strings with numbers', () => {
    expect(calc('+', str('a'), int(1))).toBe(
      'error:illegal operation: PrimitiveString + PrimitiveInt',
    );
    expect(calc('*', float(1), str(' 1'))).toBe(
      'error:illegal operation: PrimitiveFloat * PrimitiveString',
    );
    expect(calc('-', int(1), str(''))).toBe(
      'error:illegal operation: PrimitiveInt - PrimitiveString',
    );
  });

  it('concatenates when the left string is not numeric', () => {
    expect(calc('+', str('a'), str('1'))).toBe('string:a1');
    expect(calc('+', str('a'), str('b'))).toBe('string:ab');
    expect(calc('+', str(''), str('1'))).toBe('string:1');
    expect(calc('+', str('1'), str('a'))).toBe(
      'error:illegal operation: PrimitiveString + PrimitiveString',
    );
    expect(calc('-', str('a'), str('b'))).toBe(
      'error:illegal operation: PrimitiveString - PrimitiveString',
    );
  });

  it('computes numeric string pairs as the reference does', () => {
    expect(calc('+', str('1'), str('1'))).toBe('int:2');
    expect(calc('+', str('1'), str('1.5'))).toBe('float:2.5');
    expect(calc('-', str('1.5'), str('1'))).toBe('float:0.5');
    expect(calc('*', str('2'), str('3'))).toBe('int:6');
    expect(calc('/', str('5'), str('2'))).toBe('int:2');
    expect(calc('/', str('5'), str('2.0'))).toBe('float:2.5');
    expect(calc('/', str('1'), str('0'))).toBe('error:[!] Int: Division by zero');
    expect(calc('/', str('1'), str('0.5'))).toBe('error:[!] Int: Division by zero');
    expect(calc('%', str('7'), str('3'))).toBe('int:1');
    expect(calc('%', str('7.5'), str('2.0'))).toBe('float:1.5');
    expect(calc('%', str('1.5'), str('2'))).toBe('float:3');
    expect(calc('%', str('1'), str('0'))).toBe(
      'error:overflowing operation: PrimitiveString % PrimitiveString',
    );
    expect(calc('+', str('9223372036854775807'), str('1'))).toBe(
      'error:overflowing operation: PrimitiveString + PrimitiveString',
    );
  });
});

describe('arithmetic: other types', () => {
  it('refuses every other pair with the operand type names', () => {
    expect(calc('+', array([]), array([]))).toBe(
      'error:illegal operation: PrimitiveArray + PrimitiveArray',
    );
    expect(calc('-', object(), int(1))).toBe(
      'error:illegal operation: PrimitiveObject - PrimitiveInt',
    );
    expect(calc('*', nullValue(), nullValue())).toBe(
      'error:illegal operation: PrimitiveNull * PrimitiveNull',
    );
    expect(calc('+', bool(true), int(1))).toBe(
      'error:illegal operation: PrimitiveBoolean + PrimitiveInt',
    );
    expect(calc('/', closure, closure)).toBe(
      'error:illegal operation: PrimitiveClosure / PrimitiveClosure',
    );
    expect(calc('+', str('1'), nullValue())).toBe(
      'error:illegal operation: PrimitiveString + PrimitiveNull',
    );
  });

  it('reports boolean % boolean as `/`, as the reference does', () => {
    expect(calc('%', bool(true), bool(false))).toBe(
      'error:illegal operation: PrimitiveBoolean / PrimitiveBoolean',
    );
    expect(calc('%', bool(true), int(1))).toBe(
      'error:illegal operation: PrimitiveBoolean % PrimitiveInt',
    );
  });

  it('throws non-fatal errors', () => {
    try {
      arithmetic('+', array([]), int(1));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CsmlError);
      expect((e as CsmlError).fatal).toBe(false);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('compare', () => {
  const all = (l: Value, r: Value): string =>
    (['==', '!=', '<', '<=', '>', '>='] as const)
      .map((op) => (compare(op, l, r) ? op : ''))
      .filter(Boolean)
      .join(' ');

  it('compares numbers across int and float', () => {
    expect(all(int(1), float(1))).toBe('== <= >=');
    expect(all(int(1), float(1.5))).toBe('!= < <=');
    expect(all(int(INT64_MAX), int(INT64_MAX - 1n))).toBe('!= > >=');
    expect(all(float(NaN), float(NaN))).toBe('!=');
    expect(all(float(-0), float(0))).toBe('== <= >=');
  });

  it('compares numeric strings with numbers numerically', () => {
    expect(all(str('1'), int(1))).toBe('== <= >=');
    expect(all(float(2), str('2.0'))).toBe('== <= >=');
    expect(all(int(10), str('9'))).toBe('!= > >=');
    expect(all(str('1e3'), int(1000))).toBe('== <= >=');
    expect(all(str('a'), int(1))).toBe('!=');
  });

  it('compares strings by bytes unless one is in int form and the other in float form', () => {
    expect(all(str('2'), str('2.0'))).toBe('== <= >=');
    expect(all(str('2'), str('02'))).toBe('!= > >=');
    expect(all(str('10'), str('9'))).toBe('!= < <=');
    expect(all(str('1.0'), str('1.00'))).toBe('!= < <=');
    expect(all(str('9'), str('10.0'))).toBe('!= < <=');
    expect(all(str('a'), str('b'))).toBe('!= < <=');
    expect(all(str('B'), str('a'))).toBe('!= < <=');
    // UTF-8 byte order, not UTF-16: U+FF01 < U+1F600
    expect(all(str('\uFF01'), str('\u{1F600}'))).toBe('!= < <=');
  });

  it('orders booleans, nulls and arrays; objects and closures are unordered', () => {
    expect(all(bool(false), bool(true))).toBe('!= < <=');
    expect(all(nullValue(), nullValue())).toBe('== <= >=');
    expect(all(array([int(1), int(2)]), array([int(1), int(3)]))).toBe('!= < <=');
    expect(all(array([int(1)]), array([int(1), int(0)]))).toBe('!= < <=');
    expect(all(object(), object())).toBe('==');
    expect(all(closure, closure)).toBe('!=');
  });

  it('uses strict equality inside arrays and objects, loose ordering', () => {
    expect(all(array([int(1)]), array([float(1)]))).toBe('!= <= >=');
    expect(all(array([str('1')]), array([int(1)]))).toBe('!= <= >=');
    expect(all(array([str('2')]), array([str('2.0')]))).toBe('== <= >=');
    expect(all(array([object()]), array([object()]))).toBe('==');
    const a = obj([
      ['x', int(1)],
      ['y', array([str('a')])],
    ]);
    const b = obj([
      ['y', array([str('a')])],
      ['x', int(1)],
    ]);
    expect(compare('==', a, b)).toBe(true);
    expect(compare('==', a, obj([['x', int(1)]]))).toBe(false);
    expect(compare('==', obj([['x', int(1)]]), obj([['x', float(1)]]))).toBe(false);
  });

  it('finds every other mixed pair incomparable', () => {
    expect(all(nullValue(), bool(false))).toBe('!=');
    expect(all(array([]), object())).toBe('!=');
    expect(all(bool(true), int(1))).toBe('!=');
    expect(all(nullValue(), int(0))).toBe('!=');
  });

  it('strictEquals ignores content types', () => {
    expect(strictEquals(str('a', 'text'), str('a'))).toBe(true);
    expect(strictEquals(int(1), float(1))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('matches', () => {
  const button = (title: string, accepts: string[]): Value =>
    obj(
      [
        ['title', str(title)],
        ['payload', str(title)],
        ['accepts', array(accepts.map((a) => str(a)))],
      ],
      'button',
    );

  it('matches a button by its accepts, ASCII case-insensitively', () => {
    const b = button('Yes', ['y', 'Yes', 'Yes']);
    expect(matches(str('yes'), b)).toBe(true);
    expect(matches(b, str('Y'))).toBe(true);
    expect(matches(str('no'), b)).toBe(false);
    expect(matches(str('É'), button('é', ['é']))).toBe(false);
  });

  it('matches two buttons when their accepts are equal', () => {
    expect(matches(button('a', ['a']), button('b', ['a']))).toBe(true);
    expect(matches(button('a', ['a']), button('b', ['b']))).toBe(false);
    expect(matches(button('a', ['a']), button('b', ['A']))).toBe(false);
  });

  it('treats objects like buttons: no accepts, no match', () => {
    expect(matches(obj([['accepts', array([str('x')])]]), str('X'))).toBe(true);
    expect(matches(object(), object())).toBe(false);
    expect(matches(str('x'), obj([['title', str('x')]]))).toBe(false);
    expect(matches(nullValue(), obj([['a', int(1)]]))).toBe(false);
  });

  it('compares arrays with strings, with other values, with arrays', () => {
    expect(matches(array([str('A'), str('b')]), str('a'))).toBe(true);
    expect(matches(str('B'), array([str('A'), str('b')]))).toBe(true);
    expect(matches(array([int(1), int(2)]), int(2))).toBe(true);
    expect(matches(array([int(1)]), float(1))).toBe(false);
    expect(matches(array([int(1)]), str('1'))).toBe(false);
    expect(matches(array([str('a')]), array([str('a')]))).toBe(true);
    expect(matches(array([str('a')]), array([str('A')]))).toBe(false);
  });

  it('uses == otherwise, content types aside', () => {
    expect(matches(str('a'), str('a', 'text'))).toBe(true);
    expect(matches(str('a'), str('A'))).toBe(false);
    expect(matches(int(1), str('1.0'))).toBe(true);
    expect(matches(nullValue(), nullValue())).toBe(true);
  });
});

describe('truthy', () => {
  it('follows csml.md §3.2 and the reference', () => {
    const cases: [Value, boolean][] = [
      [nullValue(), false],
      [bool(false), false],
      [bool(true), true],
      [int(0), false],
      [int(-1), false],
      [int(1), true],
      [float(0), false],
      [float(-0.5), true],
      [float(5e-324), false],
      [float(NaN), false],
      [float(Infinity), false],
      [float(2.2250738585072014e-308), true],
      [str(''), true],
      [array([]), true],
      [object(), true],
      [closure, false],
    ];
    for (const [value, expected] of cases) expect(truthy(value), displayText(value)).toBe(expected);
  });
});
