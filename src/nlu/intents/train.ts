/**
 * Training an intent classifier from a bot's intents: feature table and idf from the
 * utterances, a temperature calibrated on held-out utterances, then the final model on all of
 * them. Everything is seeded: the same intents give the same model, byte for byte.
 */
import { countFeatures, vectorize, type FeatureCounts, type FeatureSpec } from './features.js';
import { HashIndex } from './hash.js';
import { textSegments } from './normalize.js';
import { fitTemperature, type HeldOut } from './calibration.js';
import { quantize, type QuantizedRows } from './sparse.js';
import {
  denseLogits,
  rejectLogit,
  seededRandom,
  shuffleInPlace,
  trainSoftmax,
  type LabelledVector,
} from './softmax.js';

export interface IntentDefinition {
  readonly name: string;
  readonly utterances: readonly string[];
}

export interface IntentTrainingSet {
  readonly intents: readonly IntentDefinition[];
}

export interface TrainIntentsOptions {
  /** Seed of every random choice of training (default 1). */
  readonly seed?: number;
  /** Budget of features × intents held while training (default {@link MAX_WEIGHTS}). */
  readonly maxWeights?: number;
}

/** Bad training input; `field` is the path of the culprit, e.g. `intents[2].utterances`. */
export class IntentTrainingError extends Error {
  readonly field: string;

  constructor(message: string, field: string) {
    super(message);
    this.name = 'IntentTrainingError';
    this.field = field;
  }
}

export interface TrainedIntents {
  readonly intents: readonly string[];
  readonly spec: FeatureSpec;
  /** Feature hash of each weight row. */
  readonly hashes: Uint32Array;
  readonly idf: Float32Array;
  /** idf given to features the model never saw (they still weigh in a text's norm). */
  readonly unknownIdf: number;
  readonly temperature: number;
  readonly weights: QuantizedRows;
  /** Distinct utterances trained on, and how many of them calibrated the temperature. */
  readonly utterances: number;
  readonly heldOut: number;
}

/** The feature set chosen on CLINC150's validation data (see bench/nlu.ts). */
export const DEFAULT_FEATURES: FeatureSpec = {
  wordOrder: 2,
  charMin: 2,
  charMax: 4,
  charWeight: 1,
};
const LEARNING_RATE = 2;
/** Calibration folds are 1/5 of each intent's utterances. */
const FOLDS = 5;
/** Enough held-out utterances that more calibration folds would not be worth training. */
const CALIBRATION_TARGET = 3000;
export const MAX_INTENTS = 65535;
/** Features × intents held while training: 2^25 floats, 128 MB. */
export const MAX_WEIGHTS = 2 ** 25;

interface Example {
  readonly label: number;
  readonly counts: FeatureCounts;
}

function collectExamples(set: IntentTrainingSet, spec: FeatureSpec): Example[] {
  if (set.intents.length === 0) {
    throw new IntentTrainingError('an NLU model needs at least one intent', 'intents');
  }
  if (set.intents.length > MAX_INTENTS) {
    throw new IntentTrainingError(`at most ${MAX_INTENTS} intents`, 'intents');
  }
  const names = new Set<string>();
  const examples: Example[] = [];
  set.intents.forEach((intent, label) => {
    const field = `intents[${label}]`;
    if (intent.name.length === 0)
      throw new IntentTrainingError('empty intent name', `${field}.name`);
    if (names.has(intent.name)) {
      throw new IntentTrainingError(`duplicate intent name ${intent.name}`, `${field}.name`);
    }
    names.add(intent.name);
    const seen = new Set<string>();
    for (const utterance of intent.utterances) {
      const segments = textSegments(utterance, true);
      const key = segments.map((s) => s.join(' ')).join('\u0001');
      // An utterance written twice (or differing only in case, accents, punctuation) would
      // count twice in training and could sit on both sides of a calibration split.
      if (segments.length === 0 || seen.has(key)) continue;
      seen.add(key);
      examples.push({ label, counts: countFeatures(segments, spec) });
    }
    if (seen.size === 0) {
      throw new IntentTrainingError(
        `intent ${intent.name} has no utterance with a word in it`,
        `${field}.utterances`,
      );
    }
  });
  return examples;
}

