/**
 * POST /oauth/token (textbots-api.md A1): the client-credentials grant as the official client
 * performs it, the reply's shape and headers, and every OAuth failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashSecret } from '../../../src/api/auth/keys.js';
import { ALL_TEXTBOTS, launchBody, rejection, startTextbotsServer } from './fixture.js';
import type { TextbotsServer } from './fixture.js';

let server: TextbotsServer;
let key: { id: string; secret: string; token: string };

beforeAll(async () => {
  server = await startTextbotsServer({ PARLEY_TOKEN_TTL_SECONDS: '3600' });
  await server.bot({
    name: 'OAuth',
    flows: [{ name: 'oauth', content: 'start:\n  say "hi"\n  hold\n  goto end' }],
  });
  key = await server.key(ALL_TEXTBOTS);
});
afterAll(async () => {
  await server.close();
});

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function token(
  headers: Record<string, string>,
  /** null: no body at all. */
  body: string | null = 'grant_type=client_credentials',
) {
  return fetch(`${server.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    ...(body === null ? {} : { body }),
  });
}

describe('POST /oauth/token (A1)', () => {
  it('mints an opaque token for the key, with no-store and the configured lifetime', async () => {
    const response = await token(
      { authorization: basic(key.id, key.secret) },
      'grant_type=client_credentials&scope=ignored',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3600,
    });
    expect(body.access_token).not.toContain('.');
    // Stored hashed, not in clear.
    const minted = String(body.access_token);
    expect(await server.app.store.findAccessToken(hashSecret(minted), Date.now())).toMatchObject({
      keyId: key.id,
    });
    expect(await server.app.store.findAccessToken(minted, Date.now())).toBeNull();
    // It acts with the key on the Textbots surface.
    const api = await server.api(String(body.access_token));
    expect((await api.postTextbotsBotflowsSessions(launchBody('oauth'))).id).toBeDefined();
  });

  it('is what loginClientCredentialsGrant calls', async () => {
    const { client } = await server.login(key.id, key.secret);
    const { authData } = client as unknown as {
      authData: { accessToken: string; tokenExpiryTime: number };
    };
    expect(authData.accessToken).toMatch(/^[\w-]{43}$/);
    expect(authData.tokenExpiryTime).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('answers invalid_client for missing, malformed or wrong credentials and revoked keys', async () => {
    const revoked = await server.key(ALL_TEXTBOTS);
    expect((await server.request('DELETE', `/v1/keys/${revoked.id}`)).status).toBeLessThan(300);
    for (const headers of <Record<string, string>[]>[
      {},
      { authorization: `Bearer ${key.token}` },
      { authorization: 'Basic !!!' },
      { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
      { authorization: basic(key.id, 'wrong') },
      { authorization: basic('pk_UNKNOWN00000', key.secret) },
      { authorization: basic(revoked.id, revoked.secret) },
    ]) {
      const response = await token(headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic');
      expect(await response.json()).toEqual({
        error: 'invalid_client',
        error_description: 'Invalid login credentials.',
      });
    }
  });

  it('rejects the SDK login with the transport error when the credentials are wrong (§5.9)', async () => {
    const failed = await rejection(() => server.login(key.id, 'wrong'));
    expect(failed).toBeInstanceOf(Error);
  });

  it('answers invalid_request without grant_type or a form body, unsupported_grant_type for others', async () => {
    const auth = { authorization: basic(key.id, key.secret) };
    for (const [headers, body] of [
      [auth, ''],
      [auth, 'scope=x'],
      [auth, null],
      [{ ...auth, 'content-type': 'application/json' }, '{"grant_type":"client_credentials"}'],
    ] as const) {
      const response = await token(headers, body);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { error: string; error_description: string };
      expect(answer.error).toBe('invalid_request');
      expect(answer.error_description).not.toBe('');
    }
    const other = await token(auth, 'grant_type=password&username=a&password=b');
    expect(other.status).toBe(400);
    const answer = (await other.json()) as { error: string; error_description: string };
    expect(answer.error).toBe('unsupported_grant_type');
    expect(answer.error_description).not.toBe('');
  });
});
