import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createAccessToken } from '../../../src/api/auth/access-tokens.js';
import { AuthError } from '../../../src/api/auth/auth-error.js';
import { createAuthenticator } from '../../../src/api/auth/authenticate.js';
import type { Authenticate } from '../../../src/api/auth/authenticate.js';
import type { CreatedApiKey } from '../../../src/api/auth/keys.js';
import { PERMISSIONS } from '../../../src/api/principal.js';
import type { Principal } from '../../../src/api/principal.js';
import type { AuthRequirement } from '../../../src/api/route.js';
import { authFixture, bearer, signedHeaders, T0 } from './fixture.js';
import type { AuthFixture } from './fixture.js';

const ADMIN_TOKEN = 'an-admin-token-that-is-long-enough-0123456789';
const CHAT: AuthRequirement = { anyOf: ['conversations:write'], allowPublic: true };
const READ: AuthRequirement = { anyOf: ['bots:read'] };
const NONE: AuthRequirement = {};

let f: AuthFixture;
let clock: number;
let authenticate: Authenticate;

beforeEach(async () => {
  f = await authFixture();
  clock = T0;
  authenticate = createAuthenticator({
    store: f.store,
    serverSecret: f.secret,
    adminToken: ADMIN_TOKEN,
    now: () => clock,
  });
});

afterEach(async () => {
  await f.store.close();
});

/** The AuthError a call fails with. */
async function failure(promise: Promise<Principal>): Promise<AuthError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AuthError)) throw new Error(`expected an AuthError, got ${String(error)}`);
  return error;
}

