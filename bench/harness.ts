/**
 * Shared benchmark plumbing: a time-boxed measuring loop, a JSON document of a given byte size
 * for the `JSON.parse` baseline, and the figure type every bench/<name>.ts returns.
 * Sizes are UTF-8 bytes; 1 MB = 1,000,000 bytes.
 */

export interface Measurement {
  readonly iterations: number;
  readonly seconds: number;
}

export interface BenchFigure {
  /** e.g. "parse+validate conformance corpus". */
  readonly label: string;
  /** UTF-8 bytes processed by one iteration. */
  readonly bytes: number;
  /** Flows processed by one iteration. */
  readonly flows: number;
  readonly measured: Measurement;
  /** JSON.parse of a document of the same byte size, measured in the same run. */
  readonly json: Measurement & { readonly bytes: number };
}

export interface Benchmark {
  readonly name: string;
  run(options: BenchOptions): BenchFigure[];
}

export interface BenchOptions {
  /** Seconds each figure is measured for, after the warm-up. */
  readonly seconds: number;
  readonly warmupSeconds: number;
}

/** Calls `fn` for `warmupSeconds`, then counts the calls made in about `seconds`. */
export function measure(fn: () => void, seconds: number, warmupSeconds: number): Measurement {
  const warmupEnd = performance.now() + warmupSeconds * 1000;
  do fn();
  while (performance.now() < warmupEnd);
  const start = performance.now();
  const end = start + seconds * 1000;
  let iterations = 0;
  let now: number;
  do {
    fn();
    iterations++;
    now = performance.now();
  } while (now < end);
  return { iterations, seconds: (now - start) / 1000 };
}

/** A JSON array of records (strings, numbers, booleans, nested arrays) of about `bytes` bytes. */
export function jsonDocument(bytes: number): string {
  const parts: string[] = [];
  let size = 2;
  for (let k = 0; size < bytes; k++) {
    const item = JSON.stringify({
      id: k,
      name: `item number ${k}`,
      text: `Hello {{name}}, your order ${k} of ${k % 7} pizzas is on its way, café ${k % 13}`,
      price: (k % 1000) / 10,
      ok: k % 2 === 0,
      tags: ['menu', 'order', k % 3 === 0 ? 'large' : 'small'],
      next: { step: `step_${k + 1}`, flow: null },
    });
    parts.push(item);
    size += Buffer.byteLength(item) + 1;
  }
  return `[${parts.join(',')}]`;
}

/** Measures JSON.parse on a document of `bytes` bytes. */
export function measureJson(
  bytes: number,
  options: BenchOptions,
): Measurement & { readonly bytes: number } {
  const doc = jsonDocument(bytes);
  let sink = 0;
  const m = measure(
    () => {
      sink += (JSON.parse(doc) as unknown[]).length;
    },
    options.seconds,
    options.warmupSeconds,
  );
  if (sink < 0) console.log(sink);
  return { ...m, bytes: Buffer.byteLength(doc) };
}

export function mbPerSecond(bytes: number, m: Measurement): number {
  return (bytes * m.iterations) / m.seconds / 1e6;
}

export function perSecond(count: number, m: Measurement): number {
  return (count * m.iterations) / m.seconds;
}

/** A benchmark that formats its own figures: a table, then one line per figure. */
export interface ReportBenchmark {
  readonly name: string;
  run(options: BenchOptions): Promise<BenchReport>;
}

export interface BenchReport {
  /** Printed above the table, e.g. how this benchmark's warm-up differs from the default. */
  readonly title?: string;
  readonly table: string;
  readonly lines: readonly string[];
}

/** Aligned text columns: the first left-aligned, the others right-aligned. */
export function formatTable(
  header: readonly string[],
  body: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Timings in milliseconds, appended one at a time (a growable Float64Array). */
export class Samples {
  private data = new Float64Array(1 << 16);
  private size = 0;

  get count(): number {
    return this.size;
  }

  add(ms: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = ms;
  }

  /** Nearest-rank percentiles, e.g. `percentiles([0.5, 0.99])`; NaN when empty. */
  percentiles(ps: readonly number[]): number[] {
    const sorted = this.data.subarray(0, this.size).sort();
    return ps.map((p) =>
      sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!,
    );
  }
}
