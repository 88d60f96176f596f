/**
 * Feature extraction: word unigrams and bigrams (with sentence-boundary bigrams) and character
 * n-grams inside space-padded words, each counted under its 32-bit hash. Weighting (sublinear
 * tf × idf, L2 per block) happens in {@link vectorize}, against the feature table of a model.
 */
import { finish, fnvStep, fnvString, SEED_CHARS, SEED_PAIR, SEED_WORD } from './hash.js';

/** What features a model uses; stored in the model so that inference extracts the same ones. */
export interface FeatureSpec {
  /** Longest word n-gram: 1 (words) or 2 (words and adjacent pairs). */
  readonly wordOrder: number;
  /** Character n-gram lengths, inside words padded with one space each side. */
  readonly charMin: number;
  readonly charMax: number;
  /** Weight of the character block against the word block (each block has unit L2 norm). */
  readonly charWeight: number;
}

/** Raw feature counts of one text, by block. */
export interface FeatureCounts {
  /** Words and word pairs. */
  readonly words: Map<number, number>;
  readonly chars: Map<number, number>;
}

const BOUNDARY = 0x02;
const SPACE = 0x20;

function add(counts: Map<number, number>, key: number): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function countChars(word: string, spec: FeatureSpec, counts: Map<number, number>): void {
  const length = word.length + 2;
  const unit = (i: number): number =>
    i === 0 || i === length - 1 ? SPACE : word.charCodeAt(i - 1);
  for (let start = 0; start < length; start++) {
    let hash = SEED_CHARS;
    for (let n = 1; n <= spec.charMax && start + n <= length; n++) {
      hash = fnvStep(hash, unit(start + n - 1));
      if (n >= spec.charMin) add(counts, finish(hash));
    }
  }
}

function pairHash(left: string | null, right: string | null): number {
  let hash = SEED_PAIR;
  hash = left === null ? fnvStep(hash, BOUNDARY) : fnvString(hash, left);
  hash = fnvStep(hash, SPACE);
  hash = right === null ? fnvStep(hash, BOUNDARY) : fnvString(hash, right);
  return finish(hash);
}

/** Counts the features of a text given as word segments (see `textSegments`). */
export function countFeatures(
  segments: readonly (readonly string[])[],
  spec: FeatureSpec,
): FeatureCounts {
  const words = new Map<number, number>();
  const chars = new Map<number, number>();
  for (const segment of segments) {
    for (const word of segment) {
      add(words, finish(fnvString(SEED_WORD, word)));
      countChars(word, spec, chars);
    }
    if (spec.wordOrder >= 2) {
      for (let i = 0; i <= segment.length; i++) {
        add(words, pairHash(i === 0 ? null : segment[i - 1]!, segment[i] ?? null));
      }
    }
  }
  return { words, chars };
}

/** The rows of a model's features: -1 for a feature the model does not know. */
export interface FeatureTable {
  get(hash: number): number;
}

/** A feature vector over the rows of a model's feature table. */
export interface SparseVector {
  readonly rows: Int32Array;
  readonly values: Float32Array;
}

/**
 * Sublinear tf × idf, each block scaled to unit L2 norm, the character block then multiplied
 * by its weight. Features the model does not know still count in the norm (at the highest
 * idf), so that a text made mostly of unknown words gets small values and low confidence.
 */
export function vectorize(
  counts: FeatureCounts,
  table: FeatureTable,
  idf: Float32Array,
  unknownIdf: number,
  spec: FeatureSpec,
): SparseVector {
  const rows: number[] = [];
  const values: number[] = [];
  const block = (map: Map<number, number>, weight: number): void => {
    const first = rows.length;
    let norm = 0;
    for (const [hash, count] of map) {
      const row = table.get(hash);
      const tf = 1 + Math.log(count);
      const value = tf * (row >= 0 ? idf[row]! : unknownIdf);
      norm += value * value;
      if (row >= 0) {
        rows.push(row);
        values.push(value);
      }
    }
    if (norm === 0) return;
    const scale = weight / Math.sqrt(norm);
    for (let i = first; i < values.length; i++) values[i] = values[i]! * scale;
  };
  block(counts.words, 1);
  block(counts.chars, spec.charWeight);
  return { rows: Int32Array.from(rows), values: Float32Array.from(values) };
}
