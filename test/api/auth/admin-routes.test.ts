/**
 * The keys and organization routes called through their handlers, with bodies and params
 * validated by their own schemas as the server does (HTTP tests come with the server).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { keysRoutes } from '../../../src/api/admin/keys-routes.js';
import { organizationRoutes } from '../../../src/api/admin/organization-routes.js';
import { issueKey } from '../../../src/api/admin/key-issuance.js';
import { createAccessToken } from '../../../src/api/auth/access-tokens.js';
import { createAuthenticator } from '../../../src/api/auth/authenticate.js';
import { effectivePermissions, PERMISSIONS } from '../../../src/api/principal.js';
import type { Principal } from '../../../src/api/principal.js';
import type { RouteDef, RouteResponse } from '../../../src/api/route.js';
import { EngineError } from '../../../src/engine/errors.js';
import { authFixture, bearer, T0 } from './fixture.js';
import type { AuthFixture } from './fixture.js';

let f: AuthFixture;
let clock: number;
let routes: RouteDef[];
let admin: Principal;

beforeEach(async () => {
  f = await authFixture();
  clock = T0 + 5_000;
  const deps = { store: f.store, serverSecret: f.secret, now: () => clock };
  routes = [...keysRoutes(deps), ...organizationRoutes(deps)];
  admin = {
    kind: 'admin',
    orgId: f.org.id,
    botId: null,
    channelId: 'admin',
    permissions: new Set(PERMISSIONS),
  };
});

afterEach(async () => {
  await f.store.close();
});

function principal(permissions: string[], botId: string | null = null): Principal {
  return {
    kind: 'key',
    orgId: f.org.id,
    botId,
    channelId: 'pk_CALLER',
    permissions: effectivePermissions(permissions),
  };
}

/** Runs a route as the server would after authentication; schema failures become 400s. */
async function call(
  method: string,
  url: string,
  who: Principal,
  input: { body?: unknown; params?: Record<string, string> } = {},
): Promise<RouteResponse> {
  const def = routes.find((r) => r.method === method && r.url === url);
  if (!def) throw new Error(`no route ${method} ${url}`);
  const parse = (schema: RouteDef['body'], value: unknown): unknown => {
    if (!schema) return value;
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new EngineError('bad_request', issue.message, issue.path.map(String).join('.'));
    }
    return result.data;
  };
  return def.handle({
    params: parse(def.params, input.params ?? {}),
    query: undefined,
    body: parse(def.body, input.body),
    headers: {},
    requestId: 'req',
    principal: who,
    receivedAt: clock,
    signal: new AbortController().signal,
  });
}

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof EngineError))
    throw new Error(`expected an EngineError, got ${String(error)}`);
  return error;
}

describe('route declarations', () => {
  it('are Studio-surface routes with the permissions of studio-api.md §2.4', () => {
    const summary = routes.map((r) => [r.method, r.url, r.surface, r.auth]);
    const manage = { anyOf: ['keys:manage'], orgLevel: true };
    expect(summary).toEqual([
      ['POST', '/v1/keys', 'studio', manage],
      ['GET', '/v1/keys', 'studio', manage],
      ['DELETE', '/v1/keys/:keyId', 'studio', manage],
      ['GET', '/v1/organization', 'studio', { anyOf: ['bots:read'] }],
      ['PUT', '/v1/organization', 'studio', { anyOf: ['bots:manage'], orgLevel: true }],
    ]);
  });
});

