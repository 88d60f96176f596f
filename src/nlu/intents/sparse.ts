/**
 * The stored form of a trained model's weights: for each feature, only the classes whose
 * weight matters, each weight as an 8-bit level on a logarithmic scale.
 *
 * A weight below {@link NEGLIGIBLE_WEIGHT} moves a logit by less than 2% of a probability
 * ratio even at full feature value; dropping them keeps about a tenth of a 150-intent model.
 * The others span about 0.02 to 10, and 127 logarithmic steps hold each within 2.5% of its
 * value. On CLINC150 neither changes a single test prediction, and the model shrinks from
 * 4 bytes per class and feature to 2 bytes per kept weight.
 */
import type { SparseVector } from './features.js';
import type { DenseWeights } from './softmax.js';

export const NEGLIGIBLE_WEIGHT = 0.02;
const MAX_LEVEL = 127;

export interface QuantizedRows {
  readonly classes: number;
  /** Entries of each feature row. */
  readonly rowLengths: Uint16Array;
  /** Class of each entry, row after row (fits 8 bits up to 256 classes). */
  readonly columns: Uint8Array | Uint16Array;
  /** Weight of each entry: sign × (`NEGLIGIBLE_WEIGHT` × `ratio` ^ (|level| - 1)). */
  readonly levels: Int8Array;
  readonly ratio: number;
}

/** Rows ready for scoring: entries of row r are `rowStart[r]` to `rowStart[r + 1]`. */
export interface SparseWeights {
  readonly classes: number;
  readonly rowStart: Int32Array;
  readonly columns: Uint8Array | Uint16Array;
  readonly values: Float32Array;
}

/** Column arrays store classes in one byte when they fit. */
function columnArray(classes: number, length: number): Uint8Array | Uint16Array {
  return classes <= 256 ? new Uint8Array(length) : new Uint16Array(length);
}

export function quantize(dense: DenseWeights): QuantizedRows {
  const { classes, features, weights } = dense;
  let max = NEGLIGIBLE_WEIGHT;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const ratio = Math.max(1.0001, Math.exp(Math.log(max / NEGLIGIBLE_WEIGHT) / (MAX_LEVEL - 1)));
  const logRatio = Math.log(ratio);
  const rowLengths = new Uint16Array(features);
  const columns: number[] = [];
  const levels: number[] = [];
  for (let f = 0; f < features; f++) {
    const base = f * classes;
    for (let c = 0; c < classes; c++) {
      const w = weights[base + c]!;
      const size = Math.abs(w);
      if (size < NEGLIGIBLE_WEIGHT) continue;
      const level = Math.min(
        MAX_LEVEL,
        1 + Math.round(Math.log(size / NEGLIGIBLE_WEIGHT) / logRatio),
      );
      columns.push(c);
      levels.push(w < 0 ? -level : level);
      rowLengths[f] = rowLengths[f]! + 1;
    }
  }
  const columnCodes = columnArray(classes, columns.length);
  columnCodes.set(columns);
  return { classes, rowLengths, columns: columnCodes, levels: Int8Array.from(levels), ratio };
}

/** Checks the row structure (a stored model may be damaged) and turns levels into weights. */
export function expand(rows: QuantizedRows): SparseWeights {
  const { classes, rowLengths, columns, levels, ratio } = rows;
  const rowStart = new Int32Array(rowLengths.length + 1);
  for (let r = 0; r < rowLengths.length; r++) rowStart[r + 1] = rowStart[r]! + rowLengths[r]!;
  const entries = rowStart[rowLengths.length]!;
  if (entries !== columns.length || entries !== levels.length) {
    throw new Error(
      `weights: rows hold ${entries} entries, columns ${columns.length}, levels ${levels.length}`,
    );
  }
  for (const c of columns) if (c >= classes) throw new Error(`weights: class ${c} out of range`);
  const magnitude = new Float32Array(MAX_LEVEL + 1);
  for (let l = 1; l <= MAX_LEVEL; l++) magnitude[l] = NEGLIGIBLE_WEIGHT * ratio ** (l - 1);
  const values = new Float32Array(entries);
  for (let i = 0; i < entries; i++) {
    const level = levels[i]!;
    if (level === 0 || level < -MAX_LEVEL) throw new Error(`weights: level ${level} out of range`);
    values[i] = level < 0 ? -magnitude[-level]! : magnitude[level]!;
  }
  return { classes, rowStart, columns, values };
}

export function sparseLogits(
  weights: SparseWeights,
  vector: SparseVector,
  out: Float64Array,
): void {
  const { rowStart, columns, values } = weights;
  out.fill(0);
  for (let k = 0; k < vector.rows.length; k++) {
    const row = vector.rows[k]!;
    const x = vector.values[k]!;
    const end = rowStart[row + 1]!;
    for (let i = rowStart[row]!; i < end; i++) {
      const c = columns[i]!;
      out[c] = out[c]! + x * values[i]!;
    }
  }
}
