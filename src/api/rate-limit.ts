/**
 * Requests per second per credential on the Studio surface (studio-api.md §10): a token bucket
 * per credential holding at most `rate` tokens, refilled at `rate` per second; a request takes
 * one. Process-local by design: with several processes behind one database each process
 * allows the rate (the limit protects a process, it is not a quota).
 */
import { EngineError } from '../engine/errors.js';
import type { Principal } from './principal.js';

interface Bucket {
  tokens: number;
  /** When `tokens` was last computed, ms. */
  at: number;
}

/**
 * The bucket of a credential: its key id (`admin` for the admin token), however it is
 * presented (bearer, signed, public, or an access token minted from it), so that switching
 * schemes does not multiply the rate.
 */
export function rateKey(principal: Principal): string {
  return principal.channelId;
}

/** Buckets are dropped once this many exist and they are full again (idle credentials). */
const PRUNE_AT = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** `rate` requests per second, burst equal; 0 allows everything. */
  constructor(
    readonly rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token; answers how many whole seconds to wait when none is left. */
  take(key: string): { readonly ok: true } | { readonly ok: false; readonly retryAfter: number } {
    if (this.rate <= 0) return { ok: true };
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_AT) this.prune(now);
      bucket = { tokens: this.rate, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.rate, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / this.rate)) };
  }

  /** Throws 429 `rate_limited` with `Retry-After` when the principal is over its rate. */
  check(principal: Principal): void {
    const result = this.take(rateKey(principal));
    if (!result.ok) {
      throw new EngineError(
        'rate_limited',
        `Too many requests: at most ${this.rate} per second per credential; retry in ` +
          `${result.retryAfter} s`,
        { headers: { 'Retry-After': String(result.retryAfter) } },
      );
    }
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.rate >= this.rate) {
        this.buckets.delete(key);
      }
    }
  }
}
