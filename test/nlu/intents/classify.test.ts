import { describe, expect, it } from 'vitest';
import { loadModel, predict, trainModel, type IntentPrediction } from '../../../src/nlu/model.js';
import { restaurantBot } from './bots.js';

const model = loadModel(trainModel(restaurantBot));

function expectWellFormed(prediction: IntentPrediction): void {
  const all = [
    ...(prediction.intent === null ? [] : [prediction.intent]),
    ...prediction.alternatives,
  ];
  for (const s of all) {
    expect(s.confidence).toBeGreaterThanOrEqual(0);
    expect(s.confidence).toBeLessThanOrEqual(1);
  }
  for (let i = 1; i < all.length; i++) {
    expect(all[i - 1]!.confidence).toBeGreaterThanOrEqual(all[i]!.confidence);
  }
  expect(new Set(all.map((s) => s.name)).size).toBe(all.length);
  expect(all.reduce((sum, s) => sum + s.confidence, 0)).toBeLessThanOrEqual(1 + 1e-9);
}

describe('intent classification', () => {
  it.each([
    ['hello there, good morning', 'greet'],
    ['could I book a table for 4 people tonight', 'book_table'],
    ['I would like to reserve a table', 'book_table'],
    ['where is my delivery, it is very late', 'order_status'],
    ['please cancel my booking', 'cancel'],
    ['what time do you open on saturday', 'opening_hours'],
    ['WHEN ARE YOU OPEN?!', 'opening_hours'],
  ])('%s → %s', (text, intent) => {
    const prediction = predict(model, text);
    expect(prediction.intent?.name).toBe(intent);
    expect(prediction.intent!.confidence).toBeGreaterThanOrEqual(0.5);
    expectWellFormed(prediction);
  });

  it('lists the runners-up after the intent, best first, without it', () => {
    const prediction = predict(model, 'cancel my table reservation', { threshold: 0 });
    expectWellFormed(prediction);
    expect(prediction.alternatives.length).toBeGreaterThan(0);
    expect(prediction.alternatives.length).toBeLessThanOrEqual(4);
    expect(prediction.alternatives.map((a) => a.name)).not.toContain(prediction.intent!.name);
    expect(
      predict(model, 'cancel my table reservation', { alternatives: 1 }).alternatives.length,
    ).toBeLessThanOrEqual(1);
  });

  it('reports no intent for gibberish or an unrelated request', () => {
    for (const text of ['xqzv plomf grrbtk', 'asdfghjkl qwertyuiop', 'zzzz', 'tell me a joke']) {
      const prediction = predict(model, text);
      expect(prediction.intent, text).toBeNull();
      expectWellFormed(prediction);
    }
  });

  it('reports no intent and no alternatives for a text without words', () => {
    expect(predict(model, '')).toEqual({ intent: null, alternatives: [] });
    expect(predict(model, '?!… --- 😀')).toEqual({ intent: null, alternatives: [] });
  });

  it('uses the threshold of the definition unless one is given', () => {
    const text = 'table';
    const p = predict(model, text, { threshold: 0 }).intent!;
    expect(p.name).toBe('book_table');
    const strict = loadModel(trainModel({ ...restaurantBot, threshold: 1 }));
    expect(predict(strict, 'book a table for 4 people').intent).toBeNull();
    expect(predict(strict, 'book a table for 4 people').alternatives[0]?.name).toBe('book_table');
    expect(predict(model, text, { threshold: p.confidence }).intent).toEqual(p);
    expect(predict(model, text, { threshold: Math.min(1, p.confidence + 1e-6) }).intent).toBeNull();
  });

  it('says no with a single intent', () => {
    const single = loadModel(
      trainModel({
        intents: [{ name: 'help', utterances: ['help', 'I need help', 'can you help me'] }],
      }),
    );
    expect(predict(single, 'help me please').intent?.name).toBe('help');
    expect(predict(single, 'xqzv plomf').intent).toBeNull();
  });

  it('gives calibrated confidences: sure on training phrasing, unsure between two intents', () => {
    const sure = predict(model, 'what are your opening hours').intent!;
    expect(sure.confidence).toBeGreaterThan(0.8);
    const torn = predict(model, 'cancel order status', { threshold: 0 });
    expect(torn.intent!.confidence).toBeLessThan(0.9);
  });
});
