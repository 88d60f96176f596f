/**
 * The one internal error type of the API (DEVELOPERS.md): each facade renders it in its own
 * wire shape (src/api/errors.ts). `code` is a stable machine name, `status` the HTTP status it
 * maps to, `field` the dotted request member at fault, `details` extra members a surface shows
 * (Studio's `errors`/`warnings` of a refused build).
 */
import type { Json } from '../csml/json.js';

export type EngineErrorCode =
  | 'bad_request'
  | 'invalid_event'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'bot_not_built'
  | 'lock_timeout'
  | 'invalid_bot'
  | 'rate_limited'
  | 'internal'
  | 'unavailable';

const STATUS: Readonly<Record<EngineErrorCode, number>> = {
  bad_request: 400,
  invalid_event: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 404,
  conflict: 409,
  bot_not_built: 409,
  // Each surface chooses what a lock wait that ran out answers (ARCHITECTURE.md "One turn");
  // 409 is the Studio and Textbots choice.
  lock_timeout: 409,
  invalid_bot: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export interface EngineErrorOptions {
  /** The request member at fault (`payload.content.text`). */
  readonly field?: string;
  /** Extra members for the wire body. */
  readonly details?: Readonly<Record<string, Json>>;
  /** Extra response headers (`Retry-After`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export class EngineError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, Json>> | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    fieldOrOptions?: string | EngineErrorOptions,
  ) {
    super(message);
    this.name = 'EngineError';
    this.status = STATUS[code];
    const options: EngineErrorOptions =
      typeof fieldOrOptions === 'string' ? { field: fieldOrOptions } : (fieldOrOptions ?? {});
    this.field = options.field;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export const notFound = (what: string): EngineError =>
  new EngineError('not_found', `${what} not found`);
