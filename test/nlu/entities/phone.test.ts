import { describe, expect, it } from 'vitest';

import { values } from './helpers.js';

describe('phone', () => {
  it('gives E.164 for international numbers', () => {
    expect(values('call +33 6 12 34 56 78 now', ['phone'])).toEqual([
      ['+33 6 12 34 56 78', '+33612345678'],
    ]);
    expect(values('+1 (415) 555-2671', ['phone'])).toEqual([['+1 (415) 555-2671', '+14155552671']]);
    expect(values('+33 (0)6 12 34 56 78', ['phone'])).toEqual([
      ['+33 (0)6 12 34 56 78', '+33612345678'],
    ]);
    expect(values('0033 6 12 34 56 78', ['phone'])).toEqual([
      ['0033 6 12 34 56 78', '+33612345678'],
    ]);
  });

  it('keeps the digits of a national number, whose country cannot be told', () => {
    expect(values('06 12 34 56 78', ['phone'])).toEqual([['06 12 34 56 78', '0612345678']]);
    expect(values('06.12.34.56.78', ['phone'])).toEqual([['06.12.34.56.78', '0612345678']]);
    expect(values('(555) 123-4567', ['phone'])).toEqual([['(555) 123-4567', '5551234567']]);
  });

  it('refuses numbers that are no phone numbers', () => {
    expect(values('+33 1', ['phone'])).toEqual([]);
    expect(values('+999 123 456 789', ['phone'])).toEqual([]);
    expect(values('I have 12 apples', ['phone'])).toEqual([]);
    expect(values('1 500 000', ['phone'])).toEqual([]);
  });

  it('wins over the numbers inside it', () => {
    expect(values('+33 6 12 34 56 78', ['phone', 'number'])).toEqual([
      ['+33 6 12 34 56 78', '+33612345678'],
    ]);
  });

  it('does not backtrack badly on long digit runs', () => {
    const started = performance.now();
    values(`${'1 '.repeat(900)}x`, ['phone']);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
