/**
 * 32-bit feature hashing (FNV-1a over UTF-16 code units, then murmur3's finaliser so that
 * the low bits used by {@link HashIndex} are well mixed). Features are kept under their
 * full 32-bit hash: a 150-intent model has ~10^5 features, so a collision between two
 * features that both matter is far less likely than with 2^18 buckets, and no vocabulary of
 * strings has to be stored.
 */

const FNV_PRIME = 0x01000193;

/** Starting values that keep the kinds of feature (word, word pair, character n-gram) apart. */
export const SEED_WORD = 0x811c9dc5;
export const SEED_PAIR = 0x050c5d1f;
export const SEED_CHARS = 0x2f7a1b3d;

/** Continues an FNV-1a hash with one UTF-16 code unit. */
export function fnvStep(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, FNV_PRIME);
}

export function fnvString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** murmur3 fmix32: the final avalanche, as an unsigned 32-bit integer. */
export function finish(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * An open-addressing table from feature hash to row number, built once when a model is
 * trained or loaded; a lookup costs a multiply and, usually, one probe.
 */
export class HashIndex {
  private readonly keys: Uint32Array;
  private readonly rows: Int32Array;
  private readonly mask: number;

  constructor(hashes: Uint32Array) {
    let capacity = 16;
    while (capacity < hashes.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.keys = new Uint32Array(capacity);
    this.rows = new Int32Array(capacity).fill(-1);
    for (let row = 0; row < hashes.length; row++) {
      const key = hashes[row]!;
      let slot = key & this.mask;
      while (this.rows[slot]! >= 0) {
        if (this.keys[slot] === key) throw new Error(`duplicate feature hash ${key}`);
        slot = (slot + 1) & this.mask;
      }
      this.keys[slot] = key;
      this.rows[slot] = row;
    }
  }

  /** The row of a feature, or -1 when the model never saw it. */
  get(key: number): number {
    let slot = key & this.mask;
    for (;;) {
      const row = this.rows[slot]!;
      if (row < 0 || this.keys[slot] === key) return row;
      slot = (slot + 1) & this.mask;
    }
  }
}
