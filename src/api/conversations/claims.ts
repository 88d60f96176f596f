/**
 * Holding a conversation (conversations-api.md §7.5): this process's lock, then the
 * conversation's claim in the database (`claim_token`, `claim_until`; migration 0003), which
 * serializes requests across server processes for as long as a request runs, an LLM turn's
 * model calls and a flow's outbound requests included, without keeping a transaction (and on
 * PostgreSQL a pooled connection) open meanwhile.
 *
 * A claim lapses CLAIM_TTL_MS after it was taken or last renewed, and a holder renews it every
 * CLAIM_RENEW_MS, so a process that died holding one holds the conversation up for at most
 * CLAIM_TTL_MS. Its last write goes with the turn's commit: `settle` releases it in the turn's
 * transaction and fails (503, the turn rolled back) when the claim was lost meanwhile, so a
 * turn never commits over another one's writes. Waiting for another process's claim is a poll
 * with backoff, within the surface's lock wait (30 s, then 503).
 *
 * Claims compare times of several processes: they use the wall clock, not the surface's clock
 * (which tests move), and assume clocks within a few seconds of each other.
 */
import { randomUUID } from 'node:crypto';

import { EngineError } from '../../engine/errors.js';
import type { ClaimRelease, MessageMark, SurfaceConversation } from '../../engine/store.js';
import type { Principal } from '../principal.js';
import { checkVisible, notFound } from './access.js';
import type { Context } from './context.js';

const CLAIM_TTL_MS = 15_000;
const CLAIM_RENEW_MS = 5_000;
const POLL_FIRST_MS = 5;
const POLL_MAX_MS = 100;

const busy = () =>
  new EngineError(
    'lock_timeout',
    'another request on this conversation is still running; try again',
  );

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/** What a held conversation's transaction ends with (ClaimRelease's changes). */
export type Settle = (
  changes?: Omit<ClaimRelease, 'orgId' | 'conversationId' | 'token'>,
) => Promise<void>;

/** A conversation held by one request: read as it stood once held. */
export interface HeldConversation {
  readonly conversation: SurfaceConversation;
  /** Its newest message when it was claimed (nobody else writes while it is held). */
  readonly last: MessageMark | null;
  /**
   * Runs `work` in one transaction whose last write is `settle`: the claim released with the
   * request's changes. A lost claim (lapsed, taken over) is a 503 that rolls it all back.
   */
  transaction<T>(work: (settle: Settle) => Promise<T>): Promise<T>;
  /** Releases what is still held: the claim unless a transaction settled it, then the lock. */
  release(): Promise<void>;
}

/** Waits (the surface's lock wait at most) for the conversation, then holds it. */
export async function holdConversation(
  ctx: Context,
  principal: Principal,
  cid: string,
): Promise<HeldConversation> {
  const deadline = Date.now() + ctx.lockWaitMs;
  const unlock = await ctx.lock(cid);
  try {
    const token = randomUUID();
    const claimed = await claim(ctx, principal.orgId, cid, token, deadline);
    const held = new Held(ctx, principal.orgId, cid, token, claimed, unlock);
    try {
      checkVisible(ctx, principal, claimed.conversation);
    } catch (error) {
      await held.release();
      throw error;
    }
    return held;
  } catch (error) {
    unlock();
    throw error;
  }
}

async function claim(
  ctx: Context,
  orgId: string,
  cid: string,
  token: string,
  deadline: number,
): Promise<{ conversation: SurfaceConversation; last: MessageMark | null }> {
  for (let pause = POLL_FIRST_MS; ; pause = Math.min(pause * 2, POLL_MAX_MS)) {
    const now = Date.now();
    const outcome = await ctx.store.claimConversation({
      orgId,
      conversationId: cid,
      token,
      until: now + CLAIM_TTL_MS,
      now,
    });
    switch (outcome.kind) {
      case 'claimed':
        return outcome;
      case 'missing':
        throw notFound();
      case 'busy': {
        const left = deadline - Date.now();
        if (left <= 0) throw busy();
        await sleep(Math.min(pause, left));
        break;
      }
    }
  }
}

class Held implements HeldConversation {
  readonly conversation: SurfaceConversation;
  readonly last: MessageMark | null;
  private claimed = true;
  private unlocked = false;
  private readonly renewal: NodeJS.Timeout;

  constructor(
    private readonly ctx: Context,
    private readonly orgId: string,
    private readonly cid: string,
    private readonly token: string,
    read: { conversation: SurfaceConversation; last: MessageMark | null },
    private readonly unlock: () => void,
  ) {
    this.conversation = read.conversation;
    this.last = read.last;
    this.renewal = setInterval(() => {
      this.renew();
    }, CLAIM_RENEW_MS);
    // A request still running must not keep a closing process alive for its claim's sake.
    this.renewal.unref();
  }

  async transaction<T>(work: (settle: Settle) => Promise<T>): Promise<T> {
    const state = { settled: false };
    const result = await this.ctx.store.transaction(() =>
      work(async (changes = {}) => {
        const released = await this.ctx.store.releaseClaim({
          ...changes,
          orgId: this.orgId,
          conversationId: this.cid,
          token: this.token,
        });
        if (!released) {
          throw new EngineError(
            'unavailable',
            'the conversation was taken over while this request ran; try again',
          );
        }
        state.settled = true;
      }),
    );
    // Committed: the claim is released. (Rolled back, it is still held, for release().)
    if (state.settled) {
      this.claimed = false;
      clearInterval(this.renewal);
    }
    return result;
  }

  async release(): Promise<void> {
    clearInterval(this.renewal);
    try {
      if (this.claimed) {
        this.claimed = false;
        // A failure here leaves the claim to lapse by itself.
        await this.ctx.store
          .releaseClaim({ orgId: this.orgId, conversationId: this.cid, token: this.token })
          .catch(() => false);
      }
    } finally {
      if (!this.unlocked) {
        this.unlocked = true;
        this.unlock();
      }
    }
  }

  private renew(): void {
    if (!this.claimed) return;
    this.ctx.store.renewClaim(this.orgId, this.cid, this.token, Date.now() + CLAIM_TTL_MS).then(
      (renewed) => {
        // Lost: settle will say so; renewing is over.
        if (!renewed) clearInterval(this.renewal);
      },
      // The database may be back before the claim lapses: the next renewal tries again.
      () => undefined,
    );
  }
}
