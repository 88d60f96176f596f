/**
 * Outbound requests for a synchronous interpreter (csml.md §18.3): a turn is run, and when the
 * flow asks for a request whose answer needs I/O, the run is stopped, the request performed,
 * and the turn run again from the same inputs, this time answered from what was fetched.
 *
 * For a re-run to take the same path as the run before it, everything the host answered before
 * is answered again in the same order: `now()`, `random()` and every earlier `http()`, `app()`
 * and `smtp()` call. Messages already given to the sink and log lines already written are not
 * given again.
 */
import type { LogLevel } from '../csml/ast.js';
import { CsmlError } from '../csml/interpreter/errors.js';
import type { AppCall, CsmlHost, HttpRequest, HttpResponse } from '../csml/interpreter/host.js';
import type { OutputMessage } from '../csml/interpreter/types.js';
import type { Json } from '../csml/json.js';
import { stringifyJson } from '../csml/json.js';

/** Requests (HTTP and App together) performed in one turn at most. */
export const MAX_FETCHES_PER_TURN = 10;
/** Wall-clock time spent waiting on outbound requests in one turn at most. */
export const OUTBOUND_BUDGET_MS = 10_000;

/**
 * Thrown by a host's `http()` or `app()` when its answer needs I/O: the engine calls `perform`
 * between two runs and answers the request with its result (or its rejection, a CsmlError
 * that the flow sees as an inline error) in the next run.
 */
export class NeedsFetch extends Error {
  constructor(
    /** `<METHOD> <url>`, for the error of a refused request. */
    readonly target: string,
    /** Performs the request; gives up at `deadline` (epoch ms). */
    readonly perform: (deadline: number) => Promise<HttpResponse | Json>,
  ) {
    super(`outbound request needed: ${target}`);
    this.name = 'NeedsFetch';
  }
}

/**
 * Stops the run at a request it must wait for. The interpreter turns any exception of a host
 * call into an inline error (asCsmlError in its HTTP, App and SMTP built-ins), which would let
 * the flow go on with a made-up null; a fatal error stops the run, whose result is dropped.
 */
class RunSuspended extends CsmlError {
  constructor() {
    super('the run waits for an outbound request', true);
    this.name = 'RunSuspended';
  }
}

type Settled =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

interface RecordedCall {
  /** What was asked, so that a re-run asking something else is not answered with it. */
  readonly key: string;
  readonly settled: Settled;
}

interface Pending {
  readonly key: string;
  readonly fetch: NeedsFetch;
}

export interface OutboundLimits {
  readonly maxFetches: number;
  readonly budgetMs: number;
}

export interface OutboundRunOptions {
  readonly sink?: ((message: OutputMessage) => void) | undefined;
  readonly limits?: Partial<OutboundLimits>;
  /** Epoch ms, for the budget's deadline. */
  readonly clock?: () => number;
}

/** What one run is given: the host to interpret with and the sink to stream to. */
export interface RunTools {
  readonly host: CsmlHost;
  readonly sink: ((message: OutputMessage) => void) | undefined;
}

/** The answers of one turn, kept across its runs. */
class TurnRecorder {
  private readonly clock: number[] = [];
  private readonly randoms: number[] = [];
  private readonly calls: RecordedCall[] = [];
  private messagesSent = 0;
  private logsWritten = 0;
  fetches = 0;

  // Positions within the current run.
  private clockAt = 0;
  private randomAt = 0;
  private callAt = 0;
  private messageAt = 0;
  private logAt = 0;
  private pending: Pending | null = null;

  constructor(
    private readonly base: CsmlHost,
    private readonly maxFetches: number,
  ) {}

  startRun(sink: ((message: OutputMessage) => void) | undefined): RunTools {
    this.clockAt = 0;
    this.randomAt = 0;
    this.callAt = 0;
    this.messageAt = 0;
    this.logAt = 0;
    this.pending = null;
    const host: CsmlHost = {
      now: () => this.replayed(this.clock, this.clockAt++, () => this.base.now()),
      random: () => this.replayed(this.randoms, this.randomAt++, () => this.base.random()),
      http: (request: HttpRequest) =>
        this.call(`http ${stringifyJson(requestJson(request))}`, () => this.base.http(request)),
      app: (call: AppCall) =>
        this.call(`app ${stringifyJson({ name: call.name, data: call.data })}`, () =>
          this.base.app(call),
        ),
      smtp: (message: Json) =>
        this.call(`smtp ${stringifyJson(message)}`, () => this.base.smtp(message)),
      log: (level: LogLevel, text: string) => {
        if (this.fresh(this.logAt++, 'logs')) this.base.log(level, text);
      },
    };
    return {
      host,
      sink:
        sink &&
        ((message) => {
          if (this.fresh(this.messageAt++, 'messages')) sink(message);
        }),
    };
  }

