/**
 * Every error has a JSON body in its surface's shape, chosen by the route or, without one, by
 * the path prefix (ARCHITECTURE.md "HTTP server"); bodies are read by the surface's rules.
 */
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

const JSON_HEADERS = { 'content-type': 'application/json' };

function expectStudio(
  answer: { status: number; headers: Headers; json: any },
  status: number,
  code: string,
) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(answer.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]+$/);
  expect(answer.json.error.code).toBe(code);
  expect(typeof answer.json.error.message).toBe('string');
  expect(answer.json.error.message).not.toBe('');
}

describe('unknown routes, by prefix', () => {
  it('answers the Studio shape under /v1/api, /v1/bots, /v1/keys, /v1/organization', async () => {
    for (const path of [
      '/v1/api/nothing',
      '/v1/bots/x/y/z',
      '/v1/keys/k/x',
      '/v1/organization/x',
    ]) {
      expectStudio(await t.call('GET', path), 404, 'not_found');
    }
  });

  it('answers the Studio shape elsewhere', async () => {
    expectStudio(await t.call('GET', '/nothing-here', { token: null }), 404, 'not_found');
    expectStudio(await t.call('GET', '/', { token: null }), 404, 'not_found');
  });

  it('answers a Genesys ErrorBody under /api/v2', async () => {
    const answer = await t.call('GET', '/api/v2/textbots/bots/search');
    expect(answer.status).toBe(404);
    const correlation = answer.headers.get('inin-correlation-id');
    expect(correlation).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.json).toEqual({
      message: 'The requested resource was not found.',
      code: 'not.found',
      status: 404,
      contextId: correlation,
      details: [],
      errors: [],
    });
  });

  it('answers the OAuth shape on /oauth/token', async () => {
    const answer = await t.call('GET', '/oauth/token', { token: null });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      error: 'invalid_request',
      error_description: expect.any(String),
    });
  });

  it('answers the Conversations shape under /api/v1 and every other /v1', async () => {
    for (const path of ['/api/v1/conversation/list', '/v1/contact/list', '/v1']) {
      const answer = await t.call('GET', path);
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ message: expect.any(String), code: 'NOT_FOUND' });
    }
  });

  it('answers 405 with Allow on the Conversations surface, 404 on Studio', async () => {
    const conversations = await t.call('GET', '/v1/conversation/create');
    expect(conversations.status).toBe(405);
    expect(conversations.json.code).toBe('METHOD_NOT_ALLOWED');
    expect(conversations.headers.get('allow')).toBe('POST');
    expectStudio(await t.call('PATCH', '/v1/bots/abc'), 404, 'not_found');
  });
});

