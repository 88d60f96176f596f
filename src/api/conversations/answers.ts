/**
 * What complete, send and receive answer, and how an answer is kept for its retries
 * (conversations-api.md §5, §7.5): the result, the `sendResult`, the bot text and the
 * `message` events of the messages stored after the user message, enough to replay the JSON
 * answer or the stream of the request.
 */
import type { Json } from '../../csml/json.js';
import { EngineError } from '../../engine/errors.js';
import { LlmError } from '../../engine/llm/provider.js';
import type { JsonObject } from '../../engine/store.js';
import type { Emit } from './event-stream.js';

export interface TurnAnswer {
  /** The `result` (stream) or the JSON body, without `messages`. */
  readonly result: JsonObject;
  readonly sendResult: JsonObject | null;
  /** The text of the answer (the `token` of a replayed stream). */
  readonly botText: string;
  /** `message` event data of each message stored after the user message. */
  readonly messages: readonly JsonObject[];
  /** JSON answers of `end.reason: "activity"`: the request activity messages (§7.4). */
  readonly activity: readonly JsonObject[] | null;
}

/** The JSON body of an answer. */
export function jsonBody(answer: TurnAnswer): JsonObject {
  return answer.activity === null
    ? answer.result
    : { ...answer.result, messages: [...answer.activity] };
}

export function toStored(answer: TurnAnswer): JsonObject {
  return {
    result: answer.result,
    sendResult: answer.sendResult,
    botText: answer.botText,
    messages: [...answer.messages],
    activity: answer.activity === null ? null : [...answer.activity],
  };
}

export function fromStored(stored: JsonObject): TurnAnswer {
  const objects = (value: Json | undefined): JsonObject[] =>
    Array.isArray(value) ? (value as JsonObject[]) : [];
  return {
    result: stored.result as JsonObject,
    sendResult: (stored.sendResult ?? null) as JsonObject | null,
    botText: typeof stored.botText === 'string' ? stored.botText : '',
    messages: objects(stored.messages),
    activity: Array.isArray(stored.activity) ? objects(stored.activity) : null,
  };
}

/** §7.5: a replayed stream shows the stored answer again, without running anything. */
export function replay(answer: TurnAnswer, emit: Emit): TurnAnswer {
  if (answer.sendResult) emit('sendResult', answer.sendResult);
  if (answer.botText !== '') emit('token', { token: answer.botText });
  for (const message of answer.messages) emit('message', message);
  return answer;
}

/** §5, §7.3: a quarter of the characters, rounded up (an estimate, documented as such). */
export function estimate(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The `sendResult` of a user message: `usage.token` = ceil(text.length / 4). */
export function sendResult(
  id: string | undefined,
  text: string,
  entities: readonly Json[],
): JsonObject {
  return {
    ...(id === undefined ? {} : { id }),
    text,
    entities: [...entities],
    usage: { token: estimate(text) },
  };
}

/** A stream whose client went away stores nothing (§7.6). */
export function checkNotAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError('bad_request', 'the client went away');
}

/** §7.4: provider failures are 502 BAD_GATEWAY "model provider error: …". */
export function providerError(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return new EngineError('bad_request', 'the client went away');
  if (error instanceof LlmError) {
    return new EngineError('unavailable', `model provider error: ${error.message}`, {
      details: { wireCode: 'BAD_GATEWAY', wireStatus: 502 },
    });
  }
  return error;
}
