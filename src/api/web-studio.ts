/**
 * Serves the web studio (issue 8): the bundle Vite builds into dist/studio (`npm run build`),
 * at /studio/. The studio is browser code that talks to the public API only; this module only
 * hands out its files.
 *
 * - `/studio` redirects to `/studio/`, which is index.html.
 * - Files under /studio/assets/ carry a content hash in their names: cached for a year. Other
 *   files and index.html are revalidated on every use (`no-cache`), so a new build shows at once.
 * - index.html is rendered per request with a fresh CSP nonce: CodeMirror writes its styles
 *   into a `<style>` element, which a strict policy allows only with that nonce (the page
 *   hands it to the editor through `<meta name="csp-nonce">`). Scripts come from files only.
 * - A path under /studio/ that names no file answers index.html to a browser navigating there
 *   (a bookmark, a reload), and a Studio-shaped 404 to anything else (a missing script).
 * - When dist/studio has no index.html (running from sources with tsx, before a build),
 *   /studio answers a 404 saying to run `npm run build`. index.html is read on each use, so a
 *   build made while the server runs is served at once, with its new asset names.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, URL } from 'node:url';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { EngineError } from '../engine/errors.js';

/** dist/studio of this package: the same place from dist/api (built) and src/api (tsx). */
const STUDIO_DIR = fileURLToPath(new URL('../../dist/studio/', import.meta.url));

/** Replaced in index.html by each response's nonce (src/studio/index.html). */
const NONCE_PLACEHOLDER = '__PARLEY_CSP_NONCE__';

const HASHED_ASSETS = '/studio/assets/';

/**
 * The page's policy: scripts and styles from this origin only (styles also with the nonce),
 * API calls to this origin only, and images and media from anywhere a bot may link to, since
 * the playground shows what bots send.
 */
function contentSecurityPolicy(nonce: string | null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    nonce === null ? "style-src 'self'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: https: http:",
    "media-src 'self' https: http:",
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** A `.` or `..` segment, a backslash or a NUL, raw or percent-encoded: never a studio file. */
function isTraversal(url: string): boolean {
  const raw = pathOf(url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return true;
  }
  return (
    decoded.includes('\\') ||
    decoded.includes('\0') ||
    decoded.split('/').some((segment) => segment === '.' || segment === '..')
  );
}

/** A browser loading a page (address bar, link, reload), not a script or an API client. */
function isHtmlNavigation(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (pathOf(request.url).startsWith(HASHED_ASSETS)) return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

export interface WebStudioOptions {
  /** The built studio; STUDIO_DIR by default. */
  readonly dir?: string;
}

export async function registerWebStudio(
  app: FastifyInstance,
  options: WebStudioOptions = {},
): Promise<void> {
  const dir = options.dir ?? STUDIO_DIR;
  const indexFile = path.join(dir, 'index.html');

  const notBuilt = (): EngineError =>
    new EngineError(
      'not_found',
      'The web studio is not built on this server: run `npm run build` (npm install runs it)',
    );

  /** index.html with a fresh nonce, or the "not built" error. */
  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    let page: string;
    try {
      page = await readFile(indexFile, 'utf8');
    } catch {
      throw notBuilt();
    }
    const nonce = randomBytes(16).toString('base64');
    return reply
      .code(200)
      .headers({
        'Content-Security-Policy': contentSecurityPolicy(nonce),
        'Cache-Control': 'no-cache',
      })
      .type('text/html; charset=utf-8')
      .send(page.replaceAll(NONCE_PLACEHOLDER, nonce));
  };

  app.get('/studio', async (request, reply) => {
    const query = request.url.indexOf('?');
    return reply.redirect(`/studio/${query === -1 ? '' : request.url.slice(query)}`, 301);
  });

  await app.register(
    async (studio) => {
      studio.addHook('onRequest', (request) =>
        isTraversal(request.url)
          ? Promise.reject(new EngineError('not_found', `No studio file at ${pathOf(request.url)}`))
          : Promise.resolve(),
      );
      studio.addHook('onSend', async (_request, reply, payload) => {
        void reply.headers(SECURITY_HEADERS);
        if (!reply.hasHeader('Content-Security-Policy')) {
          void reply.header('Content-Security-Policy', contentSecurityPolicy(null));
        }
        return payload;
      });

      studio.get('/', { prefixTrailingSlash: 'slash' }, (_request, reply) => sendIndex(reply));
      await studio.register(fastifyStatic, {
        root: dir,
        prefix: '/',
        index: false,
        decorateReply: false,
        // A missing folder is a studio not built yet: said by sendIndex, not at start-up.
        suppressWarning: true,
        // index.html goes through sendIndex (it needs its nonce), never as a plain file.
        allowedPath: (pathname) => pathname !== '/index.html',
        cacheControl: false,
        setHeaders(reply, file) {
          const hashed = file.startsWith(path.join(dir, 'assets') + path.sep);
          void reply.header(
            'Cache-Control',
            hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      });

      studio.setNotFoundHandler(async (request, reply) => {
        const url = pathOf(request.url);
        if (url.startsWith('/studio/') && isHtmlNavigation(request)) return sendIndex(reply);
        if (!existsSync(indexFile)) throw notBuilt();
        throw new EngineError('not_found', `No studio file at ${url}`);
      });
    },
    { prefix: '/studio' },
  );
}
