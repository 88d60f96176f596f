/**
 * Streamed answers (conversations-api.md §2.4, §9): Accept negotiation, and the events of a
 * running operation written as JSONL (or SSE) lines. Every line is pure ASCII (each UTF-16
 * code unit ≥ U+007F escaped as `\uXXXX`), because the official SDK decodes each network chunk
 * on its own; each line is one chunk (one write); after 10 s without a line a `ping` goes out.
 * The producer runs concurrently: a slow client never slows a turn, and a turn's failure
 * after the first byte becomes a final `error` line (§9.4).
 */
import { stringifyJson } from '../../csml/json.js';
import type { Json } from '../../csml/json.js';
import { EngineError } from '../../engine/errors.js';
import type { JsonObject } from '../../engine/store.js';
import { renderConversationsError, toEngineError } from '../errors.js';
import type { StreamBody } from '../route.js';

export type ResponseMode = 'json' | 'jsonl' | 'sse';

/**
 * §2.4: the first media type of Accept. Streaming routes stream on `application/jsonl` and
 * `text/event-stream` and refuse unknown types; other routes always answer JSON.
 */
export function responseMode(
  accept: string | string[] | undefined,
  streaming: boolean,
): ResponseMode {
  if (!streaming) return 'json';
  const header = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  const first = header.split(/[,;]/, 1)[0]?.trim().toLowerCase() ?? '';
  switch (first) {
    case '':
    case '*/*':
    case 'application/json':
      return 'json';
    case 'application/jsonl':
      return 'jsonl';
    case 'text/event-stream':
      return 'sse';
    default:
      throw new EngineError('bad_request', 'Unsupported accept header');
  }
}

/** Compact JSON with every code unit ≥ U+007F as a lower-case `\uXXXX` escape. */
export function asciiJson(value: Json): string {
  return stringifyJson(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export type EventType =
  'sendResult' | 'token' | 'usage' | 'message' | 'result' | 'error' | 'item' | 'ping';

/** Where an operation reports its events; JSON answers give one that drops them. */
export type Emit = (type: EventType, data: JsonObject) => void;

export const DISCARD: Emit = () => undefined;

/** How long a stream may stay silent before a `ping` (§9.2). */
export const PING_AFTER_MS = 10_000;

interface Line {
  readonly type: EventType;
  readonly data: JsonObject;
  readonly createdAt: number;
}

function format(mode: 'jsonl' | 'sse', line: Line): string {
  if (mode === 'sse') return `event: ${line.type}\ndata: ${asciiJson(line.data)}\n\n`;
  return `${asciiJson({ type: line.type, data: line.data, createdAt: line.createdAt })}\n`;
}

/** The data of an `error` event for anything thrown (§9.4, codes as §4). */
export function errorEventData(thrown: unknown): JsonObject {
  const { error } = toEngineError(thrown);
  const rendered = renderConversationsError(error, { correlationId: '' });
  const body = rendered.body as { message: string; code: string };
  return { code: body.code, message: body.message };
}

export interface StreamOptions {
  readonly mode: 'jsonl' | 'sse';
  readonly now: () => number;
  /** Runs the operation; its events go to `emit`, its result becomes the `result` line. */
  readonly run: (emit: Emit) => Promise<JsonObject | null>;
  /** Called once the stream is over, however it ended. */
  readonly done?: () => void;
  /** Logged failures (the answer itself only says "Something went wrong"). */
  readonly onError?: (error: unknown) => void;
  readonly pingAfterMs?: number;
}

/** The route answer of a streamed operation: headers, and the lines as they come. */
export function eventStream(options: StreamOptions): {
  headers: Record<string, string>;
  stream: StreamBody;
} {
  const queue: Line[] = [];
  let wake: (() => void) | null = null;
  const state = { finished: false };
  // Read through a call: the operation sets it while the writer awaits.
  const over = () => state.finished;
  const push = (type: EventType, data: JsonObject) => {
    if (state.finished) return;
    queue.push({ type, data, createdAt: options.now() });
    wake?.();
  };
  const running = options
    .run(push)
    .then(
      (result) => {
        if (result !== null) push('result', result);
      },
      (error: unknown) => {
        options.onError?.(error);
        push('error', errorEventData(error));
      },
    )
    .finally(() => {
      state.finished = true;
      wake?.();
      options.done?.();
    });
  const pingAfter = options.pingAfterMs ?? PING_AFTER_MS;
  async function* lines(): AsyncGenerator<string> {
    try {
      for (;;) {
        const line = queue.shift();
        if (line) {
          yield format(options.mode, line);
          continue;
        }
        if (state.finished) return;
        let timer: NodeJS.Timeout | undefined;
        const woken = await new Promise<boolean>((resolve) => {
          wake = () => {
            resolve(true);
          };
          timer = setTimeout(() => {
            resolve(false);
          }, pingAfter);
        });
        wake = null;
        clearTimeout(timer);
        if (!woken && queue.length === 0 && !over()) {
          yield format(options.mode, { type: 'ping', data: {}, createdAt: options.now() });
        }
      }
    } finally {
      // The client went away, or everything was written: wait for the operation to settle
      // (it was told through the request's signal) so that its lock is released first.
      await running;
    }
  }
  return {
    headers: {
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
    stream: {
      contentType: options.mode === 'sse' ? 'text/event-stream' : 'application/jsonl',
      chunks: lines(),
    },
  };
}
