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

export function runValidation(source: unknown): Diagnostic[] {
  const report = new Report();
  const input = readBot(source);
  const flows: FlowModel[] = input.flows.map((flowInput) => {
    const flow = buildFlowModel(flowInput);
    for (const diagnostic of flow.parseDiagnostics) report.placed(flow, diagnostic);
    flow.facts = collectFacts(flow.ast);
    return flow;
  });
  const bot = buildBotModel(input, flows);
  const closures = collectClosureNames(flows);
  for (const flow of flows) {
    resolveFlowGotos(flow, bot);
  }

  checkBot(bot, report);
  for (const flow of flows) {
    checkMissingStart(flow, report);
    checkDuplicateDeclarations(flow, report);
    for (const finding of flow.facts.findings) {
      report.at(flow, finding.code, finding.message, finding.span, finding.step, finding.severity);
    }
    checkConstants(flow, report);
    checkImports(flow, bot, report);
    checkInserts(flow, bot, report);
    checkCalls(flow, bot, closures, report);
    checkComponents(flow, bot, report);
    checkGotos(flow, report);
  }
  checkInfiniteLoops(bot, report);
  return report.result();
}
