/**
 * How a facade declares a route: method, path, surface, the permission it needs, zod schemas
 * for params, query and body (validated before the handler runs; the same schemas generate
 * /openapi.json), and a handler that returns a status, a JSON body and headers. The server
 * (server.ts) authenticates, rate-limits, validates, runs the handler and renders any thrown
 * EngineError in the route's surface shape (errors.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';

import type { Principal } from './principal.js';

/** Which wire family a route belongs to: it decides the error shape (ARCHITECTURE.md). */
export type Surface = 'studio' | 'textbots' | 'oauth' | 'conversations';

export interface AuthRequirement {
  /** Permissions of which the credential must hold at least one (studio-api.md §2.4). */
  readonly anyOf?: readonly string[];
  /** A bot-bound credential is refused with 403 (studio-api.md §2.2). */
  readonly orgLevel?: boolean;
  /** Studio public mode (`X-Api-Key: <keyId>` alone) is accepted (only POST /v1/api/chat). */
  readonly allowPublic?: boolean;
}

export interface RouteRequest<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  /** The parsed body; undefined when the request had none. */
  readonly body: B;
  readonly headers: IncomingHttpHeaders;
  readonly requestId: string;
  /** Set when the route requires authentication. */
  readonly principal: Principal;
  /** When the server received the request, epoch ms. */
  readonly receivedAt: number;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

export interface RouteResponse {
  /** 200 when absent; 204 sends no body. */
  readonly status?: number;
  /** A JSON value (bigint allowed: written as digits). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Instead of `body`: chunks written as they come (streams, file downloads). */
  readonly stream?: StreamBody;
}

/**
 * A streamed answer: each chunk is written with one write as soon as it is produced, and the
 * next one is asked for only once the client has taken the previous (backpressure). Ending the
 * iterable ends the answer; the server calls its `return()` when the client goes away, so a
 * generator's `finally` runs either way. It should not throw: after the first byte there is no
 * status left to tell an error with (conversations-api.md §9.4 writes an error event instead).
 */
export interface StreamBody {
  readonly contentType: string;
  readonly chunks: AsyncIterable<string | Uint8Array>;
}

export interface RouteResponseDoc {
  readonly description: string;
  readonly schema?: z.ZodType;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** find-my-way syntax: `/v1/bots/:botId/flows/:flowId`. */
  readonly url: string;
  readonly surface: Surface;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  /** false: no credential (health, token endpoints); else the requirement. */
  readonly auth: AuthRequirement | false;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  /** Without a schema a body is refused; a schema accepting undefined allows an empty body. */
  readonly body?: z.ZodType<B>;
  /** Body limit in bytes; the server's default (1 MiB) when absent. */
  readonly bodyLimit?: number;
  /**
   * The body is handed to the handler as read, a Buffer (empty when none), neither parsed nor
   * validated (signed attachment uploads, conversations-api.md §6.9).
   */
  readonly rawBody?: boolean;
  readonly responses?: Readonly<Record<number, RouteResponseDoc>>;
  handle(request: RouteRequest<P, Q, B>): Promise<RouteResponse>;
}

/** Declares a route with its types inferred from the schemas. */
export function route<P = undefined, Q = undefined, B = undefined>(
  def: RouteDef<P, Q, B>,
): RouteDef<P, Q, B> {
  return def;
}
