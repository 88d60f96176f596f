/**
 * Front-end part of the CSML conformance suite (../shared/conformance/csml, INDEX.md):
 * every `parse` case passes, and every flow the interpreter cases and examples use parses
 * without an error diagnostic. The data is read in place. When it is absent the suite fails
 * under CI and is skipped (with a visible warning) elsewhere.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../../src/csml/parser/index.js';
import type { Diagnostic } from '../../src/csml/diagnostics.js';
import {
  CONFORMANCE_DIR,
  casePath,
  conformanceForTests,
  csmlFilesUnder,
  interpretFlowFiles,
  loadCategories,
  readCaseFlow,
  type LoadedCategory,
  type ParseCase,
} from './cases.js';

const available = conformanceForTests('the conformance suite (front end)');

const categories: LoadedCategory[] = available ? loadCategories() : [];

const parseCases: { category: string; c: ParseCase }[] = categories.flatMap((cat) =>
  cat.cases.flatMap((c) => (c.kind === 'parse' ? [{ category: cat.category, c }] : [])),
);

function errorsOf(source: string): Diagnostic[] {
  return parseFlow(source, 'flow').diagnostics.filter((d) => d.severity === 'error');
}

function show(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`);
}

describe.skipIf(!available)('CSML conformance (front end)', () => {
  it('has the 67 parse cases of INDEX.md', () => {
    expect(parseCases.length).toBe(67);
  });

  describe('parse cases', () => {
    for (const { category, c } of parseCases) {
      it(`${category}/${c.name}`, () => {
        const errors = errorsOf(readCaseFlow(c.flow_file));
        if (c.expect.kind === 'parse_ok') expect(show(errors)).toEqual([]);
        else expect(errors.length, 'expected at least one error diagnostic').toBeGreaterThan(0);
      });
    }
  });

  describe('flows used by interpreter cases parse without error', () => {
    const files = interpretFlowFiles(categories);
    it('finds the interpreter flows', () => {
      expect(files.length).toBeGreaterThan(0);
    });
    for (const file of files) {
      it(file, () => {
        expect(show(errorsOf(readFileSync(casePath(file), 'utf8')))).toEqual([]);
      });
    }
  });

  describe('example and engine flows parse without error', () => {
    const files = [
      ...csmlFilesUnder('interpreter/CSML/examples'),
      ...csmlFilesUnder('engine/CSML'),
    ];
    it('finds the example and engine flows', () => {
      expect(files.length).toBeGreaterThan(0);
    });
    for (const path of files) {
      it(relative(CONFORMANCE_DIR, path), () => {
        expect(show(errorsOf(readFileSync(path, 'utf8')))).toEqual([]);
      });
    }
  });
});
