/**
 * Inference: a text's calibrated intent probabilities, the best intent when it reaches the
 * threshold, and the runners-up.
 */
import { countFeatures, vectorize, type FeatureSpec } from './features.js';
import type { HashIndex } from './hash.js';
import { textSegments } from './normalize.js';
import { sparseLogits, type SparseWeights } from './sparse.js';
import { rejectLogit, softmaxInPlace } from './softmax.js';

/** A trained classifier in memory, ready to classify (see `loadModel` in src/nlu/model.ts). */
export interface IntentClassifier {
  readonly intents: readonly string[];
  readonly spec: FeatureSpec;
  readonly index: HashIndex;
  readonly idf: Float32Array;
  readonly unknownIdf: number;
  readonly weights: SparseWeights;
  readonly temperature: number;
  readonly threshold: number;
}

export interface ScoredIntent {
  readonly name: string;
  /** Calibrated probability, 0..1. */
  readonly confidence: number;
}

export interface IntentPrediction {
  /** The most probable intent, or null when its confidence is below the threshold. */
  readonly intent: ScoredIntent | null;
  /**
   * The next most probable intents after `intent`, best first; when `intent` is null, the
   * best candidates that did not reach the threshold. Empty when the text shares nothing
   * with the training utterances.
   */
  readonly alternatives: readonly ScoredIntent[];
}

export interface ClassifyOptions {
  /** Overrides the model's threshold (0..1). */
  readonly threshold?: number;
  /** How many alternatives at most (default 4). */
  readonly alternatives?: number;
}

/** Candidates less probable than this are noise, not alternatives. */
const MIN_ALTERNATIVE = 0.001;
const DEFAULT_ALTERNATIVES = 4;

/** Calibrated probability of each intent (the rest, to 1, is "none of them"). */
export function intentProbabilities(model: IntentClassifier, text: string): Float64Array | null {
  const counts = countFeatures(textSegments(text, false), model.spec);
  const vector = vectorize(counts, model.index, model.idf, model.unknownIdf, model.spec);
  if (vector.rows.length === 0) return null;
  const probs = new Float64Array(model.intents.length);
  sparseLogits(model.weights, vector, probs);
  softmaxInPlace(probs, model.temperature, rejectLogit(model.intents.length));
  return probs;
}

export function classify(
  model: IntentClassifier,
  text: string,
  options: ClassifyOptions = {},
): IntentPrediction {
  const probs = intentProbabilities(model, text);
  if (probs === null) return { intent: null, alternatives: [] };
  const want = 1 + (options.alternatives ?? DEFAULT_ALTERNATIVES);
  // Partial selection of the best `want` classes: a short list kept sorted by insertion.
  const best: number[] = [];
  for (let c = 0; c < probs.length; c++) {
    const p = probs[c]!;
    if (best.length === want && p <= probs[best[want - 1]!]!) continue;
    let at = best.length;
    while (at > 0 && probs[best[at - 1]!]! < p) at--;
    best.splice(at, 0, c);
    if (best.length > want) best.pop();
  }
  const scored = best.map((c) => ({ name: model.intents[c]!, confidence: probs[c]! }));
  const top = scored[0]!;
  const threshold = options.threshold ?? model.threshold;
  const reached = top.confidence >= threshold;
  const rest = (reached ? scored.slice(1) : scored.slice(0, want - 1)).filter(
    (s) => s.confidence >= MIN_ALTERNATIVE,
  );
  return { intent: reached ? top : null, alternatives: rest };
}
