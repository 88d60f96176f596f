/**
 * Moving between pages, with one guard that may ask first: the bot page registers it while a
 * flow has unsaved changes, and every way out (a link, the back button, a typed address, Sign
 * out) asks it through `confirmLeave` before the page changes.
 */
import type { Route } from './router.js';

export interface LeaveCheck {
  /** The question to ask before going to `next` (null: leaving the studio), or null. */
  readonly question: string;
  /** Drops what would be lost, once the person agreed. */
  discard(): void;
}

export type LeaveGuard = (next: Route | null) => LeaveCheck | null;

let guard: LeaveGuard | null = null;

/** Installs `next` as the guard; the returned function removes it (if still installed). */
export function setLeaveGuard(next: LeaveGuard): () => void {
  guard = next;
  return () => {
    if (guard === next) guard = null;
  };
}

/** Whether the page may change to `next`: asks the person when there is something to lose. */
export function confirmLeave(next: Route | null): boolean {
  const check = guard?.(next) ?? null;
  if (check === null) return true;
  if (!window.confirm(check.question)) return false;
  check.discard();
  return true;
}

/** Goes to a page of the studio (through the guard, as any hash change does). */
export function navigate(hash: string): void {
  const target = hash.startsWith('#') ? hash : `#${hash}`;
  if (window.location.hash !== target) window.location.hash = target;
}
