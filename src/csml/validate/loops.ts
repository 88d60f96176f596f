/**
 * `possible_infinite_loop` (csml.md §16): a cycle of `goto`s with no `hold` before them,
 * among the steps reachable from the default flow's `start`. The graph has one node per step
 * and one edge per static `goto` in a step body; an edge is hold-free when no `hold` precedes
 * its `goto` in the step (in source order, any branch). Each strongly connected component of
 * the hold-free subgraph that contains a cycle is reported once. Everything here is iterative
 * and linear in the size of the graph.
 */
import type { StepDecl } from '../ast.js';
import type { Span } from '../source.js';
import { resolveGoto } from './gotos.js';
import type { BotModel, FlowModel } from './model.js';
import type { Report } from './report.js';

interface Edge {
  readonly from: number;
  readonly to: number;
  readonly holdFree: boolean;
  readonly flow: FlowModel;
  readonly step: string | null;
  readonly span: Span;
}

interface Graph {
  readonly nodeFlow: FlowModel[];
  readonly nodeStep: string[];
  readonly edges: Edge[];
  /** Edge indexes leaving each node (all edges). */
  readonly out: number[][];
  readonly nodeOf: Map<StepDecl, number>;
}

function buildGraph(bot: BotModel): Graph {
  const nodeFlow: FlowModel[] = [];
  const nodeStep: string[] = [];
  const nodeOf = new Map<StepDecl, number>();
  for (const flow of bot.flows) {
    for (const [name, decl] of flow.steps) {
      nodeOf.set(decl, nodeFlow.length);
      nodeFlow.push(flow);
      nodeStep.push(name);
    }
  }
  const out: number[][] = nodeFlow.map(() => []);
  const edges: Edge[] = [];
  for (const flow of bot.flows) {
    for (const fact of flow.facts.gotos) {
      if (!fact.fromStep) continue;
      const from = nodeOf.get(fact.fromStep);
      if (from === undefined) continue; // a duplicate step declaration
      const target = resolveGoto(fact.stmt, flow, bot);
      if (!target?.flow || target.step === 'end') continue;
      // Inserted and missing steps have no node: the walk stops there.
      const decl = target.flow.steps.get(target.step);
      const to = decl ? nodeOf.get(decl) : undefined;
      if (to === undefined) continue;
      out[from]!.push(edges.length);
      edges.push({
        from,
        to,
        holdFree: !fact.holdBefore,
        flow,
        step: fact.step,
        span: target.span,
      });
    }
  }
  return { nodeFlow, nodeStep, edges, out, nodeOf };
}

/** Nodes reachable from `root` through any edge, in breadth-first order. */
function reachable(graph: Graph, root: number): number[] {
  const order = [root];
  const seen = new Uint8Array(graph.nodeFlow.length);
  seen[root] = 1;
  for (let i = 0; i < order.length; i++) {
    for (const e of graph.out[order[i]!]!) {
      const to = graph.edges[e]!.to;
      if (!seen[to]) {
        seen[to] = 1;
        order.push(to);
      }
    }
  }
  return order;
}

/** Tarjan's algorithm without recursion, on hold-free edges between `nodes`. */
function holdFreeComponents(graph: Graph, nodes: readonly number[], inSet: Uint8Array): number[] {
  const n = graph.nodeFlow.length;
  const component = new Int32Array(n).fill(-1);
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const callNode: number[] = [];
  const callEdge: number[] = [];
  let counter = 0;
  let components = 0;

  for (const root of nodes) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    callNode.push(root);
    callEdge.push(0);
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode[top]!;
      const outEdges = graph.out[v]!;
      const i = callEdge[top]!;
      if (i < outEdges.length) {
        callEdge[top] = i + 1;
        const edge = graph.edges[outEdges[i]!]!;
        const w = edge.to;
        if (!edge.holdFree || !inSet[w]) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callNode.push(w);
          callEdge.push(0);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      callNode.pop();
      callEdge.pop();
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component[w] = components;
        } while (w !== v);
        components++;
      }
      const parent = callNode[callNode.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent]!, low[v]!);
    }
  }
  return Array.from(component);
}

/** A shortest hold-free cycle through `entry` inside its component: edge indexes, in order. */
function cycleThrough(graph: Graph, entry: number, component: readonly number[]): number[] {
  const id = component[entry]!;
  const parentEdge = new Map<number, number>([[entry, -1]]);
  const queue = [entry];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (const e of graph.out[v]!) {
      const edge = graph.edges[e]!;
      if (!edge.holdFree || component[edge.to] !== id) continue;
      if (edge.to === entry) {
        const path = [e];
        for (let p = parentEdge.get(v)!; p !== -1;) {
          path.push(p);
          p = parentEdge.get(graph.edges[p]!.from)!;
        }
        return path.reverse();
      }
      if (!parentEdge.has(edge.to)) {
        parentEdge.set(edge.to, e);
        queue.push(edge.to);
      }
    }
  }
  return [];
}

function describe(graph: Graph, cycle: readonly number[]): string {
  const nodes = [graph.edges[cycle[0]!]!.from, ...cycle.map((e) => graph.edges[e]!.to)];
  const oneFlow = nodes.every((node) => graph.nodeFlow[node] === graph.nodeFlow[nodes[0]!]);
  return nodes
    .map((node) =>
      oneFlow ? graph.nodeStep[node]! : `${graph.nodeStep[node]!}@${graph.nodeFlow[node]!.name}`,
    )
    .join(' -> ');
}

export function checkInfiniteLoops(bot: BotModel, report: Report): void {
  const defaultFlow = bot.findFlow(bot.input.defaultFlow);
  const start = defaultFlow?.steps.get('start');
  if (!start) return;
  const graph = buildGraph(bot);
  const root = graph.nodeOf.get(start);
  if (root === undefined) return;

  const nodes = reachable(graph, root);
  const inSet = new Uint8Array(graph.nodeFlow.length);
  for (const node of nodes) inSet[node] = 1;
  const component = holdFreeComponents(graph, nodes, inSet);

  const size = new Map<number, number>();
  for (const node of nodes) size.set(component[node]!, (size.get(component[node]!) ?? 0) + 1);
  const reported = new Set<number>();
  // The entry of a component is its first node in breadth-first order from `start`.
  for (const node of nodes) {
    const id = component[node]!;
    if (reported.has(id)) continue;
    reported.add(id);
    const selfLoop = graph.out[node]!.some((e) => {
      const edge = graph.edges[e]!;
      return edge.holdFree && edge.to === node;
    });
    if (size.get(id)! < 2 && !selfLoop) continue;
    const cycle = cycleThrough(graph, node, component);
    const closing = graph.edges[cycle[cycle.length - 1]!];
    if (!closing) continue;
    report.at(
      closing.flow,
      'possible_infinite_loop',
      `possible infinite loop without hold: ${describe(graph, cycle)}`,
      closing.span,
      closing.step,
      'warning',
    );
  }
}
