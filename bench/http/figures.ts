/**
 * The figures of the HTTP benchmarks (http, textbots): one load's result per server, two
 * processes' results summed, and the table and lines with the ratio to the bare baseline.
 */
import { formatTable } from '../harness.js';
import type { LoadResult } from './load.js';

export interface Figure {
  readonly label: string;
  readonly result: LoadResult;
}

/** Two processes' loads as one figure: requests and rates add up. */
export function summed(label: string, results: readonly LoadResult[]): Figure {
  return {
    label,
    result: {
      requests: results.reduce((sum, r) => sum + r.requests, 0),
      seconds: Math.max(...results.map((r) => r.seconds)),
      perSecond: results.reduce((sum, r) => sum + r.perSecond, 0),
      // Each process's clients see their own latency; the slower process's figures are shown.
      p50: Math.max(...results.map((r) => r.p50)),
      p99: Math.max(...results.map((r) => r.p99)),
      non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    },
  };
}

/** The table (baseline first) and one line per Parley figure, `<prefix> <label>: …`. */
export function figureReport(
  prefix: string,
  countHeader: string,
  baseline: Figure,
  figures: readonly Figure[],
): { table: string; lines: string[] } {
  const ratio = (f: Figure) => (f.result.perSecond / baseline.result.perSecond).toFixed(3);
  const table = formatTable(
    ['server', countHeader, `${countHeader}/s`, 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'ratio'],
    [baseline, ...figures].map((f) => [
      f.label,
      String(f.result.requests),
      f.result.perSecond.toFixed(0),
      f.result.p50.toFixed(1),
      f.result.p99.toFixed(1),
      String(f.result.non2xx),
      String(f.result.errors),
      ratio(f),
    ]),
  );
  const lines = figures.map(
    (f) =>
      `${prefix} ${f.label}: ${f.result.perSecond.toFixed(0)} turns/s, p50 ${f.result.p50.toFixed(1)} ms, ` +
      `p99 ${f.result.p99.toFixed(1)} ms, ${f.result.non2xx} non-2xx, ${f.result.errors} errors ` +
      `(bare node:http: ${baseline.result.perSecond.toFixed(0)} req/s, p99 ${baseline.result.p99.toFixed(1)} ms; ` +
      `ratio ${ratio(f)})`,
  );
  return { table, lines };
}
