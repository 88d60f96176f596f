/**
 * A real HTTP server (createServer) on 127.0.0.1 with an ephemeral port, serving a few dummy
 * routes of every surface, with a stub authenticator: `Authorization: Bearer good` (or
 * `Bearer other`, a second credential) passes; no header is a missing credential, anything
 * else an invalid one; `Bearer weak` lacks every permission.
 */
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';

import { readConfig } from '../../../src/api/config.js';
import type { Principal } from '../../../src/api/principal.js';
import { route } from '../../../src/api/route.js';
import type { RouteDef } from '../../../src/api/route.js';
import { createServer } from '../../../src/api/server.js';
import type { Authenticator, ParleyServer, ReadinessProbe } from '../../../src/api/server.js';
import { EngineError } from '../../../src/engine/errors.js';

/** Shaped like auth/auth-error.ts's AuthError, which the Textbots renderer reads. */
class StubAuthError extends EngineError {
  constructor(
    readonly reason: 'missing' | 'invalid' | 'permission',
    message: string,
    readonly required: readonly string[] = [],
  ) {
    super(
      reason === 'permission' ? 'forbidden' : 'unauthorized',
      message,
      reason === 'permission' ? undefined : { headers: { 'WWW-Authenticate': 'Bearer' } },
    );
  }
}

export const stubAuthenticate: Authenticator = (_surface, requirement, headers) => {
  const header = headers.authorization;
  if (header === undefined) {
    return Promise.reject(new StubAuthError('missing', 'No credential'));
  }
  const token = /^Bearer (good|other|weak)$/.exec(header)?.[1];
  if (token === undefined) return Promise.reject(new StubAuthError('invalid', 'Bad credential'));
  const principal: Principal = {
    kind: 'key',
    orgId: 'org-1',
    botId: null,
    channelId: token === 'other' ? 'pk_other' : 'pk_good',
    permissions: new Set(token === 'weak' ? [] : ['bots:read', 'textbots:session:execute']),
  };
  const needed = requirement.anyOf ?? [];
  if (needed.length > 0 && !needed.some((p) => principal.permissions.has(p))) {
    return Promise.reject(new StubAuthError('permission', 'Missing permission', needed));
  }
  return Promise.resolve(principal);
};

/** A promise a test settles by hand (the slow route waits on it). */
export interface Gate {
  readonly entered: Promise<void>;
  open(): void;
}

export function gate(): Gate & { enter(): Promise<void> } {
  let open!: () => void;
  let entered!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
  return {
    entered: enteredPromise,
    open,
    enter() {
      entered();
      return opened;
    },
  };
}

const echoBody = z.object({
  client: z.object({ user_id: z.string() }),
  payload: z.unknown().optional(),
  count: z.number().int().min(1).optional(),
});

export function dummyRoutes(fixture: { slow: ReturnType<typeof gate> }): RouteDef[] {
  const READ = { anyOf: ['bots:read'] };
  return [
    route({
      method: 'POST',
      url: '/v1/bots/:botId/echo',
      surface: 'studio',
      summary: 'Echo the body',
      tags: ['Dummy'],
      auth: READ,
      params: z.object({ botId: z.string().min(3) }),
      body: echoBody,
      responses: { 200: { description: 'The echo', schema: z.object({ botId: z.string() }) } },
      handle: ({ params, body, principal, requestId }) =>
        Promise.resolve({
          body: { botId: params.botId, body, channel: principal.channelId, requestId },
        }),
    }),
    route({
      method: 'PUT',
      url: '/v1/bots/:botId/maybe',
      surface: 'studio',
      summary: 'A body is optional',
      auth: READ,
      params: z.object({ botId: z.string() }),
      body: z.object({ name: z.string() }).optional(),
      handle: ({ body }) => Promise.resolve({ body: { got: body ?? 'nothing' } }),
    }),
    route({
      method: 'DELETE',
      url: '/v1/bots/:botId',
      surface: 'studio',
      summary: 'No body accepted, no content answered',
      auth: READ,
      params: z.object({ botId: z.string() }),
      handle: () => Promise.resolve({ status: 204 }),
    }),
    route({
      method: 'POST',
      url: '/v1/bots/:botId/small',
      surface: 'studio',
      summary: 'A 64-byte body limit',
      auth: READ,
      bodyLimit: 64,
      body: z.object({ text: z.string() }),
      handle: () => Promise.resolve({ body: { ok: true } }),
    }),
    route({
      method: 'GET',
      url: '/v1/api/numbers',
      surface: 'studio',
      summary: 'Answers integers beyond 2^53 and reads a query',
      auth: READ,
      query: z.object({ n: z.coerce.number().int().optional() }),
      handle: ({ query }) =>
        Promise.resolve({
          body: { big: 12345678901234567890n, negative: -9007199254740993n, n: query.n ?? null },
        }),
    }),
    route({
      method: 'GET',
      url: '/v1/api/boom',
      surface: 'studio',
      summary: 'Fails unexpectedly',
      auth: READ,
      handle: () => Promise.reject(new Error('connection to db.internal:5432 refused (password)')),
    }),
    route({
      method: 'GET',
      url: '/v1/api/slow',
      surface: 'studio',
      summary: 'Waits until the test opens the gate',
      auth: false,
      async handle() {
        await fixture.slow.enter();
        return { body: { done: true } };
      },
    }),
    route({
      method: 'POST',
      url: '/api/v2/textbots/bots/execute',
      surface: 'textbots',
      summary: 'Textbots dummy',
      auth: { anyOf: ['textbots:session:execute'] },
      body: z.object({ botId: z.string(), message: z.object({ text: z.string() }) }),
      handle: ({ body }) => Promise.resolve({ body: { botId: body.botId } }),
    }),
    route({
      method: 'POST',
      url: '/v1/conversation/create',
      surface: 'conversations',
      summary: 'Conversations dummy',
      auth: READ,
      body: z.object({ title: z.string({ error: 'is required' }).optional() }),
      handle: ({ body }) => Promise.resolve({ body: { title: body.title ?? null } }),
    }),
    route({
      method: 'POST',
      url: '/oauth/token',
      surface: 'oauth',
      summary: 'OAuth dummy',
      auth: false,
      body: z.object({ grant_type: z.literal('client_credentials') }),
      handle: ({ body }) => Promise.resolve({ body: { grant: body.grant_type } }),
    }),
  ];
}

export interface TestServer {
  readonly server: ParleyServer;
  readonly baseUrl: string;
  readonly slow: ReturnType<typeof gate>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** fetch, then the body as text and (when it parses) JSON. */
  call(
    method: string,
    path: string,
    options?: { body?: string | Blob; headers?: Record<string, string>; token?: string | null },
  ): Promise<{ status: number; headers: Headers; text: string; json: any }>;
  close(): Promise<void>;
}

export async function startServer(
  env: Record<string, string> = {},
  probe: ReadinessProbe = { ping: () => Promise.resolve() },
  logger?: FastifyBaseLogger,
): Promise<TestServer> {
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PARLEY_RATE_LIMIT: '0',
    PARLEY_LOG_LEVEL: 'silent',
    ...env,
  });
  const holder = { slow: gate() };
  const server = await createServer({
    config,
    store: probe,
    routes: dummyRoutes(holder),
    authenticate: stubAuthenticate,
    ...(logger ? { logger } : {}),
  });
  const { url } = await server.listen();
  const doFetch = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
  return {
    server,
    baseUrl: url,
    get slow() {
      return holder.slow;
    },
    fetch: doFetch,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const token = options.token === undefined ? 'good' : options.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const response = await doFetch(path, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: options.body }),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
    close: () => server.close(),
  };
}
