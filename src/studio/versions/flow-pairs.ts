/**
 * The flows of two versions side by side: each flow of the newer one with its counterpart in
 * the older one (same id, else same name regardless of case), then the flows that were removed.
 */

export interface VersionFlow {
  readonly id?: string;
  readonly name: string;
  readonly content: string;
  readonly commands: readonly string[];
}

export type PairKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface FlowPair {
  readonly kind: PairKind;
  readonly before: VersionFlow | null;
  readonly after: VersionFlow | null;
  /** The flow's name in the newer version (the older one's for a removed flow). */
  readonly name: string;
  /** The older name, when the flow was renamed. */
  readonly renamedFrom: string | null;
  readonly commandsChanged: boolean;
}

function sameCommands(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((command, index) => command === b[index]);
}

export function pairFlows(
  before: readonly VersionFlow[],
  after: readonly VersionFlow[],
): FlowPair[] {
  const unmatched = new Set(before);
  const take = (flow: VersionFlow): VersionFlow | null => {
    const byId =
      flow.id === undefined
        ? undefined
        : [...unmatched].find((candidate) => candidate.id === flow.id);
    const match =
      byId ??
      [...unmatched].find((candidate) => candidate.name.toLowerCase() === flow.name.toLowerCase());
    if (match === undefined) return null;
    unmatched.delete(match);
    return match;
  };
  // Ids first for every flow, so that a rename does not lose its match to a new flow that
  // took the old name.
  const matches = new Map<VersionFlow, VersionFlow | null>();
  for (const flow of after) {
    if (flow.id === undefined) continue;
    const byId = [...unmatched].find((candidate) => candidate.id === flow.id);
    if (byId !== undefined) {
      unmatched.delete(byId);
      matches.set(flow, byId);
    }
  }
  const pairs: FlowPair[] = after.map((flow) => {
    const old = matches.has(flow) ? (matches.get(flow) ?? null) : take(flow);
    if (old === null) {
      return {
        kind: 'added',
        before: null,
        after: flow,
        name: flow.name,
        renamedFrom: null,
        commandsChanged: flow.commands.length > 0,
      };
    }
    const commandsChanged = !sameCommands(old.commands, flow.commands);
    const renamed = old.name !== flow.name;
    return {
      kind: old.content === flow.content && !commandsChanged && !renamed ? 'unchanged' : 'changed',
      before: old,
      after: flow,
      name: flow.name,
      renamedFrom: renamed ? old.name : null,
      commandsChanged,
    };
  });
  for (const flow of before) {
    if (!unmatched.has(flow)) continue;
    pairs.push({
      kind: 'removed',
      before: flow,
      after: null,
      name: flow.name,
      renamedFrom: null,
      commandsChanged: flow.commands.length > 0,
    });
  }
  return pairs;
}
