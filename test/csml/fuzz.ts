/**
 * `npm run fuzz -- [--count N] [--seed S] [--timeout MS]`: feeds N inputs (default 100000) from
 * the never-throws generators (random strings, random bytes, truncations and mutations of the
 * conformance flows, token soup) to parseFlow and validateBot (one-flow bot).
 *
 * A failure is an exception (including stack overflow), a malformed result, an input slower than
 * the timeout (default 10 s), or a crash. The inputs run in a worker thread with a 1 MB stack
 * (about the main thread's) watched by this thread, so a hang is caught too: the worker is
 * terminated, the input regenerated from the seed, and the run goes on with the next input.
 * Each failing input is saved under /tmp/parley-fuzz/ and its path printed; exit code 1 when
 * anything failed. Inputs are generated in batches of BATCH from `seed + batch index`, so
 * `--seed` reproduces a run exactly.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { parseFlow } from '../../src/csml/parser/index.js';
import { validateBot } from '../../src/csml/validate/index.js';
import { fuzzCorpus, fuzzInputArb, oneFlowBot, type FuzzInput } from './generators.js';

const BATCH = 1_000;
const PROGRESS_EVERY = 1_000;

interface Options {
  readonly count: number;
  readonly seed: number;
  readonly timeoutMs: number;
}

interface WorkerInput extends Options {
  readonly from: number;
  /** [0]: index of the input being run, [1]: 1 while an input runs. */
  readonly shared: SharedArrayBuffer;
}

type WorkerMessage =
  | { readonly type: 'progress'; readonly done: number }
  | {
      readonly type: 'failure';
      readonly index: number;
      readonly kind: string;
      readonly reason: string;
      readonly source: string;
    }
  | { readonly type: 'finished' };

function batchInputs(corpus: readonly string[], seed: number, batch: number): FuzzInput[] {
  return fc.sample(fuzzInputArb(corpus), { seed: (seed + batch) | 0, numRuns: BATCH });
}

/** The input with a given index of a run, regenerated from the seed. */
function inputAt(corpus: readonly string[], seed: number, index: number): FuzzInput {
  return batchInputs(corpus, seed, Math.floor(index / BATCH))[index % BATCH]!;
}

/** Runs one input; returns a failure reason, or null when the front end behaved. */
function check(source: string, timeoutMs: number): string | null {
  const start = performance.now();
  try {
    const parsed = parseFlow(source, 'flow');
    if (typeof parsed.ast !== 'object') return 'parseFlow returned no AST';
    if (!Array.isArray(parsed.diagnostics)) return 'parseFlow returned no diagnostics array';
    const diagnostics = validateBot(oneFlowBot(source));
    if (!Array.isArray(diagnostics)) return 'validateBot returned no diagnostics array';
  } catch (e) {
    return `threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  }
  const ms = performance.now() - start;
  return ms > timeoutMs ? `slow: ${ms.toFixed(0)} ms (bound ${timeoutMs} ms)` : null;
}

function workerMain(input: WorkerInput): void {
  const port = parentPort!;
  const state = new Int32Array(input.shared);
  const { sources } = fuzzCorpus();
  let index = input.from;
  while (index < input.count) {
    const batch = Math.floor(index / BATCH);
    const inputs = batchInputs(sources, input.seed, batch);
    for (let k = index % BATCH; k < BATCH && index < input.count; k++, index++) {
      const { kind, source } = inputs[k]!;
      Atomics.store(state, 0, index);
      Atomics.store(state, 1, 1);
      const reason = check(source, input.timeoutMs);
      Atomics.store(state, 1, 0);
      if (reason !== null) {
        port.postMessage({ type: 'failure', index, kind, reason, source } satisfies WorkerMessage);
      }
      if ((index + 1) % PROGRESS_EVERY === 0) {
        port.postMessage({ type: 'progress', done: index + 1 } satisfies WorkerMessage);
      }
    }
  }
  port.postMessage({ type: 'finished' } satisfies WorkerMessage);
}

/**
 * Worker entry: this same module, loaded through tsx's ESM hooks (registered in the worker,
 * since hooks registered in the main thread do not reach worker threads on Node 20).
 */
const WORKER_BOOTSTRAP = `
import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })
  .catch((error) => { setImmediate(() => { throw error; }); });
`;

function parseArgs(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${flag} needs a value`);
    return v;
  };
  const int = (flag: string, fallback: number): number => {
    const v = value(flag);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new Error(`${flag}: not a non-negative integer: ${v}`);
    return n;
  };
  return {
    count: int('--count', 100_000),
    seed: int('--seed', Math.floor(Math.random() * 2 ** 31)),
    timeoutMs: int('--timeout', 10_000),
  };
}

