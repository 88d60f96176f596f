/**
 * Access tokens (ARCHITECTURE.md "AccessToken", textbots-api.md A1-A2): random opaque bearer
 * tokens minted for a key by `POST /oauth/token`, stored only as their hash. A token acts with
 * its key's current organization, bot binding and permissions, and dies with the key.
 */
import { randomBytes } from 'node:crypto';

import type { AccessTokenRecord, ApiKeyRecord, Repos } from '../../engine/store.js';
import { hashSecret } from './keys.js';

/** PARLEY_TOKEN_TTL_SECONDS's default. */
export const DEFAULT_TOKEN_TTL_SECONDS = 86_400;

export interface MintedAccessToken {
  /** The bearer value, in clear: returned once, never stored. 43 base64url characters, no `.`. */
  readonly token: string;
  readonly record: AccessTokenRecord;
  /** Lifetime in seconds, for the OAuth reply's `expires_in`. */
  readonly expiresIn: number;
}

/** Mints and stores an access token for `key`. */
export async function createAccessToken(
  repos: Pick<Repos, 'insertAccessToken'>,
  key: Pick<ApiKeyRecord, 'id' | 'orgId'>,
  ttlSeconds: number,
  now: number,
): Promise<MintedAccessToken> {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new Error(`an access token lifetime must be a positive whole number of seconds`);
  }
  const token = randomBytes(32).toString('base64url');
  const record: AccessTokenRecord = {
    tokenHash: hashSecret(token),
    keyId: key.id,
    orgId: key.orgId,
    expiresAt: now + ttlSeconds * 1000,
    createdAt: now,
  };
  await repos.insertAccessToken(record);
  return { token, record, expiresIn: ttlSeconds };
}
