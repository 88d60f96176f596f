/**
 * End to end: a bot on a real Parley server with PARLEY_ALLOW_REMOTE_FETCH on calls a local
 * HTTP server and a local apps endpoint from its flow; with it off, nothing goes out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer } from '../../api/harness.js';
import type { TestServer } from '../../api/harness.js';
import { json, startUpstream } from './upstream.js';
import type { Upstream } from './upstream.js';

let remote: Upstream;

beforeAll(async () => {
  remote = await startUpstream();
  remote.handler = (request, response) => {
    if (request.url === '/apps') {
      const call = JSON.parse(request.body) as { data: { city: string } };
      json(response, 200, { data: { forecast: `sunny in ${call.data.city}` } });
    } else json(response, 200, { temperature: 21, unit: 'C', query: request.url });
  };
});
afterAll(async () => {
  await remote.close();
});

function weatherFlow(url: string): string {
  return `start:
  say "Which city?"
  hold
  do city = event
  do res = HTTP("${url}/weather").query({"city": city}).send()
  say "{{res.temperature}}{{res.unit}} ({{res.query}})"
  do app = App("forecast", city = city)
  say app.forecast
  goto end`;
}

async function chatWith(server: TestServer, allow: boolean): Promise<string[]> {
  const created = await server.request('POST', '/v1/bots', {
    body: {
      name: `Weather ${allow ? 'on' : 'off'}`,
      flows: [{ name: 'Default', content: weatherFlow(remote.url) }],
      settings: { appsEndpoint: `${remote.url}/apps` },
    },
  });
  expect(created.status).toBe(201);
  const botId = created.body.id as string;
  expect((await server.request('POST', `/v1/bots/${botId}/build`)).status).toBe(200);
  const say = async (text: string) => {
    const answer = await server.request('POST', `/v1/bots/${botId}/chat`, {
      body: { client: { user_id: 'ann' }, payload: { content_type: 'text', content: { text } } },
    });
    expect(answer.status).toBe(200);
    return (
      answer.body.messages as { payload: { content: { text?: string; error?: string } } }[]
    ).map((m) => m.payload.content.text ?? `error: ${m.payload.content.error ?? ''}`);
  };
  expect(await say('hi')).toEqual(['Which city?']);
  return say('Paris');
}

describe('a bot calling out through a real server', () => {
  it('with PARLEY_ALLOW_REMOTE_FETCH=1: HTTP().send() and App() reach the local servers', async () => {
    const server = await startTestServer({ PARLEY_ALLOW_REMOTE_FETCH: '1' });
    try {
      remote.seen.length = 0;
      expect(await chatWith(server, true)).toEqual(['21C (/weather?city=Paris)', 'sunny in Paris']);
      expect(remote.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
        'GET /weather?city=Paris',
        'POST /apps',
      ]);
      const appCall = JSON.parse(remote.seen[1]?.body ?? '') as {
        client: { channel_id: string; user_id: string };
      };
      expect(appCall.client.user_id).toBe('ann');
      expect(appCall.client.channel_id).toMatch(/^pk_/);
    } finally {
      await server.close();
    }
  });

  it('without it: both are refused inline and nothing goes out', async () => {
    const server = await startTestServer();
    try {
      remote.seen.length = 0;
      const refusals = (await chatWith(server, false)).filter((t) => t.includes('host policy'));
      expect(refusals).toEqual([
        expect.stringMatching(
          /^error: request blocked by host policy: GET http:\/\/127\.0\.0\.1:\d+\/weather at line 5/,
        ),
        expect.stringMatching(
          /^error: request blocked by host policy: POST http:\/\/127\.0\.0\.1:\d+\/apps at line 7/,
        ),
      ]);
      expect(remote.seen).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});
