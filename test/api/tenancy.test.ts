/**
 * Tenancy (issue 4, studio-api.md §2.2): every route that takes an id, called with a key of
 * organization A and the ids of organization B, answers 404, and nothing of B changes. The
 * routes are read from /openapi.json, so a route added later is walked too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApiKey } from '../../src/api/auth/keys.js';
import { PERMISSIONS } from '../../src/api/principal.js';
import { newId } from '../../src/engine/ids.js';
import { startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

let server: TestServer;
/** Organization B's ids, by path parameter name. */
const foreign: Record<string, string> = {};
let tokenB = '';

beforeAll(async () => {
  server = await startTestServer();
  const { store } = server.app;
  const at = Date.now();
  const orgB = newId();
  await store.insertOrg({ id: orgB, name: 'B', defaultBotId: null, createdAt: at, updatedAt: at });
  const keyB = await createApiKey(
    store,
    server.app.secret,
    {
      orgId: orgB,
      botId: null,
      name: 'b',
      permissions: PERMISSIONS.filter((p) => p !== 'conversations:*'),
    },
    at,
  );
  tokenB = keyB.token;
  const asB = (method: string, url: string, body?: unknown) =>
    server.request(method, url, { token: tokenB, ...(body === undefined ? {} : { body }) });
  const bot = await asB('POST', '/v1/bots', {
    name: 'B bot',
    flows: [{ name: 'Main', content: 'start:\n  say "b"\n  hold\n  goto start' }],
  });
  expect(bot.status).toBe(201);
  await asB('POST', `/v1/bots/${bot.body.id}/build`);
  await asB('POST', `/v1/bots/${bot.body.id}/chat`, {
    client: { user_id: 'b-user' },
    payload: { content_type: 'text', content: { text: 'hi' } },
  });
  const versions = await asB('GET', `/v1/bots/${bot.body.id}/builds`);
  // The Conversations surface (conversations-api.md): a conversation, message and attachment.
  const conversation = await asB('POST', '/v1/conversation/create', {
    botId: bot.body.id,
    messages: [{ type: 'user', text: 'b' }],
  });
  expect(conversation.status).toBe(200);
  const attachment = await asB(
    'POST',
    `/v1/conversation/${conversation.body.id}/attachment/upload`,
    {
      file: 'data:text/plain,b',
    },
  );
  expect(attachment.status).toBe(200);
  Object.assign(foreign, {
    cid: conversation.body.id,
    conversationId: conversation.body.id,
    mid: conversation.body.messages[0].id,
    aid: attachment.body.id,
    botId: bot.body.id,
    flowId: bot.body.flows[0].id,
    keyId: keyB.record.id,
    versionId: versions.body[0].version_id,
  });
});
afterAll(async () => {
  await server.close();
});

/** A body that passes validation for each kind of route, so that only the id decides. */
function bodyFor(method: string, path: string): unknown {
  if (method === 'GET' || method === 'DELETE') return undefined;
  if (path.endsWith('/chat')) {
    return { client: { user_id: 'a' }, payload: { content_type: 'text', content: { text: 'x' } } };
  }
  if (path.includes('/conversations/')) return { user_id: 'b-user' };
  if (path.endsWith('/flows')) return { name: 'Stolen', content: '' };
  if (path.endsWith('/validate') || path.endsWith('/build')) return undefined;
  if (path.endsWith('/keys')) return { permissions: ['bots:read'], botId: foreign.botId };
  if (path.endsWith('/send')) return { text: 'x' };
  if (path.endsWith('/message/create')) return { type: 'user', text: 'x' };
  if (path.endsWith('/upload')) return { file: { type: 'text/plain', size: 1 } };
  return { name: 'Renamed' };
}

describe('tenancy', () => {
  it('answers 404 on every route given another organization’s ids', async () => {
    const spec = await server.request('GET', '/openapi.json', { token: null });
    expect(spec.status).toBe(200);
    const walked: string[] = [];
    for (const [template, operations] of Object.entries(
      spec.body.paths as Record<string, object>,
    )) {
      for (const method of Object.keys(operations)) {
        const upper = method.toUpperCase();
        const studio = template.startsWith('/v1/api/');
        const params = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
        // Routes without an id of B: the Studio surface takes B's bot from X-Parley-Bot.
        if (!studio && params.length === 0) continue;
        if (!studio && !template.startsWith('/v1/')) continue;
        // Signed attachment URLs take no credential: without B's signature they answer 403.
        if (template.endsWith('/content')) continue;
        const conversations =
          template.startsWith('/v1/conversation') || template.startsWith('/v1/Attachment');
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
          const id = foreign[name];
          if (id === undefined) throw new Error(`no foreign id for {${name}} in ${template}`);
          return id;
        });
        const body = bodyFor(upper, template);
        const response = await server.request(upper, path, {
          ...(body === undefined ? {} : { body }),
          headers: studio ? { 'x-parley-bot': foreign.botId! } : {},
        });
        walked.push(`${upper} ${template}`);
        expect({
          route: `${upper} ${template}`,
          status: response.status,
          code: conversations ? response.body?.code : response.body?.error?.code,
        }).toEqual({
          route: `${upper} ${template}`,
          status: 404,
          code: conversations ? 'NOT_FOUND' : 'not_found',
        });
      }
    }
    expect(walked.length).toBeGreaterThanOrEqual(25);
    expect(walked).toContain('DELETE /v1/keys/{keyId}');
    expect(walked).toContain('POST /v1/bots/{botId}/chat');
    expect(walked).toContain('POST /v1/api/chat');
    expect(walked).toContain('POST /v1/conversation/{cid}/complete');
    expect(walked).toContain('GET /v1/conversation/{cid}/message/{mid}/fetch');
  });

  it('answers 404 to ids of B inside bodies', async () => {
    const key = await server.request('POST', '/v1/keys', {
      body: { permissions: ['bots:read'], botId: foreign.botId },
    });
    expect([key.status, key.body.error.code]).toEqual([404, 'not_found']);
    const org = await server.request('PUT', '/v1/organization', {
      body: { defaultBotId: foreign.botId },
    });
    expect([org.status, org.body.error.code]).toEqual([404, 'not_found']);
    const build = await server.request('GET', `/v1/api/bot/build?version_id=${foreign.versionId}`, {
      headers: { 'x-parley-bot': foreign.botId! },
    });
    expect(build.status).toBe(404);
  });

  it('leaves organization B as it was, and shows A none of it', async () => {
    const asB = (method: string, url: string) => server.request(method, url, { token: tokenB });
    const bot = await asB('GET', `/v1/bots/${foreign.botId}`);
    expect(bot.body.name).toBe('B bot');
    expect(bot.body.flows.map((f: any) => f.name)).toEqual(['Main']);
    expect((await asB('GET', '/v1/keys')).body.map((k: any) => k.id)).toContain(foreign.keyId);
    const open = await server.request('POST', `/v1/bots/${foreign.botId}/conversations/open`, {
      token: tokenB,
      body: { user_id: 'b-user' },
    });
    expect(open.body.has_open).toBe(true);
    const listA = await server.request('GET', '/v1/bots');
    expect(listA.body.map((b: any) => b.id)).not.toContain(foreign.botId);
    const keysA = await server.request('GET', '/v1/keys');
    expect(keysA.body.map((k: any) => k.id)).not.toContain(foreign.keyId);
  });
});
