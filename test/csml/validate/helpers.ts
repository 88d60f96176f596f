import type { Diagnostic, DiagnosticCode } from '../../../src/csml/diagnostics.js';
import { validateBot, type BotSource } from '../../../src/csml/validate/index.js';

/** A bot from CSML strings: `{ main: '…', other: '…' }`, first flow is the default. */
export function bot(flows: Record<string, string>, extra: Partial<BotSource> = {}): BotSource {
  const entries = Object.entries(flows);
  return {
    defaultFlow: entries[0]?.[0] ?? 'main',
    flows: entries.map(([name, content]) => ({ id: `id-${name}`, name, content })),
    ...extra,
  };
}

/** Diagnostics of a one-flow bot (flow `main`). */
export function validateFlow(content: string, extra: Partial<BotSource> = {}): Diagnostic[] {
  return validateBot(bot({ main: content }, extra));
}

export function ofCode(diagnostics: readonly Diagnostic[], code: DiagnosticCode): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

export function codes(diagnostics: readonly Diagnostic[]): DiagnosticCode[] {
  return diagnostics.map((d) => d.code);
}

/** The text a diagnostic's range covers, for one-line ranges. */
export function covered(source: string, d: Diagnostic): string {
  const line = source.split('\n')[d.line - 1] ?? '';
  return d.line === d.endLine
    ? line.slice(d.column - 1, d.endColumn - 1)
    : line.slice(d.column - 1);
}
