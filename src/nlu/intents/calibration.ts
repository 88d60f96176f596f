/**
 * Temperature scaling (Guo et al., 2017): one number T dividing every logit, chosen to
 * minimise the negative log-likelihood of held-out examples, so that a confidence of 0.8
 * means right about 80% of the time. It never changes which intent ranks first.
 */
import { softmaxInPlace } from './softmax.js';

export interface HeldOut {
  readonly logits: Float64Array;
  readonly label: number;
}

/**
 * Bounds on T. Few held-out examples that are all easy would push T towards 0 (certainty);
 * the lower bound keeps a text that shares a word or two with an intent from jumping to
 * a confidence of 1.
 */
export const MIN_TEMPERATURE = 0.3;
export const MAX_TEMPERATURE = 3;

function negativeLogLikelihood(
  heldOut: readonly HeldOut[],
  temperature: number,
  reject: number,
): number {
  let sum = 0;
  const probs = new Float64Array(heldOut[0]?.logits.length ?? 0);
  for (const { logits, label } of heldOut) {
    probs.set(logits);
    softmaxInPlace(probs, temperature, reject);
    sum -= Math.log(Math.max(probs[label]!, 1e-12));
  }
  return sum / heldOut.length;
}

/** Golden-section search over ln T; 1 when there is nothing to calibrate on. */
export function fitTemperature(heldOut: readonly HeldOut[], reject: number): number {
  if (heldOut.length === 0) return 1;
  const loss = (logT: number): number => negativeLogLikelihood(heldOut, Math.exp(logT), reject);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(MIN_TEMPERATURE);
  let high = Math.log(MAX_TEMPERATURE);
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let lossA = loss(a);
  let lossB = loss(b);
  for (let i = 0; i < 40; i++) {
    if (lossA <= lossB) {
      high = b;
      b = a;
      lossB = lossA;
      a = high - ratio * (high - low);
      lossA = loss(a);
    } else {
      low = a;
      a = b;
      lossA = lossB;
      b = low + ratio * (high - low);
      lossB = loss(b);
    }
  }
  return Math.exp((low + high) / 2);
}
