/**
 * The two Studio schemes that use `X-Api-Key` (studio-api.md §2.1): signed
 * (`X-Api-Key: <keyId>|<unix seconds>` with `X-Api-Signature: sha256=<hex>`) and public
 * (`X-Api-Key: <keyId>` alone, on the public chat route only).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import type { ApiKeyRecord, Repos } from '../../engine/store.js';
import { effectivePermissions } from '../principal.js';
import { AuthError } from './auth-error.js';
import type { ServerSecret } from './server-secret.js';

/** How far a signed request's timestamp may be from the server clock, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

const SIGNED_KEY = /^([^|]+)\|(\d{1,15})$/;
const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

const BAD_SIGNATURE = 'Invalid API key or signature';
const PUBLIC_ONLY_ON_CHAT =
  'X-Api-Key without X-Api-Signature (public mode) is accepted only on POST /v1/api/chat: sign the request or send Authorization: Bearer <key id>.<secret>';
const NOT_PUBLIC_KEY =
  'This key cannot be used in public mode: it needs a key bound to a bot and holding conversations:write';

export interface ApiKeyHeaders {
  readonly apiKey: string;
  readonly signature: string | undefined;
}

/** Checks a signed request; the key it was signed with. */
export async function verifySigned(
  repos: Pick<Repos, 'findKey'>,
  serverSecret: Pick<ServerSecret, 'decrypt'>,
  headers: ApiKeyHeaders,
  nowMs: number,
): Promise<ApiKeyRecord> {
  const parts = SIGNED_KEY.exec(headers.apiKey);
  const keyId = parts?.[1];
  const timestamp = parts?.[2];
  if (keyId === undefined || timestamp === undefined) {
    throw new AuthError(
      'invalid',
      'X-Api-Key must be <key id>|<unix seconds> when X-Api-Signature is sent',
    );
  }
  const signatureHex =
    headers.signature === undefined ? undefined : SIGNATURE.exec(headers.signature)?.[1];
  if (signatureHex === undefined) {
    throw new AuthError(
      'invalid',
      headers.signature === undefined
        ? 'X-Api-Key with a timestamp needs X-Api-Signature: sha256=<hex HMAC-SHA256>'
        : 'X-Api-Signature must be sha256= followed by 64 hex digits',
    );
  }
  if (Math.abs(Number(timestamp) - nowMs / 1000) > SIGNATURE_WINDOW_SECONDS) {
    throw new AuthError(
      'invalid',
      `The X-Api-Key timestamp is more than ${SIGNATURE_WINDOW_SECONDS} seconds away from the server clock`,
    );
  }
  // Key ids are public by design (public mode puts them in web pages), so an unknown id and a
  // bad signature need the same answer but no equal timing.
  const key = await repos.findKey(keyId);
  if (!key) throw new AuthError('invalid', BAD_SIGNATURE);
  // Throws (a server error, not a 401) when the server secret is not the one that encrypted it.
  const secret = serverSecret.decrypt(key.secretEncrypted);
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(headers.apiKey, 'utf8')
    .digest();
  const given = Buffer.from(signatureHex, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AuthError('invalid', BAD_SIGNATURE);
  }
  return key;
}

/** Checks public mode; the key named, which is bot-bound and may write conversations. */
export async function verifyPublic(
  repos: Pick<Repos, 'findKey'>,
  keyId: string,
  allowed: boolean,
): Promise<ApiKeyRecord & { readonly botId: string }> {
  if (!allowed) throw new AuthError('invalid', PUBLIC_ONLY_ON_CHAT);
  const key = await repos.findKey(keyId);
  if (
    !key ||
    key.botId === null ||
    !effectivePermissions(key.permissions).has('conversations:write')
  ) {
    throw new AuthError('invalid', NOT_PUBLIC_KEY);
  }
  return { ...key, botId: key.botId };
}
