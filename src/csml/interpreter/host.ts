/**
 * What the interpreter may ask of the outside world (csml.md §18.3). Calls are synchronous
 * from the interpreter's side; an engine whose host needs real I/O answers from results it
 * fetched before (and re-runs the turn when a new request appears), so the interpreter stays
 * a plain synchronous function. A refused call throws CsmlError
 * (`request blocked by host policy: <METHOD> <url>`).
 */
import type { LogLevel } from '../ast.js';
import type { Json } from '../json.js';

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>> | null;
  readonly body: Json | undefined;
  readonly verifySsl: boolean;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the body is JSON, else its text. */
  readonly body: Json;
}

export interface AppCall {
  readonly name: string;
  readonly data: Json;
}

export interface CsmlHost {
  /** Epoch milliseconds. */
  now(): number;
  /** A float in [0, 1). */
  random(): number;
  http(request: HttpRequest): HttpResponse;
  /** `App("name", k = v)`: the response's `data` (csml.md §18.3). */
  app(call: AppCall): Json;
  smtp(message: Json): Json;
  log(level: LogLevel, text: string): void;
}
