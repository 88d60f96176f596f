import { describe, expect, it } from 'vitest';

import { values } from './helpers.js';

describe('currency', () => {
  it('reads symbols before and after amounts', () => {
    expect(values('€20', ['currency'])).toEqual([['€20', { amount: 20, currency: 'EUR' }]]);
    expect(values('$5.50', ['currency'])).toEqual([['$5.50', { amount: 5.5, currency: 'USD' }]]);
    expect(values('20 €', ['currency'], { language: 'fr' })).toEqual([
      ['20 €', { amount: 20, currency: 'EUR' }],
    ]);
    expect(values('5,50€', ['currency'], { language: 'fr' })).toEqual([
      ['5,50€', { amount: 5.5, currency: 'EUR' }],
    ]);
    expect(values('£3 or C$4', ['currency'])).toEqual([
      ['£3', { amount: 3, currency: 'GBP' }],
      ['C$4', { amount: 4, currency: 'CAD' }],
    ]);
  });

  it('reads ISO codes in capitals and currency words', () => {
    expect(values('10 USD', ['currency'])).toEqual([['10 USD', { amount: 10, currency: 'USD' }]]);
    expect(values('CHF 15', ['currency'])).toEqual([['CHF 15', { amount: 15, currency: 'CHF' }]]);
    expect(values('20 euros', ['currency'])).toEqual([
      ['20 euros', { amount: 20, currency: 'EUR' }],
    ]);
    expect(values('five dollars', ['currency'])).toEqual([
      ['five dollars', { amount: 5, currency: 'USD' }],
    ]);
    expect(values('3 livres sterling', ['currency'], { language: 'fr' })).toEqual([
      ['3 livres sterling', { amount: 3, currency: 'GBP' }],
    ]);
    expect(values('cinco dólares', ['currency'], { language: 'es' })).toEqual([
      ['cinco dólares', { amount: 5, currency: 'USD' }],
    ]);
    expect(values('20 Franken', ['currency'], { language: 'de' })).toEqual([
      ['20 Franken', { amount: 20, currency: 'CHF' }],
    ]);
  });

  it('does not read lowercase words that spell a code, nor bare numbers', () => {
    expect(values('I want to try 10 things', ['currency'])).toEqual([]);
    expect(values('10 try', ['currency'])).toEqual([]);
    expect(values('20', ['currency'])).toEqual([]);
  });
});
