import { describe, expect, it } from 'vitest';

import { foldKeepingOffsets, foldText } from '../../../src/nlu/text/fold.js';
import { CodePointMap, truncateText } from '../../../src/nlu/text/offsets.js';
import { tokenize } from '../../../src/nlu/text/tokens.js';

describe('foldText', () => {
  it('lowercases and drops accents of Latin, Greek and Cyrillic letters', () => {
    expect(foldText('Crème Brûlée à la Señora')).toBe('creme brulee a la senora');
    expect(foldText('ÜBERMORGEN Straße Œuvre')).toBe('ubermorgen strasse oeuvre');
    expect(foldText('Ｆｕｌｌ ﬁne')).toBe('full fine');
    expect(foldText('l’heure')).toBe("l'heure");
  });

  it('keeps the length of each character when asked to', () => {
    const text = 'Straße Crème 😀';
    const folded = foldKeepingOffsets(text);
    expect(folded.length).toBe(text.length);
    expect(folded).toBe('straße creme 😀');
  });
});

describe('tokenize', () => {
  it('gives each word its folded form and both kinds of offsets', () => {
    const text = '😀 Déjà vu';
    expect(tokenize(text)).toEqual([
      { text: 'Déjà', norm: 'deja', start: 2, end: 6, utf16Start: 3, utf16End: 7 },
      { text: 'vu', norm: 'vu', start: 7, end: 9, utf16Start: 8, utf16End: 10 },
    ]);
  });

  it('splits French elisions and hyphenated words, keeps English contractions', () => {
    expect(
      tokenize("l'heure d’arrivée, aujourd'hui, après-demain", 'fr').map((t) => t.norm),
    ).toEqual(["l'", 'heure', "d'", 'arrivee', "aujourd'hui", 'apres', 'demain']);
    expect(tokenize("don't stop", 'en').map((t) => t.norm)).toEqual(["don't", 'stop']);
  });
});

describe('CodePointMap', () => {
  it('converts UTF-16 indices to code point offsets', () => {
    const map = new CodePointMap('a😀b');
    expect([0, 1, 2, 3, 4].map((i) => map.toCodePoint(i))).toEqual([0, 1, 1, 2, 3]);
  });

  it('truncates without splitting a surrogate pair', () => {
    expect(truncateText('ab😀', 3)).toBe('ab');
    expect(truncateText('ab😀', 4)).toBe('ab😀');
  });
});