describe('request bodies', () => {
  it('reads JSON and answers it, unsafe integers exact', async () => {
    const answer = await t.call('POST', '/v1/bots/bot-1/echo', {
      headers: JSON_HEADERS,
      body: '{"client":{"user_id":"u1"},"payload":{"n":123456789012345678901,"f":1.5}}',
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"n":123456789012345678901');
    expect(answer.json.body.payload.f).toBe(1.5);
  });

  it('refuses malformed JSON with the position', async () => {
    const answer = await t.call('POST', '/v1/bots/bot-1/echo', {
      headers: JSON_HEADERS,
      body: '{"client": {"user_id": "u1",}}',
    });
    expectStudio(answer, 400, 'bad_request');
    expect(answer.json.error.message).toMatch(/^malformed JSON: .*position \d+/);
  });

  it('names the field of a wrong type', async () => {
    const answer = await t.call('POST', '/v1/bots/bot-1/echo', {
      headers: JSON_HEADERS,
      body: '{"client":{"user_id":42}}',
    });
    expectStudio(answer, 400, 'bad_request');
    expect(answer.json.error).toEqual({
      code: 'bad_request',
      message: '"client.user_id" must be a string',
      field: 'client.user_id',
    });
    const missing = await t.call('POST', '/v1/bots/bot-1/echo', {
      headers: JSON_HEADERS,
      body: '{"client":{}}',
    });
    expect(missing.json.error.message).toBe('"client.user_id" is missing');
    const small = await t.call('POST', '/v1/bots/bot-1/echo', {
      headers: JSON_HEADERS,
      body: '{"client":{"user_id":"u"},"count":0}',
    });
    expect(small.json.error).toMatchObject({
      field: 'count',
      message: '"count" must be at least 1',
    });
    const notObject = await t.call('POST', '/v1/bots/bot-1/echo', {
      headers: JSON_HEADERS,
      body: '[1]',
    });
    expect(notObject.json.error.message).toBe('the body must be an object');
  });

  it('answers 404 when a path parameter does not fit its schema', async () => {
    const answer = await t.call('POST', '/v1/bots/b/echo', {
      headers: JSON_HEADERS,
      body: '{"client":{"user_id":"u"}}',
    });
    expectStudio(answer, 404, 'not_found');
  });

  it('refuses a body over the limit with 413', async () => {
    const answer = await t.call('POST', '/v1/bots/bot-1/small', {
      headers: JSON_HEADERS,
      body: JSON.stringify({ text: 'x'.repeat(100) }),
    });
    expectStudio(answer, 413, 'bad_request');
    const big = await t.call('POST', '/v1/bots/bot-1/echo', {
      headers: JSON_HEADERS,
      body: JSON.stringify({ client: { user_id: 'u' }, payload: 'x'.repeat(1024 * 1024) }),
    });
    expectStudio(big, 413, 'bad_request');
    // The connection stays usable: the oversized body was read to its end.
    expect((await t.call('GET', '/v1/api/numbers')).status).toBe(200);
  });

  it('refuses a non-JSON media type with 415 on Studio', async () => {
    const answer = await t.call('POST', '/v1/bots/bot-1/echo', {
      headers: { 'content-type': 'text/plain' },
      body: '{"client":{"user_id":"u1"}}',
    });
    expectStudio(answer, 415, 'bad_request');
    // A Blob without a type: fetch sends no Content-Type.
    const none = await t.call('POST', '/v1/bots/bot-1/echo', {
      body: new Blob(['{"client":{"user_id":"u1"}}']),
    });
    expectStudio(none, 415, 'bad_request');
    const suffixed = await t.call('POST', '/v1/bots/bot-1/echo', {
      headers: { 'content-type': 'application/vnd.parley+json; charset=utf-8' },
      body: '{"client":{"user_id":"u1"}}',
    });
    expect(suffixed.status).toBe(200);
  });

  it('refuses a body on a route that takes none with 415', async () => {
    const answer = await t.call('DELETE', '/v1/bots/bot-1', {
      headers: JSON_HEADERS,
      body: '{"x":1}',
    });
    expectStudio(answer, 415, 'bad_request');
    const empty = await t.call('DELETE', '/v1/bots/bot-1', { headers: JSON_HEADERS, body: '' });
    expect(empty.status).toBe(204);
    expect(empty.text).toBe('');
  });

  it('passes an empty body as undefined where the schema allows it', async () => {
    const none = await t.call('PUT', '/v1/bots/bot-1/maybe');
    expect(none.json).toEqual({ got: 'nothing' });
    const empty = await t.call('PUT', '/v1/bots/bot-1/maybe', { headers: JSON_HEADERS, body: '' });
    expect(empty.json).toEqual({ got: 'nothing' });
    const given = await t.call('PUT', '/v1/bots/bot-1/maybe', {
      headers: JSON_HEADERS,
      body: '{"name":"n"}',
    });
    expect(given.json).toEqual({ got: { name: 'n' } });
    const required = await t.call('POST', '/v1/bots/bot-1/echo', { headers: JSON_HEADERS });
    expectStudio(required, 400, 'bad_request');
    expect(required.json.error.message).toBe('the body is missing');
  });

  it('reads Textbots bodies without Content-Type as JSON and lists every bad field', async () => {
    const ok = await t.call('POST', '/api/v2/textbots/bots/execute', {
      body: new Blob(['{"botId":"b","message":{"text":"hi"}}']),
    });
    expect(ok.status).toBe(200);
    const bad = await t.call('POST', '/api/v2/textbots/bots/execute', {
      headers: JSON_HEADERS,
      body: '{"botId":5,"message":{}}',
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      code: 'bad.request',
      status: 400,
      message: 'The request could not be understood by the server due to malformed syntax.',
      details: [
        { errorCode: 'bad.request', fieldName: 'botId' },
        { errorCode: 'bad.request', fieldName: 'message.text' },
      ],
      errors: [],
    });
    expect(bad.json.contextId).toBe(bad.headers.get('inin-correlation-id'));
    const media = await t.call('POST', '/api/v2/textbots/bots/execute', {
      headers: { 'content-type': 'text/xml' },
      body: '<x/>',
    });
    expect([media.status, media.json.code]).toEqual([415, 'unsupported.media.type']);
  });

  it('reads Conversations bodies as JSON whatever the type; empty is {}', async () => {
    const typed = await t.call('POST', '/v1/conversation/create', {
      headers: { 'content-type': 'text/plain' },
      body: '{"title":"t"}',
    });
    expect(typed.json).toEqual({ title: 't' });
    const empty = await t.call('POST', '/v1/conversation/create');
    expect(empty.json).toEqual({ title: null });
    const malformed = await t.call('POST', '/v1/conversation/create', { body: '{' });
    expect([malformed.status, malformed.json]).toEqual([
      400,
      { message: 'Invalid JSON body', code: 'BAD_REQUEST' },
    ]);
    const wrong = await t.call('POST', '/v1/conversation/create', { body: '{"title":1}' });
    expect(wrong.json).toEqual({ message: '"title" is required', code: 'BAD_REQUEST' });
  });

  it('reads OAuth bodies as forms and refuses others with invalid_request', async () => {
    const form = await t.call('POST', '/oauth/token', {
      token: null,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=x',
    });
    expect(form.json).toEqual({ grant: 'client_credentials' });
    const json = await t.call('POST', '/oauth/token', {
      token: null,
      headers: JSON_HEADERS,
      body: '{"grant_type":"client_credentials"}',
    });
    expect(json.status).toBe(400);
    expect(json.json).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
    expect(json.headers.get('cache-control')).toBe('no-store');
  });
});

describe('authentication and failures', () => {
  it('answers 401 with WWW-Authenticate: Bearer on Studio', async () => {
    const answer = await t.call('GET', '/v1/api/numbers', { token: null });
    expectStudio(answer, 401, 'unauthorized');
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expectStudio(await t.call('GET', '/v1/api/numbers', { token: 'nope' }), 401, 'unauthorized');
    expectStudio(await t.call('GET', '/v1/api/numbers', { token: 'weak' }), 403, 'forbidden');
  });

  it('checks the credential before the body', async () => {
    const answer = await t.call('POST', '/v1/bots/bot-1/echo', {
      token: null,
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    expectStudio(answer, 401, 'unauthorized');
  });

  it('tells Textbots a missing credential from a bad one, and names missing permissions', async () => {
    const body = '{"botId":"b","message":{"text":"hi"}}';
    const missing = await t.call('POST', '/api/v2/textbots/bots/execute', { token: null, body });
    expect([missing.status, missing.json.code]).toEqual([401, 'authentication.required']);
    const bad = await t.call('POST', '/api/v2/textbots/bots/execute', { token: 'nope', body });
    expect([bad.status, bad.json.code]).toEqual([401, 'bad.credentials']);
    const weak = await t.call('POST', '/api/v2/textbots/bots/execute', { token: 'weak', body });
    expect(weak.status).toBe(403);
    expect(weak.json).toMatchObject({
      code: 'missing.permissions',
      message:
        'Unable to perform the requested action. You are missing the following permission(s): ' +
        '[textbots:session:execute]',
      messageParams: { permissions: '[textbots:session:execute]' },
      messageWithParams:
        'Unable to perform the requested action. You are missing the following permission(s): ' +
        '{permissions}',
    });
  });

  it('answers Conversations authentication failures with fixed messages', async () => {
    const answer = await t.call('POST', '/v1/conversation/create', { token: null, body: '{}' });
    expect([answer.status, answer.json]).toEqual([
      401,
      { message: 'Not authenticated', code: 'NOT_AUTHENTICATED' },
    ]);
  });

  it('answers an unexpected failure with 500 internal and no internals', async () => {
    const answer = await t.call('GET', '/v1/api/boom');
    expectStudio(answer, 500, 'internal');
    expect(answer.text).not.toMatch(/db\.internal|password|Error|stack/);
  });
});
