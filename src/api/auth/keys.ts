/**
 * API keys (studio-api.md §9.3): ids, secrets, the stored hash and encrypted copy, and the
 * bearer form `<keyId>.<secret>`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import type { ApiKeyRecord, Repos } from '../../engine/store.js';
import type { ServerSecret } from './server-secret.js';

export const KEY_ID_PREFIX = 'pk_';
/** Crockford's base32 digits: no I, L, O, U, so ids read aloud or copied by hand survive. */
const KEY_ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_ID_LENGTH = 12;
const SECRET_BYTES = 32;

/** `pk_` and 12 characters of the alphabet above (60 random bits; never a `.`). */
export function newKeyId(): string {
  // 256 is a multiple of 32: the low five bits of a random byte are uniform.
  const digits = [...randomBytes(KEY_ID_LENGTH)].map((byte) => KEY_ID_ALPHABET[byte & 31]);
  return KEY_ID_PREFIX + digits.join('');
}

/** 32 random bytes in base64url: 43 characters, never a `.`. */
export function newSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * Hex SHA-256 of a secret or access token. A fast hash is the right one here: these values are
 * 256 random bits, so there is nothing for a slow password hash to protect against guessing,
 * and a slow one would cost every request.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `secret` hashes to `storedHash`, in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether two strings are equal, in time that depends on neither (digests of equal length). */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** `<keyId>.<secret>` split at the first `.`; null when there is no `.` or a side is empty. */
export function parseBearer(token: string): { keyId: string; secret: string } | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot === token.length - 1) return null;
  return { keyId: token.slice(0, dot), secret: token.slice(dot + 1) };
}

export interface NewApiKey {
  readonly orgId: string;
  readonly botId: string | null;
  readonly name: string | null;
  /** Checked by the caller: known permissions, ones the creator may grant. */
  readonly permissions: readonly string[];
}

export interface CreatedApiKey {
  readonly record: ApiKeyRecord;
  /** In clear: shown once, never stored. */
  readonly secret: string;
  /** `<keyId>.<secret>`, the bearer form. */
  readonly token: string;
}

/** Makes and stores a key; its secret is kept only hashed and encrypted. */
export async function createApiKey(
  repos: Pick<Repos, 'insertKey'>,
  serverSecret: Pick<ServerSecret, 'encrypt'>,
  key: NewApiKey,
  now: number,
): Promise<CreatedApiKey> {
  const secret = newSecret();
  const record: ApiKeyRecord = {
    id: newKeyId(),
    orgId: key.orgId,
    botId: key.botId,
    name: key.name,
    permissions: [...key.permissions],
    secretHash: hashSecret(secret),
    secretEncrypted: serverSecret.encrypt(secret),
    createdAt: now,
    lastUsedAt: null,
  };
  await repos.insertKey(record);
  return { record, secret, token: `${record.id}.${secret}` };
}

/**
 * The key whose id and secret these are, or null (unknown key and wrong secret alike, and in
 * similar time, so that neither answers nor timing tell whether an id exists).
 */
export async function verifyKeySecret(
  repos: Pick<Repos, 'findKey'>,
  keyId: string,
  secret: string,
): Promise<ApiKeyRecord | null> {
  const key = await repos.findKey(keyId);
  if (!key) {
    secretMatches(secret, UNKNOWN_KEY_HASH);
    return null;
  }
  return secretMatches(secret, key.secretHash) ? key : null;
}

/** Compared against when the key does not exist, to spend the same work as for a real key. */
const UNKNOWN_KEY_HASH = hashSecret('no such key');