describe('POST /v1/keys', () => {
  it('answers 201 with the key, its secret and token, exactly as §9.3', async () => {
    const response = await call('POST', '/v1/keys', admin, {
      body: { botId: f.bot.id, permissions: ['bots:manage'], name: 'ci', unknown: 1 },
    });
    expect(response.status).toBe(201);
    const body = response.body as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'id',
      'secret',
      'token',
      'name',
      'botId',
      'permissions',
      'createdAt',
    ]);
    expect(body).toMatchObject({
      name: 'ci',
      botId: f.bot.id,
      permissions: ['bots:manage'],
      createdAt: new Date(clock).toISOString(),
    });
    expect(body.id).toMatch(/^pk_[0-9A-Z]{12}$/);
    expect(body.secret).toMatch(/^[\w-]{43}$/);
    expect(body.token).toBe(`${String(body.id)}.${String(body.secret)}`);
    expect(body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const authenticate = createAuthenticator({ store: f.store, serverSecret: f.secret });
    const caller = await authenticate(
      'studio',
      { anyOf: ['bots:read'] },
      bearer(String(body.token)),
    );
    expect(caller).toMatchObject({ kind: 'key', orgId: f.org.id, botId: f.bot.id });
  });

  it('makes an organization-level key without botId, name null when absent or null', async () => {
    const response = await call('POST', '/v1/keys', admin, {
      body: { botId: null, name: null, permissions: ['conversations:*', 'conversations:*'] },
    });
    expect(response.body).toMatchObject({
      botId: null,
      name: null,
      permissions: ['conversations:*'],
    });
  });

  it('refuses unknown, missing and empty permissions with 400 and the field', async () => {
    const unknown = await rejection(
      call('POST', '/v1/keys', admin, { body: { permissions: ['bots:read', 'bots:*'] } }),
    );
    expect(unknown).toMatchObject({ status: 400, code: 'bad_request', field: 'permissions.1' });
    expect(unknown.message).toMatch(/not a known permission/);
    for (const body of [{}, { permissions: [] }, { permissions: 'bots:read' }]) {
      expect(await rejection(call('POST', '/v1/keys', admin, { body }))).toMatchObject({
        status: 400,
        field: 'permissions',
      });
    }
    expect(
      await rejection(
        call('POST', '/v1/keys', admin, { body: { permissions: ['bots:read'], name: '' } }),
      ),
    ).toMatchObject({ status: 400, field: 'name' });
    // The rule itself (also used by the CLI) names the element as the wire does.
    expect(
      await rejection(
        issueKey(
          f.store,
          f.secret,
          admin,
          { botId: null, name: null, permissions: ['bots:read', 'x'] },
          clock,
        ),
      ),
    ).toMatchObject({ status: 400, field: 'permissions[1]' });
  });

  it('refuses to grant what the caller lacks (403)', async () => {
    const caller = principal(['keys:manage', 'bots:read']);
    const error = await rejection(
      call('POST', '/v1/keys', caller, { body: { permissions: ['bots:manage'] } }),
    );
    expect(error).toMatchObject({ status: 403, code: 'forbidden' });
    expect(error.message).toMatch(/bots:manage/);
    expect(
      await rejection(
        call('POST', '/v1/keys', caller, {
          body: { permissions: ['keys:manage', 'conversations:*'] },
        }),
      ),
    ).toMatchObject({ status: 403 });
    await call('POST', '/v1/keys', caller, { body: { permissions: ['keys:manage', 'bots:read'] } });
  });

  it('counts implied permissions on both sides', async () => {
    // conversations:* grants read and write; read and write together amount to conversations:*.
    const star = principal(['keys:manage', 'conversations:*', 'bots:manage']);
    await call('POST', '/v1/keys', star, {
      body: { permissions: ['conversations:read', 'bots:read'] },
    });
    const both = principal(['keys:manage', 'conversations:read', 'conversations:write']);
    await call('POST', '/v1/keys', both, { body: { permissions: ['conversations:*'] } });
    const half = principal(['keys:manage', 'conversations:read']);
    expect(
      await rejection(
        call('POST', '/v1/keys', half, { body: { permissions: ['conversations:*'] } }),
      ),
    ).toMatchObject({ status: 403 });
  });

  it('refuses an organization-level key from a bot-bound caller (403), another bot (404)', async () => {
    const bound = principal(['keys:manage', 'bots:read'], f.bot.id);
    const orgLevel = await rejection(
      call('POST', '/v1/keys', bound, { body: { permissions: ['bots:read'] } }),
    );
    expect(orgLevel).toMatchObject({ status: 403, code: 'forbidden' });
    expect(
      await rejection(
        call('POST', '/v1/keys', bound, {
          body: { botId: f.secondBot.id, permissions: ['bots:read'] },
        }),
      ),
    ).toMatchObject({ status: 404 });
    const own = await call('POST', '/v1/keys', bound, {
      body: { botId: f.bot.id, permissions: ['bots:read'] },
    });
    expect(own.status).toBe(201);
  });

  it('needs a bot of the organization (404)', async () => {
    for (const botId of [f.otherOrgBot.id, 'no-such-bot']) {
      expect(
        await rejection(
          call('POST', '/v1/keys', admin, { body: { botId, permissions: ['bots:read'] } }),
        ),
      ).toMatchObject({ status: 404, code: 'not_found' });
    }
    expect(await f.store.listKeys(f.org.id)).toEqual([]);
  });
});

