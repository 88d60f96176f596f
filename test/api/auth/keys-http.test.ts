/** Keys, organization and credentials through a real server (studio-api.md §2, §9.3-9.5). */
import { createHmac } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdef';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ PARLEY_ADMIN_TOKEN: ADMIN_TOKEN });
});
afterAll(async () => {
  await server.close();
});

describe('keys over HTTP', () => {
  it('creates a key (201 as §9.3), lists it without its secret, revokes it at once', async () => {
    const created = await server.request('POST', '/v1/keys', {
      token: ADMIN_TOKEN,
      body: { botId: server.demoBotId, permissions: ['bots:read'], name: 'reader' },
    });
    expect(created.status).toBe(201);
    const key = created.body;
    expect(Object.keys(key)).toEqual([
      'id',
      'secret',
      'token',
      'name',
      'botId',
      'permissions',
      'createdAt',
    ]);
    expect(key).toMatchObject({
      name: 'reader',
      botId: server.demoBotId,
      permissions: ['bots:read'],
    });
    expect(key.token).toBe(`${key.id}.${key.secret}`);

    const bot = await server.request('GET', '/v1/api/bot', { token: key.token });
    expect(bot.status).toBe(200);
    expect(bot.body.id).toBe(server.demoBotId);

    const listed = await server.request('GET', '/v1/keys');
    expect(listed.status).toBe(200);
    const shown = listed.body.find((k: { id: string }) => k.id === key.id);
    expect(shown).toEqual({
      id: key.id,
      name: 'reader',
      botId: server.demoBotId,
      permissions: ['bots:read'],
      createdAt: key.createdAt,
      lastUsedAt: expect.stringMatching(/^\d{4}-.*Z$/),
    });
    expect(listed.text).not.toContain(key.secret);

    const revoked = await server.request('DELETE', `/v1/keys/${key.id}`);
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe('');
    const refused = await server.request('GET', '/v1/api/bot', { token: key.token });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(refused.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect((await server.request('DELETE', `/v1/keys/${key.id}`)).status).toBe(404);
  });

  it('names the unknown permission with its index', async () => {
    const response = await server.request('POST', '/v1/keys', {
      body: { permissions: ['bots:read', 'bots:everything'] },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'bad_request', field: 'permissions[1]' });
  });

  it('keeps keys:manage for organization-level credentials, and grants nothing beyond the caller', async () => {
    const bound = await server.request('POST', '/v1/keys', {
      body: { botId: server.demoBotId, permissions: ['keys:manage', 'bots:read'] },
    });
    expect(bound.status).toBe(201);
    const asBound = await server.request('GET', '/v1/keys', { token: bound.body.token });
    expect(asBound.status).toBe(403);
    expect(asBound.body.error.code).toBe('forbidden');

    const manager = await server.request('POST', '/v1/keys', {
      body: { permissions: ['keys:manage', 'bots:read'] },
    });
    const escalation = await server.request('POST', '/v1/keys', {
      token: manager.body.token,
      body: { permissions: ['bots:manage'] },
    });
    expect(escalation.status).toBe(403);
  });
});

describe('credentials over HTTP', () => {
  it('takes the admin token on the Studio surface as an organization admin', async () => {
    const org = await server.request('GET', '/v1/organization', { token: ADMIN_TOKEN });
    expect(org.status).toBe(200);
    expect(org.body.id).toBe(server.orgId);
    const bot = await server.request('GET', '/v1/api/bot', {
      token: ADMIN_TOKEN,
      headers: { 'x-parley-bot': server.demoBotId },
    });
    expect(bot.status).toBe(200);
  });

  it('signs with the secret returned at creation (uppercase hex too), within 300 s', async () => {
    const key = (
      await server.request('POST', '/v1/keys', {
        body: { botId: server.demoBotId, permissions: ['bots:read'] },
      })
    ).body;
    const signed = (seconds: number, upper = false) => {
      const apiKey = `${key.id}|${seconds}`;
      const hex = createHmac('sha256', key.secret).update(apiKey).digest('hex');
      return {
        'x-api-key': apiKey,
        'x-api-signature': `sha256=${upper ? hex.toUpperCase() : hex}`,
      };
    };
    const now = Math.floor(Date.now() / 1000);
    for (const headers of [signed(now), signed(now, true), signed(now - 290)]) {
      expect((await server.request('GET', '/v1/api/bot', { token: null, headers })).status).toBe(
        200,
      );
    }
    for (const headers of [signed(now - 400), signed(now + 400)]) {
      const stale = await server.request('GET', '/v1/api/bot', { token: null, headers });
      expect(stale.status).toBe(401);
      expect(stale.body.error.message).toMatch(/300 seconds/);
    }
  });

  it('updates the organization', async () => {
    const renamed = await server.request('PUT', '/v1/organization', { body: { name: 'Acme' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Acme', defaultBotId: server.demoBotId });
    const foreign = await server.request('PUT', '/v1/organization', {
      body: { defaultBotId: '0195a3c0-0000-7000-8000-0000000000ff' },
    });
    expect(foreign.status).toBe(404);
    const empty = await server.request('PUT', '/v1/organization', { body: { name: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('name');
  });
});
