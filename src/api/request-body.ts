/**
 * Reading and decoding request bodies, by the rules of the route's surface. The order of checks
 * is the one Textbots fixes (textbots-api.md C1: size 413, then media type 415, then syntax 400;
 * credentials were checked before the body is read):
 *
 * | surface       | accepted media types                        | empty body |
 * |---------------|---------------------------------------------|------------|
 * | studio        | application/json (and `+json`)              | undefined  |
 * | textbots      | application/json, or no Content-Type (C2)   | undefined  |
 * | conversations | anything, read as JSON (§2.2)               | undefined (the server makes it `{}`) |
 * | oauth         | application/x-www-form-urlencoded (A1)      | undefined  |
 *
 * A body on a route without a body schema is refused (415), but for a JSON `{}` or `null`,
 * which is read as no body. An oversized body is read to its
 * end (up to a margin) before the 413 goes out: answering while the client is still sending
 * makes many clients see a reset connection instead of the answer.
 */
import type { Readable } from 'node:stream';

import { EngineError } from '../engine/errors.js';
import type { Surface } from './route.js';
import { MalformedJsonError, parseJsonBody } from './json-body.js';

export interface BodyPolicy {
  readonly surface: Surface;
  /** The route has a body schema. */
  readonly accepts: boolean;
  /** Bytes. */
  readonly limit: number;
  /** Hand the bytes over as read (a Buffer), whatever the media type. */
  readonly raw?: boolean;
}

/** How much beyond the limit is still read (and dropped) so the 413 reaches the client. */
const DRAIN_MARGIN = 16 * 1024 * 1024;

type ReadResult = { readonly body: Buffer } | { readonly tooLarge: true };

function readAll(payload: Readable, limit: number, declared: number): Promise<ReadResult> {
  if (declared > limit + DRAIN_MARGIN) return Promise.resolve({ tooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: ReadResult | EngineError) => {
      if (settled) return;
      settled = true;
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onIncomplete);
      payload.off('close', onIncomplete);
      if (result instanceof EngineError) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size <= limit) chunks.push(bytes);
      else if (size > limit + DRAIN_MARGIN) {
        payload.pause();
        finish({ tooLarge: true });
      }
    };
    const onEnd = () => {
      finish(size > limit ? { tooLarge: true } : { body: Buffer.concat(chunks, size) });
    };
    // An error or a close before the end: the client went away mid-body.
    const onIncomplete = () => {
      finish(new EngineError('bad_request', 'The request body was not received completely'));
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onIncomplete);
    payload.on('close', onIncomplete);
    payload.resume();
  });
}

function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

export function isJsonMediaType(type: string | undefined): boolean {
  return (
    type === 'application/json' ||
    (type !== undefined && /^application\/[\w.+-]+\+json$/.test(type))
  );
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decode(body: Buffer): string {
  try {
    return UTF8.decode(body);
  } catch {
    throw new EngineError('bad_request', 'The request body is not valid UTF-8');
  }
}

/**
 * The parsed body for the route's policy: a JSON value (unsafe integers as bigint), a form as
 * a string record (OAuth), or undefined when empty. Without a policy (no route of ours
 * matched) the body is left unread.
 */
export async function readRequestBody(
  policy: BodyPolicy | undefined,
  contentType: string | undefined,
  contentLength: string | undefined,
  payload: Readable,
): Promise<unknown> {
  // Node reads and drops what a handler left unread once the answer is sent.
  if (policy === undefined) return undefined;
  const limit = policy.limit;
  const declared = contentLength === undefined ? 0 : Number(contentLength);
  const read = await readAll(payload, limit, Number.isFinite(declared) ? declared : 0);
  if ('tooLarge' in read) {
    throw new EngineError('payload_too_large', `The request body is over ${limit} bytes`, {
      details: { limit },
    });
  }
  if (policy.raw === true) return read.body;
  if (read.body.length === 0) return undefined;
  const type = mediaType(contentType);
  if (!policy.accepts) {
    // Many clients send `{}` (or `null`) on POSTs without a body: that is no body at all.
    const text = isJsonMediaType(type) ? decode(read.body).trim() : '';
    if (text === '{}' || text === 'null') return undefined;
    throw new EngineError('unsupported_media_type', 'This route takes no request body');
  }
  switch (policy.surface) {
    case 'oauth':
      if (type !== 'application/x-www-form-urlencoded') {
        throw new EngineError(
          'bad_request',
          'The body must be application/x-www-form-urlencoded (Content-Type)',
        );
      }
      return Object.fromEntries(new URLSearchParams(decode(read.body)));
    case 'studio':
      if (!isJsonMediaType(type)) {
        throw new EngineError(
          'unsupported_media_type',
          `The body must be application/json (Content-Type), not ${type ?? 'unspecified'}`,
        );
      }
      break;
    case 'textbots':
      // textbots-api.md C2: no Content-Type, or application/json (any parameters); nothing else.
      if (type !== undefined && type !== 'application/json') {
        throw new EngineError(
          'unsupported_media_type',
          `The body must be application/json (Content-Type), not ${type}`,
        );
      }
      break;
    case 'conversations':
      break;
  }
  try {
    return parseJsonBody(decode(read.body));
  } catch (error) {
    if (!(error instanceof MalformedJsonError)) throw error;
    throw new EngineError(
      'bad_request',
      policy.surface === 'conversations' ? 'Invalid JSON body' : `malformed JSON: ${error.message}`,
    );
  }
}
