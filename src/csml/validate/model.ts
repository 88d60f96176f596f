/** What the rules know about a bot: every flow parsed, its declarations indexed by name. */
import type { ConstDecl, FlowAst, FunctionDecl, ImportDecl, InsertDecl, StepDecl } from '../ast.js';
import type { ComponentSet } from '../components/schema.js';
import type { Diagnostic } from '../diagnostics.js';
import { parseFlow } from '../parser/index.js';
import type { LineIndex } from '../source.js';
import type { BotInput, FlowInput } from './bot-input.js';
import { emptyFacts, type FlowFacts } from './facts.js';
import type { StaticGoto } from './gotos.js';

export interface FlowModel {
  readonly index: number;
  readonly name: string;
  readonly id: string | undefined;
  readonly ast: FlowAst;
  readonly lines: LineIndex;
  readonly parseDiagnostics: readonly Diagnostic[];
  /** Every step declaration in source order, duplicates included. */
  readonly stepDecls: readonly StepDecl[];
  /** First declaration of each step name. */
  readonly steps: ReadonlyMap<string, StepDecl>;
  readonly functionDecls: readonly FunctionDecl[];
  /** First declaration of each function name. */
  readonly functions: ReadonlyMap<string, FunctionDecl>;
  readonly consts: ReadonlyMap<string, ConstDecl>;
  readonly imports: readonly ImportDecl[];
  readonly inserts: readonly InsertDecl[];
  /** Local names (alias ?? name) of every import item, modules included. */
  readonly importedNames: ReadonlySet<string>;
  /** Local names (alias ?? name) of every insert item: valid `goto` targets of this flow. */
  readonly insertedSteps: ReadonlySet<string>;
  /** Filled by the walk (facts.ts). */
  facts: FlowFacts;
  /** Resolved `facts.gotos`, index for index (gotos.ts); null for a dynamic target. */
  gotoTargets: readonly (StaticGoto | null)[];
}

export interface BotModel {
  readonly input: BotInput;
  readonly flows: readonly FlowModel[];
  readonly nativeComponents: ComponentSet;
  readonly customComponents: ComponentSet;
  /** Flow by name (case-insensitive), then by id, as the runtime resolves it (csml.md §1). */
  findFlow(name: string): FlowModel | undefined;
  /** Every flow that declares a function of that name, in flow order. */
  functionHomes(name: string): readonly FlowModel[];
}

export function buildFlowModel(input: FlowInput): FlowModel {
  const { ast, lines, diagnostics } = parseFlow(input.content, input.name);
  const stepDecls: StepDecl[] = [];
  const steps = new Map<string, StepDecl>();
  const functionDecls: FunctionDecl[] = [];
  const functions = new Map<string, FunctionDecl>();
  const consts = new Map<string, ConstDecl>();
  const imports: ImportDecl[] = [];
  const inserts: InsertDecl[] = [];
  const importedNames = new Set<string>();
  const insertedSteps = new Set<string>();

  for (const decl of ast.declarations) {
    switch (decl.kind) {
      case 'Step':
        stepDecls.push(decl);
        if (!steps.has(decl.name.name)) steps.set(decl.name.name, decl);
        break;
      case 'Function':
        functionDecls.push(decl);
        if (!functions.has(decl.name.name)) functions.set(decl.name.name, decl);
        break;
      case 'Const':
        if (!consts.has(decl.name.name)) consts.set(decl.name.name, decl);
        break;
      case 'Import':
        imports.push(decl);
        for (const item of decl.items) importedNames.add((item.alias ?? item.name).name);
        break;
      case 'Insert':
        inserts.push(decl);
        for (const item of decl.items) insertedSteps.add((item.alias ?? item.name).name);
        break;
    }
  }

  return {
    index: input.index,
    name: input.name,
    id: input.id,
    ast,
    lines,
    parseDiagnostics: diagnostics,
    stepDecls,
    steps,
    functionDecls,
    functions,
    consts,
    imports,
    inserts,
    importedNames,
    insertedSteps,
    facts: emptyFacts(),
    gotoTargets: [],
  };
}

export function buildBotModel(input: BotInput, flows: readonly FlowModel[]): BotModel {
  const byName = new Map<string, FlowModel>();
  const byId = new Map<string, FlowModel>();
  const homes = new Map<string, FlowModel[]>();
  for (const flow of flows) {
    const key = flow.name.toLowerCase();
    if (!byName.has(key)) byName.set(key, flow);
    if (flow.id !== undefined && !byId.has(flow.id)) byId.set(flow.id, flow);
    for (const name of flow.functions.keys()) {
      const list = homes.get(name);
      if (list) list.push(flow);
      else homes.set(name, [flow]);
    }
  }
  return {
    input,
    flows,
    nativeComponents: input.nativeComponents,
    customComponents: input.customComponents,
    findFlow: (name) => byName.get(name.toLowerCase()) ?? byId.get(name),
    functionHomes: (name) => homes.get(name) ?? [],
  };
}
