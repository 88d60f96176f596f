/**
 * Interpreter part of the CSML conformance suite: every interpret case and engine scenario
 * must pass, except those listed in known-failures.json with a reason. A case outside the
 * list that fails, or a listed case that passes, fails this suite: the list only shrinks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conformanceForTests, loadCategories } from './cases.js';
import { loadScenarios, runScenario } from './engine-scenarios.js';
import { checkInterpretCase } from './interpret-checkers.js';

interface KnownFailure {
  readonly case: string;
  readonly reason: string;
}

const known: readonly KnownFailure[] = JSON.parse(
  readFileSync(new URL('./known-failures.json', import.meta.url), 'utf8'),
) as KnownFailure[];
const knownNames = new Set(known.map((k) => k.case));

const available = conformanceForTests('the conformance suite (interpreter)');

describe.skipIf(!available)('CSML conformance (interpreter)', () => {
  const categories = available ? loadCategories() : [];
  for (const category of categories) {
    const cases = category.cases.flatMap((c) => (c.kind === 'interpret' ? [c] : []));
    if (cases.length === 0) continue;
    describe(category.category, () => {
      for (const c of cases) {
        const name = `${category.category}/${c.name}`;
        it(name, () => {
          const outcome = checkInterpretCase(c);
          if (knownNames.has(name)) {
            expect(outcome.status, `${name} passes now: remove it from known-failures.json`).toBe(
              'failed',
            );
          } else {
            expect(outcome.status === 'failed' ? outcome.reason : 'passed').toBe('passed');
          }
        });
      }
    });
  }

  describe('engine', () => {
    const file = available ? loadScenarios() : { cases: [], bot_defaults: undefined };
    for (const scenario of file.cases) {
      const name = `engine/${scenario.name}`;
      it(name, async () => {
        const got = await runScenario(scenario, loadScenarios());
        const passed = JSON.stringify(got) === JSON.stringify(scenario.expected_outputs);
        if (knownNames.has(name)) {
          expect(passed, `${name} passes now: remove it from known-failures.json`).toBe(false);
        } else {
          expect(got).toEqual(scenario.expected_outputs);
        }
      });
    }
  });

  it('lists only cases that exist, each with a reason', () => {
    const names = new Set([
      ...categories.flatMap((cat) => cat.cases.map((c) => `${cat.category}/${c.name}`)),
      ...(available ? loadScenarios().cases.map((s) => `engine/${s.name}`) : []),
    ]);
    for (const entry of known) {
      expect(names.has(entry.case), `${entry.case} is not a conformance case`).toBe(true);
      expect(entry.reason.length).toBeGreaterThan(0);
    }
  });
});
