import type { Declaration, Expr, Statement } from '../../../src/csml/ast.js';
import { parseFlow } from '../../../src/csml/parser/index.js';

export function parse(source: string) {
  return parseFlow(source, 'flow');
}

/** Diagnostics as `line:col code` strings, for compact assertions. */
export function errors(source: string): string[] {
  return parse(source).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);
}

const POSITION_KEYS = new Set(['span', 'nameSpan', 'opSpan', 'keySpan']);

/** The tree without positions, bigints as `123n` strings: readable in toEqual. */
export function strip(node: unknown): unknown {
  if (typeof node === 'bigint') return `${node}n`;
  if (Array.isArray(node)) return node.map(strip);
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (!POSITION_KEYS.has(key)) out[key] = strip(value);
    }
    return out;
  }
  return node;
}

export function declarations(source: string): readonly Declaration[] {
  const result = parse(source);
  if (result.diagnostics.length > 0) {
    throw new Error(`unexpected diagnostics: ${JSON.stringify(result.diagnostics)}`);
  }
  return result.ast.declarations;
}

export function statements(body: string): readonly Statement[] {
  const [step] = declarations(`start:\n${body}\n`);
  if (step?.kind !== 'Step') throw new Error('expected a step');
  return step.body.statements;
}

/** The expression of `say <source>`, positions stripped. */
export function expr(source: string): unknown {
  const [say] = statements(`  say ${source}`);
  if (say?.kind !== 'Say') throw new Error('expected say');
  return strip(say.value);
}

export function rawExpr(source: string): Expr {
  const [say] = statements(`  say ${source}`);
  if (say?.kind !== 'Say') throw new Error('expected say');
  return say.value;
}

export const ident = (name: string) => ({ kind: 'Ident', name });
export const int = (value: number) => ({ kind: 'Int', value: `${value}n` });
export const str = (value: string) => ({ kind: 'String', value });
