/**
 * Static `goto` targets (csml.md §5.4, §16). Only literal names are checked: a `$variable` part
 * or an `in bot` part is left to the runtime.
 */
import type { GotoStmt, GotoValue } from '../ast.js';
import type { Span } from '../source.js';
import type { BotModel, FlowModel } from './model.js';
import type { Report } from './report.js';

export interface StaticGoto {
  /** The target flow as written, or null for the current flow. */
  readonly flowName: string | null;
  /** The target flow; undefined when no flow has that name or id. */
  readonly flow: FlowModel | undefined;
  readonly step: string;
  /** The written target (`a@b`), or the whole statement when nothing is written (`goto @`). */
  readonly span: Span;
}

function cover(step: GotoValue | null, flow: GotoValue | null, fallback: Span): Span {
  if (step && flow) {
    return {
      start: Math.min(step.span.start, flow.span.start),
      end: Math.max(step.span.end, flow.span.end),
    };
  }
  return (step ?? flow)?.span ?? fallback;
}

/** The target of a `goto` whose parts are all literal names; null otherwise. */
export function resolveGoto(stmt: GotoStmt, current: FlowModel, bot: BotModel): StaticGoto | null {
  const target = stmt.target;
  let step: GotoValue | null;
  let flow: GotoValue | null;
  switch (target.kind) {
    case 'Step':
      step = target.step;
      flow = null;
      break;
    case 'Flow':
      step = null;
      flow = target.flow;
      break;
    case 'StepAtFlow':
      if (target.bot !== null) return null;
      step = target.step;
      flow = target.flow;
      break;
  }
  if (step?.kind === 'Variable' || flow?.kind === 'Variable') return null;
  const span = cover(step, flow, stmt.span);
  return {
    flowName: flow ? flow.name : null,
    flow: flow ? bot.findFlow(flow.name) : current,
    step: step ? step.name : 'start',
    span,
  };
}

/** Whether a step name exists in a flow, inserted steps included. */
export function hasStep(flow: FlowModel, step: string): boolean {
  return flow.steps.has(step) || flow.insertedSteps.has(step);
}

/** Resolves every goto of a flow once, for checkGotos and the loop check. */
export function resolveFlowGotos(flow: FlowModel, bot: BotModel): void {
  flow.gotoTargets = flow.facts.gotos.map((fact) => resolveGoto(fact.stmt, flow, bot));
}

export function checkGotos(flow: FlowModel, report: Report): void {
  const gotos = flow.facts.gotos;
  for (let i = 0; i < gotos.length; i++) {
    const target = flow.gotoTargets[i];
    if (!target || target.step === 'end') continue;
    const step = gotos[i]!.step;
    const home = target.flow;
    if (!home) {
      report.at(
        flow,
        'unknown_flow',
        `flow '${target.flowName ?? ''}' does not exist in bot`,
        target.span,
        step,
      );
      continue;
    }
    if (hasStep(home, target.step)) continue;
    // `start` of a flow without any step falls back to the default flow at runtime.
    if (target.step === 'start' && home.stepDecls.length === 0 && home.insertedSteps.size === 0) {
      continue;
    }
    report.at(
      flow,
      'unknown_step',
      `step '${target.step}' does not exist in flow '${home.name}'`,
      target.span,
      step,
    );
  }
}
