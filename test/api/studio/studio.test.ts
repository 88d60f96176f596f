/**
 * The Studio-compatible and native bot API through a real server (studio-api.md §11 checklist):
 * bots and flows, validate, build and versions, chat, conversations, usage, the organization,
 * and the error shapes of §3.
 */
import { createHmac } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const req = (method: string, url: string, options?: Parameters<TestServer['request']>[2]) =>
  server.request(method, url, options);

const GREETER = `start:
  say "What's your name?"
  hold
  remember name = event
  say "Hi {{name}}"
  goto end`;

/** A new bot with a Default greeter flow and a Support flow on /help. */
async function newBot(name = 'Greeter') {
  const created = await req('POST', '/v1/bots', {
    body: {
      name,
      flows: [
        { name: 'Default', content: GREETER },
        {
          name: 'Support',
          content: 'start:\n  say "support here"\n  goto end',
          commands: ['/help'],
        },
      ],
    },
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function newKey(permissions: string[], botId?: string) {
  const key = await req('POST', '/v1/keys', {
    body: { permissions, ...(botId ? { botId } : {}), name: 'test' },
  });
  expect(key.status).toBe(201);
  return key.body as { id: string; secret: string; token: string };
}

function expectError(response: { status: number; body: any }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.body).toMatchObject({ error: { code, message: expect.any(String) } });
}

const chatBody = (userId: string, text: string, extra: Record<string, unknown> = {}) => ({
  client: { user_id: userId },
  payload: { content_type: 'text', content: { text } },
  ...extra,
});

describe('first start', () => {
  it('made the Default organization with the demo bot built as version 1', async () => {
    const org = await req('GET', '/v1/organization');
    expect(org.status).toBe(200);
    expect(org.body).toMatchObject({ name: 'Default', defaultBotId: server.demoBotId });
    const builds = await req('GET', `/v1/bots/${server.demoBotId}/builds`);
    expect(builds.body).toHaveLength(1);
    const chat = await req('POST', `/v1/bots/${server.demoBotId}/chat`, {
      body: chatBody('me', 'hello'),
    });
    expect(chat.status).toBe(200);
    expect(chat.body.messages.map((m: any) => m.payload.content.text)).toContain(
      "What's your name?",
    );
  });
});

describe('bots and flows', () => {
  it('POST /v1/bots answers the flows with ids, and the bot can be built at once', async () => {
    const bot = await newBot();
    expect(bot.flows.map((f: any) => f.name)).toEqual(['Default', 'Support']);
    expect(bot.default_flow).toBe(bot.flows[0].id);
    expect(bot).toMatchObject({
      env: {},
      settings: {},
      custom_components: {},
      nlu: null,
      llm: null,
    });
    const build = await req('POST', `/v1/bots/${bot.id}/build`);
    expect(build.status).toBe(200);
    expect(build.body).toMatchObject({ id: bot.id, default_flow: bot.flows[0].id });
    expect(build.body.flows.map((f: any) => f.id)).toEqual(bot.flows.map((f: any) => f.id));
  });

  it('creates a bot with one Default flow when flows are absent; [] needs llm', async () => {
    const plain = await req('POST', '/v1/bots', { body: { name: 'Plain' } });
    expect(plain.status).toBe(201);
    expect(plain.body.flows.map((f: any) => f.name)).toEqual(['Default']);
    const empty = await req('POST', '/v1/bots', { body: { name: 'Empty', flows: [] } });
    expectError(empty, 400, 'bad_request');
    expect(empty.body.error.field).toBe('flows');
    const llm = await req('POST', '/v1/bots', {
      body: { name: 'Llm', flows: [], llm: { model: 'gpt-4o', apiKey: 'sk-secret' } },
    });
    expect(llm.status).toBe(201);
    expect(llm.body.default_flow).toBeNull();
    expect(llm.body.llm).toEqual({ model: 'gpt-4o' });
    expect(JSON.stringify(llm.body)).not.toContain('sk-secret');
  });

  it('walks a flow lifecycle with the name and command rules', async () => {
    const bot = await newBot();
    const base = `/v1/bots/${bot.id}`;
    const created = await req('POST', `${base}/flows`, {
      body: { name: 'Billing', content: 'start:\n  say "billing"', commands: [' /pay '] },
    });
    expect(created.status).toBe(200);
    expect(created.body.commands).toEqual(['/pay']);
    expectError(
      await req('POST', `${base}/flows`, { body: { name: 'billing', content: '' } }),
      409,
      'conflict',
    );
    const dupCommand = await req('POST', `${base}/flows`, {
      body: { name: 'Other', content: '', commands: ['/HELP'] },
    });
    expectError(dupCommand, 409, 'conflict');
    expect(dupCommand.body.error.message).toContain('Support');
    expectError(
      await req('POST', `${base}/flows`, { body: { name: '1abc', content: '' } }),
      400,
      'bad_request',
    );
    expectError(
      await req('POST', `${base}/flows`, { body: { name: 'goto', content: '' } }),
      400,
      'bad_request',
    );
    const renamed = await req('PUT', `${base}/flows/${created.body.id}`, {
      body: { name: 'Payments' },
    });
    expect(renamed.body).toMatchObject({ name: 'Payments', commands: ['/pay'] });
    expectError(
      await req('PUT', `${base}/flows/${created.body.id}`, { body: { name: 'SUPPORT' } }),
      409,
      'conflict',
    );
    const list = await req('GET', `${base}/flows`);
    expect(list.body.map((f: any) => f.name)).toEqual(['Default', 'Support', 'Payments']);
    expectError(await req('DELETE', `${base}/flows/${bot.default_flow}`), 409, 'conflict');
    expect((await req('DELETE', `${base}/flows/${created.body.id}`)).status).toBe(204);
    expectError(await req('GET', `${base}/flows/${created.body.id}`), 404, 'not_found');
  });

  it('updates the bot: default flow by name, settings merged, env replaced', async () => {
    const bot = await newBot();
    const put = await req('PUT', `/v1/bots/${bot.id}`, {
      body: {
        default_flow: 'support',
        env: { A: 1 },
        settings: { stepLimit: 50, custom: 'x' },
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.default_flow).toBe(bot.flows[1].id);
    const again = await req('PUT', `/v1/bots/${bot.id}`, {
      body: { env: { B: 2 }, settings: { custom: null } },
    });
    expect(again.body).toMatchObject({ env: { B: 2 }, settings: { stepLimit: 50 } });
    expect(again.body.settings).not.toHaveProperty('custom');
    const bad = await req('PUT', `/v1/bots/${bot.id}`, { body: { settings: { stepLimit: -1 } } });
    expectError(bad, 400, 'bad_request');
    expect(bad.body.error.field).toBe('settings.stepLimit');
    expectError(
      await req('PUT', `/v1/bots/${bot.id}`, { body: { default_flow: 'Nope' } }),
      400,
      'bad_request',
    );
  });

  it('deletes a bot with everything it owns', async () => {
    const bot = await newBot('Doomed');
    await req('POST', `/v1/bots/${bot.id}/build`);
    expect((await req('DELETE', `/v1/bots/${bot.id}`)).status).toBe(204);
    expectError(await req('GET', `/v1/bots/${bot.id}`), 404, 'not_found');
    expectError(await req('DELETE', `/v1/bots/${bot.id}`), 404, 'not_found');
  });
});

describe('validate and build', () => {
  it('validates the draft and a bot given in the body, with warnings apart', async () => {
    const bot = await newBot();
    const draft = await req('POST', `/v1/bots/${bot.id}/validate`);
    expect(draft.body).toEqual({ valid: true });
    const invalid = await req('POST', `/v1/bots/${bot.id}/validate`, {
      body: { flows: [{ name: 'Main', content: 'start:\n  do Foo()\n  goto end' }] },
    });
    expect(invalid.status).toBe(200);
    expect(invalid.body.valid).toBe(false);
    expect(invalid.body.errors[0]).toMatchObject({
      flow: 'Main',
      step: 'start',
      line: 2,
      code: 'unknown_function',
      severity: 'error',
      end_line: 2,
    });
    const warned = await req('POST', `/v1/bots/${bot.id}/validate`, {
      body: { flows: [{ name: 'Main', content: 'start:\n  say "x"\n  goto start' }] },
    });
    expect(warned.body.valid).toBe(true);
    expect(warned.body.warnings[0]).toMatchObject({ code: 'possible_infinite_loop' });
    const malformed = await req('POST', `/v1/bots/${bot.id}/validate`, {
      body: { flows: 'nope' },
    });
    expectError(malformed, 400, 'bad_request');
    expect(malformed.body.error.field).toBe('flows');
  });

  it('refuses an invalid build with 422, then builds, dedups and lists versions', async () => {
    const bot = await newBot();
    const base = `/v1/bots/${bot.id}`;
    expectError(await req('GET', `${base}/build`), 404, 'not_found');
    await req('PUT', `${base}/flows/${bot.flows[0].id}`, {
      body: { content: 'start:\n  do Foo()' },
    });
    const refused = await req('POST', `${base}/build`);
    expectError(refused, 422, 'invalid_bot');
    expect(refused.body.error.errors[0]).toMatchObject({ code: 'unknown_function', line: 2 });
    await req('PUT', `${base}/flows/${bot.flows[0].id}`, { body: { content: GREETER } });
    const first = await req('POST', `${base}/build`);
    expect(first.status).toBe(200);
    expect(first.body.engine_version).toMatch(/^\d+\.\d+\.\d+/);
    const same = await req('POST', `${base}/build`);
    expect(same.body.version_id).toBe(first.body.version_id);
    await req('PUT', `${base}/flows/${bot.flows[1].id}`, {
      body: { content: 'start:\n  say "v2"\n  goto end' },
    });
    const second = await req('POST', `${base}/build`);
    expect(second.body.version_id).not.toBe(first.body.version_id);
    expect((await req('GET', `${base}/build`)).body.version_id).toBe(second.body.version_id);
    const byId = await req('GET', `${base}/build?version_id=${first.body.version_id}`);
    expect(byId.body.flows[1].content).toContain('support here');
    const history = await req('GET', `${base}/builds`);
    expect(history.body.map((v: any) => v.version_id)).toEqual([
      second.body.version_id,
      first.body.version_id,
    ]);
    expect(history.body[0].content_hash).toMatch(/^[0-9a-f]{64}$/);
    const older = await req('GET', `${base}/builds?limit=1&before=${second.body.version_id}`);
    expect(older.body.map((v: any) => v.version_id)).toEqual([first.body.version_id]);
    expectError(await req('GET', `${base}/builds?limit=0`), 400, 'bad_request');
  });
});

describe('chat', () => {
  async function builtBot() {
    const bot = await newBot();
    expect((await req('POST', `/v1/bots/${bot.id}/build`)).status).toBe(200);
    return bot;
  }

  it('refuses chat on a bot never built with 409', async () => {
    const bot = await newBot();
    expectError(
      await req('POST', `/v1/bots/${bot.id}/chat`, { body: chatBody('u', 'hi') }),
      409,
      'conflict',
    );
  });

  it('keeps a conversation across a hold, then ends it; the next message starts anew', async () => {
    const bot = await builtBot();
    const first = await req('POST', `/v1/bots/${bot.id}/chat`, { body: chatBody('ada', 'hi') });
    expect(first.body).toMatchObject({
      conversation_end: false,
      client: { bot_id: bot.id, user_id: 'ada' },
      messages: [{ direction: 'SEND', interaction_order: 0, payload: { content_type: 'text' } }],
    });
    const conversationId = first.body.messages[0].conversation_id;
    const open = await req('POST', `/v1/bots/${bot.id}/conversations/open`, {
      body: { user_id: 'ada' },
    });
    expect(open.body).toMatchObject({
      has_open: true,
      conversation: {
        id: conversationId,
        flow_id: bot.flows[0].id,
        step_id: 'start',
        status: 'OPEN',
      },
    });
    const second = await req('POST', `/v1/bots/${bot.id}/chat`, { body: chatBody('ada', 'Ada') });
    expect(second.body.conversation_end).toBe(true);
    expect(second.body.messages[0].payload.content.text).toBe('Hi Ada');
    expect(second.body.messages[0].conversation_id).toBe(conversationId);
    const closed = await req('POST', `/v1/bots/${bot.id}/conversations/open`, {
      body: { user_id: 'ada' },
    });
    expect(closed.body).toEqual({ has_open: false, conversation: null });
    const third = await req('POST', `/v1/bots/${bot.id}/chat`, { body: chatBody('ada', 'again') });
    expect(third.body.messages[0].conversation_id).not.toBe(conversationId);
  });

  it('replays a request_id with the same body and refuses it with another', async () => {
    const bot = await builtBot();
    const body = chatBody('rid', 'hi', { request_id: 'req-1' });
    const first = await req('POST', `/v1/bots/${bot.id}/chat`, { body });
    const again = await req('POST', `/v1/bots/${bot.id}/chat`, { body });
    expect(again.body).toEqual(first.body);
    const other = await req('POST', `/v1/bots/${bot.id}/chat`, {
      body: chatBody('rid', 'different', { request_id: 'req-1' }),
    });
    expectError(other, 409, 'conflict');
    const next = await req('POST', `/v1/bots/${bot.id}/chat`, {
      body: chatBody('rid', 'Bob', { request_id: 'req-2' }),
    });
    expect(next.body.messages[0].payload.content.text).toBe('Hi Bob');
  });

  it('handles flow_trigger with and without close_flows', async () => {
    const bot = await builtBot();
    const first = await req('POST', `/v1/bots/${bot.id}/chat`, { body: chatBody('ft', 'hi') });
    const conversationId = first.body.messages[0].conversation_id;
    const trigger = (close: boolean) =>
      req('POST', `/v1/bots/${bot.id}/chat`, {
        body: {
          client: { user_id: 'ft' },
          payload: {
            content_type: 'flow_trigger',
            content: { flow_id: bot.flows[0].id, close_flows: close },
          },
        },
      });
    const kept = await trigger(false);
    expect(kept.body.messages[0].conversation_id).toBe(conversationId);
    expect(kept.body.messages[0].payload.content.text).toBe("What's your name?");
    const fresh = await trigger(true);
    expect(fresh.body.messages[0].conversation_id).not.toBe(conversationId);
  });

  it('keeps a conversation on its version when a new build lands', async () => {
    const bot = await builtBot();
    await req('POST', `/v1/bots/${bot.id}/chat`, { body: chatBody('pin', 'hi') });
    await req('PUT', `/v1/bots/${bot.id}/flows/${bot.flows[0].id}`, {
      body: { content: GREETER.replace('Hi {{name}}', 'Hello v2 {{name}}') },
    });
    await req('POST', `/v1/bots/${bot.id}/build`);
    const old = await req('POST', `/v1/bots/${bot.id}/chat`, { body: chatBody('pin', 'Ann') });
    expect(old.body.messages[0].payload.content.text).toBe('Hi Ann');
    await req('POST', `/v1/bots/${bot.id}/chat`, { body: chatBody('pin', 'x') });
    const now = await req('POST', `/v1/bots/${bot.id}/chat`, { body: chatBody('pin', 'Ann') });
    expect(now.body.messages[0].payload.content.text).toBe('Hello v2 Ann');
  });

  it('checks the chat body with the field at fault', async () => {
    const bot = await builtBot();
    const missing = await req('POST', `/v1/bots/${bot.id}/chat`, {
      body: { payload: { content_type: 'text', content: { text: 'x' } } },
    });
    expectError(missing, 400, 'bad_request');
    expect(missing.body.error.field).toBe('client');
    const noText = await req('POST', `/v1/bots/${bot.id}/chat`, {
      body: { client: { user_id: 'u' }, payload: { content_type: 'text', content: {} } },
    });
    expectError(noText, 400, 'bad_request');
    expect(noText.body.error.field).toBe('payload.content.text');
    const badType = await req('POST', `/v1/bots/${bot.id}/chat`, {
      body: { client: { user_id: 'u' }, payload: { content_type: 'sticker', content: {} } },
    });
    expect(badType.body.error.field).toBe('payload.content_type');
  });

  it('closes conversations on request and counts usage from messages', async () => {
    const bot = await builtBot();
    await req('POST', `/v1/bots/${bot.id}/chat`, { body: chatBody('c1', 'hi') });
    await req('POST', `/v1/bots/${bot.id}/chat`, { body: chatBody('c2', 'hi') });
    const closed = await req('POST', `/v1/bots/${bot.id}/conversations/close`, {
      body: { user_id: 'c1' },
    });
    expect(closed.body).toEqual({ closed: 1 });
    const usage = await req('GET', `/v1/bots/${bot.id}/usage`);
    // Two turns, each one user message and one bot message, from two clients.
    expect(usage.body).toEqual({
      currentmonth: { messages: 4, clients: 2 },
      last30d: { messages: 4, clients: 2 },
      lastmonth: { messages: 0, clients: 0 },
    });
  });
});

describe('the Studio surface /v1/api', () => {
  it('addresses the bound bot, or the one X-Parley-Bot names for an organization key', async () => {
    const bot = await newBot();
    const other = await newBot('Other');
    const bound = await newKey(['bots:read'], bot.id);
    const mine = await req('GET', '/v1/api/bot', { token: bound.token });
    expect(mine.body.id).toBe(bot.id);
    expectError(
      await req('GET', '/v1/api/bot', {
        token: bound.token,
        headers: { 'x-parley-bot': other.id },
      }),
      404,
      'not_found',
    );
    expectError(await req('GET', `/v1/bots/${other.id}`, { token: bound.token }), 404, 'not_found');
    const orgKey = await newKey(['bots:read']);
    const unnamed = await req('GET', '/v1/api/bot', { token: orgKey.token });
    expectError(unnamed, 400, 'bad_request');
    expect(unnamed.body.error.message).toContain('X-Parley-Bot');
    const named = await req('GET', '/v1/api/bot/flows', {
      token: orgKey.token,
      headers: { 'x-parley-bot': other.id },
    });
    expect(named.body.map((f: any) => f.name)).toEqual(['Default', 'Support']);
  });

  it('accepts signed requests and public mode on chat only', async () => {
    const bot = await newBot();
    await req('POST', `/v1/bots/${bot.id}/build`);
    const key = await newKey(['bots:read', 'conversations:write'], bot.id);
    const sign = (value: string) =>
      `sha256=${createHmac('sha256', key.secret).update(value).digest('hex')}`;
    const stamp = (offset = 0) => `${key.id}|${Math.floor(Date.now() / 1000) + offset}`;
    const signed = (value: string, signature = sign(value)) => ({
      token: null,
      headers: { 'x-api-key': value, 'x-api-signature': signature },
    });
    const now = stamp();
    expect((await req('GET', '/v1/api/bot', signed(now))).body.id).toBe(bot.id);
    expect(
      (
        await req(
          'GET',
          '/v1/api/bot',
          signed(now, sign(now).toUpperCase().replace('SHA256', 'sha256')),
        )
      ).status,
    ).toBe(200);
    expectError(await req('GET', '/v1/api/bot', signed(now, 'sha256=00')), 401, 'unauthorized');
    expectError(await req('GET', '/v1/api/bot', signed(stamp(-301))), 401, 'unauthorized');
    expectError(await req('GET', '/v1/api/bot', signed(stamp(301))), 401, 'unauthorized');
    const publicChat = await req('POST', '/v1/api/chat', {
      token: null,
      headers: { 'x-api-key': key.id },
      body: chatBody('web', 'hi'),
    });
    expect(publicChat.status).toBe(200);
    const publicRead = await req('GET', '/v1/api/bot', {
      token: null,
      headers: { 'x-api-key': key.id },
    });
    expectError(publicRead, 401, 'unauthorized');
    expect(publicRead.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a credential without the permission with 403', async () => {
    const bot = await newBot();
    const reader = await newKey(['bots:read'], bot.id);
    expectError(
      await req('PUT', '/v1/api/bot', { token: reader.token, body: { name: 'x' } }),
      403,
      'forbidden',
    );
    expectError(
      await req('POST', '/v1/bots', { token: reader.token, body: { name: 'x' } }),
      403,
      'forbidden',
    );
  });
});

describe('organization', () => {
  it('reads and sets the default bot', async () => {
    const bot = await newBot();
    const put = await req('PUT', '/v1/organization', { body: { defaultBotId: bot.id } });
    expect(put.body.defaultBotId).toBe(bot.id);
    expectError(
      await req('PUT', '/v1/organization', {
        body: { defaultBotId: '01900000-0000-7000-8000-000000000000' },
      }),
      404,
      'not_found',
    );
    const cleared = await req('PUT', '/v1/organization', { body: { defaultBotId: null } });
    expect(cleared.body.defaultBotId).toBeNull();
  });
});

describe('error shapes (§3)', () => {
  it('answers every error with a JSON body', async () => {
    const bot = await newBot();
    const malformed = await req('PUT', `/v1/bots/${bot.id}`, {
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expectError(malformed, 400, 'bad_request');
    const wrongType = await req('PUT', `/v1/bots/${bot.id}`, { body: { name: 42 } });
    expectError(wrongType, 400, 'bad_request');
    expect(wrongType.body.error.field).toBe('name');
    const notJson = await req('PUT', `/v1/bots/${bot.id}`, {
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(notJson, 415, 'bad_request');
    const huge = await req('PUT', `/v1/bots/${bot.id}`, {
      body: { description: 'x'.repeat(1024 * 1024 + 10) },
    });
    expectError(huge, 413, 'bad_request');
    expectError(await req('GET', '/v1/bots', { token: null }), 401, 'unauthorized');
    expectError(await req('GET', '/v1/bots', { token: 'pk_NOPE.secret' }), 401, 'unauthorized');
    expectError(await req('GET', '/v1/api/nothing-here'), 404, 'not_found');
    expectError(await req('PATCH', '/v1/api/bot'), 404, 'not_found');
    expectError(await req('GET', '/v1/bots/not-a-uuid'), 404, 'not_found');
    expectError(await req('GET', '/v1/api/broadcasts'), 404, 'not_found');
  });

  it('rate-limits a credential with 429 and Retry-After', async () => {
    const limited = await startTestServer({ PARLEY_RATE_LIMIT: '5' });
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => limited.request('GET', '/v1/bots')),
      );
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]!.body).toMatchObject({ error: { code: 'rate_limited' } });
      expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });
});