describe('GET /v1/keys', () => {
  it("lists the organization's keys without secrets", async () => {
    const mine = await f.key({ botId: f.bot.id, permissions: ['bots:read'], name: 'mine' });
    await f.key({ orgId: f.otherOrg.id, permissions: ['bots:read'] });
    await f.store.touchKey(mine.record.id, T0 + 1234);
    const response = await call('GET', '/v1/keys', admin);
    expect(response.status).toBeUndefined();
    expect(response.body).toEqual([
      {
        id: mine.record.id,
        name: 'mine',
        botId: f.bot.id,
        permissions: ['bots:read'],
        createdAt: new Date(T0).toISOString(),
        lastUsedAt: new Date(T0 + 1234).toISOString(),
      },
    ]);
    expect(JSON.stringify(response.body)).not.toContain(mine.secret);
  });
});

describe('DELETE /v1/keys/:keyId', () => {
  it('revokes the key and its access tokens at once', async () => {
    const key = await f.key({ permissions: ['bots:read', 'textbots:session:execute'] });
    const minted = await createAccessToken(f.store, key.record, 3600, clock);
    const authenticate = createAuthenticator({
      store: f.store,
      serverSecret: f.secret,
      now: () => clock,
    });
    await authenticate('textbots', {}, bearer(minted.token));
    const response = await call('DELETE', '/v1/keys/:keyId', admin, {
      params: { keyId: key.record.id },
    });
    expect(response).toEqual({ status: 204 });
    await expect(authenticate('studio', {}, bearer(key.token))).rejects.toMatchObject({
      status: 401,
    });
    await expect(authenticate('textbots', {}, bearer(minted.token))).rejects.toMatchObject({
      status: 401,
    });
    expect(
      await rejection(
        call('DELETE', '/v1/keys/:keyId', admin, { params: { keyId: key.record.id } }),
      ),
    ).toMatchObject({ status: 404 });
  });

  it("answers 404 for another organization's key and leaves it", async () => {
    const foreign = await f.key({ orgId: f.otherOrg.id, permissions: ['bots:read'] });
    expect(
      await rejection(
        call('DELETE', '/v1/keys/:keyId', admin, { params: { keyId: foreign.record.id } }),
      ),
    ).toMatchObject({ status: 404, code: 'not_found' });
    expect(await f.store.findKey(foreign.record.id)).not.toBeNull();
  });
});

describe('/v1/organization', () => {
  it('GET answers the organization in camelCase', async () => {
    const response = await call('GET', '/v1/organization', principal(['bots:read'], f.bot.id));
    expect(response.body).toEqual({
      id: f.org.id,
      name: 'Default',
      defaultBotId: null,
      createdAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0).toISOString(),
    });
  });

  it('PUT renames and sets the default bot; null clears it; absent members are kept', async () => {
    const set = await call('PUT', '/v1/organization', admin, {
      body: { name: 'Acme', defaultBotId: f.bot.id },
    });
    expect(set.body).toEqual({
      id: f.org.id,
      name: 'Acme',
      defaultBotId: f.bot.id,
      createdAt: new Date(T0).toISOString(),
      updatedAt: new Date(clock).toISOString(),
    });
    clock += 1000;
    const kept = await call('PUT', '/v1/organization', admin, { body: { name: null } });
    expect(kept.body).toMatchObject({ name: 'Acme', defaultBotId: f.bot.id });
    const cleared = await call('PUT', '/v1/organization', admin, { body: { defaultBotId: null } });
    expect(cleared.body).toMatchObject({ name: 'Acme', defaultBotId: null });
    expect(await f.store.getOrg(f.org.id)).toMatchObject({ name: 'Acme', defaultBotId: null });
  });

  it('PUT refuses a bot of another organization (404) and a bad name (400)', async () => {
    for (const defaultBotId of [f.otherOrgBot.id, 'nope']) {
      expect(
        await rejection(call('PUT', '/v1/organization', admin, { body: { defaultBotId } })),
      ).toMatchObject({ status: 404, code: 'not_found' });
    }
    for (const name of ['', 'é'.repeat(128), 42]) {
      expect(
        await rejection(call('PUT', '/v1/organization', admin, { body: { name } })),
      ).toMatchObject({
        status: 400,
        field: 'name',
      });
    }
    await call('PUT', '/v1/organization', admin, { body: { name: 'é'.repeat(127) } });
    expect((await f.store.getOrg(f.org.id))?.defaultBotId).toBeNull();
  });
});
