/** Rules on one flow's declarations: `start` present, no duplicate steps or functions. */
import type { FlowModel } from './model.js';
import type { Report } from './report.js';

export function checkMissingStart(flow: FlowModel, report: Report): void {
  // Parley flags the default flow too (the reference linter skips it).
  if (flow.stepDecls.length > 0 && !flow.steps.has('start')) {
    report.flowLevel(flow, 'missing_start', `missing step 'start' in flow [${flow.name}]`);
  }
}

export function checkDuplicateDeclarations(flow: FlowModel, report: Report): void {
  for (const decl of flow.stepDecls) {
    if (flow.steps.get(decl.name.name) !== decl) {
      report.at(
        flow,
        'duplicate_step',
        `duplicate step ${decl.name.name}`,
        decl.name.span,
        decl.name.name,
      );
    }
  }
  for (const decl of flow.functionDecls) {
    if (flow.functions.get(decl.name.name) !== decl) {
      report.at(
        flow,
        'duplicate_function',
        `duplicate function ${decl.name.name}`,
        decl.name.span,
        null,
      );
    }
  }
}
