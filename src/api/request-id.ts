/**
 * Request ids: a caller's `X-Request-Id` is kept when it is a sane token, so that one id follows
 * a request through a caller's logs and ours; otherwise the server makes a UUID v7. Textbots
 * answers also carry `inin-correlation-id`, which Genesys defines as a UUID
 * (textbots-api.md C2): the request id when it is one, else a fresh UUID.
 */
import type { IncomingMessage } from 'node:http';

import { v7 as uuidv7 } from 'uuid';

const SANE = /^[A-Za-z0-9._-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SANE.test(given) ? given : uuidv7();
}

export function correlationIdFor(requestId: string): string {
  return UUID.test(requestId) ? requestId.toLowerCase() : uuidv7();
}
