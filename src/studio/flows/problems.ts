/**
 * What the Problems panel lists: each diagnostic with its flow and a line:column a person can
 * find (characters, not the API's UTF-8 bytes), errors first, then by flow order and position.
 */
import type { Diagnostic, Flow } from '../api.js';
import { byteColumnToCharColumn } from '../editor/positions.js';

export interface Problem {
  readonly diagnostic: Diagnostic;
  /** The flow's id, null for bot-level findings or a flow that is not there any more. */
  readonly flowId: string | null;
  /** The flow's name as the diagnostic gives it, or "Bot". */
  readonly where: string;
  readonly line: number;
  /** 1-based, in characters of the line. */
  readonly column: number;
}

/**
 * The problems of `diagnostics`, whose positions are in `textOf(flow name)` (the text that was
 * checked; null when unknown, then the byte column is shown as is).
 */
export function problemsOf(
  diagnostics: readonly Diagnostic[],
  flows: readonly Flow[],
  textOf: (flowName: string) => string | null,
): Problem[] {
  const order = new Map(flows.map((flow, index) => [flow.name.toLowerCase(), index]));
  const problems = diagnostics.map((diagnostic): Problem => {
    const flow =
      diagnostic.flow === null
        ? undefined
        : flows.find((known) => known.name.toLowerCase() === diagnostic.flow?.toLowerCase());
    const text = diagnostic.flow === null ? null : textOf(diagnostic.flow);
    const lineText = text?.split('\n')[diagnostic.line - 1];
    return {
      diagnostic,
      flowId: flow?.id ?? null,
      where: diagnostic.flow ?? 'Bot',
      line: diagnostic.line,
      column:
        lineText === undefined
          ? diagnostic.column
          : byteColumnToCharColumn(lineText.replace(/\r$/, ''), diagnostic.column),
    };
  });
  const rank = (problem: Problem): number =>
    problem.diagnostic.flow === null
      ? -1
      : (order.get(problem.diagnostic.flow.toLowerCase()) ?? flows.length);
  return problems.sort(
    (a, b) =>
      (a.diagnostic.severity === b.diagnostic.severity
        ? 0
        : a.diagnostic.severity === 'error'
          ? -1
          : 1) ||
      rank(a) - rank(b) ||
      a.line - b.line ||
      a.column - b.column,
  );
}
