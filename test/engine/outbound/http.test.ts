/**
 * HTTP().send() through the engine against a real local server (csml.md §10.7, §18.3): requests
 * as the flow built them, JSON and text answers, re-runs that replay the clock and randomness,
 * failures as inline errors, the policy off, SMTP refused, and the per-turn cap.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { botVersion, outboundEngine, said, turn } from './fixture.js';
import { closedPort, echo, json, startUpstream } from './upstream.js';
import type { Upstream } from './upstream.js';
import type { OutputMessage } from '../../../src/csml/interpreter/types.js';
import { MAX_RESPONSE_BYTES } from '../../../src/engine/outbound-fetch.js';
import { MAX_FETCHES_PER_TURN } from '../../../src/engine/replay-host.js';

let upstream: Upstream;

beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => {
  upstream.seen.length = 0;
  upstream.handler = echo;
});

const flow = (body: string) => `start:\n${body.replace(/^/gm, '  ')}\n  goto end`;

describe('HTTP().send() with PARLEY_ALLOW_REMOTE_FETCH on', () => {
  it('sends a GET with its query and headers and reads the JSON answer', async () => {
    const engine = outboundEngine({ allow: true });
    const version = botVersion(
      flow(`do res = HTTP("${upstream.url}/pets").query({"kind": "cat", "n": 2}).set({"X-Trace": "abc"}).get().send()
say res.method
say res.url
say res.headers["x-trace"]
say res.get_info("status")
say res.get_info("headers")["content-type"]`),
    );
    const outcome = await turn(engine, version, 'go');
    expect(said(outcome)).toEqual(['GET', '/pets?kind=cat&n=2', 'abc', '200', 'application/json']);
    expect(upstream.seen).toHaveLength(1);
    const [seen] = upstream.seen;
    expect(seen?.headers['user-agent']).toBe('csml/v1');
    expect(seen?.headers.accept).toBe('application/json,text/*');
    expect(seen?.body).toBe('');
  });

  it('sends a POST with a JSON body; a text answer is a string', async () => {
    const engine = outboundEngine({ allow: true });
    const version = botVersion(
      flow(`do res = HTTP("${upstream.url}/orders").post({"item": "tea", "qty": 3, "tags": ["hot"]}).send()
say res.method
say res.body.item
say res.body.qty + 1
do text = HTTP("${upstream.url}/plain").send()
say text`),
    );
    upstream.handler = (request, response) => {
      if (request.url === '/plain') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('just text');
      } else echo(request, response);
    };
    const outcome = await turn(engine, version, 'go');
    expect(said(outcome)).toEqual(['POST', 'tea', '4', 'just text']);
    expect(upstream.seen.map((s) => s.method)).toEqual(['POST', 'GET']);
    expect(JSON.parse(upstream.seen[0]?.body ?? '')).toEqual({
      item: 'tea',
      qty: 3,
      tags: ['hot'],
    });
    expect(upstream.seen[0]?.headers['content-type']).toBe('application/json');
  });

  it('re-runs a turn with two requests and Time()/Random() between them, answering both once', async () => {
    // A clock and randomness that never repeat: a re-run that asked them again would diverge.
    let tick = 1_700_000_000_000;
    let seed = 0;
    const engine = outboundEngine({
      allow: true,
      now: () => (tick += 1000),
      random: () => (seed = (seed + 0.1) % 1),
    });
    const version = botVersion(
      flow(`say "before {{Time().unix()}}"
do first = HTTP("${upstream.url}/one").send()
do t = Time().unix()
do r = Random()
do second = HTTP("${upstream.url}/two").query({"t": t, "r": r}).send()
say "t={{t}} r={{r}}"
say second.url
say "after {{Time().unix()}}"`),
    );
    const streamed: OutputMessage[] = [];
    const outcome = await turn(engine, version, 'go', { sink: (m) => streamed.push(m) });
    expect(upstream.seen.map((s) => s.url.split('?')[0])).toEqual(['/one', '/two']);
    const query = new URL(upstream.seen[1]?.url ?? '', upstream.url).searchParams;
    const texts = said(outcome) as string[];
    expect(texts[0]).toBe('before 1700000001000');
    expect(texts[1]).toBe(`t=${query.get('t') ?? ''} r=${query.get('r') ?? ''}`);
    expect(texts[2]).toBe(`/two?t=${query.get('t') ?? ''}&r=${query.get('r') ?? ''}`);
    expect(texts).toHaveLength(4);
    // The sink saw each message once, and nothing of the stopped runs.
    expect(streamed).toEqual(outcome.turn.messages);
  });

  it('writes each log line once across re-runs', async () => {
    const logs: string[] = [];
    const engine = outboundEngine({ allow: true, logs });
    const version = botVersion(
      flow(`log "before"
do a = HTTP("${upstream.url}/a").send()
log "between"
do b = HTTP("${upstream.url}/b").send()
log "after"`),
    );
    await turn(engine, version, 'go');
    expect(logs).toEqual(['[log info] before', '[log info] between', '[log info] after']);
  });

  it('gives an error status to the flow as an inline error with status, headers and body', async () => {
    upstream.handler = (_request, response) => {
      json(response, 500, { reason: 'boom' });
    };
    const engine = outboundEngine({ allow: true });
    const version = botVersion(
      flow(`do res = HTTP("${upstream.url}/fail").query({"a": "1"}).send()
say res.is_error()
say res.get_info("status")
say res.get_info("body")
say "still running"`),
    );
    const outcome = await turn(engine, version, 'go');
    expect(said(outcome)).toEqual([
      `error: ${upstream.url}/fail?a=1: status code 500 at line 2, column 66 at flow [main]`,
      'true',
      '500',
      '{"reason":"boom"}',
      'still running',
    ]);
  });

  it('reports a refused connection, a timeout and an oversized body inline', async () => {
    const port = await closedPort();
    upstream.handler = (request, response) => {
      if (request.url === '/slow') return; // never answers
      if (request.url === '/big') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('x'.repeat(MAX_RESPONSE_BYTES + 1));
        return;
      }
      // No content-length: the cap applies while reading.
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'y'.repeat(64 * 1024);
      for (let i = 0; i <= MAX_RESPONSE_BYTES / chunk.length; i++) response.write(chunk);
      response.end();
    };
    const engine = outboundEngine({ allow: true, limits: { timeoutMs: 300 } });
    const version = botVersion(
      flow(`do a = HTTP("http://127.0.0.1:${port}/x").send()
do b = HTTP("${upstream.url}/slow").send()
do c = HTTP("${upstream.url}/big").send()
do d = HTTP("${upstream.url}/stream").send()
say [a.is_error(), b.is_error(), c.is_error(), d.is_error()]`),
    );
    const outcome = await turn(engine, version, 'go');
    const texts = said(outcome) as string[];
    expect(texts[0]).toMatch(
      new RegExp(`^error: http://127\\.0\\.0\\.1:${port}/x: Connection Failed: .*ECONNREFUSED`),
    );
    expect(texts[1]).toMatch(/\/slow: Network Error: timed out after 300 ms at line 3,/);
    expect(texts[2]).toMatch(/\/big: Network Error: response body larger than 1048576 bytes/);
    expect(texts[3]).toMatch(/\/stream: Network Error: response body larger than 1048576 bytes/);
    expect(texts[4]).toEqual([true, true, true, true]);
  });

  it('refuses a URL that is not http or https without a request', async () => {
    const engine = outboundEngine({ allow: true });
    const version = botVersion(
      flow(`do a = HTTP("ftp://127.0.0.1/file").send()
do b = HTTP("not a url").send()`),
    );
    const texts = said(await turn(engine, version, 'go'));
    expect(texts).toEqual([
      expect.stringMatching(/^error: ftp:\/\/127\.0\.0\.1\/file: Unknown Scheme: ftp/),
      expect.stringMatching(/^error: not a url: Bad URL/),
    ]);
  });

  it('follows a redirect, and at most 5', async () => {
    upstream.handler = (request, response) => {
      const match = /^\/hop\/(\d+)/.exec(request.url);
      if (match) {
        response.writeHead(302, { location: `/hop/${Number(match[1]) + 1}` });
        response.end();
        return;
      }
      if (request.url === '/moved') {
        response.writeHead(307, { location: '/landed' });
        response.end();
        return;
      }
      echo(request, response);
    };
    const engine = outboundEngine({ allow: true });
    const version = botVersion(
      flow(`do a = HTTP("${upstream.url}/moved").post({"x": 1}).send()
say [a.method, a.url, a.body.x]
do b = HTTP("${upstream.url}/hop/0").send()`),
    );
    const texts = said(await turn(engine, version, 'go'));
    expect(texts[0]).toEqual(['POST', '/landed', 1]);
    expect(texts[1]).toMatch(/\/hop\/0: Too Many Redirects: more than 5/);
    expect(upstream.seen.filter((s) => s.url.startsWith('/hop/'))).toHaveLength(6);
  });

  it(`performs at most ${MAX_FETCHES_PER_TURN} requests per turn`, async () => {
    const engine = outboundEngine({ allow: true });
    const version = botVersion(
      flow(`do i = 0
do ok = 0
while (i < 12) {
  do res = HTTP("${upstream.url}/n").query({"i": i}).send()
  if (!res.is_error()) {
    do ok = ok + 1
  }
  do i = i + 1
}
say "ok {{ok}}"`),
    );
    const outcome = await turn(engine, version, 'go');
    expect(upstream.seen).toHaveLength(MAX_FETCHES_PER_TURN);
    const texts = said(outcome) as string[];
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(
      new RegExp(
        `^error: request blocked by host policy: GET ${upstream.url}/n\\?i=10 \\(at most 10 outbound requests per turn\\)`,
      ),
    );
    expect(texts[1]).toMatch(/GET .*\/n\?i=11 \(at most 10/);
    expect(texts[2]).toBe('ok 10');
  });

  it('refuses SMTP().send() even when outbound requests are on', async () => {
    const engine = outboundEngine({ allow: true });
    const version = botVersion(
      flow(`do sent = SMTP("127.0.0.1").port(2525).auth("u", "p").send({"from": "a@b.c", "to": "d@e.f", "subject": "s", "text": "t"})
say sent.is_error()`),
    );
    expect(said(await turn(engine, version, 'go'))).toEqual([
      expect.stringMatching(
        /^error: request blocked by host policy: SMTP smtp:\/\/127\.0\.0\.1:2525 \(Parley does not send mail\)/,
      ),
      'true',
    ]);
  });
});

describe('HTTP().send() with PARLEY_ALLOW_REMOTE_FETCH off', () => {
  it('refuses the request with the host policy error and sends nothing', async () => {
    const engine = outboundEngine({ allow: false });
    const version = botVersion(
      flow(`do res = HTTP("${upstream.url}/pets").query({"a": "b"}).post({"x": 1}).send()
say res.is_error()`),
    );
    expect(said(await turn(engine, version, 'go'))).toEqual([
      `error: request blocked by host policy: POST ${upstream.url}/pets at line 2, column ${
        `  do res = HTTP("${upstream.url}/pets").query({"a": "b"}).post({"x": 1}).`.length + 1
      } at flow [main]`,
      'true',
    ]);
    expect(upstream.seen).toHaveLength(0);
  });
});
