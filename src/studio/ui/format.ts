/** How the studio writes dates, hashes and errors for people. */
import { ApiError } from '../api.js';

/**
 * A date and time in the reader's locale (with seconds where two builds a minute apart must
 * differ); the ISO text when it does not parse.
 */
export function formatDate(iso: string, precision: 'minutes' | 'seconds' = 'minutes'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: precision === 'seconds' ? 'medium' : 'short',
  });
}

/** The start of a SHA-256 hex digest: enough to tell versions apart at a glance. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** A message for any failure: the server's own words for an ApiError. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message !== '') return error.message;
  return 'Something went wrong';
}

/** "1 error", "3 warnings". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
