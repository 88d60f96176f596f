import { describe, expect, it } from 'vitest';
import { normalizeText, splitWords, textSegments } from '../../../src/nlu/intents/normalize.js';
import { loadModel, predict, trainModel } from '../../../src/nlu/model.js';
import { europeanBot } from './bots.js';

describe('normalisation', () => {
  it('lowercases and folds accents and ligatures', () => {
    expect(normalizeText('Crème Brûlée')).toBe('creme brulee');
    expect(normalizeText('¿Dónde está la ESTACIÓN?')).toBe('¿donde esta la estacion?');
    expect(normalizeText('Hauptstraße, Käsekuchen, Œuvre')).toBe(
      'hauptstrasse, kasekuchen, oeuvre',
    );
    expect(normalizeText('ﬁn')).toBe('fin');
  });

  it('keeps the marks of scripts that need them', () => {
    expect(normalizeText('नमस्ते')).toBe('नमस्ते'.normalize('NFKD'));
  });

  it('splits words on punctuation and apostrophes, numbers as one token', () => {
    expect(splitWords(normalizeText("L'addition, s’il vous plaît: 42,50 €!"))).toEqual([
      'l',
      'addition',
      's',
      'il',
      'vous',
      'plait',
      '0',
      '0',
    ]);
    expect(splitWords('東京へ行く')).toEqual(['東', '京', 'へ', '行', 'く']);
  });

  it('cuts training utterances at slot markers, not user text', () => {
    expect(textSegments('book a table for {guests} people', true)).toEqual([
      ['book', 'a', 'table', 'for'],
      ['people'],
    ]);
    expect(textSegments('{guests}', true)).toEqual([]);
    expect(textSegments('a {b} c', false)).toEqual([['a', 'b', 'c']]);
  });
});

describe('French, Spanish and German', () => {
  const model = loadModel(trainModel(europeanBot));

  it.each([
    ['Je voudrais une creme brulee', 'dessert'],
    ['JE VOUDRAIS UNE CRÈME BRÛLÉE', 'dessert'],
    ['quiero un postre por favor', 'dessert'],
    ['Käsekuchen', 'dessert'],
    ['kasekuchen', 'dessert'],
    ['Où est la gare ?', 'directions'],
    ['donde esta la estacion', 'directions'],
    ['wo ist die Hauptstrasse', 'directions'],
    ["l'addition svp", 'bill'],
    ['la cuenta por favor', 'bill'],
    ['die Rechnung, bitte', 'bill'],
  ])('%s → %s', (text, intent) => {
    expect(predict(model, text).intent?.name).toBe(intent);
  });

  it('gives the same answer with or without accents', () => {
    expect(predict(model, 'crème brûlée')).toEqual(predict(model, 'creme brulee'));
    expect(predict(model, 'Straße')).toEqual(predict(model, 'strasse'));
  });
});
