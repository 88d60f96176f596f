import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { extractEntities } from '../../../src/nlu/entities/extract.js';
import { BUILTIN_SLOT_TYPES } from '../../../src/nlu/entities/types.js';
import type { CustomSlotType } from '../../../src/nlu/entities/types.js';
import { NLU_LANGUAGES } from '../../../src/nlu/text/languages.js';
import { NOW, expectOffsets } from './helpers.js';

const slotTypes: CustomSlotType[] = [
  { name: 'cuisine', kind: 'list', values: [{ value: 'italian', synonyms: ['pizza', 'pasta'] }] },
  { name: 'ref', kind: 'regex', pattern: '[A-Z]{3}-\\d{4}' },
];
const slots = [...BUILTIN_SLOT_TYPES, 'cuisine', 'ref'].map((type) => ({ name: type, type }));

/** Pieces users type, so that random text often holds something to find. */
const pieces = fc.constantFrom(
  ' ',
  ', ',
  '😀',
  'é',
  'e\u0301',
  'ß',
  '12',
  '1,5',
  '3.000',
  '-',
  '/',
  ':',
  '.',
  '+33 6 12 34 56 78',
  'tomorrow',
  'demain',
  'mañana',
  'morgen',
  'at noon',
  'à midi',
  '17h30',
  '5pm',
  '2 hours',
  'twenty three',
  'vingt-trois',
  '€',
  '$',
  'USD',
  'euros',
  'john@example.com',
  'www.example.com',
  'pizzza',
  'ABC-1234',
  'next friday',
  'du 3 au 5 mars',
);

describe('extractEntities on arbitrary text', () => {
  it('never throws, and gives ordered, disjoint entities at their code-point offsets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(pieces, fc.string({ unit: 'grapheme', maxLength: 6 })), {
          maxLength: 20,
        }),
        fc.constantFrom(...NLU_LANGUAGES),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        (parts, language, now) => {
          const text = parts.join('');
          const entities = extractEntities(text, slots, { now, language, slotTypes });
          expectOffsets(text, entities);
          for (let i = 1; i < entities.length; i++) {
            expect(entities[i]!.start).toBeGreaterThanOrEqual(entities[i - 1]!.end);
          }
          for (const e of entities) {
            expect(e.end).toBeGreaterThan(e.start);
            if (typeof e.value === 'number') expect(Number.isFinite(e.value)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('formats every temporal value in its shape', () => {
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 10 }),
        fc.constantFrom(...NLU_LANGUAGES),
        fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Pacific/Kiritimati'),
        (parts, language, timezone) => {
          const entities = extractEntities(
            parts.join(' '),
            [
              { name: 'date', type: 'date' },
              { name: 'time', type: 'time' },
            ],
            { now: NOW, language, timezone, slotTypes: [] },
          );
          for (const e of entities) {
            const shape = e.entity === 'date' ? /^\d{4}-\d{2}-\d{2}$/u : /^\d{2}:\d{2}:\d{2}$/u;
            expect(e.value).toMatch(shape);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
