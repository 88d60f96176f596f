/**
 * The state of one interpreter run: position, variables, emitted messages and memory writes,
 * limits. Expression and statement code (expressions.ts, statements.ts) operate on it.
 */
import { stringifyJson } from '../json.js';
import type { Json } from '../json.js';
import type { Span } from '../source.js';
import type { CsmlHost } from './host.js';
import { CsmlError, PlacedError } from './errors.js';
import { fromJson, toMemory, toMessage } from './format.js';
import type { StepNumbering } from './numbering.js';
import type { BotProgram, FlowProgram } from './program.js';
import type { EventInput, MemoryOp, OutputMessage, PreviousInfo } from './types.js';
import { clone } from './value.js';
import type { Value } from './value.js';

/** Where names resolve: a step, or the body of a function or closure. */
export interface Scope {
  /** The flow whose code runs: constants, functions, imports, positions. */
  readonly flow: FlowProgram;
  readonly locals: Map<string, Value>;
  /** Memories are visible (and assignable) in steps, not in functions (csml.md §6.2). */
  readonly memories: boolean;
  readonly inFunction: boolean;
}

/** The step being run (set by the step loop), for hold numbering and resume. */
export interface StepFrame {
  readonly numbering: StepNumbering;
  readonly scope: Scope;
  /** The step's hash, saved with a hold (csml.md §14.4). */
  readonly hash: string;
}

/** Caps that protect a server (csml.md §14.3). */
export const MAX_MESSAGES = 1_000;
export const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
export const MAX_SAY_BYTES = 16_000;

export class Runtime {
  /** The flow the conversation is in (may differ from the code's flow for inserted steps). */
  flow: FlowProgram;
  step: string;
  readonly messages: OutputMessage[] = [];
  readonly memoryEntries: { key: string; value: Json }[] = [];
  readonly memoryOps: MemoryOp[] = [];
  readonly memories = new Map<string, Value>();
  readonly eventContent: Value;
  readonly metadata: Value;
  readonly env: Value;
  previous: PreviousInfo | null = null;
  interactionOrder = 0;
  stepCount = 0;
  /** Iteration indexes of the enclosing foreach loops, outermost first (for holds). */
  readonly loopIndexes: number[] = [];
  /** Set while resuming a hold: the held leaf's number and loop indexes (csml.md §14.4). */
  resume: { index: number; loopIndex: readonly number[] } | null = null;
  frame: StepFrame | null = null;
  /** `_metadata` as last built, with the position it was built for (specials.ts). */
  metadataCache: { key: string; value: Value } | null = null;
  /** Nested function and closure calls in progress. */
  callDepth = 0;
  /** > 0: unknown variables, missing keys and indexes yield null silently (csml.md §7.4). */
  quietLookups = 0;
  /** > 0: inside an if/while condition; operator errors make the condition false. */
  inCondition = 0;
  private outputBytes = 0;
  private readonly deadline: number;

  constructor(
    readonly program: BotProgram,
    flow: FlowProgram,
    step: string,
    readonly event: EventInput,
    metadata: Readonly<Record<string, Json>>,
    readonly host: CsmlHost,
    readonly stepLimit: number,
    turnTimeoutMs: number,
    private readonly sink: ((message: OutputMessage) => void) | undefined,
  ) {
    this.flow = flow;
    this.step = step;
    this.eventContent = fromJson(event.content);
    this.metadata = fromJson(metadata);
    this.env = fromJson(program.env);
    this.deadline = performance.now() + turnTimeoutMs;
  }

  /** Text of an error message: `<message> at line L, column C at flow [F]` (csml.md §13.1). */
  errorText(message: string, span: Span | null, codeFlow: FlowProgram): string {
    const at = span ? codeFlow.lines.position(span.start) : { line: 0, column: 0 };
    return `${message} at line ${at.line}, column ${at.column} at flow [${this.flow.name}]`;
  }

  emit(message: OutputMessage): void {
    if (this.messages.length >= MAX_MESSAGES) {
      throw new CsmlError(`a run may emit at most ${MAX_MESSAGES} messages`, true);
    }
    this.outputBytes += stringifyJson(message.content).length;
    if (this.outputBytes > MAX_OUTPUT_BYTES) {
      throw new CsmlError(`a run may emit at most ${MAX_OUTPUT_BYTES} bytes of messages`, true);
    }
    this.messages.push(message);
    this.sink?.(message);
  }

  emitValue(value: Value): void {
    this.emit(toMessage(value));
  }

  emitError(message: string, span: Span | null, codeFlow: FlowProgram): void {
    this.emit({
      content_type: 'error',
      content: { error: this.errorText(message, span, codeFlow) },
    });
  }

  /** A fatal error placed in the flow of the code that raised it. */
  place(error: CsmlError, codeFlow: FlowProgram): PlacedError {
    return new PlacedError(this.errorText(error.message, error.span ?? null, codeFlow));
  }

  /** Reports an inline error of `error`, placed at its own span or `span`. */
  inline(error: CsmlError, span: Span, codeFlow: FlowProgram): void {
    this.emitError(error.message, error.span ?? span, codeFlow);
  }

  /** Fatal when the wall-clock budget is spent (checked in loops and calls). */
  checkBudget(): void {
    if (performance.now() > this.deadline) {
      throw new CsmlError('[Timeout] the turn took longer than its time budget', true);
    }
  }

  /** `remember key = value`, or an update of a remembered variable (csml.md §7.3). */
  writeMemory(key: string, value: Value): void {
    this.memories.set(key, value);
    const json = toMemory(value);
    this.memoryEntries.push({ key, value: json });
    this.memoryOps.push({ op: 'set', key, value: json });
  }

  /** Records a mutation in place of a remembered value (mutating methods). */
  touchMemory(key: string): void {
    const value = this.memories.get(key);
    if (value) {
      const json = toMemory(value);
      this.memoryEntries.push({ key, value: json });
      this.memoryOps.push({ op: 'set', key, value: json });
    }
  }

  forget(keys: readonly string[] | '*', locals: Map<string, Value>): void {
    if (keys === '*') {
      this.memories.clear();
      this.memoryEntries.length = 0;
      this.memoryOps.push({ op: 'delete', keys: '*' });
      return;
    }
    const names = new Set(keys);
    for (const key of keys) {
      this.memories.delete(key);
      locals.delete(key);
    }
    const kept = this.memoryEntries.filter((entry) => !names.has(entry.key));
    this.memoryEntries.length = 0;
    this.memoryEntries.push(...kept);
    this.memoryOps.push({ op: 'delete', keys: [...keys] });
  }

  /** Copies of memories and locals for a closure (csml.md §6.3). */
  capture(scope: Scope): Map<string, Value> {
    const captured = new Map<string, Value>();
    if (scope.memories) for (const [key, value] of this.memories) captured.set(key, clone(value));
    for (const [key, value] of scope.locals) captured.set(key, clone(value));
    return captured;
  }
}
