import { describe, expect, it } from 'vitest';

import { extract, values } from './helpers.js';

// NOW is Tuesday 10 March 2026, 10:00 UTC.

describe('date', () => {
  it('resolves relative days against the turn clock', () => {
    expect(values('I can come tomorrow', ['date'])).toEqual([['tomorrow', '2026-03-11']]);
    expect(values('yesterday', ['date'])).toEqual([['yesterday', '2026-03-09']]);
    expect(values('the day after tomorrow', ['date'])).toEqual([
      ['the day after tomorrow', '2026-03-12'],
    ]);
  });

  it('reads "next friday" as the Friday of next week and "friday" as the coming one', () => {
    expect(values('next friday', ['date'])).toEqual([['next friday', '2026-03-20']]);
    expect(values('on friday', ['date'])).toEqual([['friday', '2026-03-13']]);
    expect(values('this friday', ['date'])).toEqual([['this friday', '2026-03-13']]);
  });

  it('reads numeric dates in the order of the language', () => {
    expect(values('on 12/03', ['date'])).toEqual([['12/03', '2026-12-03']]);
    expect(values('le 12/03', ['date'], { language: 'fr' })).toEqual([['12/03', '2026-03-12']]);
    expect(values('el 12/03', ['date'], { language: 'es' })).toEqual([['12/03', '2026-03-12']]);
    expect(values('am 12.03.', ['date'], { language: 'de' })).toEqual([['12.03.', '2026-03-12']]);
    expect(values('am 12.03.2027', ['date'], { language: 'de' })).toEqual([
      ['12.03.2027', '2027-03-12'],
    ]);
  });

  it('takes the next such day for a date without a year', () => {
    expect(values('March 3rd', ['date'])).toEqual([['March 3rd', '2027-03-03']]);
    expect(values('March 23rd', ['date'])).toEqual([['March 23rd', '2026-03-23']]);
    expect(values('3 mars', ['date'], { language: 'fr' })).toEqual([['3 mars', '2027-03-03']]);
    expect(values('el 3 de marzo', ['date'], { language: 'es' })).toEqual([
      ['3 de marzo', '2027-03-03'],
    ]);
    expect(values('am 3. März', ['date'], { language: 'de' })).toEqual([['3. März', '2027-03-03']]);
  });

  it('reads ISO dates', () => {
    expect(values('due 2026-05-04', ['date'])).toEqual([['2026-05-04', '2026-05-04']]);
  });

  it('reads days in French, Spanish and German', () => {
    expect(values('après-demain', ['date'], { language: 'fr' })).toEqual([
      ['après-demain', '2026-03-12'],
    ]);
    expect(values('vendredi prochain', ['date'], { language: 'fr' })).toEqual([
      ['vendredi prochain', '2026-03-20'],
    ]);
    expect(values('pasado mañana', ['date'], { language: 'es' })).toEqual([
      ['pasado mañana', '2026-03-12'],
    ]);
    expect(values('nächsten Freitag', ['date'], { language: 'de' })).toEqual([
      ['nächsten Freitag', '2026-03-20'],
    ]);
    expect(values('übermorgen', ['date'], { language: 'de' })).toEqual([
      ['übermorgen', '2026-03-12'],
    ]);
  });

  it('refuses dates that do not exist and words that only look like dates', () => {
    expect(values('32/13/2020', ['date'])).toEqual([]);
    expect(values('31.04.', ['date'], { language: 'de' })).toEqual([]);
    expect(values('in June', ['date'])).toEqual([]);
    expect(values('sat on it', ['date'])).toEqual([]);
    expect(values('it takes 2 hours', ['date', 'time', 'datetime'])).toEqual([]);
    expect(values('it lasts long', ['datetime'])).toEqual([]);
    expect(values('I need 2h', ['time'])).toEqual([]);
  });

  it('reads the day on the wall clock of the time zone', () => {
    const lateUtc = Date.parse('2026-03-10T23:30:00Z');
    expect(values('tomorrow', ['date'], { now: lateUtc })).toEqual([['tomorrow', '2026-03-11']]);
    expect(values('tomorrow', ['date'], { now: lateUtc, timezone: 'Europe/Paris' })).toEqual([
      ['tomorrow', '2026-03-12'],
    ]);
    expect(values('tomorrow', ['date'], { now: lateUtc, timezone: 'America/Los_Angeles' })).toEqual(
      [['tomorrow', '2026-03-11']],
    );
  });

  it('reads an unknown time zone as UTC rather than failing the turn', () => {
    expect(values('tomorrow', ['date'], { timezone: 'Mars/Olympus_Mons' })).toEqual([
      ['tomorrow', '2026-03-11'],
    ]);
  });
});

