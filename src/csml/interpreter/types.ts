/** The interpreter boundary (csml.md §15): one call runs one event through a bot. */
import type { ComponentSet } from '../components/schema.js';
import type { Json } from '../json.js';
import type { CsmlHost } from './host.js';

export interface FlowSource {
  readonly id: string;
  readonly name: string;
  readonly content: string;
}

export interface BotInput {
  readonly id: string;
  readonly name: string;
  /** Name (or id) of the default flow. */
  readonly defaultFlow: string;
  readonly flows: readonly FlowSource[];
  readonly env: Json | null;
  readonly nativeComponents: ComponentSet;
  readonly customComponents: ComponentSet;
}

/** The `previous` history (csml.md §5.5). */
export interface PreviousInfo {
  readonly flow: string;
  readonly step: string;
  readonly previousFlow: string | null;
}

/** A saved resume point (csml.md §14.4). */
export interface Hold {
  readonly commandIndex: number;
  readonly loopIndex: readonly number[];
  /** Step locals in memory format. */
  readonly stepVars: Readonly<Record<string, Json>>;
  readonly previous: PreviousInfo | null;
  readonly secure: boolean;
  /** SHA-256 of the held step's tokens; null when unknown (the hold is then trusted). */
  readonly hash: string | null;
  readonly flow: string;
  readonly step: string;
}

export interface EventInput {
  readonly contentType: string;
  /** The bare `event` value (csml.md §8.1). */
  readonly value: string;
  readonly content: Json;
  readonly secure: boolean;
}

export interface ContextInput {
  /** Remembered memories at start, memory format (wrappers undone on load). */
  readonly memories: Readonly<Record<string, Json>>;
  readonly metadata: Readonly<Record<string, Json>>;
  readonly hold: Hold | null;
  readonly flow: string;
  readonly step: string;
}

export interface InterpretInput {
  readonly bot: BotInput;
  readonly context: ContextInput;
  readonly event: EventInput;
  readonly stepLimit: number;
  readonly turnTimeoutMs: number;
  readonly host: CsmlHost;
  /** Receives each message as it is produced (streaming surfaces). */
  readonly sink?: (message: OutputMessage) => void;
}

export interface OutputMessage {
  readonly content_type: string;
  readonly content: Json;
}

export type MemoryOp =
  | { readonly op: 'set'; readonly key: string; readonly value: Json }
  | { readonly op: 'delete'; readonly keys: readonly string[] | '*' };

export interface InterpretResult {
  readonly messages: OutputMessage[];
  /** Every memory write of the run in order, duplicates kept (csml.md §7.3). */
  readonly memories: { readonly key: string; readonly value: Json }[];
  readonly memoryOps: MemoryOp[];
  readonly exit: 'hold' | 'end' | 'error';
  readonly hold: Hold | null;
  readonly position: { readonly flow: string; readonly step: string };
  readonly interactionOrder: number;
}
