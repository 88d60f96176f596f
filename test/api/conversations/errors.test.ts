/**
 * Every error path of the surface (conversations-api.md §2–§4): credentials (401), permissions
 * (403), unknown routes and ids (404), methods (405 with Allow), bodies (400, 413), 501 routes,
 * the `{message, code}` shape with a JSON type on each, and CORS for browsers (§2.5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { refusal, startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
let cid: string;
const ADMIN_TOKEN = 'a'.repeat(40);
beforeAll(async () => {
  f = await startFixture({
    PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
    PARLEY_CORS_ORIGINS: 'https://app.example',
  });
  cid = (await f.cbk.conversation.create({ botId: f.botId })).id;
});
afterAll(async () => {
  await f.close();
});

async function call(
  method: string,
  path: string,
  options: { token?: string | null; body?: string; headers?: Record<string, string> } = {},
) {
  const token = options.token === undefined ? f.secret : options.token;
  const response = await fetch(`${f.baseUrl}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? null : JSON.parse(text),
  };
}

describe('authentication (§3)', () => {
  it('answers 401 NOT_AUTHENTICATED to every bad credential, with a fixed message', async () => {
    const [keyId] = f.secret.split('.');
    const token = await fetch(`${f.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${keyId}:${f.secret.slice(keyId!.length + 1)}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    const accessToken = ((await token.json()) as any).access_token as string;
    const cases: (string | null)[] = [
      null,
      `${keyId}.wrong`,
      'pk_NOPE.secret',
      'one.two.three',
      'x',
      accessToken,
      ADMIN_TOKEN,
    ];
    for (const bearer of cases) {
      const response = await call('GET', `/api/v1/conversation/${cid}/fetch`, { token: bearer });
      expect([bearer, response.status, response.body]).toEqual([
        bearer,
        401,
        { message: 'Not authenticated', code: 'NOT_AUTHENTICATED' },
      ]);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }
    const basic = await call('GET', `/api/v1/conversation/${cid}/fetch`, {
      token: null,
      headers: { authorization: 'Basic abc' },
    });
    expect(basic.status).toBe(401);
    // The scheme is case-insensitive.
    const lower = await call('GET', `/api/v1/conversation/${cid}/fetch`, {
      token: null,
      headers: { authorization: `bearer ${f.secret}` },
    });
    expect(lower.status).toBe(200);
  });

  it('needs conversations:read for GET and conversations:write for POST (403)', async () => {
    const reader = f.client(await f.makeKey(['conversations:read']));
    expect((await reader.conversation.fetch(cid)).id).toBe(cid);
    expect(await refusal(reader.conversation.complete(cid, { text: 'x' }))).toEqual({
      code: 'NOT_AUTHORIZED',
      message: 'Not authorized',
    });
    const writer = f.client(await f.makeKey(['conversations:write']));
    expect((await writer.conversation.complete(cid, { text: 'x' })).text).toBe('you said: x');
    expect((await refusal(writer.conversation.list())).code).toBe('NOT_AUTHORIZED');
    const unrelated = f.client(await f.makeKey(['bots:read']));
    expect((await refusal(unrelated.conversation.fetch(cid))).code).toBe('NOT_AUTHORIZED');
  });

  it("answers 404 for another organization's or another surface's conversation", async () => {
    await f.server.request('POST', `/v1/bots/${f.botId}/chat`, {
      body: { client: { user_id: 'u' }, payload: { content_type: 'text', content: { text: 'x' } } },
    });
    const studio = await f.server.request('POST', `/v1/bots/${f.botId}/conversations/open`, {
      body: { user_id: 'u' },
    });
    const studioId = studio.body.conversation.id as string;
    expect(await refusal(f.cbk.conversation.fetch(studioId))).toEqual({
      code: 'NOT_FOUND',
      message: 'Not found',
    });
  });
});

describe('routes, methods and bodies (§2, §4)', () => {
  it('answers 404 to unknown paths and malformed ids, 405 with Allow to other methods', async () => {
    expect(await call('GET', '/api/v1/nothing/here')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect((await call('GET', '/api/v1/Conversation/list')).status).toBe(404);
    expect((await call('GET', `/api/v1/conversation/${'x'.repeat(65)}/fetch`)).status).toBe(404);
    expect((await call('GET', '/api/v1/conversation/a.b/fetch')).status).toBe(404);
    const wrong = await call('GET', `/api/v1/conversation/${cid}/complete`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.body.code).toBe('METHOD_NOT_ALLOWED');
    expect((await call('POST', `/v1/conversation/${cid}/fetch`, { body: '{}' })).status).toBe(405);
  });

  it('reads any body as JSON, an empty one as {}, and refuses what is not an object', async () => {
    const complete = (body: string | undefined, type?: string) =>
      call('POST', `/api/v1/conversation/${cid}/complete`, {
        ...(body === undefined ? {} : { body }),
        headers: type ? { 'content-type': type } : {},
      });
    expect((await complete('{"text":"hi"}', 'text/plain')).status).toBe(200);
    expect((await complete('{"text":"hi"}', 'application/octet-stream, text/plain')).status).toBe(
      200,
    );
    for (const bad of ['{nope', '[1]', 'null', '"text"']) {
      expect(await complete(bad)).toMatchObject({
        status: 400,
        body: { message: 'Invalid JSON body', code: 'BAD_REQUEST' },
      });
    }
    const empty = await call('POST', '/api/v1/conversation/create', {});
    expect(empty.status).toBe(200);
    expect((await complete('{"text":"  "}')).body).toEqual({
      message: '"text" must not be empty',
      code: 'BAD_REQUEST',
    });
  });

  it('names the first invalid field', async () => {
    expect(await refusal(f.cbk.conversation.complete(null, { messages: [] }))).toEqual({
      code: 'BAD_REQUEST',
      message: '"messages" must contain at least 1 items',
    });
    expect(await refusal(f.cbk.conversation.send(cid, {}))).toEqual({
      code: 'BAD_REQUEST',
      message: '"text" is required',
    });
    expect(
      (await refusal(f.cbk.conversation.create({ botId: f.botId, name: 'x'.repeat(257) }))).message,
    ).toBe('"name" must be at most 256 characters long');
    expect(
      (await refusal(f.cbk.conversation.complete(cid, { text: 'x', limits: { iterations: 0 } })))
        .message,
    ).toBe('"limits.iterations" must be an integer from 1 to 100');
    const fn = { name: 'f', description: 'd', parameters: { type: 'object', properties: {} } };
    expect(
      (await refusal(f.cbk.conversation.complete(cid, { text: 'x', functions: [fn, fn] }))).message,
    ).toBe('"functions[1].name" must be unique');
    expect(
      (
        await refusal(
          f.cbk.conversation.complete(cid, {
            text: 'x',
            functions: [{ ...fn, name: '1bad' }],
          }),
        )
      ).message,
    ).toMatch(/^"functions\[0\]\.name" must match/);
    expect(
      await refusal(
        f.cbk.conversation.complete(cid, {
          text: 'x',
          functions: [{ ...fn, result: { channel: 'c' } }],
        }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', message: 'function result channels are not supported' });
    expect(
      await refusal(
        f.cbk.conversation.complete(null, {
          botId: f.botId,
          messages: [{ type: 'user', text: 'x' }],
          attachments: [{ url: 'x' }],
        }),
      ),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: 'attachments are not supported in stateless complete',
    });
    expect(
      await refusal(
        f.cbk.conversation.complete(null, {
          botId: f.botId,
          messages: [{ type: 'bot', text: 'x' }],
        }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', message: 'messages must contain a user message' });
  });

  it('answers 413 CONTENT_TOO_LARGE above 1 MiB', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(1_100_000) });
    const response = await call('POST', `/api/v1/conversation/${cid}/send`, { body: big });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('CONTENT_TOO_LARGE');
  });

  it('answers 501 NOT_IMPLEMENTED to the known routes Parley lacks', async () => {
    for (const [method, path] of [
      ['POST', '/api/v1/conversation/dispatch'],
      ['GET', '/api/v1/conversation/export'],
      ['POST', `/api/v1/conversation/${cid}/upvote`],
      ['POST', `/v1/conversation/${cid}/downvote`],
      ['POST', `/api/v1/conversation/${cid}/dispatch`],
      ['POST', `/api/v1/conversation/${cid}/compact`],
      ['GET', `/api/v1/conversation/${cid}/usage/fetch`],
      ['POST', `/api/v1/conversation/${cid}/message/m1/synthesize`],
    ] as const) {
      const response = await call(method, path, method === 'POST' ? { body: '{}' } : {});
      expect([path, response.status, response.body.code]).toEqual([path, 501, 'NOT_IMPLEMENTED']);
    }
    expect(await refusal(f.cbk.conversation.upvote(cid, {}))).toMatchObject({
      code: 'NOT_IMPLEMENTED',
    });
  });

  it('never answers a 2xx without a JSON body', async () => {
    const deleted = await call(
      'POST',
      `/api/v1/conversation/${(await f.cbk.conversation.create({ botId: f.botId })).id}/delete`,
      { body: '{}' },
    );
    expect(deleted.status).toBe(200);
    expect(deleted.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('ignores X-Timezone and the run-as headers', async () => {
    const response = await call('POST', `/api/v1/conversation/${cid}/complete`, {
      body: '{"text":"tz"}',
      headers: {
        'x-timezone': 'Not/AZone',
        'x-runas-user-id': 'u',
        'x-runas-child-user-email': 'e@x.y',
      },
    });
    expect(response.status).toBe(200);
  });
});

describe('CORS (§2.5)', () => {
  it('answers preflights unauthenticated, echoing listed origins and requested headers', async () => {
    const response = await fetch(`${f.baseUrl}/api/v1/conversation/${cid}/complete`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-custom',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, OPTIONS');
    const allowed = response.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const header of [
      'authorization',
      'content-type',
      'accept',
      'x-timezone',
      'idempotency-key',
      'x-custom',
    ]) {
      expect(allowed).toContain(header);
    }
    expect(response.headers.get('access-control-max-age')).toBe('86400');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('puts Allow-Origin and Vary on answers, errors and streams', async () => {
    const headers = { origin: 'https://app.example' };
    const ok = await call('GET', `/api/v1/conversation/${cid}/fetch`, { headers });
    const error = await call('GET', '/api/v1/conversation/zzz/fetch', { headers });
    const stream = await fetch(`${f.baseUrl}/api/v1/conversation/${cid}/complete`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${f.secret}`, accept: 'application/jsonl' },
      body: '{"text":"x"}',
    });
    await stream.text();
    for (const response of [ok, error, stream]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(response.headers.get('vary')).toContain('Origin');
    }
    const other = await call('GET', `/api/v1/conversation/${cid}/fetch`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
