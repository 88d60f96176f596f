import { describe, expect, it } from 'vitest';

import {
  constantTimeEqual,
  createApiKey,
  hashSecret,
  newKeyId,
  newSecret,
  parseBearer,
  secretMatches,
} from '../../../src/api/auth/keys.js';
import { serverSecretFrom } from '../../../src/api/auth/server-secret.js';
import type { ApiKeyRecord } from '../../../src/engine/store.js';

describe('key ids and secrets', () => {
  it('makes pk_ ids of 12 unambiguous uppercase characters', () => {
    const ids = new Set(Array.from({ length: 1000 }, newKeyId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^pk_[0-9ABCDEFGHJKMNPQRSTVWXYZ]{12}$/);
  });

  it('makes 43-character base64url secrets', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
  });

  it('hashes with hex SHA-256 and compares in constant time', () => {
    expect(hashSecret('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(secretMatches('abc', hashSecret('abc'))).toBe(true);
    expect(secretMatches('abd', hashSecret('abc'))).toBe(false);
    expect(secretMatches('abc', 'not hex')).toBe(false);
    expect(constantTimeEqual('same', 'same')).toBe(true);
    expect(constantTimeEqual('same', 'same but longer')).toBe(false);
  });
});

describe('parseBearer', () => {
  it('splits at the first dot', () => {
    expect(parseBearer('pk_ABC.secret')).toEqual({ keyId: 'pk_ABC', secret: 'secret' });
    expect(parseBearer('pk_ABC.se.cret')).toEqual({ keyId: 'pk_ABC', secret: 'se.cret' });
  });

  it('refuses a token without a dot or with an empty side', () => {
    for (const bad of ['', 'pk_ABC', '.secret', 'pk_ABC.', '.'])
      expect(parseBearer(bad)).toBeNull();
  });
});

describe('createApiKey', () => {
  it('stores only the hash and the encrypted secret, and answers the token once', async () => {
    const box = serverSecretFrom('a-configured-secret-of-at-least-32-chars');
    const stored: ApiKeyRecord[] = [];
    const created = await createApiKey(
      { insertKey: (key) => Promise.resolve(void stored.push(key)) },
      box,
      { orgId: 'org', botId: null, name: 'ci', permissions: ['bots:read'] },
      1_700_000_000_000,
    );
    expect(created.token).toBe(`${created.record.id}.${created.secret}`);
    expect(stored).toEqual([created.record]);
    expect(created.record).toMatchObject({
      orgId: 'org',
      botId: null,
      name: 'ci',
      permissions: ['bots:read'],
      createdAt: 1_700_000_000_000,
      lastUsedAt: null,
      secretHash: hashSecret(created.secret),
    });
    expect(JSON.stringify(created.record)).not.toContain(created.secret);
    expect(box.decrypt(created.record.secretEncrypted)).toBe(created.secret);
  });
});
