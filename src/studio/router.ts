/**
 * The studio's pages and their hash routes (`#/bots/<botId>/flows/<flowId>`…). The hash keeps
 * every page a plain static file for the server, and a reload or a bookmark lands on the same
 * page. Pure: parsed and printed here, listened to in app.tsx.
 */

export type BotSection =
  'flows' | 'flow' | 'versions' | 'playground' | 'conversations' | 'settings';

export type Route =
  | { readonly page: 'bots' }
  | { readonly page: 'flows'; readonly botId: string }
  | { readonly page: 'flow'; readonly botId: string; readonly flowId: string }
  | { readonly page: 'versions'; readonly botId: string }
  | { readonly page: 'playground'; readonly botId: string }
  | {
      readonly page: 'conversations';
      readonly botId: string;
      readonly conversationId: string | null;
    }
  | { readonly page: 'settings'; readonly botId: string }
  | { readonly page: 'not_found'; readonly hash: string };

export type BotRoute = Extract<Route, { botId: string }>;

function decode(segment: string): string | null {
  try {
    const value = decodeURIComponent(segment);
    return value === '' ? null : value;
  } catch {
    return null;
  }
}

/** The route of a location hash (`#/bots/…`, with or without `#`); `#` and `#/` are the bots. */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (path === '' || path === 'bots') return { page: 'bots' };
  const parts = path.split('/').map(decode);
  const notFound: Route = { page: 'not_found', hash };
  if (parts.some((part) => part === null) || parts[0] !== 'bots') return notFound;
  const botId = parts[1];
  if (botId === undefined || botId === null) return notFound;
  const [, , section, id, ...rest] = parts;
  if (rest.length > 0) return notFound;
  switch (section) {
    case undefined:
      return id === undefined ? { page: 'flows', botId } : notFound;
    case 'flows':
      return id === undefined || id === null
        ? { page: 'flows', botId }
        : { page: 'flow', botId, flowId: id };
    case 'conversations':
      return { page: 'conversations', botId, conversationId: id ?? null };
    case 'versions':
    case 'playground':
    case 'settings':
      return id === undefined ? { page: section, botId } : notFound;
    case null:
    default:
      return notFound;
  }
}

const enc = encodeURIComponent;

/** The hash (with `#`) that shows `route`. */
export function hashOf(route: Route): string {
  switch (route.page) {
    case 'bots':
      return '#/bots';
    case 'flows':
      return `#/bots/${enc(route.botId)}/flows`;
    case 'flow':
      return `#/bots/${enc(route.botId)}/flows/${enc(route.flowId)}`;
    case 'versions':
    case 'playground':
    case 'settings':
      return `#/bots/${enc(route.botId)}/${route.page}`;
    case 'conversations':
      return route.conversationId === null
        ? `#/bots/${enc(route.botId)}/conversations`
        : `#/bots/${enc(route.botId)}/conversations/${enc(route.conversationId)}`;
    case 'not_found':
      return route.hash;
  }
}

/** The bot a route is about, if any. */
export function botIdOf(route: Route): string | null {
  return 'botId' in route ? route.botId : null;
}

/** The nav section a bot page belongs to (the flow editor is under Flows). */
export function sectionOf(route: BotRoute): Exclude<BotSection, 'flow'> {
  return route.page === 'flow' ? 'flows' : route.page;
}
