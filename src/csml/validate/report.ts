/** Collects diagnostics from every rule, then sorts and de-duplicates them (csml.md §16). */
import {
  botDiagnostic,
  placeDiagnostic,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
} from '../diagnostics.js';
import type { Span } from '../source.js';
import type { FlowModel } from './model.js';

interface Entry {
  /** -1 for bot-level findings, else the flow's position in the bot. */
  readonly flowOrder: number;
  readonly seq: number;
  readonly diagnostic: Diagnostic;
}

export class Report {
  private readonly entries: Entry[] = [];

  private push(flowOrder: number, diagnostic: Diagnostic): void {
    this.entries.push({ flowOrder, seq: this.entries.length, diagnostic });
  }

  /** A bot-level finding (flow null, 1:1). */
  bot(code: DiagnosticCode, message: string, severity: Severity = 'error'): void {
    this.push(-1, botDiagnostic(code, message, null, severity));
  }

  /** A flow-level finding (flow set, step null, 1:1). */
  flowLevel(
    flow: FlowModel,
    code: DiagnosticCode,
    message: string,
    severity: Severity = 'error',
  ): void {
    this.push(flow.index, botDiagnostic(code, message, flow.name, severity));
  }

  /** A finding at a span of a flow's source. */
  at(
    flow: FlowModel,
    code: DiagnosticCode,
    message: string,
    span: Span,
    step: string | null,
    severity: Severity = 'error',
  ): void {
    this.push(
      flow.index,
      placeDiagnostic({ code, severity, message, span, step }, flow.name, flow.lines),
    );
  }

  /** A diagnostic already placed (the parser's). */
  placed(flow: FlowModel, diagnostic: Diagnostic): void {
    this.push(flow.index, diagnostic);
  }

  /** Bot-level first, then flow order, line, column; exact duplicates dropped. */
  result(): Diagnostic[] {
    const sorted = [...this.entries].sort(
      (a, b) =>
        a.flowOrder - b.flowOrder ||
        a.diagnostic.line - b.diagnostic.line ||
        a.diagnostic.column - b.diagnostic.column ||
        a.seq - b.seq,
    );
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const { diagnostic: d } of sorted) {
      const key = JSON.stringify([
        d.code,
        d.severity,
        d.message,
        d.flow,
        d.step,
        d.line,
        d.column,
        d.endLine,
        d.endColumn,
      ]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
    return out;
  }
}
