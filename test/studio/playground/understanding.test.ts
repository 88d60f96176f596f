import { describe, expect, it } from 'vitest';

import {
  understandingOfEvent,
  understandingText,
} from '../../../src/studio/playground/understanding.js';

describe('the NLU line under a user bubble', () => {
  it('names the intent with its confidence, then each entity', () => {
    expect(
      understandingText({
        intent: { name: 'book_table', confidence: 0.9412 },
        entities: [
          { entity: 'guests', value: 6, text: 'six', start: 14, end: 17 },
          { entity: 'day', value: '2026-03-01', text: 'tomorrow', start: 20, end: 28 },
        ],
      }),
    ).toBe('intent: book_table 94% · guests = 6 · day = 2026-03-01');
  });

  it('writes currencies as amounts and other objects as JSON', () => {
    expect(
      understandingText({
        intent: { name: 'pay', confidence: 1 },
        entities: [
          {
            entity: 'price',
            value: { amount: 12.5, currency: 'EUR' },
            text: '12.50 €',
            start: 0,
            end: 7,
          },
          { entity: 'other', value: { a: [1] }, text: 'x', start: 8, end: 9 },
        ],
      }),
    ).toBe('intent: pay 100% · price = 12.5 EUR · other = {"a":[1]}');
  });

  it('says so when no intent reached the threshold', () => {
    expect(understandingText({ intent: null, entities: [] })).toBe('no intent recognised');
  });

  it('reads what NLU wrote into a stored text event, and nothing from others', () => {
    expect(
      understandingOfEvent({
        text: 'table for 6',
        intent: { name: 'book_table', confidence: 0.8 },
        entities: [{ entity: 'guests', value: 6, text: '6', start: 10, end: 11 }, 'junk'],
      }),
    ).toEqual({
      intent: { name: 'book_table', confidence: 0.8 },
      entities: [{ entity: 'guests', value: 6, text: '6', start: 10, end: 11 }],
    });
    expect(understandingOfEvent({ text: 'hi', intent: null, entities: [] })).toEqual({
      intent: null,
      entities: [],
    });
    expect(understandingOfEvent({ text: 'hi' })).toBeNull();
    expect(understandingOfEvent({ text: 'hi', intent: 'book' })).toBeNull();
    expect(understandingOfEvent('hi')).toBeNull();
  });
});