interface FeatureTableData {
  readonly hashes: Uint32Array;
  readonly idf: Float32Array;
  readonly unknownIdf: number;
}

/**
 * Every feature of the utterances, in order of first appearance, with its smoothed idf.
 * Training holds one float per feature and intent; past the budget the rarest
 * features are left out (they then count as unknown), so that memory stays bounded.
 */
function buildFeatureTable(
  examples: readonly Example[],
  classes: number,
  maxWeights: number,
): FeatureTableData {
  const documents = new Map<number, number>();
  for (const { counts } of examples) {
    for (const block of [counts.words, counts.chars]) {
      for (const hash of block.keys()) documents.set(hash, (documents.get(hash) ?? 0) + 1);
    }
  }
  let kept = [...documents];
  const limit = Math.max(1, Math.floor(maxWeights / classes));
  if (kept.length > limit) {
    const rank = kept.map((_, i) => i).sort((a, b) => kept[b]![1] - kept[a]![1] || a - b);
    kept = rank
      .slice(0, limit)
      .sort((a, b) => a - b)
      .map((i) => kept[i]!);
  }
  const n = examples.length;
  const hashes = new Uint32Array(kept.length);
  const idf = new Float32Array(kept.length);
  kept.forEach(([hash, df], row) => {
    hashes[row] = hash;
    idf[row] = Math.log((1 + n) / (1 + df)) + 1;
  });
  return { hashes, idf, unknownIdf: Math.log(1 + n) + 1 };
}

/** Fold of each example: its rank in a seeded shuffle of its intent, modulo 5 (-1: never). */
function assignFolds(examples: readonly Example[], classes: number, seed: number): Int8Array {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  examples.forEach((e, i) => byClass[e.label]!.push(i));
  const random = seededRandom(seed ^ 0x5bd1e995);
  const folds = new Int8Array(examples.length).fill(-1);
  for (const members of byClass) {
    // An intent's only utterance must stay in training, or the fold could not learn it.
    if (members.length < 2) continue;
    const order = Int32Array.from(members);
    shuffleInPlace(order, random);
    order.forEach((example, rank) => (folds[example] = rank % FOLDS));
  }
  return folds;
}

export function trainIntents(
  set: IntentTrainingSet,
  options: TrainIntentsOptions = {},
): TrainedIntents {
  const seed = options.seed ?? 1;
  const spec = DEFAULT_FEATURES;
  const examples = collectExamples(set, spec);
  const classes = set.intents.length;
  const table = buildFeatureTable(examples, classes, options.maxWeights ?? MAX_WEIGHTS);
  const index = new HashIndex(table.hashes);
  const vectors: LabelledVector[] = examples.map((e) => ({
    ...vectorize(e.counts, index, table.idf, table.unknownIdf, spec),
    label: e.label,
  }));
  const features = table.hashes.length;
  // Small bots get more passes: their few examples need as many updates as a large one's.
  const epochs = Math.min(50, Math.max(10, Math.ceil(30000 / vectors.length)));
  const softmax = { epochs, learningRate: LEARNING_RATE };

  const folds = assignFolds(examples, classes, seed);
  const foldCount = Math.min(FOLDS, Math.max(1, Math.ceil(CALIBRATION_TARGET / vectors.length)));
  // The feature table includes the held-out utterances' features: a fold model gives them no
  // weight, as it would an unknown word, and one table serves every fold.
  const heldOut: HeldOut[] = [];
  for (let fold = 0; fold < foldCount; fold++) {
    const held = vectors.filter((_, i) => folds[i] === fold);
    if (held.length === 0) continue;
    const kept = vectors.filter((_, i) => folds[i] !== fold);
    const model = trainSoftmax(kept, features, classes, { ...softmax, seed: seed + fold + 1 });
    for (const vector of held) {
      const logits = new Float64Array(classes);
      denseLogits(model, vector, logits);
      heldOut.push({ logits, label: vector.label });
    }
  }
  const temperature = fitTemperature(heldOut, rejectLogit(classes));
  const final = trainSoftmax(vectors, features, classes, { ...softmax, seed });
  return {
    intents: set.intents.map((i) => i.name),
    spec,
    ...table,
    temperature,
    weights: quantize(final),
    utterances: vectors.length,
    heldOut: heldOut.length,
  };
}
