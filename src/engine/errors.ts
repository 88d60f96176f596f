/**
 * The one internal error type of the API (DEVELOPERS.md): each facade renders it in its own
 * wire shape. `code` is a stable machine name; `status` the HTTP status it maps to.
 */
export type EngineErrorCode =
  'invalid_event' | 'not_found' | 'conflict' | 'bot_not_built' | 'invalid_bot';

const STATUS: Readonly<Record<EngineErrorCode, number>> = {
  invalid_event: 400,
  not_found: 404,
  conflict: 409,
  bot_not_built: 409,
  invalid_bot: 422,
};

export class EngineError extends Error {
  readonly status: number;

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** The request member at fault, when there is one (`event.content.text`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EngineError';
    this.status = STATUS[code];
  }
}
