import { describe, expect, it } from 'vitest';

import { allowedEdits, editDistance } from '../../../src/nlu/entities/fuzzy.js';
import type { CustomSlotType } from '../../../src/nlu/entities/types.js';
import { values } from './helpers.js';

const slotTypes: CustomSlotType[] = [
  {
    name: 'cuisine',
    kind: 'list',
    values: [
      { value: 'italian', synonyms: ['pasta', 'pizza'] },
      { value: 'french', synonyms: ['crème brûlée', 'bistro'] },
      { value: 'tex_mex', synonyms: ['tex mex', 'tacos'] },
    ],
  },
  {
    name: 'city',
    kind: 'list',
    values: [
      { value: 'NYC', synonyms: ['new york', 'new york city', 'big apple'] },
      { value: 'York', synonyms: [] },
    ],
  },
  { name: 'drink', kind: 'list', values: [{ value: 'tea', synonyms: ['chai'] }] },
];

const cuisine = (text: string) => values(text, ['cuisine'], { slotTypes });

describe('list slot types', () => {
  it('gives the canonical value for the value itself and for its synonyms', () => {
    expect(cuisine('something italian')).toEqual([['italian', 'italian']]);
    expect(cuisine('I want pizza')).toEqual([['pizza', 'italian']]);
    expect(cuisine('tacos or pasta?')).toEqual([
      ['tacos', 'tex_mex'],
      ['pasta', 'italian'],
    ]);
  });

  it('ignores case and accents', () => {
    expect(cuisine('PIZZA')).toEqual([['PIZZA', 'italian']]);
    expect(cuisine('une creme brulee')).toEqual([['creme brulee', 'french']]);
    expect(cuisine('Crème Brûlée!')).toEqual([['Crème Brûlée', 'french']]);
  });

  it('matches several words, the longest phrase first', () => {
    const city = (text: string) => values(text, ['city'], { slotTypes });
    expect(city('flying to new york city tomorrow')).toEqual([['new york city', 'NYC']]);
    expect(city('new-york')).toEqual([['new-york', 'NYC']]);
    expect(city('York is lovely')).toEqual([['York', 'York']]);
    expect(city('the big apple')).toEqual([['big apple', 'NYC']]);
  });

  it('forgives typos in proportion to the length of the word', () => {
    expect(cuisine('pizzza')).toEqual([['pizzza', 'italian']]);
    expect(cuisine('piza')).toEqual([['piza', 'italian']]);
    expect(cuisine('itlaian food')).toEqual([['itlaian', 'italian']]);
    expect(cuisine('tex mx')).toEqual([]);
    expect(cuisine('pizzzza')).toEqual([]);
    expect(cuisine('tacso')).toEqual([['tacso', 'tex_mex']]);
  });

  it('is never fuzzy on short words', () => {
    expect(values('a tea', ['drink'], { slotTypes })).toEqual([['tea', 'tea']]);
    expect(values('the sea', ['drink'], { slotTypes })).toEqual([]);
    expect(values('tee', ['drink'], { slotTypes })).toEqual([]);
  });

  it('prefers an exact match to a fuzzy one', () => {
    const types: CustomSlotType[] = [
      {
        name: 'size',
        kind: 'list',
        values: [
          { value: 'large', synonyms: [] },
          { value: 'barge', synonyms: [] },
        ],
      },
    ];
    expect(values('barge', ['size'], { slotTypes: types })).toEqual([['barge', 'barge']]);
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('pizza', 'pizza', 2)).toBe(0);
    expect(editDistance('pizzza', 'pizza', 2)).toBe(1);
    expect(editDistance('piza', 'pizza', 2)).toBe(1);
    expect(editDistance('pizze', 'pizza', 2)).toBe(1);
    expect(editDistance('pziza', 'pizza', 2)).toBe(1);
    expect(editDistance('abcdef', 'zzzzzz', 2)).toBe(3);
    expect(editDistance('😀a', '😀b', 2)).toBe(1);
  });

  it('allows none up to 3 letters, one up to 7, two beyond', () => {
    expect([3, 4, 7, 8, 12].map(allowedEdits)).toEqual([0, 1, 1, 2, 2]);
  });
});
