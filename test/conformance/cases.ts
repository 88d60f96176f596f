/**
 * The CSML conformance data of `../shared/conformance/csml/` (see its INDEX.md), read in place:
 * the files are never copied or edited. The directory is resolved from the package root, found
 * from this file's own location, so the runner works from any working directory.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder above this file with a package.json (also from a build). */
export const PACKAGE_ROOT = findPackageRoot(fileURLToPath(new URL('.', import.meta.url)));

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = resolve(dir, '..')) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (resolve(dir, '..') === dir) return resolve(from, '..', '..');
  }
}

/** `../shared/conformance/csml` relative to the package root. */
export const CONFORMANCE_DIR = resolve(PACKAGE_ROOT, '..', 'shared', 'conformance', 'csml');

/** Case files live here; the `file`/`flow_file` paths inside them are relative to it. */
export const INTERPRETER_DIR = join(CONFORMANCE_DIR, 'interpreter');

export const CASES_DIR = join(INTERPRETER_DIR, 'cases');

/**
 * For test suites: whether the data is there. Under CI its absence is an error; elsewhere the
 * suite is skipped with a visible warning (a fresh clone may not have ../shared beside it).
 */
export function conformanceForTests(suite: string): boolean {
  if (conformanceAvailable()) return true;
  if (process.env.CI) {
    throw new Error(
      `CSML conformance data not found at ${CONFORMANCE_DIR}: it is required under CI`,
    );
  }
  console.warn(
    `\n*** WARNING: CSML conformance data not found at ${CONFORMANCE_DIR}; skipping ${suite} ***\n`,
  );
  return false;
}

export function conformanceAvailable(): boolean {
  return existsSync(CASES_DIR) && statSync(CASES_DIR).isDirectory();
}

// ---------------------------------------------------------------------------------------------
// Case format (INDEX.md "Case format")

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface CaseFlow {
  readonly id: string;
  readonly name: string;
  /** Relative to `interpreter/`, e.g. `CSML/basic_test/hold.csml`. */
  readonly file: string;
}

export interface CaseBot {
  readonly id: string;
  readonly name: string;
  readonly default_flow: string;
  readonly flows: readonly CaseFlow[];
  /** Load components/native_components.json? */
  readonly native_components: boolean;
  readonly custom_components: Readonly<Record<string, JsonValue>> | null;
  readonly env: JsonValue;
}

export interface CaseEvent {
  readonly content_type: string;
  readonly content_value: string;
  readonly content: JsonValue;
}

export interface CaseHold {
  readonly command_index: number;
  readonly loop_index: readonly JsonValue[];
  readonly step_vars: Readonly<Record<string, JsonValue>>;
  readonly step_name: string;
  readonly flow_name: string;
  readonly previous: JsonValue;
  readonly secure: boolean;
}

export interface CaseContext {
  readonly current: Readonly<Record<string, JsonValue>>;
  readonly metadata: Readonly<Record<string, JsonValue>>;
  readonly api_info: JsonValue;
  readonly hold: CaseHold | null;
  readonly step: string;
  readonly flow: string;
}

export interface CaseMessage {
  readonly content_type: string;
  readonly content: JsonValue;
}

export interface CaseMemory {
  readonly key: string;
  readonly value: JsonValue;
}

export interface ExactExpect {
  readonly kind: 'exact';
  readonly value: {
    readonly messages: readonly CaseMessage[];
    readonly memories: readonly CaseMemory[];
  };
}

export interface FirstMessageIsErrorExpect {
  readonly kind: 'first_message_is_error';
}

export interface FirstMessageIsNotErrorExpect {
  readonly kind: 'first_message_is_not_error';
}

export interface PathsExpect {
  readonly kind: 'paths';
  /** e.g. `{path: "messages[1].content.text", equals: null}` */
  readonly checks: readonly { readonly path: string; readonly equals: JsonValue }[];
  readonly note?: string;
}

export interface CustomExpect {
  readonly kind: 'custom';
  /** Free text, e.g. "messages[0].content.text parses as a float in [0, 1]". */
  readonly check: string;
}

export type InterpretExpect =
  | ExactExpect
  | FirstMessageIsErrorExpect
  | FirstMessageIsNotErrorExpect
  | PathsExpect
  | CustomExpect;

