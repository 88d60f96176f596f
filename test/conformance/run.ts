/**
 * `npm run conformance [-- --verbose]`: runs every case of ../shared/conformance/csml (INDEX.md)
 * and prints, per category in case-file order, `category: N passed, M failed`, then the total
 * line `N passed, M failed`. Exit code 0 whatever the results (it is a report, the vitest suite
 * in conformance.test.ts is the gate); 1 only when the conformance data cannot be read.
 *
 * A case is checked by the checker registered for its `expect.kind`. Kinds without a checker
 * (today: every interpreter kind) count as failed and are reported as "not run". The
 * interpreter issue plugs in by filling `INTERPRET_CHECKERS`, one function per expect.kind.
 */
import { pathToFileURL } from 'node:url';
import { parseFlow } from '../../src/csml/parser/index.js';
import { loadScenarios, runScenario } from './engine-scenarios.js';
import { checkInterpretCase } from './interpret-checkers.js';
import type { Diagnostic } from '../../src/csml/diagnostics.js';
import {
  CONFORMANCE_DIR,
  conformanceAvailable,
  loadCategories,
  readCaseFlow,
  type ConformanceCase,
  type InterpretCase,
  type InterpretExpect,
  type LoadedCategory,
  type ParseCase,
  type ParseExpect,
} from './cases.js';

export type Outcome =
  | { readonly status: 'passed' }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'not_run'; readonly reason: string };

const PASSED: Outcome = { status: 'passed' };

/** A case whose `expect` has kind K. */
type WithExpect<C extends ConformanceCase, E, K> = C & {
  readonly expect: Extract<E, { kind: K }>;
};

export type ParseChecker<K extends ParseExpect['kind']> = (
  c: WithExpect<ParseCase, ParseExpect, K>,
) => Outcome;

export type InterpretChecker<K extends InterpretExpect['kind']> = (
  c: WithExpect<InterpretCase, InterpretExpect, K>,
) => Outcome;

function describeDiagnostic(d: Diagnostic): string {
  return `${d.severity} ${d.code} at ${d.line}:${d.column}: ${d.message}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** `parse` cases: the flow parses (parser only, no validator) or is rejected. */
function checkParse(c: ParseCase): Outcome {
  let diagnostics: Diagnostic[];
  try {
    diagnostics = parseFlow(readCaseFlow(c.flow_file), 'flow').diagnostics;
  } catch (e) {
    return { status: 'failed', reason: `parser threw ${errorText(e)}` };
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const want = c.expect.kind;
  if (want === 'parse_ok' && errors.length > 0) {
    return {
      status: 'failed',
      reason: `expected parse_ok, got ${describeDiagnostic(errors[0]!)}`,
    };
  }
  if (want === 'parse_error' && errors.length === 0) {
    return {
      status: 'failed',
      reason: 'expected parse_error, got no error diagnostic',
    };
  }
  return PASSED;
}

export const PARSE_CHECKERS: {
  readonly [K in ParseExpect['kind']]: ParseChecker<K>;
} = {
  parse_ok: checkParse,
  parse_error: checkParse,
};

/** Filled by the interpreter issue; a missing kind reports its cases as not run. */
export const INTERPRET_CHECKERS: {
  readonly [K in InterpretExpect['kind']]?: InterpretChecker<K>;
} = {
  exact: checkInterpretCase,
  first_message_is_error: checkInterpretCase,
  first_message_is_not_error: checkInterpretCase,
  paths: checkInterpretCase,
  custom: checkInterpretCase,
};

const INTERPRETER_PENDING = 'interpreter pending';

export function runCase(c: ConformanceCase): Outcome {
  try {
    if (c.kind === 'parse') {
      const checker = PARSE_CHECKERS[c.expect.kind] as ParseChecker<ParseExpect['kind']>;
      return checker(c);
    }
    const checker = INTERPRET_CHECKERS[c.expect.kind] as
      InterpretChecker<InterpretExpect['kind']> | undefined;
    if (checker === undefined) return { status: 'not_run', reason: INTERPRETER_PENDING };
    return checker(c);
  } catch (e) {
    return { status: 'failed', reason: `checker threw ${errorText(e)}` };
  }
}

export interface CaseResult {
  readonly name: string;
  readonly outcome: Outcome;
}

export interface CategoryResult {
  readonly category: string;
  readonly results: readonly CaseResult[];
  readonly passed: number;
  readonly failed: number;
  /** Failed because not run, grouped by reason. */
  readonly notRun: ReadonlyMap<string, number>;
}

export function runCategory(category: LoadedCategory): CategoryResult {
  const results = category.cases.map((c) => ({
    name: c.name,
    outcome: runCase(c),
  }));
  const notRun = new Map<string, number>();
  let passed = 0;
  for (const { outcome } of results) {
    if (outcome.status === 'passed') passed++;
    else if (outcome.status === 'not_run') {
      notRun.set(outcome.reason, (notRun.get(outcome.reason) ?? 0) + 1);
    }
  }
  return {
    category: category.category,
    results,
    passed,
    failed: results.length - passed,
    notRun,
  };
}

export function formatCategory(r: CategoryResult): string {
  const notRun = [...r.notRun].map(([reason, n]) => `${n} not run: ${reason}`);
  const suffix = notRun.length > 0 ? ` (${notRun.join('; ')})` : '';
  return `${r.category}: ${r.passed} passed, ${r.failed} failed${suffix}`;
}

async function runEngineScenarios(verbose: boolean): Promise<{ passed: number; failed: number }> {
  const file = loadScenarios();
  let passed = 0;
  const failures: string[] = [];
  for (const scenario of file.cases) {
    try {
      const got = await runScenario(scenario, file);
      if (JSON.stringify(got) === JSON.stringify(scenario.expected_outputs)) passed++;
      else
        failures.push(
          `${scenario.name}: got ${JSON.stringify(got)}, want ${JSON.stringify(scenario.expected_outputs)}`,
        );
    } catch (e) {
      failures.push(`${scenario.name}: threw ${errorText(e)}`);
    }
  }
  console.log(`engine: ${passed} passed, ${failures.length} failed`);
  if (verbose) for (const failure of failures) console.log(`  FAIL engine/${failure}`);
  return { passed, failed: failures.length };
}

async function main(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  if (!conformanceAvailable()) {
    console.error(`conformance data not found at ${CONFORMANCE_DIR}`);
    return 1;
  }
  let passed = 0;
  let failed = 0;
  for (const category of loadCategories()) {
    const result = runCategory(category);
    passed += result.passed;
    failed += result.failed;
    console.log(formatCategory(result));
    if (verbose) {
      for (const { name, outcome } of result.results) {
        if (outcome.status === 'failed')
          console.log(`  FAIL ${result.category}/${name}: ${outcome.reason}`);
        else if (outcome.status === 'not_run') {
          console.log(`  NOT RUN ${result.category}/${name}: ${outcome.reason}`);
        }
      }
    }
  }
  const engine = await runEngineScenarios(verbose);
  passed += engine.passed;
  failed += engine.failed;
  console.log(`${passed} passed, ${failed} failed`);
  return 0;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
