/**
 * The surface's upkeep on a timer, so that nothing waits for traffic to clean up: pending
 * uploads whose URL expired are dropped with any bytes they left (conversations-api.md §6.9),
 * and answers kept for retries are pruned once older than their 24 hours (§7.5), instead of
 * by every turn. One sweep at a time; a failed sweep is logged and the next one tries again.
 */
import { dropExpiredUploads } from './attachments.js';
import type { Context } from './context.js';
import { KEEP_REQUESTS_MS } from './turns.js';

/** Pending uploads live 15 minutes: a minute late at most is fine. */
export const SWEEP_EVERY_MS = 60_000;

export interface Sweeper {
  /** Stops the timer and waits for a sweep under way (before the store closes). */
  stop(): Promise<void>;
}

async function sweep(ctx: Context): Promise<void> {
  await dropExpiredUploads(ctx);
  await ctx.store.pruneRequests(ctx.now() - KEEP_REQUESTS_MS);
}

export function startSweeper(
  ctx: Context,
  options: { readonly everyMs?: number; readonly log: (error: unknown) => void },
): Sweeper {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    running ??= sweep(ctx)
      .catch(options.log)
      .finally(() => {
        running = null;
      });
  }, options.everyMs ?? SWEEP_EVERY_MS);
  // The sweep never keeps the process alive by itself.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
