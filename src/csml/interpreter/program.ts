/**
 * A bot ready to run: every flow parsed once, its declarations indexed, hold numbering
 * computed on demand. Programs are immutable and may be cached per BotVersion.
 */
import type { ConstDecl, Expr, FunctionDecl, StepDecl } from '../ast.js';
import type { ComponentSet } from '../components/schema.js';
import type { Json } from '../json.js';
import { parseFlow } from '../parser/index.js';
import type { LineIndex } from '../source.js';
import { numberStep } from './numbering.js';
import type { StepNumbering } from './numbering.js';
import type { BotInput } from './types.js';

export interface ImportTarget {
  /** Home flow name; null for `import f` without `from` (first flow that defines it). */
  readonly flow: string | null;
  readonly name: string;
}

export interface InsertTarget {
  readonly flow: string;
  readonly step: string;
}

export class FlowProgram {
  readonly steps = new Map<string, StepDecl>();
  readonly functions = new Map<string, FunctionDecl>();
  readonly constants = new Map<string, ConstDecl>();
  readonly imports = new Map<string, ImportTarget>();
  readonly inserts = new Map<string, InsertTarget>();
  private readonly numberings = new WeakMap<StepDecl, StepNumbering>();

  constructor(
    readonly id: string,
    readonly name: string,
    readonly source: string,
    readonly lines: LineIndex,
    declarations: ReturnType<typeof parseFlow>['ast']['declarations'],
  ) {
    for (const decl of declarations) {
      switch (decl.kind) {
        case 'Step':
          if (!this.steps.has(decl.name.name)) this.steps.set(decl.name.name, decl);
          break;
        case 'Function':
          if (!this.functions.has(decl.name.name)) this.functions.set(decl.name.name, decl);
          break;
        case 'Const':
          this.constants.set(decl.name.name, decl);
          break;
        case 'Import':
          for (const item of decl.items) {
            const local = item.alias?.name ?? item.name.name;
            const flow = decl.from?.kind === 'Flow' ? decl.from.name : null;
            this.imports.set(local, { flow, name: item.name.name });
          }
          break;
        case 'Insert':
          for (const item of decl.items) {
            this.inserts.set(item.alias?.name ?? item.name.name, {
              flow: decl.from.name,
              step: item.name.name,
            });
          }
          break;
      }
    }
  }

  numbering(step: StepDecl): StepNumbering {
    let numbering = this.numberings.get(step);
    if (!numbering) {
      numbering = numberStep(step.body);
      this.numberings.set(step, numbering);
    }
    return numbering;
  }

  constantExpr(name: string): Expr | undefined {
    return this.constants.get(name)?.value;
  }
}

export class BotProgram {
  readonly flows: readonly FlowProgram[];
  readonly id: string;
  readonly name: string;
  readonly defaultFlow: string;
  readonly env: Json | null;
  readonly nativeComponents: ComponentSet;
  readonly customComponents: ComponentSet;

  constructor(bot: BotInput) {
    this.id = bot.id;
    this.name = bot.name;
    this.env = bot.env;
    this.nativeComponents = bot.nativeComponents;
    this.customComponents = bot.customComponents;
    this.flows = bot.flows.map((flow) => {
      const parsed = parseFlow(flow.content, flow.name);
      return new FlowProgram(
        flow.id,
        flow.name,
        flow.content,
        parsed.lines,
        parsed.ast.declarations,
      );
    });
    this.defaultFlow = this.findFlow(bot.defaultFlow)?.name ?? bot.defaultFlow;
  }

  /** By name (case-insensitive), then by id (csml.md §1). */
  findFlow(nameOrId: string): FlowProgram | undefined {
    const lower = nameOrId.toLowerCase();
    return (
      this.flows.find((flow) => flow.name.toLowerCase() === lower) ??
      this.flows.find((flow) => flow.id === nameOrId)
    );
  }

  /** The flow that defines an imported function (csml.md §6.4: first in flow order). */
  functionHome(target: ImportTarget): { flow: FlowProgram; decl: FunctionDecl } | undefined {
    const candidates = target.flow === null ? this.flows : [this.findFlow(target.flow)];
    for (const flow of candidates) {
      const decl = flow?.functions.get(target.name);
      if (flow && decl) return { flow, decl };
    }
    return undefined;
  }
}