interface Failure {
  readonly index: number;
  readonly kind: string;
  readonly reason: string;
  readonly path: string;
}

async function main(options: Options): Promise<number> {
  const { sources, fromConformance } = fuzzCorpus();
  if (!fromConformance) {
    console.warn('fuzz: conformance data not found; mutating generated flows instead');
  }
  const outDir = join(tmpdir(), 'parley-fuzz');
  const failures: Failure[] = [];
  const record = (index: number, kind: string, reason: string, source: string): void => {
    mkdirSync(outDir, { recursive: true });
    const path = join(outDir, `seed${options.seed}-input${index}-${kind}.csml`);
    writeFileSync(path, source);
    failures.push({ index, kind, reason, path });
    console.log(`fuzz: FAILURE at input ${index} (${kind}): ${reason.split('\n')[0]}`);
    console.log(`      input saved to ${path}`);
  };

  console.log(
    `fuzz: ${options.count} inputs, seed ${options.seed}, timeout ${options.timeoutMs} ms ` +
      `(reproduce: npm run fuzz -- --count ${options.count} --seed ${options.seed})`,
  );
  /** An input still running after this long is a hang (a slow one reports itself). */
  const hangMs = Math.max(options.timeoutMs * 2, 1_000);
  const started = performance.now();
  let from = 0;
  let done = 0;
  // One worker per segment; a hang or crash ends the segment and the next starts after it.
  while (from < options.count) {
    const shared = new SharedArrayBuffer(8);
    const state = new Int32Array(shared);
    Atomics.store(state, 0, from);
    const data: WorkerInput = { ...options, from, shared };
    const worker = new Worker(WORKER_BOOTSTRAP, {
      eval: true,
      workerData: data,
      resourceLimits: { stackSizeMb: 1 },
    });
    from = await new Promise<number>((resolve) => {
      let finished = false;
      let lastIndex = -1;
      let sameSince = performance.now();
      const watchdog = setInterval(() => {
        const index = Atomics.load(state, 0);
        const running = Atomics.load(state, 1) === 1;
        if (index !== lastIndex || !running) {
          lastIndex = index;
          sameSince = performance.now();
          return;
        }
        if (performance.now() - sameSince > hangMs) {
          clearInterval(watchdog);
          finished = true;
          void worker.terminate();
          const input = inputAt(sources, options.seed, index);
          record(
            index,
            input.kind,
            `hang: no result after ${options.timeoutMs * 2} ms`,
            input.source,
          );
          done = index + 1;
          resolve(index + 1);
        }
      }, 250);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'failure') {
          record(message.index, message.kind, message.reason, message.source);
        } else if (message.type === 'progress') {
          done = message.done;
          if (done % Math.max(PROGRESS_EVERY, Math.floor(options.count / 20 / 1000) * 1000) === 0) {
            const s = (performance.now() - started) / 1000;
            console.log(
              `fuzz: ${done}/${options.count} inputs, ${failures.length} failures (${s.toFixed(1)} s)`,
            );
          }
        } else {
          finished = true;
          clearInterval(watchdog);
          done = options.count;
          resolve(options.count);
        }
      });
      worker.on('error', (error) => {
        if (finished) return;
        finished = true;
        clearInterval(watchdog);
        const index = Atomics.load(state, 0);
        const input = inputAt(sources, options.seed, index);
        record(index, input.kind, `worker crashed: ${error.stack ?? error.message}`, input.source);
        done = index + 1;
        resolve(index + 1);
      });
      worker.on('exit', (code) => {
        if (finished) return;
        finished = true;
        clearInterval(watchdog);
        const index = Atomics.load(state, 0);
        const input = inputAt(sources, options.seed, index);
        record(index, input.kind, `worker exited with code ${code}`, input.source);
        done = index + 1;
        resolve(index + 1);
      });
    });
    await worker.terminate();
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `fuzz: ${done} inputs run, ${failures.length} failures, seed ${options.seed}, ` +
      `${seconds.toFixed(1)} s`,
  );
  for (const f of failures) console.log(`  input ${f.index} (${f.kind}): ${f.path}`);
  return failures.length > 0 ? 1 : 0;
}

if (isMainThread) {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fuzz: ${e instanceof Error ? e.message : String(e)}`);
    console.error('usage: npm run fuzz -- [--count N] [--seed S] [--timeout MS]');
    process.exit(2);
  }
  process.exitCode = await main(options);
} else {
  workerMain(workerData as WorkerInput);
}
