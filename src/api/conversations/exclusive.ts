/**
 * The conversation's hold for writes that are not turns (message create/update/delete,
 * contact upsert, update, delete; conversations-api.md §7.5): this process's lock and the
 * conversation's claim across processes (claims.ts), both within the surface's 30 s, then one
 * transaction that ends the claim. `work` gets the conversation as it stands once held.
 */
import type { SurfaceConversation } from '../../engine/store.js';
import type { Principal } from '../principal.js';
import { holdConversation } from './claims.js';
import type { Context } from './context.js';

export async function exclusive<T>(
  ctx: Context,
  principal: Principal,
  cid: string,
  work: (conversation: SurfaceConversation) => Promise<T>,
): Promise<T> {
  const held = await holdConversation(ctx, principal, cid);
  try {
    return await held.transaction(async (settle) => {
      // First: a delete leaves no row to release the claim of.
      await settle();
      return work(held.conversation);
    });
  } finally {
    await held.release();
  }
}
