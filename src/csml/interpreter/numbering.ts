/**
 * Hold numbering (csml.md §14.4): the statements of a step are numbered depth-first from 0.
 * Each leaf takes the next number; an `if`, `foreach` or `while` spans the numbers given
 * inside it, and each `if` branch records its own range. A hold saves its leaf's number; on
 * resume the interpreter walks the step again using these ranges.
 */
import type { Block, Statement } from '../ast.js';

/** Numbers `first..last` inclusive; empty when last < first. */
export interface NumberRange {
  readonly first: number;
  readonly last: number;
}

export interface StepNumbering {
  /** A statement's range; for a leaf, first === last is its number. */
  readonly statements: ReadonlyMap<Statement, NumberRange>;
  /** The range of each `if`/`else` branch body. */
  readonly branches: ReadonlyMap<Block, NumberRange>;
}

export function numberStep(body: Block): StepNumbering {
  const statements = new Map<Statement, NumberRange>();
  const branches = new Map<Block, NumberRange>();
  let next = 0;

  const numberBlock = (block: Block): NumberRange => {
    const first = next;
    for (const statement of block.statements) numberStatement(statement);
    return { first, last: next - 1 };
  };

  const numberStatement = (statement: Statement): void => {
    const first = next;
    switch (statement.kind) {
      case 'If':
        for (const branch of statement.branches)
          branches.set(branch.body, numberBlock(branch.body));
        if (statement.elseBody) branches.set(statement.elseBody, numberBlock(statement.elseBody));
        break;
      case 'Foreach':
      case 'While':
        numberBlock(statement.body);
        break;
      case 'Say':
      case 'Do':
      case 'Assign':
      case 'Remember':
      case 'Forget':
      case 'Goto':
      case 'Previous':
      case 'Hold':
      case 'Break':
      case 'Continue':
      case 'Debug':
      case 'Log':
      case 'Return':
      case 'Use':
        next++;
        break;
    }
    statements.set(statement, { first, last: next - 1 });
  };

  numberBlock(body);
  return { statements, branches };
}

export function contains(range: NumberRange, n: number): boolean {
  return range.first <= n && n <= range.last;
}
