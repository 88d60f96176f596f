/**
 * Parley's native conversation routes, read by the web studio: a bot's conversations on every
 * channel (newest first, paged by `before`), one conversation, its transcript (paged by
 * `after`), and chat's `version_id` to talk to a chosen build.
 */
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

const ECHO = `start:
  say "You said {{event}}"
  say Question("More?", buttons = [Button("Yes", payload = "yes")])
  hold
  say "Bye"
  goto end`;

async function builtBot(content = ECHO) {
  const bot = await server.request('POST', '/v1/bots', {
    body: { name: 'Echo', flows: [{ name: 'Default', content }] },
  });
  expect(bot.status).toBe(201);
  const build = await server.request('POST', `/v1/bots/${bot.body.id}/build`);
  expect(build.status).toBe(200);
  return {
    botId: bot.body.id as string,
    flowId: bot.body.flows[0].id as string,
    versionId: build.body.version_id as string,
  };
}

const chat = (botId: string, user: string, text: string, extra: object = {}) =>
  server.request('POST', `/v1/bots/${botId}/chat`, {
    body: {
      client: { user_id: user },
      payload: { content_type: 'text', content: { text } },
      ...extra,
    },
  });

describe('bot conversations', () => {
  it('lists conversations newest first in pages, with channel, status and activity', async () => {
    const { botId } = await builtBot();
    for (let i = 0; i < 5; i++) expect((await chat(botId, `user-${i}`, 'hi')).status).toBe(200);
    // user-0 ends their conversation: closed.
    await server.request('POST', `/v1/bots/${botId}/chat`, {
      body: {
        client: { user_id: 'user-0' },
        payload: { content_type: 'payload', content: { payload: 'yes' } },
      },
    });

    const first = await server.request('GET', `/v1/bots/${botId}/conversations?limit=2`);
    expect(first.status).toBe(200);
    // Studio chat's client key: `<channel_id>:<user_id>`, the channel being the key's id.
    const channel = server.adminToken.split('.')[0];
    expect(first.body.items.map((c: any) => c.user)).toEqual([
      `${channel}:user-4`,
      `${channel}:user-3`,
    ]);
    expect(first.body.items[0]).toMatchObject({ channel: 'studio', status: 'open', turns: 1 });
    expect(first.body.next_before).toBe(first.body.items[1].id);

    const seen = [...first.body.items];
    let before = first.body.next_before as string | null;
    while (before) {
      const page = await server.request(
        'GET',
        `/v1/bots/${botId}/conversations?limit=2&before=${before}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      before = page.body.next_before;
    }
    expect(seen.map((c) => c.user)).toEqual([4, 3, 2, 1, 0].map((i) => `${channel}:user-${i}`));
    const ended = seen.at(-1);
    expect(ended).toMatchObject({ status: 'closed', turns: 2 });
    expect(Date.parse(ended.last_activity_at)).toBeGreaterThanOrEqual(Date.parse(ended.created_at));

    const one = await server.request('GET', `/v1/bots/${botId}/conversations/${ended.id}`);
    expect(one.body).toEqual(ended);
  });

  it('shows a transcript: the user events and bot payloads in order, paged', async () => {
    const { botId } = await builtBot();
    await chat(botId, 'reader', 'héllo 日本 🎉');
    await server.request('POST', `/v1/bots/${botId}/chat`, {
      body: {
        client: { user_id: 'reader' },
        payload: { content_type: 'payload', content: { payload: 'yes' } },
      },
    });
    const [conversation] = (await server.request('GET', `/v1/bots/${botId}/conversations`)).body
      .items;
    const all = await server.request(
      'GET',
      `/v1/bots/${botId}/conversations/${conversation.id}/messages`,
    );
    expect(all.status).toBe(200);
    expect(all.body.next_after).toBeNull();
    const items = all.body.items as any[];
    expect(items.map((m) => [m.seq, m.direction, m.payload.content_type])).toEqual([
      [1, 'user', 'text'],
      [2, 'bot', 'text'],
      [3, 'bot', 'question'],
      [4, 'user', 'payload'],
      [5, 'bot', 'text'],
    ]);
    expect(items[0].payload.content.text).toBe('héllo 日本 🎉');
    expect(items[1].payload.content.text).toBe('You said héllo 日本 🎉');
    expect(items[2].payload.content.buttons[0].content.title).toBe('Yes');

    const page = await server.request(
      'GET',
      `/v1/bots/${botId}/conversations/${conversation.id}/messages?limit=2&after=2`,
    );
    expect(page.body.items.map((m: any) => m.seq)).toEqual([3, 4]);
    expect(page.body.next_after).toBe(4);
  });

  it('starts conversations on a chosen version, giving way when the version changes', async () => {
    const {
      botId,
      flowId,
      versionId: v1,
    } = await builtBot('start:\n  say "one"\n  hold\n  say "one again"\n  goto end');
    await server.request('PUT', `/v1/bots/${botId}/flows/${flowId}`, {
      body: { content: 'start:\n  say "two"\n  hold\n  say "two again"\n  goto end' },
    });
    const v2 = (await server.request('POST', `/v1/bots/${botId}/build`)).body.version_id as string;
    const said = (answer: any) => answer.body.messages.map((m: any) => m.payload.content.text);

    expect(said(await chat(botId, 'picker', 'a'))).toEqual(['two']);
    // The open conversation is on v2: asking for v1 closes it and starts anew on v1.
    expect(said(await chat(botId, 'picker', 'b', { version_id: v1 }))).toEqual(['one']);
    expect(said(await chat(botId, 'picker', 'c', { version_id: v1 }))).toEqual(['one again']);
    expect(said(await chat(botId, 'picker', 'd', { version_id: v2 }))).toEqual(['two']);

    const list = (await server.request('GET', `/v1/bots/${botId}/conversations`)).body.items;
    expect(list.map((c: any) => [c.version_id, c.status])).toEqual([
      [v2, 'open'],
      [v1, 'closed'],
      [v2, 'closed'],
    ]);
  });

  it("answers bad input and other bots' ids with clear errors", async () => {
    const { botId } = await builtBot();
    const other = await builtBot();
    await chat(other.botId, 'x', 'hi');
    const [foreign] = (await server.request('GET', `/v1/bots/${other.botId}/conversations`)).body
      .items;

    const cases: [string, number, string, string?][] = [
      [`/v1/bots/${botId}/conversations/${foreign.id}`, 404, 'not_found'],
      [`/v1/bots/${botId}/conversations/${foreign.id}/messages`, 404, 'not_found'],
      [`/v1/bots/${botId}/conversations/not-an-id`, 404, 'not_found'],
      [`/v1/bots/${botId}/conversations?before=${foreign.id}`, 400, 'bad_request', 'before'],
      [`/v1/bots/${botId}/conversations?limit=0`, 400, 'bad_request', 'limit'],
      [`/v1/bots/${botId}/conversations?limit=abc`, 400, 'bad_request', 'limit'],
      [
        `/v1/bots/${botId}/conversations/${foreign.id}/messages?after=-1`,
        400,
        'bad_request',
        'after',
      ],
    ];
    for (const [url, status, code, field] of cases) {
      const answer = await server.request('GET', url);
      expect(answer.status, url).toBe(status);
      expect(answer.body.error.code, url).toBe(code);
      if (field) expect(answer.body.error.field, url).toBe(field);
    }
    const badVersion = await chat(botId, 'x', 'hi', { version_id: other.versionId });
    expect(badVersion.status).toBe(404);
    expect(badVersion.body.error).toMatchObject({ code: 'not_found', field: 'version_id' });

    // A key without conversations:read may not list.
    const key = await server.request('POST', '/v1/keys', {
      body: { permissions: ['bots:read'], name: 'r' },
    });
    const refused = await server.request('GET', `/v1/bots/${botId}/conversations`, {
      token: key.body.token,
    });
    expect(refused.status).toBe(403);
  });
});
