/**
 * The HTTP server of every surface (ARCHITECTURE.md "HTTP server"), on Fastify. For each
 * declared route (route.ts) a request goes: request id and CORS → credential and permission
 * (the injected Authenticator) → rate limit (Studio) → body read by the surface's rules
 * (request-body.ts) → params, query and body checked by the route's zod schemas → handler →
 * JSON answer written with stringifyJson (bigints as digits). Anything thrown on the way is
 * rendered in the surface's error shape (errors.ts); what no route decides (unknown routes,
 * 503 while closing) takes its surface from the path (path-surface.ts).
 *
 * Built in, without credentials: GET /healthz, GET /readyz, GET /openapi.json, GET /docs, and
 * the web studio's files under /studio/ (web-studio.ts).
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { fastify, LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pino } from 'pino';
import { z } from 'zod';

import type { Json } from '../csml/json.js';
import { stringifyJson } from '../csml/json.js';
import { EngineError } from '../engine/errors.js';
import { packageVersion } from '../engine/version.js';
import type { ServerConfig } from './config.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { DEFAULT_BODY_LIMIT, renderError, toEngineError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { surfaceOfPath } from './path-surface.js';
import type { Principal } from './principal.js';
import { RateLimiter } from './rate-limit.js';
import { readRequestBody } from './request-body.js';
import type { BodyPolicy } from './request-body.js';
import { correlationIdFor, requestIdOf } from './request-id.js';
import { route } from './route.js';
import type { AuthRequirement, RouteDef, Surface } from './route.js';
import { validatePart } from './validation.js';
import { registerWebStudio } from './web-studio.js';

export { installSignalHandlers } from './lifecycle.js';

/**
 * Checks a request's credential for a route's requirement: the caller, or an EngineError 401
 * (`unauthorized`, with `WWW-Authenticate`) or 403 (`forbidden`).
 */
export type Authenticator = (
  surface: Surface,
  requirement: AuthRequirement,
  headers: IncomingHttpHeaders,
) => Promise<Principal>;

/** What GET /readyz asks: a trivial query (Store.ping). */
export interface ReadinessProbe {
  ping(): Promise<void>;
}

export type HttpServerConfig = Pick<
  ServerConfig,
  'port' | 'host' | 'rateLimit' | 'corsOrigins' | 'publicUrl' | 'logLevel'
>;

export interface ServerOptions {
  readonly config: HttpServerConfig;
  readonly store: ReadinessProbe;
  readonly routes: readonly RouteDef[];
  readonly authenticate: Authenticator;
  /** A pino logger; one at `config.logLevel` on stdout by default. */
  readonly logger?: FastifyBaseLogger;
  /** The built web studio served at /studio/; dist/studio by default (web-studio.ts). */
  readonly studioDir?: string;
}

export interface ListenAddress {
  readonly address: string;
  readonly port: number;
  /** `http://address:port`. */
  readonly url: string;
}

export interface ParleyServer {
  readonly fastify: FastifyInstance;
  readonly logger: FastifyBaseLogger;
  /** The OpenAPI 3.1 document served at /openapi.json. */
  readonly openApi: { readonly [key: string]: unknown };
  /** Listens on config.host:config.port (port 0: any free port). */
  listen(): Promise<ListenAddress>;
  /**
   * Stops accepting connections, lets in-flight requests finish (answering 503 to requests
   * that arrive meanwhile on open connections), closes idle connections, then resolves.
   */
  close(): Promise<void>;
  readonly closing: boolean;
}

/** How long GET /readyz waits for the store before answering 503. */
const READY_TIMEOUT_MS = 5_000;

const JSON_TYPE = 'application/json; charset=utf-8';

interface RouteMeta {
  readonly surface: Surface;
  readonly body: BodyPolicy;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    parley?: RouteMeta;
  }
}

interface RequestState {
  readonly receivedAt: number;
  readonly correlationId: string;
  principal?: Principal;
}

/** What a route without authentication gets as its principal: reading it is a bug. */
const NO_PRINCIPAL: Principal = new Proxy({} as Principal, {
  get(_target, member) {
    // Probes by serializers and promise resolution are not reads of the principal.
    if (typeof member === 'symbol' || member === 'toJSON' || member === 'then') return undefined;
    throw new Error(`this route has no authentication: principal.${member} is unset`);
  },
});

/** Methods served on a path, for 405 (Conversations) and `Allow`. */
class MethodIndex {
  private readonly entries: { readonly pattern: RegExp; readonly method: string }[] = [];

  add(url: string, method: string): void {
    const source = url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    this.entries.push({ pattern: new RegExp(`^${source}$`), method });
  }

