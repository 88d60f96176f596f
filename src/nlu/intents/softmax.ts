/**
 * Multinomial logistic regression on sparse vectors, trained by seeded stochastic gradient
 * descent with a linearly decaying step. Weights are one row of `classes` floats per feature,
 * so that scoring and updating walk contiguous memory.
 *
 * There are no class biases. Instead a reject class, never a label, has a fixed logit of
 * ln(classes + 1): every example must out-score it with evidence from its own features, and a
 * text that shares nothing with the training data keeps more than half of the probability on
 * "none of these", so that even a one- or two-intent model can say no.
 *
 * Two shortcuts keep training within a few seconds for 150 intents and 15,000 utterances:
 * classes whose gradient is negligible are not updated, and an example the model already
 * fits (probability of its label above 0.95 when last seen) is skipped 9 times out of 10.
 * Both are decided by the seeded generator, so training stays deterministic.
 */
import type { SparseVector } from './features.js';

export interface SoftmaxOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly seed: number;
}

export interface LabelledVector extends SparseVector {
  readonly label: number;
}

/** Dense weights: features × classes, row-major. */
export interface DenseWeights {
  readonly classes: number;
  readonly features: number;
  readonly weights: Float32Array;
}

/** Gradients smaller than this are left out of the update (they would change nothing). */
const NEGLIGIBLE_GRADIENT = 1e-4;
const FITTED = 0.95;
const SKIP_FITTED = 0.9;

/** The fixed logit of the reject class of a model with `classes` intents. */
export function rejectLogit(classes: number): number {
  return Math.log(classes + 1);
}

/** mulberry32: a small seeded generator, so that training order is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/**
 * Softmax of `logits / temperature` in place, the reject class taking part in the
 * normalisation; returns the reject class's probability.
 */
export function softmaxInPlace(logits: Float64Array, temperature: number, reject: number): number {
  let max = reject;
  for (const z of logits) if (z > max) max = z;
  let sum = Math.exp((reject - max) / temperature);
  const rejected = sum;
  for (let c = 0; c < logits.length; c++) {
    const e = Math.exp((logits[c]! - max) / temperature);
    logits[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c++) logits[c] = logits[c]! / sum;
  return rejected / sum;
}

/** Class logits of a vector under dense weights, into `out`. */
export function denseLogits(model: DenseWeights, vector: SparseVector, out: Float64Array): void {
  const { classes, weights } = model;
  out.fill(0);
  const { rows, values } = vector;
  for (let k = 0; k < rows.length; k++) {
    const base = rows[k]! * classes;
    const x = values[k]!;
    for (let c = 0; c < classes; c++) out[c] = out[c]! + x * weights[base + c]!;
  }
}

export function trainSoftmax(
  examples: readonly LabelledVector[],
  features: number,
  classes: number,
  options: SoftmaxOptions,
): DenseWeights {
  const model: DenseWeights = { classes, features, weights: new Float32Array(features * classes) };
  const { weights } = model;
  const reject = rejectLogit(classes);
  const random = seededRandom(options.seed);
  const order = new Int32Array(examples.length).map((_, i) => i);
  const fitted = new Float64Array(examples.length);
  const probs = new Float64Array(classes);
  const activeClasses = new Int32Array(classes);
  const activeGrads = new Float64Array(classes);
  const steps = options.epochs * examples.length;
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const index of order) {
      const rate = options.learningRate * (1 - step++ / steps);
      if (fitted[index]! > FITTED && random() < SKIP_FITTED) continue;
      const example = examples[index]!;
      denseLogits(model, example, probs);
      softmaxInPlace(probs, 1, reject);
      fitted[index] = probs[example.label]!;
      probs[example.label] = probs[example.label]! - 1;
      let active = 0;
      for (let c = 0; c < classes; c++) {
        const g = probs[c]!;
        if (g > NEGLIGIBLE_GRADIENT || g < -NEGLIGIBLE_GRADIENT) {
          activeClasses[active] = c;
          activeGrads[active++] = g;
        }
      }
      const { rows, values } = example;
      for (let k = 0; k < rows.length; k++) {
        const base = rows[k]! * classes;
        const x = rate * values[k]!;
        for (let a = 0; a < active; a++) {
          const i = base + activeClasses[a]!;
          weights[i] = weights[i]! - x * activeGrads[a]!;
        }
      }
    }
  }
  return model;
}
