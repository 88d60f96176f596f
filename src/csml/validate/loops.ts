/**
 * `possible_infinite_loop` (csml.md §16): a cycle of `goto`s with no `hold` before them,
 * among the steps reachable from the default flow's `start`. The graph has one node per step
 * and one edge per static `goto` in a step body; an edge is hold-free when no `hold` precedes
 * its `goto` in the step (in source order, any branch, as the reference linter counts it).
 * Each strongly connected component of the hold-free subgraph that contains a cycle is
 * reported once, at the `goto` that closes a shortest cycle through the component's first
 * step (breadth-first from `start`). Everything is iterative and linear in the graph's size.
 */
import type { StepDecl } from '../ast.js';
import type { Span } from '../source.js';
import type { BotModel, FlowModel } from './model.js';
import type { Report } from './report.js';

interface Graph {
  readonly nodeCount: number;
  readonly nodeFlow: readonly FlowModel[];
  readonly nodeStep: readonly string[];
  readonly nodeOf: ReadonlyMap<StepDecl, number>;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  readonly edgeHoldFree: Uint8Array;
  readonly edgeFlow: readonly FlowModel[];
  readonly edgeStep: readonly (string | null)[];
  readonly edgeSpan: readonly Span[];
  /** Edges leaving node v: outEdges[outStart[v] .. outStart[v + 1]). */
  readonly outStart: Int32Array;
  readonly outEdges: Int32Array;
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
  const from: number[] = [];
  const to: number[] = [];
  const holdFree: number[] = [];
  const edgeFlow: FlowModel[] = [];
  const edgeStep: (string | null)[] = [];
  const edgeSpan: Span[] = [];
  for (const flow of bot.flows) {
    const gotos = flow.facts.gotos;
    for (let i = 0; i < gotos.length; i++) {
      const fact = gotos[i]!;
      const target = flow.gotoTargets[i];
      if (!fact.fromStep || !target?.flow || target.step === 'end') continue;
      const source = nodeOf.get(fact.fromStep);
      if (source === undefined) continue; // a duplicate step declaration
      // Inserted and missing steps have no node: the walk stops there.
      const decl = target.flow.steps.get(target.step);
      const destination = decl ? nodeOf.get(decl) : undefined;
      if (destination === undefined) continue;
      from.push(source);
      to.push(destination);
      holdFree.push(fact.holdBefore ? 0 : 1);
      edgeFlow.push(flow);
      edgeStep.push(fact.step);
      edgeSpan.push(target.span);
    }
  }

  const nodeCount = nodeFlow.length;
  const outStart = new Int32Array(nodeCount + 1);
  for (const v of from) outStart[v + 1]!++;
  for (let v = 0; v < nodeCount; v++) outStart[v + 1]! += outStart[v]!;
  const fill = outStart.slice(0, nodeCount);
  const outEdges = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) outEdges[fill[from[e]!]!++] = e;

  return {
    nodeCount,
    nodeFlow,
    nodeStep,
    nodeOf,
    edgeFrom: Int32Array.from(from),
    edgeTo: Int32Array.from(to),
    edgeHoldFree: Uint8Array.from(holdFree),
    edgeFlow,
    edgeStep,
    edgeSpan,
    outStart,
    outEdges,
  };
}

/** Nodes reachable from `root` through any edge, in breadth-first order. */
function reachable(graph: Graph, root: number): Int32Array {
  const order = new Int32Array(graph.nodeCount);
  const seen = new Uint8Array(graph.nodeCount);
  order[0] = root;
  seen[root] = 1;
  let length = 1;
  for (let i = 0; i < length; i++) {
    const v = order[i]!;
    for (let k = graph.outStart[v]!; k < graph.outStart[v + 1]!; k++) {
      const w = graph.edgeTo[graph.outEdges[k]!]!;
      if (!seen[w]) {
        seen[w] = 1;
        order[length++] = w;
      }
    }
  }
  return order.subarray(0, length);
}

/**
 * Tarjan's algorithm with an explicit stack, on the hold-free edges between nodes of `inSet`.
 * Returns each node's component number (-1 outside `inSet`).
 */
function holdFreeComponents(graph: Graph, roots: Int32Array, inSet: Uint8Array): Int32Array {
  const n = graph.nodeCount;
  const component = new Int32Array(n).fill(-1);
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callNext = new Int32Array(n);
  let stackSize = 0;
  let counter = 0;
  let components = 0;

  for (const root of roots) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack[stackSize++] = root;
    onStack[root] = 1;
    callNode[0] = root;
    callNext[0] = graph.outStart[root]!;
    let depth = 1;
    while (depth > 0) {
      const v = callNode[depth - 1]!;
      const k = callNext[depth - 1]!;
      if (k < graph.outStart[v + 1]!) {
        callNext[depth - 1] = k + 1;
        const e = graph.outEdges[k]!;
        const w = graph.edgeTo[e]!;
        if (!graph.edgeHoldFree[e] || !inSet[w]) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[stackSize++] = w;
          onStack[w] = 1;
          callNode[depth] = w;
          callNext[depth] = graph.outStart[w]!;
          depth++;
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      depth--;
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--stackSize]!;
          onStack[w] = 0;
          component[w] = components;
        } while (w !== v);
        components++;
      }
      if (depth > 0) {
        const parent = callNode[depth - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
    }
  }
  return component;
}