  methodsFor(path: string): string[] {
    const methods = new Set<string>();
    for (const entry of this.entries) {
      if (entry.pattern.test(path)) {
        methods.add(entry.method);
        if (entry.method === 'GET') methods.add('HEAD');
      }
    }
    return [...methods];
  }
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** A repeated key: the last value wins (conversations-api.md §2.2); no nested objects. */
function parseQuery(text: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) query[key] = value;
  return query;
}

function builtInRoutes(probe: ReadinessProbe, document: () => Json): RouteDef[] {
  const status = z.object({ status: z.string() });
  return [
    route({
      method: 'GET',
      url: '/healthz',
      surface: 'studio',
      tags: ['System'],
      summary: 'Liveness: 200 whenever the process serves (never touches the database)',
      auth: false,
      responses: { 200: { description: 'The process serves', schema: status } },
      handle: () => Promise.resolve({ body: { status: 'ok' } }),
    }),
    route({
      method: 'GET',
      url: '/readyz',
      surface: 'studio',
      tags: ['System'],
      summary: 'Readiness: 200 when the store answers a trivial query, else 503',
      auth: false,
      responses: {
        200: { description: 'Ready', schema: status },
        503: { description: 'The store does not answer', schema: status },
      },
      async handle() {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(new Error('timeout'));
          }, READY_TIMEOUT_MS);
        });
        try {
          await Promise.race([probe.ping(), timeout]);
          return { body: { status: 'ready' } };
        } catch {
          return { status: 503, body: { status: 'unavailable' } };
        } finally {
          clearTimeout(timer);
        }
      },
    }),
    route({
      method: 'GET',
      url: '/openapi.json',
      surface: 'studio',
      tags: ['System'],
      summary: 'This OpenAPI 3.1 document',
      auth: false,
      handle: () => Promise.resolve({ body: document() }),
    }),
  ];
}

