import { describe, expect, it } from 'vitest';

import { extractEntities, MAX_TEXT_LENGTH } from '../../../src/nlu/entities/extract.js';
import type { CustomSlotType, ExtractionContext } from '../../../src/nlu/entities/types.js';
import { NOW, expectOffsets, extract } from './helpers.js';

const slotTypes: CustomSlotType[] = [
  { name: 'cuisine', kind: 'list', values: [{ value: 'italian', synonyms: ['pizza'] }] },
  { name: 'order_ref', kind: 'regex', pattern: '[A-Z]{3}-[0-9]{4}' },
];
const context: ExtractionContext = { now: NOW, language: 'en', slotTypes };

describe('extractEntities', () => {
  it('counts offsets in code points, after emoji and accents', () => {
    const text =
      '😀👍🏽 Café déjà-vu: pizzza for 3, ref ABC-1234, tomorrow at noon, élodie@exemple.fr';
    const entities = extract(text, ['cuisine', 'integer', 'order_ref', 'datetime', 'email'], {
      slotTypes,
    });
    expect(entities.map((e) => [e.entity, e.text, e.start, e.end])).toEqual([
      ['cuisine', 'pizzza', 18, 24],
      ['integer', '3', 29, 30],
      ['order_ref', 'ABC-1234', 36, 44],
      ['datetime', 'tomorrow at noon', 46, 62],
      ['email', 'élodie@exemple.fr', 64, 81],
    ]);
    // The three emoji code points take six UTF-16 units: string indices would be 3 further.
    expect(text.indexOf('pizzza')).toBe(21);
  });

  it('keeps offsets right with decomposed accents and letters that fold longer', () => {
    // "e" + combining acute is two code points; "ß" folds to "ss" but stays one.
    const text = 'Straße cafe\u0301 ß 42';
    const entities = extract(text, ['number']);
    expect(entities).toEqual([{ entity: 'number', value: 42, text: '42', start: 15, end: 17 }]);
  });

  it('returns entities in text order', () => {
    const entities = extract('at 5pm, 3 people, john@example.com', ['email', 'integer', 'time']);
    expect(entities.map((e) => e.entity)).toEqual(['time', 'integer', 'email']);
  });

  it('keeps the longer of two overlapping matches', () => {
    const entities = extract('$5.50 on 12/03', ['number', 'currency', 'date']);
    expect(entities.map((e) => [e.entity, e.text])).toEqual([
      ['currency', '$5.50'],
      ['date', '12/03'],
    ]);
  });

  it('hands the matches of a shared type to its slots in order, a range giving both ends', () => {
    const entities = extractEntities(
      'from tomorrow to next friday, then monday',
      [
        { name: 'from', type: 'date' },
        { name: 'to', type: 'date' },
      ],
      context,
    );
    expect(entities.map((e) => [e.entity, e.text])).toEqual([
      ['from', 'tomorrow'],
      ['to', 'next friday'],
      ['to', 'monday'],
    ]);
  });

  it('finds nothing for no slots, unknown types or empty text', () => {
    expect(extractEntities('3 pizzas', [], context)).toEqual([]);
    expect(extractEntities('3 pizzas', [{ name: 'x', type: 'colour' }], context)).toEqual([]);
    expect(extractEntities('', [{ name: 'n', type: 'number' }], context)).toEqual([]);
  });

  it('reads at most MAX_TEXT_LENGTH units of a long text, quickly', () => {
    const text = 'blah 12 tomorrow pizza '.repeat(400);
    const started = performance.now();
    const entities = extractEntities(
      text,
      [
        { name: 'n', type: 'number' },
        { name: 'd', type: 'datetime' },
        { name: 'c', type: 'cuisine' },
        { name: 'p', type: 'phone' },
        { name: 'u', type: 'duration' },
      ],
      context,
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(entities.every((e) => e.end <= MAX_TEXT_LENGTH)).toBe(true);
    expect(entities.length).toBeGreaterThan(100);
    expectOffsets(text, entities);
  });
});
