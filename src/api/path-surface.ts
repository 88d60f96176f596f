/**
 * Which surface a path belongs to, for answers that no route decides: unknown routes, bodies
 * refused before a route runs, 503 while closing, CORS (ARCHITECTURE.md "HTTP server"). A
 * registered route's own `surface` wins over this.
 */
import type { Surface } from './route.js';

/** `/v1/bots` and `/v1/bots/…` but not `/v1/botsx`. */
function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The surface of a request path (query string already removed, or ignored). */
export function surfaceOfPath(url: string): Surface {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (
    under(path, '/v1/api') ||
    under(path, '/v1/bots') ||
    under(path, '/v1/keys') ||
    under(path, '/v1/organization')
  ) {
    return 'studio';
  }
  if (under(path, '/api/v2')) return 'textbots';
  if (under(path, '/oauth/token')) return 'oauth';
  if (under(path, '/api/v1') || under(path, '/v1')) return 'conversations';
  return 'studio';
}
