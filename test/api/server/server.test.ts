/**
 * Built-in routes, request ids, CORS, the Studio rate limit and JSON answers, on a real server.
 */
import { Writable } from 'node:stream';

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer } from './fixture.js';
import type { TestServer } from './fixture.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t.close();
});

describe('built-in routes', () => {
  it('answers /healthz without credentials', async () => {
    const answer = await t.call('GET', '/healthz', { token: null });
    expect([answer.status, answer.json]).toEqual([200, { status: 'ok' }]);
  });

  it('answers /readyz from the store probe', async () => {
    const ready = await t.call('GET', '/readyz', { token: null });
    expect([ready.status, ready.json]).toEqual([200, { status: 'ready' }]);
    const down = await startServer({}, { ping: () => Promise.reject(new Error('ECONNREFUSED')) });
    try {
      const answer = await down.call('GET', '/readyz', { token: null });
      expect([answer.status, answer.json]).toEqual([503, { status: 'unavailable' }]);
      // Liveness does not depend on the store.
      expect((await down.call('GET', '/healthz', { token: null })).status).toBe(200);
    } finally {
      await down.close();
    }
  });

  it('serves an OpenAPI 3.1 document of the routes', async () => {
    const answer = await t.call('GET', '/openapi.json', { token: null });
    expect(answer.status).toBe(200);
    const doc = answer.json;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Parley API', version: expect.any(String) });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/readyz',
        '/openapi.json',
        '/v1/bots/{botId}/echo',
        '/v1/bots/{botId}',
        '/api/v2/textbots/bots/execute',
        '/v1/conversation/create',
        '/oauth/token',
      ]),
    );
    const echo = doc.paths['/v1/bots/{botId}/echo'].post;
    expect(echo.summary).toBe('Echo the body');
    expect(echo.tags).toEqual(['Dummy']);
    expect(echo.parameters).toEqual([
      { name: 'botId', in: 'path', required: true, schema: { type: 'string', minLength: 3 } },
    ]);
    expect(echo.requestBody.required).toBe(true);
    const bodySchema = echo.requestBody.content['application/json'].schema;
    expect(bodySchema.properties.client.properties.user_id).toEqual({ type: 'string' });
    expect(bodySchema.required).toEqual(['client']);
    expect(echo.responses['200'].content['application/json'].schema.properties.botId).toEqual({
      type: 'string',
    });
    expect(echo.responses.default.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/StudioError',
    );
    expect(echo.security).toEqual([{ bearer: [] }, { apiKey: [], apiSignature: [] }]);
    expect(echo['x-permissions']).toEqual({ anyOf: ['bots:read'] });
    expect(doc.paths['/v1/bots/{botId}/maybe'].put.requestBody.required).toBe(false);
    expect(doc.paths['/v1/api/numbers'].get.parameters).toEqual([
      { name: 'n', in: 'query', required: false, schema: { type: 'integer', ...intRange() } },
    ]);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(Object.keys(doc.paths['/oauth/token'].post.requestBody.content)).toEqual([
      'application/x-www-form-urlencoded',
    ]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.TextbotsErrorBody.required).toContain('contextId');
    // Every $ref resolves inside the document.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = /#\/components\/schemas\/([^"]+)/.exec(ref)?.[1];
      expect(name && doc.components.schemas[name], ref).toBeTruthy();
    }
  });

  it('renders the document at /docs without anything from the network', async () => {
    const page = await t.fetch('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    const script = await t.fetch('/docs/static/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    // Swagger UI's default validator badge would call validator.swagger.io.
    const initializer = await (await t.fetch('/docs/static/swagger-initializer.js')).text();
    expect(initializer).toContain('validatorUrl: null');
    const served = await t.fetch('/docs/json');
    const servedDoc: any = await served.json();
    expect(servedDoc.paths['/v1/bots/{botId}/echo']).toBeDefined();
  });
});

/** What z.coerce.number().int() allows, as zod writes it. */
function intRange() {
  return { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };
}

