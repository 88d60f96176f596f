/**
 * App() through the engine against a real local apps endpoint (csml.md §18.3): the POST of
 * `{client, function_id, data}`, the response's `data` back to the flow, and its failures.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { botVersion, outboundEngine, said, turn } from './fixture.js';
import { json, startUpstream } from './upstream.js';
import type { Upstream } from './upstream.js';

let apps: Upstream;

beforeAll(async () => {
  apps = await startUpstream();
});
afterAll(async () => {
  await apps.close();
});
beforeEach(() => {
  apps.seen.length = 0;
  apps.handler = (request, response) => {
    const call = JSON.parse(request.body) as { function_id: string; data: { name?: string } };
    json(response, 200, {
      data: { greeting: `hello ${call.data.name ?? '?'}`, fn: call.function_id, n: [1, 2.5] },
    });
  };
});

const GREET = `start:
  do res = App("greet", name = "Ann", tags = ["a"], age = 30)
  say res.greeting
  say res.fn
  say res.n
  goto end`;

describe('App() with PARLEY_ALLOW_REMOTE_FETCH on', () => {
  it('POSTs client, function_id and data to the apps endpoint and yields the data', async () => {
    const engine = outboundEngine({ allow: true });
    const version = botVersion(GREET, { appsEndpoint: `${apps.url}/apps` });
    const outcome = await turn(engine, version, 'hi');
    expect(said(outcome)).toEqual(['hello Ann', 'greet', [1, 2.5]]);
    expect(apps.seen).toHaveLength(1);
    const [seen] = apps.seen;
    expect(seen?.method).toBe('POST');
    expect(seen?.url).toBe('/apps');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen?.body ?? '')).toEqual({
      client: { bot_id: 'bot-1', channel_id: 'pk_test', user_id: 'user-1' },
      function_id: 'greet',
      data: { name: 'Ann', tags: ['a'], age: 30 },
    });
  });

  it("names a non-Studio conversation's channel and memory user key as the client", async () => {
    const engine = outboundEngine({ allow: true });
    const version = botVersion(GREET, { appsEndpoint: `${apps.url}/apps` });
    await turn(engine, version, 'hi', {
      channel: 'conversations',
      externalKey: 'c-1',
      userKey: 'conversations:contact-9',
    });
    expect(JSON.parse(apps.seen[0]?.body ?? '').client).toEqual({
      bot_id: 'bot-1',
      channel_id: 'conversations',
      user_id: 'conversations:contact-9',
    });
  });

  it('reports an error status, an answer without data, and no endpoint inline', async () => {
    apps.handler = (request, response) => {
      const call = JSON.parse(request.body) as { function_id: string };
      if (call.function_id === 'broken') json(response, 503, { oops: true });
      else json(response, 200, { result: 'no data key' });
    };
    const engine = outboundEngine({ allow: true });
    const content = `start:
  do a = App("broken")
  say [a.is_error(), a.get_info("status")]
  do b = App("shapeless")
  say b.is_error()
  goto end`;
    const outcome = await turn(engine, botVersion(content, { appsEndpoint: apps.url }), 'hi');
    expect(said(outcome)).toEqual([
      'error: Apps service: status code 503 at line 2, column 10 at flow [main]',
      [true, 503],
      "error: bad format: no 'data' in HTTP response at line 4, column 10 at flow [main]",
      'true',
    ]);
    const none = await turn(engine, botVersion(content), 'hi', { externalKey: 'pk_test:other' });
    expect(said(none)[0]).toBe(
      'error: App can not be called because apps_endpoint is not set in bot at line 2, column 10 at flow [main]',
    );
  });

  it('hides the endpoint when it cannot be reached', async () => {
    const engine = outboundEngine({ allow: true });
    const version = botVersion(GREET, { appsEndpoint: 'http://127.0.0.1:1/apps' });
    expect(said(await turn(engine, version, 'hi'))[0]).toBe(
      'error: Apps service: error at line 2, column 12 at flow [main]',
    );
  });
});

describe('App() with PARLEY_ALLOW_REMOTE_FETCH off', () => {
  it('refuses the call and sends nothing', async () => {
    const engine = outboundEngine({ allow: false });
    const version = botVersion(GREET, { appsEndpoint: `${apps.url}/apps` });
    expect(said(await turn(engine, version, 'hi'))[0]).toBe(
      `error: request blocked by host policy: POST ${apps.url}/apps at line 2, column 12 at flow [main]`,
    );
    expect(apps.seen).toHaveLength(0);
  });
});
