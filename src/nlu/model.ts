/**
 * The intent model of a bot: training from its NLU definition (`csml.md` §18.2), the JSON
 * form stored in a BotVersion snapshot, loading it back, and classifying a text.
 *
 *   const stored = trainModel(bot.nlu);          // at build: plain JSON, a few KB to a few MB
 *   const model = loadModel(stored);             // once per version: callers cache it
 *   predict(model, 'book a table for 4');        // {intent: {name, confidence} | null, alternatives}
 *
 * The weights travel as base64 of little-endian typed arrays; a stored model loads to the
 * same numbers, so that its predictions are identical to the freshly trained one's.
 */
import {
  classify,
  type ClassifyOptions,
  type IntentClassifier,
  type IntentPrediction,
} from './intents/classify.js';
import {
  decodeFloat32,
  decodeInt8,
  decodeUint16,
  decodeUint32,
  decodeUint8,
  encodeBytes,
  encodeFloat32,
  encodeUint16,
  encodeUint32,
} from './intents/codec.js';
import type { FeatureSpec } from './intents/features.js';
import { HashIndex } from './intents/hash.js';
import { expand } from './intents/sparse.js';
import {
  IntentTrainingError,
  trainIntents,
  type IntentDefinition,
  type TrainIntentsOptions,
} from './intents/train.js';

export type { ClassifyOptions, IntentPrediction, ScoredIntent } from './intents/classify.js';
export { IntentTrainingError };
export type { IntentDefinition, TrainIntentsOptions } from './intents/train.js';

export const INTENT_MODEL_FORMAT = 'parley.nlu.intents';
export const INTENT_MODEL_VERSION = 1;
export const DEFAULT_THRESHOLD = 0.5;
export const DEFAULT_LANGUAGES: readonly string[] = ['en'];

/** The part of a bot's `nlu` definition that intent training reads (slots are ignored). */
export interface NluIntentsDefinition {
  readonly languages?: readonly string[];
  readonly threshold?: number;
  readonly intents: readonly IntentDefinition[];
}

/** A trained intent model as stored (JSON). */
export interface SerializedIntentModel {
  readonly format: typeof INTENT_MODEL_FORMAT;
  readonly version: typeof INTENT_MODEL_VERSION;
  readonly languages: readonly string[];
  readonly threshold: number;
  readonly intents: readonly string[];
  readonly features: FeatureSpec;
  readonly temperature: number;
  readonly unknownIdf: number;
  /** base64, little-endian: Uint32 feature hashes, Float32 idf, Uint16 entries per row. */
  readonly hashes: string;
  readonly idf: string;
  readonly rowLengths: string;
  /**
   * base64: the class of each kept weight (Uint8 up to 256 intents, else Uint16 little-endian)
   * and its Int8 level: sign × 0.02 × ratio ^ (|level| - 1).
   */
  readonly columns: string;
  readonly levels: string;
  readonly ratio: number;
  /** Distinct utterances trained on and how many calibrated the confidence. */
  readonly utterances: number;
  readonly heldOut: number;
}

/** A loaded intent model. */
export interface IntentModel extends IntentClassifier {
  readonly languages: readonly string[];
}

/** A stored model that cannot be loaded (damaged, or of another format or version). */
export class IntentModelError extends Error {
  constructor(message: string) {
    super(`intent model: ${message}`);
    this.name = 'IntentModelError';
  }
}

/**
 * Trains the intent model of an NLU definition. `{slot}` markers in utterances stand for
 * values the classifier cannot know and are left out. Throws {@link IntentTrainingError}
 * (with `field`) on a definition it cannot train: no intent, an intent without any
 * utterance that has a word, duplicate names, a threshold outside 0..1.
 */