describe('time', () => {
  it('reads clock times', () => {
    expect(values('noon', ['time'])).toEqual([['noon', '12:00:00']]);
    expect(values('at midnight', ['time'])).toEqual([['midnight', '00:00:00']]);
    expect(values('5pm', ['time'])).toEqual([['5pm', '17:00:00']]);
    expect(values('at 5:30', ['time'])).toEqual([['5:30', '05:30:00']]);
    expect(values('at 12:30:15', ['time'])).toEqual([['12:30:15', '12:30:15']]);
    expect(values('at 17h30', ['time'])).toEqual([['17h30', '17:30:00']]);
  });

  it('reads times in French, Spanish and German', () => {
    expect(values('à 17h30', ['time'], { language: 'fr' })).toEqual([['17h30', '17:30:00']]);
    expect(values('à midi', ['time'], { language: 'fr' })).toEqual([['midi', '12:00:00']]);
    expect(values('à 5h du soir', ['time'], { language: 'fr' })).toEqual([
      ['5h du soir', '17:00:00'],
    ]);
    expect(values('a las 5 de la tarde', ['time'], { language: 'es' })).toEqual([
      ['5 de la tarde', '17:00:00'],
    ]);
    expect(values('al mediodía', ['time'], { language: 'es' })).toEqual([['mediodía', '12:00:00']]);
    expect(values('um 17 Uhr', ['time'], { language: 'de' })).toEqual([['17 Uhr', '17:00:00']]);
    expect(values('um 8 Uhr abends', ['time'], { language: 'de' })).toEqual([
      ['8 Uhr abends', '20:00:00'],
    ]);
  });

  it('takes the time of a day and time', () => {
    expect(values('tomorrow at noon', ['time'])).toEqual([['noon', '12:00:00']]);
  });
});

describe('datetime', () => {
  it('joins a day and a time', () => {
    expect(values('tomorrow at noon', ['datetime'])).toEqual([
      ['tomorrow at noon', '2026-03-11T12:00:00'],
    ]);
    expect(values('next friday at 5pm', ['datetime'])).toEqual([
      ['next friday at 5pm', '2026-03-20T17:00:00'],
    ]);
    expect(values('demain à midi', ['datetime'], { language: 'fr' })).toEqual([
      ['demain à midi', '2026-03-11T12:00:00'],
    ]);
    expect(values('mañana a las 5 de la tarde', ['datetime'], { language: 'es' })).toEqual([
      ['mañana a las 5 de la tarde', '2026-03-11T17:00:00'],
    ]);
    expect(values('heute Mittag', ['datetime'], { language: 'de' })).toEqual([
      ['heute Mittag', '2026-03-10T12:00:00'],
    ]);
    expect(values('2026-05-04T10:00', ['datetime'])).toEqual([
      ['2026-05-04T10:00', '2026-05-04T10:00:00'],
    ]);
  });

  it('puts a time alone on its next occurrence and a day alone at midnight', () => {
    expect(values('at 5pm', ['datetime'])).toEqual([['5pm', '2026-03-10T17:00:00']]);
    expect(values('at 9am', ['datetime'])).toEqual([['9am', '2026-03-11T09:00:00']]);
    expect(values('tomorrow', ['datetime'])).toEqual([['tomorrow', '2026-03-11T00:00:00']]);
  });

  it('resolves "in 2 hours" against the clock', () => {
    expect(values('in 2 hours', ['datetime'])).toEqual([['in 2 hours', '2026-03-10T12:00:00']]);
  });
});

describe('date and time slots on one expression', () => {
  it('give the day to the date slot and the time to the time slot', () => {
    const entities = extract('book it tomorrow at noon please', ['date', 'time']);
    expect(entities.map((e) => [e.entity, e.text, e.value])).toEqual([
      ['date', 'tomorrow', '2026-03-11'],
      ['time', 'noon', '12:00:00'],
    ]);
  });

  it('leave the whole expression to a datetime slot', () => {
    const entities = extract('tomorrow at noon', ['date', 'time', 'datetime']);
    expect(entities.map((e) => [e.entity, e.text])).toEqual([['datetime', 'tomorrow at noon']]);
  });
});

describe('ranges', () => {
  it('are read as their two ends', () => {
    expect(values('from 2 to 4pm', ['datetime'])).toEqual([
      ['2', '2026-03-10T14:00:00'],
      ['4pm', '2026-03-10T16:00:00'],
    ]);
    expect(values('tomorrow from 10am to 11am', ['time'])).toEqual([
      ['10am', '10:00:00'],
      ['11am', '11:00:00'],
    ]);
    expect(values('von Montag bis Freitag', ['date'], { language: 'de' })).toEqual([
      ['Montag', '2026-03-16'],
      ['Freitag', '2026-03-20'],
    ]);
    expect(values('du 3 au 5 mars', ['date'], { language: 'fr' })).toEqual([
      ['3', '2027-03-03'],
      ['5 mars', '2027-03-05'],
    ]);
  });
});
