/** validateBot's driver: parse every flow, gather facts, run every rule, sort the findings. */
import type { Diagnostic } from '../diagnostics.js';
import { readBot } from './bot-input.js';
import { checkBot } from './bot-rules.js';
import { checkCalls, collectClosureNames } from './calls.js';
import { checkComponents } from './components.js';
import { checkConstants } from './constants.js';
import { collectFacts } from './facts.js';
import { checkDuplicateDeclarations, checkMissingStart } from './flow-rules.js';
import { checkGotos, resolveFlowGotos } from './gotos.js';
import { checkImports } from './imports.js';
import { checkInserts } from './inserts.js';
import { checkInfiniteLoops } from './loops.js';
import { buildBotModel, buildFlowModel, type FlowModel } from './model.js';
import { Report } from './report.js';

/**
 * Runs one rule and keeps going if it fails: a bug in one rule must not hide the others'
 * findings, and validation never throws.
 */
function guarded(rule: () => void): void {
  try {
    rule();
  } catch {
    // Deliberately ignored: see above. Rules are written not to throw on any AST.
  }
}

export function runValidation(source: unknown): Diagnostic[] {
  const report = new Report();
  try {
    const input = readBot(source);
    const flows: FlowModel[] = input.flows.map((flowInput) => {
      const flow = buildFlowModel(flowInput);
      for (const diagnostic of flow.parseDiagnostics) report.placed(flow, diagnostic);
      guarded(() => {
        flow.facts = collectFacts(flow.ast);
      });
      return flow;
    });
    const bot = buildBotModel(input, flows);
    const closures = collectClosureNames(flows);
    for (const flow of flows) {
      guarded(() => {
        resolveFlowGotos(flow, bot);
      });
    }

    guarded(() => {
      checkBot(bot, report);
    });
    for (const flow of flows) {
      guarded(() => {
        checkMissingStart(flow, report);
        checkDuplicateDeclarations(flow, report);
      });
      for (const finding of flow.facts.findings) {
        report.at(
          flow,
          finding.code,
          finding.message,
          finding.span,
          finding.step,
          finding.severity,
        );
      }
      guarded(() => {
        checkConstants(flow, report);
      });
      guarded(() => {
        checkImports(flow, bot, report);
      });
      guarded(() => {
        checkInserts(flow, bot, report);
      });
      guarded(() => {
        checkCalls(flow, bot, closures, report);
      });
      guarded(() => {
        checkComponents(flow, bot, report);
      });
      guarded(() => {
        checkGotos(flow, report);
      });
    }
    guarded(() => {
      checkInfiniteLoops(bot, report);
    });
  } catch {
    // Nothing above should throw; if it does, return what was found so far.
  }
  return report.result();
}