export function trainModel(
  definition: NluIntentsDefinition,
  options: TrainIntentsOptions = {},
): SerializedIntentModel {
  const threshold = definition.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new IntentTrainingError('threshold must be between 0 and 1', 'threshold');
  }
  const trained = trainIntents(definition, options);
  return {
    format: INTENT_MODEL_FORMAT,
    version: INTENT_MODEL_VERSION,
    languages: [...(definition.languages ?? DEFAULT_LANGUAGES)],
    threshold,
    intents: trained.intents,
    features: trained.spec,
    temperature: trained.temperature,
    unknownIdf: trained.unknownIdf,
    hashes: encodeUint32(trained.hashes),
    idf: encodeFloat32(trained.idf),
    rowLengths: encodeUint16(trained.weights.rowLengths),
    columns:
      trained.weights.columns instanceof Uint8Array
        ? encodeBytes(trained.weights.columns)
        : encodeUint16(trained.weights.columns),
    levels: encodeBytes(trained.weights.levels),
    ratio: trained.weights.ratio,
    utterances: trained.utterances,
    heldOut: trained.heldOut,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function member<T>(
  record: Record<string, unknown>,
  key: string,
  check: (v: unknown) => v is T,
  what: string,
): T {
  const value = record[key];
  if (!check(value)) throw new IntentModelError(`${key} must be ${what}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPositive = (v: unknown): v is number => isFinite(v) && v > 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isSmallInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 8;

function loadSpec(value: unknown): FeatureSpec {
  if (!isRecord(value)) throw new IntentModelError('features must be an object');
  const spec: FeatureSpec = {
    wordOrder: member(value, 'wordOrder', isSmallInt, 'an integer 1..8'),
    charMin: member(value, 'charMin', isSmallInt, 'an integer 1..8'),
    charMax: member(value, 'charMax', isSmallInt, 'an integer 1..8'),
    charWeight: member(value, 'charWeight', isFinite, 'a number'),
  };
  if (spec.charMin > spec.charMax) throw new IntentModelError('features.charMin > charMax');
  return spec;
}

/**
 * Loads a stored model (the value of {@link trainModel}, as it comes back from JSON).
 * Throws {@link IntentModelError} when it is not one.
 */
export function loadModel(serialized: unknown): IntentModel {
  if (!isRecord(serialized)) throw new IntentModelError('not an object');
  if (serialized.format !== INTENT_MODEL_FORMAT) {
    throw new IntentModelError(`format must be ${INTENT_MODEL_FORMAT}`);
  }
  if (serialized.version !== INTENT_MODEL_VERSION) {
    throw new IntentModelError(`version ${String(serialized.version)} is not supported`);
  }
  const intents = member(serialized, 'intents', isStrings, 'an array of names');
  if (intents.length === 0) throw new IntentModelError('intents must not be empty');
  const threshold = member(serialized, 'threshold', isFinite, 'a number');
  try {
    const hashes = decodeUint32(member(serialized, 'hashes', isString, 'base64'), 'hashes');
    const idf = decodeFloat32(member(serialized, 'idf', isString, 'base64'), 'idf');
    const rowLengths = decodeUint16(
      member(serialized, 'rowLengths', isString, 'base64'),
      'rowLengths',
    );
    if (idf.length !== hashes.length || rowLengths.length !== hashes.length) {
      throw new Error('hashes, idf and rowLengths differ in length');
    }
    const columns = member(serialized, 'columns', isString, 'base64');
    const weights = expand({
      classes: intents.length,
      rowLengths,
      columns:
        intents.length <= 256 ? decodeUint8(columns, 'columns') : decodeUint16(columns, 'columns'),
      levels: decodeInt8(member(serialized, 'levels', isString, 'base64'), 'levels'),
      ratio: member(serialized, 'ratio', isPositive, 'a positive number'),
    });
    return {
      languages: member(serialized, 'languages', isStrings, 'an array of language codes'),
      threshold,
      intents,
      spec: loadSpec(serialized.features),
      index: new HashIndex(hashes),
      idf,
      unknownIdf: member(serialized, 'unknownIdf', isFinite, 'a number'),
      weights,
      temperature: member(serialized, 'temperature', isPositive, 'a positive number'),
    };
  } catch (error) {
    if (error instanceof IntentModelError) throw error;
    throw new IntentModelError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Classifies a text: the best intent if its calibrated confidence reaches the threshold (the
 * model's, from the definition, unless `options.threshold` is given), and the runners-up.
 */
export function predict(
  model: IntentModel,
  text: string,
  options: ClassifyOptions = {},
): IntentPrediction {
  return classify(model, text, options);
}
