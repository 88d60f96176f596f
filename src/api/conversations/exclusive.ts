/**
 * The conversation's lock for writes that are not turns (message create/update/delete,
 * contact upsert, update, delete; conversations-api.md §7.5): this process's lock, then the
 * conversation's transaction (FOR UPDATE on PostgreSQL), both within the surface's 30 s.
 */
import { EngineError } from '../../engine/errors.js';
import { LockTimeoutError } from '../../engine/store.js';
import type { Context } from './context.js';

export async function exclusive<T>(ctx: Context, cid: string, work: () => Promise<T>): Promise<T> {
  const release = await ctx.lock(cid);
  try {
    return await ctx.store.withConversation(cid, () => work(), { waitMs: ctx.lockWaitMs });
  } catch (error) {
    if (error instanceof LockTimeoutError) {
      throw new EngineError('lock_timeout', 'the conversation is busy; try again');
    }
    throw error;
  } finally {
    release();
  }
}
