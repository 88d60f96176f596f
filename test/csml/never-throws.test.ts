/**
 * The CSML front end never throws (issue 2, item 6): parseFlow and validateBot (one-flow bot)
 * return an AST and diagnostics for every input, in bounded time, without an exception or a
 * stack overflow. About 10k random inputs (fixed seed, printed on failure), fixed pathological
 * inputs and a 10 MB flow.
 * `npm run fuzz -- --count N` runs the same generators for longer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFlow } from '../../src/csml/parser/index.js';
import { validateBot } from '../../src/csml/validate/index.js';
import {
  fuzzCorpus,
  generateFlow,
  mutationArb,
  oneFlowBot,
  pathologicalInputs,
  randomBytesArb,
  randomStringArb,
  tokenSoupArb,
  truncationArb,
  type FuzzInput,
} from './generators.js';

/** Fixed so that every run checks the same inputs; `npm run fuzz -- --seed S` explores others. */
const SEED = 0x5eed2;

/** Bounds per entry point (parseFlow, validateBot) and input. Random inputs are a few KB. */
const SMALL_INPUT_MS = 2_000;
const PATHOLOGICAL_MS = 5_000;
// A sanity bound against runaway (super-linear) behaviour, not a speed test: CI machines are shared.
const TEN_MB_MS = 60_000;

const { sources: corpus, fromConformance } = fuzzCorpus();
if (!fromConformance) {
  console.warn(
    '\n*** WARNING: CSML conformance data not found; never-throws truncations and mutations ' +
      'use generated flows instead ***\n',
  );
}

let inputCount = 0;

interface Timing {
  /** parseFlow, then validateBot (which parses again), in ms. */
  readonly parseMs: number;
  readonly validateMs: number;
}

/**
 * Runs both entry points on one input; throws (fails the property) on any violation. Each
 * entry point must finish within `limitMs`.
 */
function frontEnd(source: string, limitMs: number): Timing {
  inputCount++;
  const bound = (what: string, ms: number): void => {
    if (ms > limitMs) {
      throw new Error(
        `${what} took ${ms.toFixed(0)} ms (bound ${limitMs} ms) on ${source.length} chars`,
      );
    }
  };
  let start = performance.now();
  const parsed = parseFlow(source, 'flow');
  const parseMs = performance.now() - start;
  if (typeof parsed.ast !== 'object') throw new Error('parseFlow returned no AST');
  if (!Array.isArray(parsed.diagnostics)) throw new Error('parseFlow returned no diagnostics');
  bound('parseFlow', parseMs);
  start = performance.now();
  const diagnostics = validateBot(oneFlowBot(source));
  const validateMs = performance.now() - start;
  if (!Array.isArray(diagnostics)) throw new Error('validateBot returned no diagnostics array');
  bound('validateBot', validateMs);
  for (const d of [...parsed.diagnostics, ...diagnostics] as unknown[]) {
    const { code, severity } = d as Record<string, unknown>;
    if (typeof code !== 'string' || (severity !== 'error' && severity !== 'warning')) {
      throw new Error(`malformed diagnostic ${JSON.stringify(d)}`);
    }
  }
  return { parseMs, validateMs };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function saveInput(name: string, source: string): string {
  const dir = join(tmpdir(), 'parley-never-throws');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^A-Za-z0-9_-]+/g, '_')}-seed${SEED}.csml`);
  writeFileSync(path, source);
  return path;
}

function property(name: string, arb: fc.Arbitrary<FuzzInput>, numRuns: number): void {
  it(`${name} (${numRuns} runs)`, { timeout: 60_000 }, () => {
    const details = fc.check(
      fc.property(arb, (input) => {
        frontEnd(input.source, SMALL_INPUT_MS);
      }),
      { seed: SEED, numRuns },
    );
    if (details.failed) {
      const counterexample = details.counterexample?.[0];
      const saved = counterexample ? saveInput(name, counterexample.source) : '(none)';
      console.error(
        `never-throws: "${name}" failed with seed ${SEED} ` +
          `(explore further: npm run fuzz -- --seed ${SEED}); ` +
          `shrunk input saved to ${saved}`,
      );
      throw new Error(fc.defaultReportMessage(details) ?? `property failed, seed ${SEED}`);
    }
  });
}

describe('CSML front end never throws', () => {
  afterAll(() => {
    console.log(`never-throws: ${inputCount} inputs (seed ${SEED})`);
  });

  describe('random inputs', () => {
    property('random unicode strings', randomStringArb(), 3_000);
    property('random bytes decoded as UTF-8', randomBytesArb(), 2_000);
    property('truncations of conformance flows', truncationArb(corpus), 2_000);
    property('mutations of conformance flows', mutationArb(corpus), 3_000);
    property('CSML token soup', tokenSoupArb(), 500);
  });

  describe('pathological inputs', () => {
    for (const input of pathologicalInputs(10_000)) {
      it(input.name, { timeout: 30_000 }, () => {
        const { parseMs, validateMs } = frontEnd(input.source, PATHOLOGICAL_MS);
        expect(Math.max(parseMs, validateMs)).toBeLessThan(PATHOLOGICAL_MS);
      });
    }
  });

  describe('large realistic flows', () => {
    it('a generated 20 KB flow parses and validates without errors', () => {
      const source = generateFlow({ targetSize: 20_000, seed: 7 });
      const parsed = parseFlow(source, 'flow');
      const show = (ds: typeof parsed.diagnostics): string[] =>
        ds.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`);
      expect(show(parsed.diagnostics)).toEqual([]);
      expect(show(validateBot(oneFlowBot(source)))).toEqual([]);
    });

    it('a generated 10 MB flow', { timeout: 60_000 }, () => {
      const source = generateFlow({ targetSize: 10_000_000, seed: 3 });
      expect(source.length).toBeGreaterThanOrEqual(10_000_000);
      const { parseMs, validateMs } = frontEnd(source, TEN_MB_MS);
      console.log(
        `never-throws: 10 MB flow: parseFlow ${seconds(parseMs)}, validateBot ${seconds(validateMs)}`,
      );
    });
  });
});