export interface ParseExpect {
  readonly kind: 'parse_ok' | 'parse_error';
}

export interface ParseCase {
  readonly name: string;
  readonly kind: 'parse';
  /** Relative to `interpreter/`. */
  readonly flow_file: string;
  readonly expect: ParseExpect;
}

export interface InterpretCase {
  readonly name: string;
  readonly kind: 'interpret';
  readonly bot: CaseBot;
  readonly event: CaseEvent;
  readonly context: CaseContext;
  readonly expect: InterpretExpect;
}

export type ConformanceCase = ParseCase | InterpretCase;

export interface CaseFile {
  readonly category: string;
  readonly upstream_test_file: string;
  readonly cases: readonly ConformanceCase[];
}

export interface LoadedCategory extends CaseFile {
  /** Absolute path of the case file. */
  readonly path: string;
}

// ---------------------------------------------------------------------------------------------
// Loading

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Light structural check: enough to fail with a clear message if the data format changes. */
function checkCaseFile(data: unknown, path: string): CaseFile {
  const fail = (what: string): never => {
    throw new Error(`${path}: unexpected case file format (${what})`);
  };
  if (!isRecord(data)) return fail('not an object');
  if (typeof data.category !== 'string') return fail('no category');
  if (!Array.isArray(data.cases)) return fail('no cases array');
  for (const c of data.cases as unknown[]) {
    if (!isRecord(c) || typeof c.name !== 'string') return fail('case without a name');
    if (!isRecord(c.expect) || typeof c.expect.kind !== 'string') {
      return fail(`case ${c.name} without expect.kind`);
    }
    if (c.kind === 'parse') {
      if (typeof c.flow_file !== 'string') fail(`parse case ${c.name} without flow_file`);
    } else if (c.kind === 'interpret') {
      if (!isRecord(c.bot) || !Array.isArray(c.bot.flows)) fail(`case ${c.name} without bot`);
    } else {
      fail(`case ${c.name} has unknown kind ${String(c.kind)}`);
    }
  }
  return data as unknown as CaseFile;
}

/** Every `interpreter/cases/*.json`, in file-name order (the order the runner reports in). */
export function loadCategories(): LoadedCategory[] {
  const names = readdirSync(CASES_DIR)
    .filter((n) => n.endsWith('.json'))
    .sort();
  return names.map((name) => {
    const path = join(CASES_DIR, name);
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return { ...checkCaseFile(data, path), path };
  });
}

/** Absolute path of a `file`/`flow_file` reference of a case. */
export function casePath(relativeToInterpreter: string): string {
  return join(INTERPRETER_DIR, relativeToInterpreter);
}

/** Flow source text of a case file reference, as the harness reads it (UTF-8). */
export function readCaseFlow(relativeToInterpreter: string): string {
  return readFileSync(casePath(relativeToInterpreter), 'utf8');
}

/** `.csml` files referenced by interpret cases (relative to `interpreter/`), sorted, unique. */
export function interpretFlowFiles(categories: readonly CaseFile[]): string[] {
  const files = new Set<string>();
  for (const category of categories) {
    for (const c of category.cases) {
      if (c.kind === 'interpret') for (const flow of c.bot.flows) files.add(flow.file);
    }
  }
  return [...files].sort();
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && entry.name.endsWith('.csml')) out.push(path);
  }
}

/** Absolute paths of the `.csml` files under a directory of the conformance data, sorted. */
export function csmlFilesUnder(relativeToConformance: string): string[] {
  const dir = join(CONFORMANCE_DIR, relativeToConformance);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  walk(dir, out);
  return out.sort();
}

export interface CorpusFile {
  /** Relative to the conformance directory, with `/` separators. */
  readonly name: string;
  readonly source: string;
}

/** Every `.csml` file of the conformance data (the parse/fuzz/bench corpus), sorted by path. */
export function loadCsmlCorpus(): CorpusFile[] {
  if (!existsSync(CONFORMANCE_DIR)) return [];
  return csmlFilesUnder('.').map((path) => ({
    name: relative(CONFORMANCE_DIR, path).split(sep).join('/'),
    source: readFileSync(path, 'utf8'),
  }));
}
