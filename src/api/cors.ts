/**
 * CORS on the Studio and Conversations surfaces (conversations-api.md §2.5, studio-api.md §1);
 * the Textbots and OAuth surfaces are server-to-server and send no CORS headers. Origins come
 * from PARLEY_CORS_ORIGINS: `*`, or a list whose members are echoed. No cookies are used, so
 * credentials are never allowed.
 */
import type { Surface } from './route.js';

export type CorsOrigins = '*' | readonly string[];

const PREFLIGHT: Readonly<
  Partial<Record<Surface, { methods: string; headers: readonly string[] }>>
> = {
  studio: {
    methods: 'GET, POST, PUT, DELETE, OPTIONS',
    headers: [
      'Authorization',
      'Content-Type',
      'X-Api-Key',
      'X-Api-Signature',
      'X-Parley-Bot',
      'Idempotency-Key',
      'X-Request-Id',
    ],
  },
  conversations: {
    methods: 'GET, POST, PUT, OPTIONS',
    headers: [
      'Authorization',
      'Content-Type',
      'Accept',
      'X-Timezone',
      'Idempotency-Key',
      'X-Request-Id',
    ],
  },
};

/** Response headers a browser script may read. */
const EXPOSED = 'X-Request-Id, Retry-After';

export function hasCors(surface: Surface): boolean {
  return PREFLIGHT[surface] !== undefined;
}

function allowOrigin(origins: CorsOrigins, origin: string | undefined): string | undefined {
  if (origins === '*') return '*';
  if (origin === undefined) return undefined;
  return origins.includes(origin.toLowerCase()) ? origin : undefined;
}

/** Headers for an ordinary response of `surface` ({} where the surface has no CORS). */
export function corsHeaders(
  surface: Surface,
  origins: CorsOrigins,
  origin: string | undefined,
): Record<string, string> {
  if (!hasCors(surface)) return {};
  const headers: Record<string, string> = {
    Vary: 'Origin',
    'Access-Control-Expose-Headers': EXPOSED,
  };
  const allowed = allowOrigin(origins, origin);
  if (allowed !== undefined) headers['Access-Control-Allow-Origin'] = allowed;
  return headers;
}

/**
 * Headers of the 204 answer to `OPTIONS` on a path of `surface`, or undefined where the surface
 * has no CORS. Requested headers are allowed on top of the listed ones: a browser asks only for
 * what its script sets.
 */
export function preflightHeaders(
  surface: Surface,
  origins: CorsOrigins,
  origin: string | undefined,
  requestedHeaders: string | undefined,
): Record<string, string> | undefined {
  const rule = PREFLIGHT[surface];
  if (!rule) return undefined;
  const names = [...rule.headers];
  const known = new Set(names.map((name) => name.toLowerCase()));
  for (const name of (requestedHeaders ?? '').split(',')) {
    const trimmed = name.trim();
    if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(trimmed) && !known.has(trimmed.toLowerCase())) {
      known.add(trimmed.toLowerCase());
      names.push(trimmed);
    }
  }
  const headers: Record<string, string> = {
    Vary: 'Origin, Access-Control-Request-Headers',
    'Access-Control-Allow-Methods': rule.methods,
    'Access-Control-Allow-Headers': names.join(', '),
    'Access-Control-Max-Age': '86400',
  };
  const allowed = allowOrigin(origins, origin);
  if (allowed !== undefined) headers['Access-Control-Allow-Origin'] = allowed;
  return headers;
}