/**
 * A shortest hold-free cycle through `entry` inside its component, as edge indexes in order.
 * `parentEdge` is scratch space of nodeCount entries, all -2 on entry and on return.
 */
function cycleThrough(
  graph: Graph,
  entry: number,
  component: Int32Array,
  parentEdge: Int32Array,
): number[] {
  const id = component[entry]!;
  const queue = [entry];
  parentEdge[entry] = -1;
  let closing = -1;
  for (let q = 0; q < queue.length && closing === -1; q++) {
    const v = queue[q]!;
    for (let k = graph.outStart[v]!; k < graph.outStart[v + 1]!; k++) {
      const e = graph.outEdges[k]!;
      const w = graph.edgeTo[e]!;
      if (!graph.edgeHoldFree[e] || component[w] !== id) continue;
      if (w === entry) {
        closing = e;
        break;
      }
      if (parentEdge[w] === -2) {
        parentEdge[w] = e;
        queue.push(w);
      }
    }
  }
  const path: number[] = [];
  if (closing !== -1) {
    path.push(closing);
    for (let p = parentEdge[graph.edgeFrom[closing]!]!; p >= 0;) {
      path.push(p);
      p = parentEdge[graph.edgeFrom[p]!]!;
    }
    path.reverse();
  }
  for (const v of queue) parentEdge[v] = -2;
  return path;
}

/** Longest cycle spelled out in full; longer ones keep their ends (a message stays short). */
const MAX_NAMED_STEPS = 20;

function describe(graph: Graph, cycle: readonly number[]): string {
  const nodes = [graph.edgeFrom[cycle[0]!]!, ...cycle.map((e) => graph.edgeTo[e]!)];
  const flow = graph.nodeFlow[nodes[0]!];
  const oneFlow = nodes.every((node) => graph.nodeFlow[node] === flow);
  const name = (node: number): string =>
    oneFlow ? graph.nodeStep[node]! : `${graph.nodeStep[node]!}@${graph.nodeFlow[node]!.name}`;
  if (nodes.length <= MAX_NAMED_STEPS) return nodes.map(name).join(' -> ');
  const head = nodes.slice(0, MAX_NAMED_STEPS / 2).map(name);
  const tail = nodes.slice(nodes.length - MAX_NAMED_STEPS / 2).map(name);
  const skipped = nodes.length - head.length - tail.length;
  return [...head, `(${skipped} more steps)`, ...tail].join(' -> ');
}

export function checkInfiniteLoops(bot: BotModel, report: Report): void {
  const defaultFlow = bot.findFlow(bot.input.defaultFlow);
  const start = defaultFlow?.steps.get('start');
  if (!start) return;
  const graph = buildGraph(bot);
  const root = graph.nodeOf.get(start);
  if (root === undefined) return;

  const nodes = reachable(graph, root);
  const inSet = new Uint8Array(graph.nodeCount);
  for (const node of nodes) inSet[node] = 1;
  const component = holdFreeComponents(graph, nodes, inSet);

  const size = new Int32Array(graph.nodeCount);
  for (const node of nodes) size[component[node]!]!++;
  const seen = new Uint8Array(graph.nodeCount);
  const parentEdge = new Int32Array(graph.nodeCount).fill(-2);
  // The entry of a component is its first node in breadth-first order from `start`.
  for (const node of nodes) {
    const id = component[node]!;
    if (seen[id]) continue;
    seen[id] = 1;
    if (size[id]! < 2) {
      let selfLoop = false;
      for (let k = graph.outStart[node]!; k < graph.outStart[node + 1]!; k++) {
        const e = graph.outEdges[k]!;
        if (graph.edgeHoldFree[e] && graph.edgeTo[e] === node) selfLoop = true;
      }
      if (!selfLoop) continue;
    }
    const cycle = cycleThrough(graph, node, component, parentEdge);
    const closing = cycle[cycle.length - 1];
    if (closing === undefined) continue;
    report.at(
      graph.edgeFlow[closing]!,
      'possible_infinite_loop',
      `possible infinite loop without hold: ${describe(graph, cycle)}`,
      graph.edgeSpan[closing]!,
      graph.edgeStep[closing]!,
      'warning',
    );
  }
}