  /** The request the run stopped at, if it did. */
  takePending(): Pending | null {
    const pending = this.pending;
    this.pending = null;
    return pending;
  }

  record(key: string, settled: Settled): void {
    this.calls.push({ key, settled });
  }

  /** True for the index-th output of a run that no run before has given out. */
  private fresh(index: number, kind: 'messages' | 'logs'): boolean {
    // After a stop, the run's output (its "waits" error) is dropped with the run.
    if (this.pending) return false;
    if (kind === 'messages') {
      if (index < this.messagesSent) return false;
      this.messagesSent = index + 1;
    } else {
      if (index < this.logsWritten) return false;
      this.logsWritten = index + 1;
    }
    return true;
  }

  private replayed(values: number[], index: number, next: () => number): number {
    const known = values[index];
    if (known !== undefined) return known;
    const value = next();
    if (!this.pending) values.push(value);
    return value;
  }

  private call<T>(key: string, invoke: () => T): T {
    if (this.pending) throw new RunSuspended();
    const index = this.callAt++;
    const recorded = this.calls[index];
    if (recorded) {
      if (recorded.key === key) return answer(recorded.settled) as T;
      // The run asked something else than the run before: what was recorded from here on
      // answers other questions. Forget it and ask again.
      this.calls.length = index;
    }
    let value: T;
    try {
      value = invoke();
    } catch (error) {
      if (!(error instanceof NeedsFetch)) {
        this.record(key, { ok: false, error });
        throw error;
      }
      if (this.fetches >= this.maxFetches) {
        const refused = new CsmlError(
          `request blocked by host policy: ${error.target} (at most ${this.maxFetches} outbound requests per turn)`,
        );
        this.record(key, { ok: false, error: refused });
        throw refused;
      }
      this.pending = { key, fetch: error };
      throw new RunSuspended();
    }
    this.record(key, { ok: true, value });
    return value;
  }
}

function answer(settled: Settled): unknown {
  if (settled.ok) return settled.value;
  throw settled.error;
}

function requestJson(request: HttpRequest): Json {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    query: request.query,
    body: request.body ?? null,
    hasBody: request.body !== undefined,
    verifySsl: request.verifySsl,
  };
}

/** One run's outcome: its result, or a stop at a request to perform before running again. */
export type RunOutcome<R> = { readonly done: true; readonly result: R } | { readonly done: false };

/**
 * The runs of one turn, one at a time, with the requests they wait for performed in between.
 * The engine runs each run under the conversation's lock and performs the request outside it
 * (engine.ts), so that no lock or transaction is held while a request is in flight.
 */
export class OutboundTurn {
  private readonly recorder: TurnRecorder;
  private readonly deadline: number;
  private pending: Pending | null = null;

  constructor(
    base: CsmlHost,
    private readonly options: OutboundRunOptions = {},
  ) {
    const limits = options.limits ?? {};
    this.recorder = new TurnRecorder(base, limits.maxFetches ?? MAX_FETCHES_PER_TURN);
    this.deadline = (options.clock ?? Date.now)() + (limits.budgetMs ?? OUTBOUND_BUDGET_MS);
  }

  /** Runs `run` once; `done: false` when it stopped at a request (then call performPending). */
  runOnce<R>(run: (tools: RunTools) => R): RunOutcome<R> {
    const result = run(this.recorder.startRun(this.options.sink));
    this.pending = this.recorder.takePending();
    return this.pending ? { done: false } : { done: true, result };
  }

  /** Performs the request the last run stopped at; the next run gets its answer. */
  async performPending(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.recorder.fetches++;
    let settled: Settled;
    try {
      settled = { ok: true, value: await pending.fetch.perform(this.deadline) };
    } catch (error) {
      settled = {
        ok: false,
        error: error instanceof CsmlError ? error : new CsmlError(describe(error)),
      };
    }
    this.recorder.record(pending.key, settled);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
