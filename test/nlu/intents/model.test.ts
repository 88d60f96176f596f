import { describe, expect, it } from 'vitest';
import {
  IntentModelError,
  IntentTrainingError,
  loadModel,
  predict,
  trainModel,
  type SerializedIntentModel,
} from '../../../src/nlu/model.js';
import { restaurantBot } from './bots.js';

const texts = [
  'hello',
  'book a table for 4 people',
  'where is my order ABC-1234',
  'cancel it all',
  'are you open late on friday?',
  'xqzv plomf',
  'table',
  '',
];

describe('training is deterministic', () => {
  it('gives the same model for the same definition', () => {
    expect(JSON.stringify(trainModel(restaurantBot))).toBe(
      JSON.stringify(trainModel(restaurantBot)),
    );
  });

  it('depends on the seed and on the data', () => {
    const base = JSON.stringify(trainModel(restaurantBot));
    expect(JSON.stringify(trainModel(restaurantBot, { seed: 7 }))).not.toBe(base);
    const more = {
      ...restaurantBot,
      intents: restaurantBot.intents.map((i) =>
        i.name === 'greet' ? { ...i, utterances: [...i.utterances, 'howdy'] } : i,
      ),
    };
    expect(JSON.stringify(trainModel(more))).not.toBe(base);
  });
});

describe('serialization', () => {
  const stored = trainModel(restaurantBot);

  it('is plain JSON that loads to identical predictions', () => {
    const fresh = loadModel(stored);
    const reloaded = loadModel(JSON.parse(JSON.stringify(stored)));
    for (const text of texts) {
      expect(predict(reloaded, text)).toEqual(predict(fresh, text));
      expect(predict(reloaded, text, { threshold: 0 })).toEqual(
        predict(fresh, text, { threshold: 0 }),
      );
    }
  });

  it('keeps the definition threshold and languages, and records its calibration', () => {
    expect(stored).toMatchObject({
      format: 'parley.nlu.intents',
      version: 1,
      threshold: 0.5,
      languages: ['en'],
      intents: restaurantBot.intents.map((i) => i.name),
      utterances: 40,
    });
    expect(stored.heldOut).toBeGreaterThan(0);
    expect(stored.temperature).toBeGreaterThan(0);
    expect(loadModel(trainModel({ intents: restaurantBot.intents })).languages).toEqual(['en']);
  });

  it('refuses what is not a stored model, with IntentModelError', () => {
    const damaged: [string, unknown][] = [
      ['null', null],
      ['an array', []],
      ['another format', { ...stored, format: 'rasa' }],
      ['another version', { ...stored, version: 2 }],
      ['no intents', { ...stored, intents: [] }],
      ['a bad threshold', { ...stored, threshold: 'high' }],
      ['truncated weights', { ...stored, levels: stored.levels.slice(0, 8) }],
      ['not base64', { ...stored, hashes: '%%%' }],
      ['a partial number', { ...stored, idf: 'AAA=' }],
      ['mismatched rows', { ...stored, idf: stored.idf.slice(0, 8) }],
      ['class out of range', { ...stored, intents: stored.intents.slice(0, 1) }],
      ['bad features', { ...stored, features: { ...stored.features, charMin: 0 } }],
      ['bad temperature', { ...stored, temperature: -1 }],
    ];
    for (const [what, value] of damaged) {
      expect(() => loadModel(value), what).toThrow(IntentModelError);
    }
  });
});

describe('training errors name the field at fault', () => {
  function fieldOf(run: () => SerializedIntentModel): string | undefined {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(IntentTrainingError);
      return (error as IntentTrainingError).field;
    }
    return undefined;
  }

  it.each([
    ['no intent', { intents: [] }, 'intents'],
    [
      'an intent without words',
      {
        intents: [
          { name: 'a', utterances: ['hi'] },
          { name: 'b', utterances: ['?!', '{slot}'] },
        ],
      },
      'intents[1].utterances',
    ],
    [
      'an intent without utterances',
      { intents: [{ name: 'a', utterances: [] }] },
      'intents[0].utterances',
    ],
    [
      'duplicate names',
      {
        intents: [
          { name: 'a', utterances: ['hi'] },
          { name: 'a', utterances: ['yo'] },
        ],
      },
      'intents[1].name',
    ],
    ['an empty name', { intents: [{ name: '', utterances: ['hi'] }] }, 'intents[0].name'],
    [
      'a threshold above 1',
      { threshold: 1.5, intents: [{ name: 'a', utterances: ['hi'] }] },
      'threshold',
    ],
    [
      'a NaN threshold',
      { threshold: NaN, intents: [{ name: 'a', utterances: ['hi'] }] },
      'threshold',
    ],
  ])('%s', (_, definition, field) => {
    expect(fieldOf(() => trainModel(definition))).toBe(field);
  });
});

describe('memory budget', () => {
  it('keeps the most frequent features when features × intents would exceed it', () => {
    const full = trainModel(restaurantBot);
    const small = trainModel(restaurantBot, { maxWeights: 5 * 300 });
    const rows = (m: SerializedIntentModel): number => Buffer.from(m.hashes, 'base64').length / 4;
    expect(rows(full)).toBeGreaterThan(300);
    expect(rows(small)).toBe(300);
    const model = loadModel(small);
    expect(predict(model, 'I would like to book a table').intent?.name).toBe('book_table');
    expect(predict(model, 'where is my order').intent?.name).toBe('order_status');
  });
});