export async function createServer(options: ServerOptions): Promise<ParleyServer> {
  const { config, authenticate } = options;
  const logger: FastifyBaseLogger =
    options.logger ??
    pino({
      level: config.logLevel,
      // Nothing here logs headers; this guards against a later `log.info({ req })`.
      redact: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers["x-api-signature"]',
      ],
    });
  const limiter = new RateLimiter(config.rateLimit);
  const methods = new MethodIndex();
  const states = new WeakMap<FastifyRequest, RequestState>();
  let closing = false;

  const app = fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: requestIdOf,
    return503OnClosing: false,
    bodyLimit: Math.max(DEFAULT_BODY_LIMIT, ...options.routes.map((r) => r.bodyLimit ?? 0)),
    routerOptions: { querystringParser: parseQuery, maxParamLength: 256 },
    frameworkErrors: (error, request, reply) => {
      sendError(request, reply, error);
    },
  });

  const stateOf = (request: FastifyRequest): RequestState => {
    let state = states.get(request);
    if (!state) {
      state = { receivedAt: Date.now(), correlationId: correlationIdFor(request.id) };
      states.set(request, state);
    }
    return state;
  };

  const surfaceOf = (request: FastifyRequest): Surface =>
    request.routeOptions.config.parley?.surface ?? surfaceOfPath(request.url);

  /** Headers every answer carries: request id, CORS, the Textbots correlation id. */
  const commonHeaders = (request: FastifyRequest, surface: Surface): Record<string, string> => {
    const headers: Record<string, string> = {
      'X-Request-Id': request.id,
      ...corsHeaders(surface, config.corsOrigins, request.headers.origin),
    };
    if (surface === 'textbots') headers['inin-correlation-id'] = stateOf(request).correlationId;
    return headers;
  };

  function sendError(request: FastifyRequest, reply: FastifyReply, thrown: unknown): void {
    const { error, unexpected } = toEngineError(thrown);
    if (unexpected) {
      request.log.error({ err: thrown, url: pathOf(request.url) }, 'request failed');
    } else if (error.status >= 500) {
      request.log.warn({ code: error.code, message: error.message }, 'request failed');
    }
    const surface = surfaceOf(request);
    const rendered = renderError(surface, error, {
      correlationId: stateOf(request).correlationId,
    });
    void reply
      .code(rendered.status)
      .headers({ ...rendered.headers, ...commonHeaders(request, surface) })
      .type(JSON_TYPE)
      .send(stringifyJson(rendered.body));
  }

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request: FastifyRequest, payload: IncomingMessage) =>
    readRequestBody(
      request.routeOptions.config.parley?.body,
      request.headers['content-type'],
      request.headers['content-length'],
      payload,
    ),
  );

  app.setErrorHandler((error, request, reply) => {
    sendError(request, reply, error);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const allowed = methods.methodsFor(path);
    const error =
      allowed.length > 0
        ? new EngineError('method_not_allowed', `${request.method} is not allowed on ${path}`, {
            headers: { Allow: allowed.join(', ') },
          })
        : new EngineError('not_found', `No route ${request.method} ${path}`);
    sendError(request, reply, error);
  });

  app.addHook('onRequest', async (request, reply) => {
    stateOf(request);
    if (closing) {
      // Closing the connection after this answer is what lets the close complete; in-flight
      // answers keep theirs open, as a request pipelined behind one would lose its answer.
      throw new EngineError('unavailable', 'The server is shutting down; retry shortly', {
        headers: { Connection: 'close' },
      });
    }
    if (request.method === 'OPTIONS') {
      const surface = surfaceOf(request);
      const headers = preflightHeaders(
        surface,
        config.corsOrigins,
        request.headers.origin,
        request.headers['access-control-request-headers'],
      );
      if (headers) {
        await reply
          .code(204)
          .headers({ ...commonHeaders(request, surface), ...headers })
          .send();
        return reply;
      }
    }
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    void reply.headers(commonHeaders(request, surfaceOf(request)));
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: pathOf(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });

  let document: { readonly [key: string]: unknown } = {};
  const routes = [...builtInRoutes(options.store, () => document as Json), ...options.routes];
  document = openApiDocument(routes, { version: packageVersion(), serverUrl: config.publicUrl });

  for (const def of routes) {
    methods.add(def.url, def.method);
    registerRoute(def);
  }

  function registerRoute(def: RouteDef): void {
    const limit = def.bodyLimit ?? DEFAULT_BODY_LIMIT;
    const { auth } = def;
    app.route({
      method: def.method,
      url: def.url,
      bodyLimit: limit,
      config: {
        parley: {
          surface: def.surface,
          body: {
            surface: def.surface,
            accepts: !!def.body || def.rawBody === true,
            limit,
            ...(def.rawBody === true ? { raw: true } : {}),
          },
        },
      },
      onRequest: async (request) => {
        // These bodies are read whatever their media type (conversations-api.md §2.2, §6.9):
        // a Content-Type the framework cannot parse (`application/octet-stream, image/png`)
        // must not refuse them first.
        if (
          (def.surface === 'conversations' || def.rawBody === true) &&
          request.headers['content-type'] !== undefined
        ) {
          request.headers['content-type'] = 'application/octet-stream';
        }
        if (auth === false) return;
        const principal = await authenticate(def.surface, auth, request.headers);
        stateOf(request).principal = principal;
        if (def.surface === 'studio') limiter.check(principal);
      },
      handler: async (request, reply) => {
        const state = stateOf(request);
        const params = def.params
          ? validatePart(def.params, request.params, 'params')
          : request.params;
        const query = def.query ? validatePart(def.query, request.query, 'query') : request.query;
        let body: unknown = undefined;
        if (def.rawBody === true) {
          body = request.body ?? Buffer.alloc(0);
        } else if (def.body) {
          // conversations-api.md §2.2: an empty body counts as {}.
          const raw =
            request.body === undefined && def.surface === 'conversations' ? {} : request.body;
          body = validatePart(def.body, raw, 'body');
        }
        const aborted = new AbortController();
        reply.raw.once('close', () => {
          if (!reply.raw.writableFinished) aborted.abort();
        });
        const result = await def.handle({
          params,
          query,
          body,
          headers: request.headers,
          requestId: request.id,
          principal: state.principal ?? NO_PRINCIPAL,
          receivedAt: state.receivedAt,
          signal: aborted.signal,
        });
        const status = result.status ?? (result.body === undefined && !result.stream ? 204 : 200);
        void reply.code(status);
        if (result.headers) void reply.headers(result.headers);
        if (result.stream) {
          // One chunk asked for at a time: a slow client holds the producer back.
          const chunks = Readable.from(result.stream.chunks, { highWaterMark: 1 });
          return reply.type(result.stream.contentType).send(chunks);
        }
        if (status === 204 || status === 304) return reply.send();
        return reply.type(JSON_TYPE).send(stringifyJson((result.body ?? {}) as Json));
      },
    });
  }

  await app.register(swagger, {
    mode: 'static',
    specification: { document: document as never },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await registerWebStudio(app, options.studioDir === undefined ? {} : { dir: options.studioDir });

  let closed: Promise<void> | undefined;

  return {
    fastify: app,
    logger,
    openApi: document,
    get closing() {
      return closing;
    },
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const bound = app.server.address() as AddressInfo;
      const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
      return { address: bound.address, port: bound.port, url: `http://${shown}:${bound.port}` };
    },
    close() {
      if (closed) return closed;
      closing = true;
      // server.close() drops idle keep-alive connections once; connections whose request ends
      // later become idle then, and this sweeps them.
      const sweep = setInterval(() => {
        app.server.closeIdleConnections();
      }, 100);
      closed = app.close().finally(() => {
        clearInterval(sweep);
      });
      return closed;
    },
  };
}
