import type { VersionSummary } from '../api.js';

/** "3 Mar 2026, 14:05 · a1b2c3d4 (newest)": builds have no names, so date and content hash. */
export function versionLabel(version: VersionSummary, index: number, locale?: string): string {
  const date = new Date(version.created_at);
  const when = Number.isNaN(date.getTime())
    ? version.created_at
    : date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const hash = version.content_hash.replace(/^sha256:/, '').slice(0, 8);
  return `${when} · ${hash}${index === 0 ? ' (newest)' : ''}`;
}
