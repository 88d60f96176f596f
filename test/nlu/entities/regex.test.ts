import { describe, expect, it } from 'vitest';

import { compileSlotPattern, REGEX_INPUT_LIMIT } from '../../../src/nlu/entities/regex.js';
import type { CustomSlotType } from '../../../src/nlu/entities/types.js';
import { values } from './helpers.js';

const slotTypes: CustomSlotType[] = [
  { name: 'order_ref', kind: 'regex', pattern: '[A-Z]{3}-[0-9]{4}' },
  { name: 'emoji', kind: 'regex', pattern: '\\p{Extended_Pictographic}' },
  { name: 'digits', kind: 'regex', pattern: '\\d*' },
];

describe('regex slot types', () => {
  it('give the matched text', () => {
    expect(values('my order ABC-1234 and XYZ-0001', ['order_ref'], { slotTypes })).toEqual([
      ['ABC-1234', 'ABC-1234'],
      ['XYZ-0001', 'XYZ-0001'],
    ]);
    expect(values('abc-1234', ['order_ref'], { slotTypes })).toEqual([]);
  });

  it('run in Unicode mode: a character is a code point', () => {
    expect(values('I feel 😀 today', ['emoji'], { slotTypes })).toEqual([['😀', '😀']]);
  });

  it('skip empty matches', () => {
    expect(values('ab 12 c', ['digits'], { slotTypes })).toEqual([['12', '12']]);
  });

  it('read only the start of very long texts', () => {
    const text = `${'x'.repeat(REGEX_INPUT_LIMIT)} ABC-1234`;
    expect(values(text, ['order_ref'], { slotTypes })).toEqual([]);
  });

  it('win over built-in types on the same text', () => {
    const types: CustomSlotType[] = [{ name: 'code', kind: 'regex', pattern: '[0-9]{4}' }];
    expect(values('code 1234', ['number', 'code'], { slotTypes: types })).toEqual([
      ['1234', '1234'],
    ]);
  });
});

describe('compileSlotPattern', () => {
  it('compiles ordinary patterns', () => {
    for (const pattern of [
      '[A-Z]{3}-[0-9]{4}',
      '(?:[A-Z]{3}-)?\\d+',
      '(ab){2}c+',
      '\\p{L}+',
      '[\\w.-]+',
    ]) {
      expect(compileSlotPattern(pattern).ok, pattern).toBe(true);
    }
  });

  it('refuses patterns that do not compile in Unicode mode', () => {
    const result = compileSlotPattern('[A-Z');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/^is not a valid regular expression: /u);
    // Legal without the u flag, an error with it.
    expect(compileSlotPattern('\\-').ok).toBe(false);
  });

  it('refuses nested repetitions, which can backtrack exponentially', () => {
    for (const pattern of ['(a+)+', '(\\w+\\s?)*', '(?:a*b?)+c', '((ab)+)*', '(x{1,5}){2,}']) {
      const result = compileSlotPattern(pattern);
      expect(result.ok, pattern).toBe(false);
      if (!result.ok) expect(result.problem).toMatch(/exponential/u);
    }
  });

  it('refuses empty and overlong patterns', () => {
    expect(compileSlotPattern('').ok).toBe(false);
    expect(compileSlotPattern('a'.repeat(501)).ok).toBe(false);
  });
});
