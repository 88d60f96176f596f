import { describe, expect, it } from 'vitest';

import { values } from './helpers.js';

describe('number', () => {
  it('reads digits with the decimal mark of the language', () => {
    expect(values('1,5 kg', ['number'], { language: 'fr' })).toEqual([['1,5', 1.5]]);
    expect(values('1,5 kg', ['number'], { language: 'de' })).toEqual([['1,5', 1.5]]);
    expect(values('1,5 kg', ['number'], { language: 'es' })).toEqual([['1,5', 1.5]]);
    expect(values('2.75 miles', ['number'])).toEqual([['2.75', 2.75]]);
  });

  it('reads "1,5" in English as 1.5: a comma not followed by three digits cannot group thousands', () => {
    expect(values('1,5', ['number'])).toEqual([['1,5', 1.5]]);
    expect(values('1,500 people', ['number'])).toEqual([['1,500', 1500]]);
    expect(values('1,234,567.89', ['number'])).toEqual([['1,234,567.89', 1234567.89]]);
  });

  it('groups thousands with the other mark, and with spaces outside English', () => {
    expect(values('1.500,25 €', ['number'], { language: 'de' })).toEqual([['1.500,25', 1500.25]]);
    expect(values('10 000 habitants', ['number'], { language: 'fr' })).toEqual([['10 000', 10000]]);
    expect(values('1 500', ['number'])).toEqual([
      ['1', 1],
      ['500', 500],
    ]);
    expect(values('1.500', ['number'], { language: 'es' })).toEqual([['1.500', 1500]]);
  });

  it('keeps signs that are signs, not hyphens', () => {
    expect(values('it is -5 outside', ['number'])).toEqual([['-5', -5]]);
    expect(values('between 5-10', ['number'])).toEqual([
      ['5', 5],
      ['10', 10],
    ]);
    expect(values('ref ABC-12', ['number'])).toEqual([['12', 12]]);
    expect(values('an A320 and v2', ['number'])).toEqual([]);
  });

  it('multiplies by a scale word after digits', () => {
    expect(values('2 million', ['number'])).toEqual([['2 million', 2_000_000]]);
    expect(values('3,5 Millionen', ['number'], { language: 'de' })).toEqual([
      ['3,5 Millionen', 3_500_000],
    ]);
  });

  it('reads English number words', () => {
    expect(values('twenty three', ['number'])).toEqual([['twenty three', 23]]);
    expect(values('twenty-three', ['number'])).toEqual([['twenty-three', 23]]);
    expect(values('a hundred and five', ['number'])).toEqual([['a hundred and five', 105]]);
    expect(values('two thousand and twenty six', ['number'])).toEqual([
      ['two thousand and twenty six', 2026],
    ]);
    expect(values('three four', ['number'])).toEqual([
      ['three', 3],
      ['four', 4],
    ]);
    expect(values('zero', ['number'])).toEqual([['zero', 0]]);
  });

  it('reads French number words', () => {
    const fr = { language: 'fr' } as const;
    expect(values('vingt-trois', ['number'], fr)).toEqual([['vingt-trois', 23]]);
    expect(values('vingt et un', ['number'], fr)).toEqual([['vingt et un', 21]]);
    expect(values('soixante-dix-sept', ['number'], fr)).toEqual([['soixante-dix-sept', 77]]);
    expect(values('quatre-vingt-dix-neuf', ['number'], fr)).toEqual([
      ['quatre-vingt-dix-neuf', 99],
    ]);
    expect(values('deux cents', ['number'], fr)).toEqual([['deux cents', 200]]);
    expect(values('trois mille deux cent cinquante', ['number'], fr)).toEqual([
      ['trois mille deux cent cinquante', 3250],
    ]);
  });

  it('reads Spanish and German number words', () => {
    expect(values('veintitrés', ['number'], { language: 'es' })).toEqual([['veintitrés', 23]]);
    expect(values('treinta y cinco', ['number'], { language: 'es' })).toEqual([
      ['treinta y cinco', 35],
    ]);
    expect(values('dos mil veintiséis', ['number'], { language: 'es' })).toEqual([
      ['dos mil veintiséis', 2026],
    ]);
    expect(values('dreiundzwanzig', ['number'], { language: 'de' })).toEqual([
      ['dreiundzwanzig', 23],
    ]);
    expect(values('zweihundertdreiundzwanzig', ['number'], { language: 'de' })).toEqual([
      ['zweihundertdreiundzwanzig', 223],
    ]);
    expect(values('eine Million', ['number'], { language: 'de' })).toEqual([
      ['eine Million', 1_000_000],
    ]);
  });

  it('does not read an article alone as one', () => {
    expect(values('une table pour deux', ['number'], { language: 'fr' })).toEqual([['deux', 2]]);
    expect(values('a table for two', ['number'])).toEqual([['two', 2]]);
    expect(values('ein Tisch für zwei', ['number'], { language: 'de' })).toEqual([['zwei', 2]]);
    expect(values('una mesa para dos', ['number'], { language: 'es' })).toEqual([['dos', 2]]);
  });

  it('finds nothing in text without numbers', () => {
    expect(values('no numbers here', ['number'])).toEqual([]);
    expect(values('', ['number'])).toEqual([]);
  });
});

describe('integer', () => {
  it('takes whole numbers only', () => {
    expect(values('a table for 4', ['integer'])).toEqual([['4', 4]]);
    expect(values('1.5 or twenty', ['integer'])).toEqual([['twenty', 20]]);
  });

  it('wins over number on the same text, being more specific', () => {
    const entities = values('4 people, 2.5 hours', ['number', 'integer']);
    expect(entities).toEqual([
      ['4', 4],
      ['2.5', 2.5],
    ]);
  });
});
