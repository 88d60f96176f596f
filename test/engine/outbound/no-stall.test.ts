/**
 * A turn waiting for a slow remote service holds neither its conversation's transaction nor
 * the store: on one SQLite server, another conversation's turn is answered meanwhile.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { startTestServer } from '../../api/harness.js';
import type { TestServer } from '../../api/harness.js';
import { json, startUpstream } from './upstream.js';
import type { Upstream } from './upstream.js';

let remote: Upstream;
let server: TestServer;

beforeAll(async () => {
  remote = await startUpstream();
  remote.handler = (_request, response) => {
    setTimeout(() => {
      json(response, 200, { ok: true });
    }, 1_500);
  };
  server = await startTestServer({ PARLEY_ALLOW_REMOTE_FETCH: '1' });
});
afterAll(async () => {
  await server.close();
  await remote.close();
});

async function builtBot(name: string, content: string): Promise<string> {
  const created = await server.request('POST', '/v1/bots', {
    body: { name, flows: [{ name: 'Default', content }] },
  });
  const botId = created.body.id as string;
  expect((await server.request('POST', `/v1/bots/${botId}/build`)).status).toBe(200);
  return botId;
}

const chat = (botId: string, user: string) =>
  server.request('POST', `/v1/bots/${botId}/chat`, {
    body: { client: { user_id: user }, payload: { content_type: 'text', content: { text: 'hi' } } },
  });

it('answers other turns while one waits for a remote service', async () => {
  const slow = await builtBot(
    'Slow',
    `start:\n  do r = HTTP("${remote.url}/slow").send()\n  say "remote ok: {{r.ok}}"\n  goto end`,
  );
  const quick = await builtBot('Quick', 'start:\n  say "quick"\n  goto end');
  const order: string[] = [];
  const slowTurn = chat(slow, 'a').then((answer) => {
    order.push('slow');
    return answer;
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  const quickAnswer = await chat(quick, 'b');
  const quickMs = performance.now() - started;
  order.push('quick');
  const slowAnswer = await slowTurn;
  expect(quickAnswer.body.messages[0].payload.content.text).toBe('quick');
  expect(slowAnswer.body.messages[0].payload.content.text).toBe('remote ok: true');
  expect(order).toEqual(['quick', 'slow']);
  expect(quickMs).toBeLessThan(1_000);
});
