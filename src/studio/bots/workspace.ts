/**
 * One bot open in the studio: the bot and its flows as the server last answered them, and the
 * unsaved drafts of flows (their text and commands). Every page of the bot reads this one
 * store, so that a draft survives a visit to Versions or the Playground and the guard can tell
 * what would be lost. Plain object with listeners: reads are synchronous, pages re-render on
 * change (use-workspace.ts). No DOM and no Preact here, so that it is tested in Node.
 */
import type { Bot, Flow } from '../api.js';

export interface Draft {
  readonly content: string;
  readonly commands: readonly string[];
}

function sameCommands(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((command, index) => command === b[index]);
}

export class Workspace {
  private readonly listeners = new Set<() => void>();
  private draftsById = new Map<string, Draft>();

  constructor(
    private current: Bot,
    private flowList: readonly Flow[],
  ) {}

  get bot(): Bot {
    return this.current;
  }

  get flows(): readonly Flow[] {
    return this.flowList;
  }

  get drafts(): ReadonlyMap<string, Draft> {
    return this.draftsById;
  }

  flow(flowId: string): Flow | null {
    return this.flowList.find((flow) => flow.id === flowId) ?? null;
  }

  /** The flow named `name` (flow names are unique regardless of case, studio-api.md §6). */
  flowNamed(name: string): Flow | null {
    const lower = name.toLowerCase();
    return this.flowList.find((flow) => flow.name.toLowerCase() === lower) ?? null;
  }

  /** What the editor shows for a flow: its draft, else what is saved. */
  working(flow: Flow): Draft {
    return this.draftsById.get(flow.id) ?? { content: flow.content, commands: flow.commands };
  }

  isDirty(flowId?: string): boolean {
    return flowId === undefined ? this.draftsById.size > 0 : this.draftsById.has(flowId);
  }

  /** Names of the flows with unsaved changes, in flow order. */
  dirtyNames(): string[] {
    return this.flowList.filter((flow) => this.draftsById.has(flow.id)).map((flow) => flow.name);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Records the editor's state of a flow; a draft equal to the saved flow is no draft. */
  setDraft(flowId: string, draft: Draft): void {
    const flow = this.flow(flowId);
    if (flow === null) return;
    const drafts = new Map(this.draftsById);
    if (draft.content === flow.content && sameCommands(draft.commands, flow.commands)) {
      if (!drafts.delete(flowId)) return;
    } else {
      const before = drafts.get(flowId);
      if (before?.content === draft.content && sameCommands(before.commands, draft.commands)) {
        return;
      }
      drafts.set(flowId, draft);
    }
    this.draftsById = drafts;
    this.changed();
  }

  /** Forgets the drafts of one flow, or of every flow. */
  discard(flowId?: string): void {
    if (flowId === undefined ? this.draftsById.size === 0 : !this.draftsById.has(flowId)) return;
    const drafts = new Map(this.draftsById);
    if (flowId === undefined) drafts.clear();
    else drafts.delete(flowId);
    this.draftsById = drafts;
    this.changed();
  }

  setBot(bot: Bot): void {
    this.current = bot;
    this.changed();
  }

  /** A flow as the server answered it (after a save, a rename): its draft stays if it differs. */
  putFlow(flow: Flow): void {
    const index = this.flowList.findIndex((known) => known.id === flow.id);
    this.flowList =
      index === -1
        ? [...this.flowList, flow]
        : this.flowList.map((known) => (known.id === flow.id ? flow : known));
    const draft = this.draftsById.get(flow.id);
    if (draft) {
      // Re-checked against the new saved state: equal now means saved.
      this.draftsById = new Map(this.draftsById);
      this.draftsById.delete(flow.id);
      this.setDraft(flow.id, draft);
    }
    this.changed();
  }

  removeFlow(flowId: string): void {
    this.flowList = this.flowList.filter((flow) => flow.id !== flowId);
    if (this.draftsById.has(flowId)) {
      this.draftsById = new Map(this.draftsById);
      this.draftsById.delete(flowId);
    }
    this.changed();
  }

  /** The bot as it would be built now, drafts included (for POST …/validate). */
  draftBot(): {
    flows: { name: string; content: string; commands: readonly string[] }[];
    default_flow?: string;
  } {
    const flows = this.flowList.map((flow) => {
      const { content, commands } = this.working(flow);
      return { name: flow.name, content, commands };
    });
    const defaultFlow =
      this.current.default_flow === null ? null : this.flow(this.current.default_flow);
    return defaultFlow === null ? { flows } : { flows, default_flow: defaultFlow.name };
  }
}
