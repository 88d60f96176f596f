/**
 * Complete, send and receive requests as one shape (conversations-api.md §6.4–6.6): the
 * trimmed text, entities, functions, extensions and limits, the Idempotency-Key header, and
 * the digests retries are recognised by (§7.5).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import type { Json } from '../../csml/json.js';
import { stringifyJson } from '../../csml/json.js';
import { EngineError } from '../../engine/errors.js';
import type { FunctionDefinition } from '../../engine/llm/turn.js';
import { isKnownTimeZone } from '../../nlu/entities/clock.js';
import type { Principal } from '../principal.js';
import type { Entity, Extensions, FunctionInput, Limits } from './schemas.js';

export type TurnOperation = 'complete' | 'send' | 'receive';

export interface TurnRequest {
  readonly operation: TurnOperation;
  /** Trimmed and non-empty; undefined when the request has none. */
  readonly text: string | undefined;
  readonly entities: readonly Entity[];
  readonly functions: readonly FunctionDefinition[];
  /** Ignored for session tokens (§3). */
  readonly extensions: Extensions | undefined;
  readonly limits: { readonly iterations: number; readonly calls: number };
  readonly idempotencyKey: string | undefined;
  /** The client's IANA time zone (X-Timezone, §2.6), for the engine; unknown names ignored. */
  readonly timezone: string | undefined;
  /** The whole request: what an Idempotency-Key's repeat must match. */
  readonly bodyDigest: string;
  /** Operation, text and entities: what a double submit repeats. */
  readonly inputDigest: string;
}

export interface TurnBody {
  readonly text?: string | undefined;
  readonly entities?: readonly Entity[] | undefined;
  readonly functions?: readonly FunctionInput[] | undefined;
  readonly extensions?: Extensions | undefined;
  readonly limits?: Limits | undefined;
}

/** §5: default limits per turn. */
const DEFAULT_ITERATIONS = 10;
const DEFAULT_CALLS = 10;

function digest(value: Json): string {
  return createHash('sha256').update(stringifyJson(value)).digest('base64url');
}

/** Header `Idempotency-Key`: at most 255 printable ASCII characters (§7.5). */
export function idempotencyKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw.at(-1) : raw;
  if (key === undefined || key === '') return undefined;
  if (key.length > 255 || !/^[\x20-\x7e]+$/.test(key)) {
    throw new EngineError(
      'bad_request',
      'the Idempotency-Key header must be at most 255 printable ASCII characters',
    );
  }
  return key;
}

/** Header `X-Timezone` (§2.6): an IANA zone name the runtime knows, else ignored. */
export function timezoneOf(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers['x-timezone'];
  const zone = (Array.isArray(raw) ? raw.at(-1) : raw)?.trim();
  return zone !== undefined && zone !== '' && isKnownTimeZone(zone) ? zone : undefined;
}

/** Functions as the LLM turn takes them; `result.channel` is refused (§5). */
export function functionDefinitions(
  functions: readonly FunctionInput[] | undefined,
): FunctionDefinition[] {
  return (functions ?? []).map((fn, index) => {
    if (fn.result === 'channel') {
      throw new EngineError(
        'bad_request',
        'function result channels are not supported',
        `functions[${index}].result`,
      );
    }
    return {
      name: fn.name,
      description: fn.description,
      parameters: fn.parameters,
      ...(fn.result === undefined ? {} : { result: { data: fn.result.data } }),
    };
  });
}

export function turnRequest(
  operation: TurnOperation,
  body: TurnBody,
  headers: IncomingHttpHeaders,
  principal: Principal,
): TurnRequest {
  let text: string | undefined;
  if (body.text !== undefined) {
    text = body.text.trim();
    if (text === '') throw new EngineError('bad_request', '"text" must not be empty', 'text');
  }
  const entities = body.entities ?? [];
  const functions = functionDefinitions(body.functions);
  return {
    operation,
    text,
    entities,
    functions,
    extensions: principal.kind === 'session' ? undefined : body.extensions,
    limits: {
      iterations: body.limits?.iterations ?? DEFAULT_ITERATIONS,
      calls: body.limits?.calls ?? DEFAULT_CALLS,
    },
    idempotencyKey: idempotencyKeyOf(headers),
    timezone: timezoneOf(headers),
    bodyDigest: digest([operation, body as unknown as Json]),
    inputDigest: digest([operation, text ?? null, entities]),
  };
}
