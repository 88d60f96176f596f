import { describe, expect, it } from 'vitest';

import { values } from './helpers.js';

describe('duration', () => {
  it('gives seconds for English durations', () => {
    expect(values('2 hours', ['duration'])).toEqual([['2 hours', 7200]]);
    expect(values('it takes 90 minutes', ['duration'])).toEqual([['90 minutes', 5400]]);
    expect(values('1h30', ['duration'])).toEqual([['1h30', 5400]]);
    expect(values('30min', ['duration'])).toEqual([['30min', 1800]]);
    expect(values('an hour and a half', ['duration'])).toEqual([['an hour and a half', 5400]]);
    expect(values('half an hour', ['duration'])).toEqual([['half an hour', 1800]]);
    expect(values('1 hour and 30 minutes', ['duration'])).toEqual([
      ['1 hour and 30 minutes', 5400],
    ]);
    expect(values('1 hour 30', ['duration'])).toEqual([['1 hour 30', 5400]]);
    expect(values('1.5 hours', ['duration'])).toEqual([['1.5 hours', 5400]]);
    expect(values('two days', ['duration'])).toEqual([['two days', 172800]]);
    expect(values('3 weeks', ['duration'])).toEqual([['3 weeks', 1814400]]);
  });

  it('gives seconds for French, Spanish and German durations', () => {
    expect(values('1h30', ['duration'], { language: 'fr' })).toEqual([['1h30', 5400]]);
    expect(values('une heure et demie', ['duration'], { language: 'fr' })).toEqual([
      ['une heure et demie', 5400],
    ]);
    expect(values('une demi-heure', ['duration'], { language: 'fr' })).toEqual([
      ['une demi-heure', 1800],
    ]);
    expect(values('una hora y media', ['duration'], { language: 'es' })).toEqual([
      ['una hora y media', 5400],
    ]);
    expect(values('tres días', ['duration'], { language: 'es' })).toEqual([['tres días', 259200]]);
    expect(values('anderthalb Stunden', ['duration'], { language: 'de' })).toEqual([
      ['anderthalb Stunden', 5400],
    ]);
    expect(values('eine halbe Stunde', ['duration'], { language: 'de' })).toEqual([
      ['eine halbe Stunde', 1800],
    ]);
  });

  it('counts a month as 30 days and a year as 365', () => {
    expect(values('1 month', ['duration'])).toEqual([['1 month', 2_592_000]]);
    expect(values('un an', ['duration'], { language: 'fr' })).toEqual([['un an', 31_536_000]]);
  });

  it('does not sum a list, nor read an abbreviation after a word as a unit', () => {
    expect(values('2 hours, 30 minutes', ['duration'])).toEqual([
      ['2 hours', 7200],
      ['30 minutes', 1800],
    ]);
    expect(values('a h', ['duration'])).toEqual([]);
    expect(values('hours', ['duration'])).toEqual([]);
  });

  it('wins over the number inside it', () => {
    expect(values('2 hours', ['number', 'duration'])).toEqual([['2 hours', 7200]]);
  });
});
