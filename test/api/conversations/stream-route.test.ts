/**
 * The server's streamed answers and raw bodies (route.ts `stream`, `rawBody`), on a real
 * server with dummy routes: chunks arrive one by one as produced, a slow reader holds the
 * producer back, a client that goes away ends the producer, CORS headers are kept, and a raw
 * body reaches the handler as bytes whatever its media type.
 */
import http from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readConfig } from '../../../src/api/config.js';
import { route } from '../../../src/api/route.js';
import { createServer } from '../../../src/api/server.js';
import type { ParleyServer } from '../../../src/api/server.js';
import { stubAuthenticate } from '../server/fixture.js';

let server: ParleyServer;
let base: string;
let produced = 0;
let finished: Promise<void>;
let markFinished: () => void;

const resetFinished = () => {
  finished = new Promise((resolve) => (markFinished = resolve));
};

beforeAll(async () => {
  resetFinished();
  const config = readConfig({ PORT: '0', PARLEY_LOG_LEVEL: 'silent' });
  server = await createServer({
    config,
    store: { ping: () => Promise.resolve() },
    authenticate: stubAuthenticate,
    routes: [
      route({
        method: 'GET',
        url: '/v1/test/ticks',
        surface: 'conversations',
        summary: 'three lines, 20 ms apart',
        auth: false,
        handle: () =>
          Promise.resolve({
            headers: { 'Cache-Control': 'no-cache' },
            stream: {
              contentType: 'application/jsonl',
              chunks: (async function* () {
                for (let i = 0; i < 3; i++) {
                  if (i > 0) await new Promise((resolve) => setTimeout(resolve, 20));
                  yield `{"n":${i}}\n`;
                }
              })(),
            },
          }),
      }),
      route({
        method: 'GET',
        url: '/v1/test/endless',
        surface: 'conversations',
        summary: 'as many 64 KiB chunks as the client takes',
        auth: false,
        handle: () => {
          produced = 0;
          resetFinished();
          return Promise.resolve({
            stream: {
              contentType: 'application/octet-stream',
              chunks: (async function* () {
                try {
                  for (;;) {
                    await Promise.resolve();
                    produced++;
                    yield new Uint8Array(65_536);
                  }
                } finally {
                  markFinished();
                }
              })(),
            },
          });
        },
      }),
      route({
        method: 'PUT',
        url: '/v1/test/raw',
        surface: 'conversations',
        summary: 'echoes the byte count and first byte',
        auth: false,
        rawBody: true,
        bodyLimit: 10,
        handle: ({ body }) => {
          const bytes = body as Buffer;
          return Promise.resolve({ body: { size: bytes.length, first: bytes[0] ?? null } });
        },
      }),
    ],
  });
  base = (await server.listen()).url;
});

afterAll(async () => {
  await server.close();
});

describe('streamed answers', () => {
  it('writes each chunk as it is produced, chunked, with the route and CORS headers', async () => {
    const response = await fetch(`${base}/v1/test/ticks`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jsonl');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const reader = response.body!.getReader();
    const seen: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen.push(new TextDecoder().decode(value));
    }
    // The lines were 20 ms apart: each arrived on its own.
    expect(seen).toEqual(['{"n":0}\n', '{"n":1}\n', '{"n":2}\n']);
  });

  it('holds the producer back while the client does not read, and ends it when it leaves', async () => {
    const request = http.get(`${base}/v1/test/endless`);
    const response = await new Promise<http.IncomingMessage>((resolve) =>
      request.once('response', resolve),
    );
    response.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Socket buffers hold a few MiB at most; unbounded production would be far beyond.
    expect(produced).toBeLessThan(200);
    const before = produced;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(produced).toBe(before);
    request.destroy();
    await finished;
  });
});

describe('raw bodies', () => {
  it('hands the bytes over unparsed, whatever the media type', async () => {
    const send = (body: string | Uint8Array | undefined, type?: string) =>
      fetch(`${base}/v1/test/raw`, {
        method: 'PUT',
        body,
        headers: type ? { 'content-type': type } : {},
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(await send('{not json', 'application/json')).toEqual({
      status: 200,
      body: { size: 9, first: 123 },
    });
    expect(await send(new Uint8Array([0, 1, 2]), 'application/octet-stream, image/png')).toEqual({
      status: 200,
      body: { size: 3, first: 0 },
    });
    expect(await send(undefined)).toEqual({ status: 200, body: { size: 0, first: null } });
    expect((await send('x'.repeat(11))).status).toBe(413);
  });
});