async function expect401(promise: Promise<Principal>, message?: RegExp): Promise<AuthError> {
  const error = await failure(promise);
  expect(error.status).toBe(401);
  expect(error.code).toBe('unauthorized');
  expect(error.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  if (message) expect(error.message).toMatch(message);
  return error;
}

describe('key bearer', () => {
  let key: CreatedApiKey;
  beforeEach(async () => {
    key = await f.key({ botId: f.bot.id, permissions: ['bots:manage', 'conversations:*'] });
  });

  it('authenticates <keyId>.<secret> on every surface', async () => {
    for (const surface of ['studio', 'textbots', 'conversations'] as const) {
      const principal = await authenticate(surface, READ, bearer(key.token));
      expect(principal).toEqual({
        kind: 'key',
        orgId: f.org.id,
        botId: f.bot.id,
        channelId: key.record.id,
        permissions: new Set([
          'bots:manage',
          'bots:read',
          'conversations:*',
          'conversations:read',
          'conversations:write',
        ]),
      });
    }
  });

  it('takes the scheme in any letter case and extra spaces', async () => {
    const principal = await authenticate('studio', READ, {
      authorization: `bearer   ${key.token} `,
    });
    expect(principal.kind).toBe('key');
  });

  it('answers the same for a wrong secret and an unknown key', async () => {
    const wrong = await expect401(
      authenticate('studio', READ, bearer(`${key.record.id}.${'A'.repeat(43)}`)),
    );
    const unknown = await expect401(
      authenticate('studio', READ, bearer(`pk_ZZZZZZZZZZZZ.${key.secret}`)),
    );
    expect(wrong.message).toBe(unknown.message);
    expect(wrong.reason).toBe('invalid');
    expect(unknown.reason).toBe('invalid');
  });

  it('refuses a revoked key at once', async () => {
    await authenticate('studio', READ, bearer(key.token));
    expect(await f.store.deleteKey(f.org.id, key.record.id)).toBe(true);
    await expect401(authenticate('studio', READ, bearer(key.token)), /Invalid API key/);
    await expect401(authenticate('textbots', READ, bearer(key.token)), /Invalid API key/);
  });

  it('tells a missing credential from a bad one (Textbots codes)', async () => {
    expect((await expect401(authenticate('textbots', READ, {}))).reason).toBe('missing');
    const basic = await expect401(
      authenticate('textbots', READ, { authorization: `Basic ${btoa('a:b')}` }),
      /scheme/,
    );
    expect(basic.reason).toBe('missing');
    expect(
      (await expect401(authenticate('textbots', READ, { authorization: 'Bearer ' }))).reason,
    ).toBe('missing');
    expect(
      (await expect401(authenticate('textbots', READ, { authorization: 'Bearer' }))).reason,
    ).toBe('missing');
    expect((await expect401(authenticate('textbots', READ, bearer('pk_x.y')))).reason).toBe(
      'invalid',
    );
  });

  it('refuses a header sent twice', async () => {
    await expect401(
      authenticate('studio', READ, { 'x-api-key': [key.record.id, key.record.id] }),
      /once/,
    );
  });
});

describe('access tokens', () => {
  let key: CreatedApiKey;
  beforeEach(async () => {
    key = await f.key({ permissions: ['textbots:session:execute', 'bots:read'] });
  });

  it('act with their key on Studio and Textbots, until they expire', async () => {
    const minted = await createAccessToken(f.store, key.record, 3600, clock);
    expect(minted.token).toMatch(/^[\w-]{43}$/);
    for (const surface of ['studio', 'textbots'] as const) {
      const principal = await authenticate(surface, READ, bearer(minted.token));
      expect(principal).toEqual({
        kind: 'token',
        orgId: f.org.id,
        botId: null,
        channelId: key.record.id,
        permissions: new Set(['textbots:session:execute', 'bots:read']),
      });
    }
    clock = T0 + 3600 * 1000 - 1;
    await authenticate('textbots', READ, bearer(minted.token));
    clock = T0 + 3600 * 1000;
    await expect401(authenticate('textbots', READ, bearer(minted.token)), /expired/);
  });

  it('stop working when their key is revoked', async () => {
    const minted = await createAccessToken(f.store, key.record, 3600, clock);
    await authenticate('textbots', READ, bearer(minted.token));
    await f.store.deleteKey(f.org.id, key.record.id);
    await expect401(authenticate('textbots', READ, bearer(minted.token)));
    await expect401(authenticate('studio', READ, bearer(minted.token)));
  });

  it('refuses unknown tokens, and tokens on the Conversations surface', async () => {
    await expect401(authenticate('textbots', READ, bearer('A'.repeat(43))));
    const minted = await createAccessToken(f.store, key.record, 3600, clock);
    await expect401(authenticate('conversations', NONE, bearer(minted.token)), /API key/);
  });
});

describe('admin token', () => {
  it('is an organization admin of the default organization on the Studio surface', async () => {
    const principal = await authenticate(
      'studio',
      { anyOf: ['keys:manage'], orgLevel: true },
      bearer(ADMIN_TOKEN),
    );
    expect(principal).toEqual({
      kind: 'admin',
      orgId: f.org.id,
      botId: null,
      channelId: 'admin',
      permissions: new Set(PERMISSIONS),
    });
  });

  it('is refused on the Textbots and Conversations surfaces', async () => {
    expect((await expect401(authenticate('textbots', READ, bearer(ADMIN_TOKEN)))).reason).toBe(
      'invalid',
    );
    await expect401(authenticate('conversations', NONE, bearer(ADMIN_TOKEN)));
  });

  it('is refused in X-Api-Key schemes', async () => {
    await expect401(authenticate('studio', CHAT, { 'x-api-key': ADMIN_TOKEN }));
  });

  it('is nothing when PARLEY_ADMIN_TOKEN is unset, and must be long enough', async () => {
    const without = createAuthenticator({
      store: f.store,
      serverSecret: f.secret,
      now: () => clock,
    });
    await expect401(without('studio', READ, bearer(ADMIN_TOKEN)));
    expect(() =>
      createAuthenticator({ store: f.store, serverSecret: f.secret, adminToken: 'short' }),
    ).toThrow(/at least 32/);
  });

  it('compares the whole value', async () => {
    await expect401(authenticate('studio', READ, bearer(ADMIN_TOKEN.slice(0, -1))));
    await expect401(authenticate('studio', READ, bearer(`${ADMIN_TOKEN}x`)));
  });
});

describe('signed requests (X-Api-Key with a timestamp and X-Api-Signature)', () => {
  let key: CreatedApiKey;
  const seconds = T0 / 1000;
  beforeEach(async () => {
    key = await f.key({ botId: f.bot.id, permissions: ['bots:read'] });
  });

  it('accepts a good signature, in lower or upper case hex', async () => {
    for (const upper of [false, true]) {
      const principal = await authenticate('studio', READ, signedHeaders(key, seconds, { upper }));
      expect(principal).toEqual({
        kind: 'signed',
        orgId: f.org.id,
        botId: f.bot.id,
        channelId: key.record.id,
        permissions: new Set(['bots:read']),
      });
    }
  });

  it('refuses a wrong signature and an unknown key alike', async () => {
    const wrong = await expect401(
      authenticate('studio', READ, signedHeaders(key, seconds, { secret: 'not the secret' })),
    );
    const unknownKey = { ...key, record: { ...key.record, id: 'pk_ZZZZZZZZZZZZ' } };
    const unknown = await expect401(
      authenticate('studio', READ, signedHeaders(unknownKey, seconds)),
    );
    expect(wrong.message).toBe(unknown.message);
  });

  it('signs the exact X-Api-Key value', async () => {
    const headers = signedHeaders(key, seconds);
    await expect401(
      authenticate('studio', READ, { ...headers, 'x-api-key': `${key.record.id}|0${seconds}` }),
    );
  });

  it('accepts timestamps within 300 s of the clock and refuses stale or future ones', async () => {
    await authenticate('studio', READ, signedHeaders(key, seconds - 300));
    await authenticate('studio', READ, signedHeaders(key, seconds + 300));
    await expect401(authenticate('studio', READ, signedHeaders(key, seconds - 301)), /300 seconds/);
    await expect401(authenticate('studio', READ, signedHeaders(key, seconds + 301)), /300 seconds/);
  });

  it('refuses malformed headers', async () => {
    const good = signedHeaders(key, seconds);
    await expect401(
      authenticate('studio', READ, { 'x-api-key': good['x-api-key']! }),
      /X-Api-Signature/,
    );
    await expect401(
      authenticate('studio', READ, {
        ...good,
        'x-api-signature': good['x-api-signature']!.slice(7),
      }),
      /sha256=/,
    );
    await expect401(
      authenticate('studio', READ, { ...good, 'x-api-key': `${key.record.id}|soon` }),
      /unix seconds/,
    );
    await expect401(
      authenticate('studio', READ, { ...good, 'x-api-key': key.record.id }),
      /unix seconds/,
    );
    await expect401(
      authenticate('studio', READ, { 'x-api-signature': good['x-api-signature']! }),
      /without X-Api-Key/,
    );
  });

  it('is a Studio scheme only', async () => {
    const error = await expect401(authenticate('textbots', READ, signedHeaders(key, seconds)));
    expect(error.reason).toBe('missing');
    await expect401(authenticate('conversations', NONE, signedHeaders(key, seconds)));
  });
});

describe('public mode (X-Api-Key alone)', () => {
  it('is accepted where the route allows it, for a bot-bound key that may write conversations', async () => {
    for (const permissions of [['conversations:write'], ['conversations:*', 'bots:manage']]) {
      const key = await f.key({ botId: f.bot.id, permissions });
      const principal = await authenticate('studio', CHAT, { 'x-api-key': key.record.id });
      expect(principal).toEqual({
        kind: 'public',
        orgId: f.org.id,
        botId: f.bot.id,
        channelId: key.record.id,
        permissions: new Set(['conversations:write']),
      });
    }
  });

  it('is refused on other routes', async () => {
    const key = await f.key({ botId: f.bot.id, permissions: ['conversations:write', 'bots:read'] });
    await expect401(authenticate('studio', READ, { 'x-api-key': key.record.id }), /public mode/);
    await expect401(
      authenticate('studio', { anyOf: ['conversations:write'] }, { 'x-api-key': key.record.id }),
      /public mode/,
    );
  });

  it('is refused for an organization-level key, a key without conversations:write, an unknown key', async () => {
    const orgLevel = await f.key({ permissions: ['conversations:write'] });
    const readOnly = await f.key({ botId: f.bot.id, permissions: ['conversations:read'] });
    const messages = new Set<string>();
    for (const keyId of [orgLevel.record.id, readOnly.record.id, 'pk_ZZZZZZZZZZZZ']) {
      messages.add((await expect401(authenticate('studio', CHAT, { 'x-api-key': keyId }))).message);
    }
    expect(messages.size).toBe(1);
  });
});

describe('Authorization takes precedence over X-Api-* headers', () => {
  it('ignores good signed headers beside a bad bearer, and bad ones beside a good bearer', async () => {
    const key = await f.key({ botId: f.bot.id, permissions: ['bots:read', 'conversations:write'] });
    const signed = signedHeaders(key, T0 / 1000);
    await expect401(authenticate('studio', READ, { ...signed, ...bearer('pk_x.wrong') }));
    await expect401(
      authenticate('studio', CHAT, { 'x-api-key': key.record.id, authorization: 'Basic abc' }),
    );
    const principal = await authenticate('studio', READ, {
      ...bearer(key.token),
      'x-api-key': 'garbage|1',
      'x-api-signature': 'nonsense',
    });
    expect(principal.kind).toBe('key');
  });
});

describe('permissions (403)', () => {
  it('needs one of the route permissions, implied ones included', async () => {
    const key = await f.key({ permissions: ['bots:manage'] });
    await authenticate('studio', READ, bearer(key.token));
    await authenticate('studio', { anyOf: ['keys:manage', 'bots:read'] }, bearer(key.token));
    const error = await failure(
      authenticate('studio', { anyOf: ['conversations:write'] }, bearer(key.token)),
    );
    expect(error).toMatchObject({
      status: 403,
      code: 'forbidden',
      reason: 'permission',
      required: ['conversations:write'],
    });
    expect(error.message).toMatch(/conversations:write/);
    expect(error.headers).toBeUndefined();
  });

  it('refuses a bot-bound credential where the route needs an organization-level one', async () => {
    const key = await f.key({ botId: f.bot.id, permissions: ['keys:manage', 'bots:manage'] });
    const error = await failure(
      authenticate('studio', { anyOf: ['keys:manage'], orgLevel: true }, bearer(key.token)),
    );
    expect(error).toMatchObject({ status: 403, code: 'forbidden', reason: 'org_level' });
    const minted = await createAccessToken(f.store, key.record, 60, clock);
    expect(
      await failure(authenticate('studio', { orgLevel: true }, bearer(minted.token))),
    ).toMatchObject({ status: 403, reason: 'org_level' });
  });

  it('treats `false` as no requirement', async () => {
    const key = await f.key({ permissions: ['bots:read'] });
    expect((await authenticate('studio', false, bearer(key.token))).kind).toBe('key');
  });
});

describe('lastUsedAt', () => {
  it('is written on use, at most once a minute', async () => {
    const key = await f.key({ permissions: ['bots:read'] });
    const lastUsed = async () => (await f.store.findKey(key.record.id))?.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    clock = T0 + 1000;
    await authenticate('studio', READ, bearer(key.token));
    expect(await lastUsed()).toBe(T0 + 1000);
    clock = T0 + 1000 + 59_999;
    await authenticate('studio', READ, signedHeaders(key, Math.floor(clock / 1000)));
    expect(await lastUsed()).toBe(T0 + 1000);
    clock = T0 + 1000 + 60_000;
    const minted = await createAccessToken(f.store, key.record, 3600, clock);
    await authenticate('textbots', READ, bearer(minted.token));
    expect(await lastUsed()).toBe(T0 + 61_000);
  });
});

describe('Conversations session tokens (extension point)', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjIn0.c2lnbmF0dXJl';

  it('are refused without a verifier', async () => {
    await expect401(authenticate('conversations', NONE, bearer(jwt)), /session token/);
  });

  it('go to the verifier when one is given, then through the permission check', async () => {
    const seen: string[] = [];
    const withSessions = createAuthenticator({
      store: f.store,
      serverSecret: f.secret,
      now: () => clock,
      sessionTokens: (token) => {
        seen.push(token);
        return Promise.resolve({
          kind: 'token',
          orgId: f.org.id,
          botId: f.bot.id,
          channelId: 'pk_ABC',
          permissions: new Set(['conversations:write']),
        });
      },
    });
    expect(
      (await withSessions('conversations', { anyOf: ['conversations:write'] }, bearer(jwt))).botId,
    ).toBe(f.bot.id);
    expect(seen).toEqual([jwt]);
    expect(
      await failure(withSessions('conversations', { anyOf: ['conversations:read'] }, bearer(jwt))),
    ).toMatchObject({ status: 403 });
    // On the other surfaces a three-part bearer is just an invalid key.
    await expect401(withSessions('textbots', NONE, bearer(jwt)));
  });
});
