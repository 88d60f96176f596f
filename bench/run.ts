/**
 * `npm run bench [-- NAME...] [--seconds S]`: runs the benchmarks (all, or those named: parse,
 * turns, http, textbots, conversations) and prints, for each kind, a table, then one line per figure, e.g.
 * `parse+validate conformance corpus: 12.3 MB/s, 4567 flows/s (JSON.parse same size: 250 MB/s; ratio 0.049)`,
 * `turns (a) 3-step flow: 12,345 turns/s, p50 0.07 ms, p99 0.3 ms; … (… botbuilder: …, ratio …)`.
 * Benchmarks are measurements, not tests: nothing here asserts on speed.
 *
 * What is measured is described at the top of each bench/<name>.ts; add a benchmark by
 * writing such a file exporting a `Benchmark` (MB/s figures, tabled here) or a
 * `ReportBenchmark` (formats its own table and lines) from bench/harness.ts, and listing it
 * below.
 */
import { arch, cpus, platform } from 'node:os';
import {
  formatTable,
  mbPerSecond,
  perSecond,
  type BenchFigure,
  type Benchmark,
  type ReportBenchmark,
} from './harness.js';
import { parseBenchmark } from './parse.js';
import { conversationsBenchmark } from './conversations.js';
import { httpBenchmark } from './http.js';
import { textbotsBenchmark } from './textbots.js';
import { turnsBenchmark } from './turns.js';

const BENCHMARKS: readonly Benchmark[] = [parseBenchmark];
const REPORT_BENCHMARKS: readonly ReportBenchmark[] = [
  turnsBenchmark,
  httpBenchmark,
  textbotsBenchmark,
  conversationsBenchmark,
];

function fmt(n: number): string {
  if (n >= 100) return n.toFixed(0);
  if (n >= 10) return n.toFixed(1);
  if (n >= 1) return n.toFixed(2);
  return n.toPrecision(2);
}

function size(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
}

interface Row {
  readonly figure: BenchFigure;
  readonly mbps: number;
  readonly flowsps: number;
  readonly jsonMbps: number;
  readonly ratio: number;
}

function row(figure: BenchFigure): Row {
  const mbps = mbPerSecond(figure.bytes, figure.measured);
  const jsonMbps = mbPerSecond(figure.json.bytes, figure.json);
  return {
    figure,
    mbps,
    flowsps: perSecond(figure.flows, figure.measured),
    jsonMbps,
    ratio: mbps / jsonMbps,
  };
}

function table(rows: readonly Row[]): string {
  const header = ['figure', 'size', 'flows', 'runs', 'MB/s', 'flows/s', 'JSON.parse MB/s', 'ratio'];
  const body = rows.map((r) => [
    r.figure.label,
    size(r.figure.bytes),
    String(r.figure.flows),
    String(r.figure.measured.iterations),
    fmt(r.mbps),
    fmt(r.flowsps),
    fmt(r.jsonMbps),
    r.ratio.toFixed(3),
  ]);
  return formatTable(header, body);
}

async function main(argv: readonly string[]): Promise<number> {
  const secondsAt = argv.indexOf('--seconds');
  const seconds = secondsAt >= 0 ? Number(argv[secondsAt + 1]) : 2;
  if (!(seconds > 0)) {
    console.error('bench: --seconds needs a positive number');
    return 2;
  }
  const names = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--seconds');
  const all = [...BENCHMARKS, ...REPORT_BENCHMARKS].map((b) => b.name);
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length > 0) {
    console.error(`bench: no benchmark named ${unknown.join(', ')} (have: ${all.join(', ')})`);
    return 2;
  }
  const wanted = (b: { readonly name: string }): boolean =>
    names.length === 0 || names.includes(b.name);
  const selected = BENCHMARKS.filter(wanted);
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  console.log(
    `bench: node ${process.version}, ${platform()}/${arch()}, ${cpus().length} x ${cpu}; ` +
      `${seconds} s per figure after a ${Math.min(0.5, seconds / 2)} s warm-up`,
  );
  const options = { seconds, warmupSeconds: Math.min(0.5, seconds / 2) };
  const rows: Row[] = [];
  for (const benchmark of selected) {
    for (const figure of benchmark.run(options)) rows.push(row(figure));
  }
  if (rows.length > 0) {
    console.log('');
    console.log(table(rows));
    console.log('');
    for (const r of rows) {
      console.log(
        `${r.figure.label}: ${fmt(r.mbps)} MB/s, ${fmt(r.flowsps)} flows/s ` +
          `(JSON.parse same size: ${fmt(r.jsonMbps)} MB/s; ratio ${r.ratio.toFixed(3)})`,
      );
    }
  }
  for (const benchmark of REPORT_BENCHMARKS.filter(wanted)) {
    const report = await benchmark.run(options);
    console.log('');
    if (report.title !== undefined) console.log(report.title);
    console.log(report.table);
    console.log('');
    for (const line of report.lines) console.log(line);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