describe('request ids', () => {
  it('echoes a sane X-Request-Id and replaces an insane one', async () => {
    const kept = await t.call('GET', '/v1/api/numbers', {
      headers: { 'x-request-id': 'abc-123.X_y' },
    });
    expect(kept.headers.get('x-request-id')).toBe('abc-123.X_y');
    for (const insane of ['has space', 'x'.repeat(129), 'semi;colon']) {
      const replaced = await t.call('GET', '/v1/api/numbers', {
        headers: { 'x-request-id': insane },
      });
      expect(replaced.headers.get('x-request-id')).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });

  it('gives the handler the same id, and puts it on errors', async () => {
    const echo = await t.call('POST', '/v1/bots/bot-1/echo', {
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-42' },
      body: '{"client":{"user_id":"u"}}',
    });
    expect(echo.json.requestId).toBe('req-42');
    const error = await t.call('GET', '/nope', { headers: { 'x-request-id': 'req-43' } });
    expect(error.headers.get('x-request-id')).toBe('req-43');
  });
});

describe('logging', () => {
  it('writes one line per request, without credentials, bodies or query strings', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(
          ...chunk
            .toString()
            .split('\n')
            .filter((line) => line !== ''),
        );
        done();
      },
    });
    const logged = await startServer({}, undefined, pino({ level: 'info' }, sink));
    try {
      await logged.call('POST', '/v1/bots/bot-1/echo?secret=q1', {
        headers: {
          'content-type': 'application/json',
          'x-request-id': 'log-1',
          'x-api-key': 'pk_abc|123',
          'x-api-signature': 'sha256=ff',
        },
        body: '{"client":{"user_id":"body-secret"}}',
      });
      await logged.call('GET', '/v1/api/boom', { headers: { 'x-request-id': 'log-2' } });
    } finally {
      await logged.close();
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const first = entries.filter((entry) => entry.reqId === 'log-1');
    expect(first).toEqual([
      expect.objectContaining({
        msg: 'request',
        method: 'POST',
        url: '/v1/bots/bot-1/echo',
        status: 200,
        ms: expect.any(Number),
      }),
    ]);
    const failure = entries.find(
      (entry) => entry.reqId === 'log-2' && entry.msg === 'request failed',
    );
    expect(failure).toMatchObject({ err: { message: expect.stringContaining('db.internal') } });
    const all = lines.join('\n');
    for (const secret of ['Bearer good', 'pk_abc', 'sha256=ff', 'body-secret', 'q1']) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('CORS', () => {
  it('answers a Studio preflight without credentials', async () => {
    const answer = await t.fetch('/v1/api/bot', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'x-api-key, x-custom',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-allow-methods')).toBe(
      'GET, POST, PUT, DELETE, OPTIONS',
    );
    const allowed = answer.headers.get('access-control-allow-headers')!.split(', ');
    expect(allowed).toEqual(
      expect.arrayContaining([
        'Authorization',
        'Content-Type',
        'X-Api-Key',
        'X-Api-Signature',
        'X-Parley-Bot',
        'Idempotency-Key',
        'X-Request-Id',
        'x-custom',
      ]),
    );
    expect(answer.headers.get('access-control-max-age')).toBe('86400');
    expect(await answer.text()).toBe('');
  });

  it('answers a Conversations preflight with its methods', async () => {
    const answer = await t.fetch('/api/v1/conversation/abc/complete', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, OPTIONS');
    expect(answer.headers.get('access-control-allow-headers')).toContain('X-Timezone');
  });

  it('sends no CORS on Textbots', async () => {
    const answer = await t.fetch('/api/v2/textbots/bots/execute', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example' },
    });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('echoes listed origins only', async () => {
    const listed = await startServer({
      PARLEY_CORS_ORIGINS: 'https://a.example, http://localhost:5173',
    });
    try {
      const ok = await listed.call('GET', '/v1/api/numbers', {
        headers: { origin: 'http://localhost:5173' },
      });
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(ok.headers.get('vary')).toContain('Origin');
      const other = await listed.call('GET', '/v1/api/numbers', {
        headers: { origin: 'https://evil.example' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const error = await listed.call('GET', '/v1/nothing', {
        headers: { origin: 'https://a.example' },
      });
      expect(error.headers.get('access-control-allow-origin')).toBe('https://a.example');
    } finally {
      await listed.close();
    }
  });
});

describe('Studio rate limit', () => {
  it('refuses a credential over its rate with 429 and Retry-After, per credential', async () => {
    const limited = await startServer({ PARLEY_RATE_LIMIT: '3' });
    try {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await limited.call('GET', '/v1/api/numbers'));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
      const refused = answers[3]!;
      expect(refused.json.error.code).toBe('rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another credential has its own bucket; unauthenticated routes are not limited.
      expect((await limited.call('GET', '/v1/api/numbers', { token: 'other' })).status).toBe(200);
      expect((await limited.call('GET', '/healthz', { token: null })).status).toBe(200);
      // Other surfaces are not limited.
      const textbots = await limited.call('POST', '/api/v2/textbots/bots/execute', {
        headers: { 'content-type': 'application/json' },
        body: '{"botId":"b","message":{"text":"hi"}}',
      });
      expect(textbots.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await limited.call('GET', '/v1/api/numbers')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('answers', () => {
  it('writes integers beyond 2^53 as digits with the JSON content type', async () => {
    const answer = await t.call('GET', '/v1/api/numbers?n=1&n=7');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.text).toBe('{"big":12345678901234567890,"negative":-9007199254740993,"n":7}');
  });

  it('answers 204 with no body and no content type', async () => {
    const answer = await t.fetch('/v1/bots/bot-1', {
      method: 'DELETE',
      headers: { authorization: 'Bearer good' },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('content-type')).toBeNull();
    expect(await answer.text()).toBe('');
  });

  it('answers a malformed URL in the surface shape', async () => {
    const studio = await t.call('GET', '/v1/api/%zz');
    expect([studio.status, studio.json?.error?.code]).toEqual([400, 'bad_request']);
    const conversations = await t.call('GET', '/v1/conversation/%zz/fetch');
    expect([conversations.status, conversations.json?.code]).toEqual([400, 'BAD_REQUEST']);
  });

  it('answers HEAD on GET routes', async () => {
    const answer = await t.fetch('/healthz', { method: 'HEAD' });
    expect(answer.status).toBe(200);
  });
});
