/**
 * Which bot a Studio or native request addresses (studio-api.md §2.3, §9.2), and the routes'
 * two families built from one definition: `/v1/api/bot…` (the bot chosen by the credential)
 * and `/v1/bots/{botId}…` (the bot named in the path).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';

import { EngineError, notFound } from '../../engine/errors.js';
import { isUuid } from '../../engine/ids.js';
import type { Principal } from '../principal.js';
import { route } from '../route.js';
import type { AuthRequirement, RouteDef, RouteRequest, RouteResponse } from '../route.js';

export interface BotRef {
  readonly orgId: string;
  readonly botId: string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The bot of a `/v1/api` request: the credential's, or the one `X-Parley-Bot` names. */
export function studioBot(principal: Principal, headers: IncomingHttpHeaders): BotRef {
  const named = header(headers, 'x-parley-bot')?.trim();
  if (principal.botId !== null) {
    if (named !== undefined && named !== '' && named !== principal.botId) throw notFound('bot');
    return { orgId: principal.orgId, botId: principal.botId };
  }
  if (named === undefined || named === '') {
    throw new EngineError(
      'bad_request',
      'This credential is not bound to a bot: name the bot with the X-Parley-Bot header',
    );
  }
  if (!isUuid(named)) throw notFound('bot');
  return { orgId: principal.orgId, botId: named };
}

/** The bot of a `/v1/bots/{botId}` request; another bot than a bound credential's is 404. */
export function nativeBot(principal: Principal, botId: string): BotRef {
  if (!isUuid(botId) || (principal.botId !== null && principal.botId !== botId)) {
    throw notFound('bot');
  }
  return { orgId: principal.orgId, botId };
}

type Method = RouteDef['method'];

export interface BotRouteDef<P extends object, Q, B> {
  readonly method: Method;
  /** Path after `/v1/api` (`/bot/flows/:flowId`), or null when there is no Studio route. */
  readonly studio: string | null;
  /** Path after `/v1/bots/:botId` (`/flows/:flowId`; '' for the bot itself). */
  readonly native: string;
  readonly summary: string;
  readonly auth: AuthRequirement;
  /** Path parameters besides the bot id. */
  readonly params?: z.ZodObject<{ [K in keyof P]: z.ZodType<P[K]> }>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  readonly responses?: RouteDef['responses'];
  handle(bot: BotRef, request: RouteRequest<P, Q, B>): Promise<RouteResponse>;
}

const nativeParams = z.object({ botId: z.string() });

/** The Studio route and its native mirror (studio-api.md §9.2), sharing one handler. */
export function botRoutes<P extends object = Record<string, never>, Q = undefined, B = undefined>(
  def: BotRouteDef<P, Q, B>,
): RouteDef[] {
  const routes: RouteDef[] = [];
  const common = {
    method: def.method,
    surface: 'studio' as const,
    summary: def.summary,
    ...(def.query ? { query: def.query } : {}),
    ...(def.body ? { body: def.body } : {}),
    ...(def.responses ? { responses: def.responses } : {}),
  };
  if (def.studio !== null) {
    routes.push(
      route<P, Q, B>({
        ...common,
        url: `/v1/api${def.studio}`,
        tags: ['Studio'],
        auth: def.auth,
        ...(def.params ? { params: def.params as unknown as z.ZodType<P> } : {}),
        handle: (request) => def.handle(studioBot(request.principal, request.headers), request),
      }),
    );
  }
  const params = (def.params
    ? nativeParams.extend(def.params.shape)
    : nativeParams) as unknown as z.ZodType<P & { botId: string }>;
  routes.push(
    route<P & { botId: string }, Q, B>({
      ...common,
      url: `/v1/bots/:botId${def.native}`,
      tags: ['Bots'],
      // Public mode is a Studio-surface convenience only (§9.2: "no public mode").
      auth: { ...def.auth, allowPublic: false },
      params,
      handle: (request) => def.handle(nativeBot(request.principal, request.params.botId), request),
    }),
  );
  return routes;
}
