/**
 * The web studio's files at /studio/ (src/api/web-studio.ts), served by a real server from a
 * studio folder made here (the real bundle is Vite's, checked by the browser tests): index and
 * its per-response CSP nonce, hashed assets with a long cache, the fallback to index.html for
 * page navigations only, the security headers, path traversal refused, and the error when the
 * studio is not built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '../../src/api/app.js';
import type { ParleyApp } from '../../src/api/app.js';
import { readConfig } from '../../src/api/config.js';

const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="csp-nonce" content="__PARLEY_CSP_NONCE__" />
    <title>Parley Studio</title>
    <script type="module" crossorigin src="/studio/assets/index-Ab12Cd34.js"></script>
    <link rel="stylesheet" crossorigin href="/studio/assets/index-Ef56Gh78.css" />
  </head>
  <body><div id="app"></div></body>
</html>
`;

const SCRIPT = 'console.log("studio");\n';
const SECRET = 'a file next to the studio folder, never served';

interface Started {
  readonly app: ParleyApp;
  readonly baseUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

async function start(studioDir: string): Promise<Started> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-web-studio-'));
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_LOG_LEVEL: 'silent',
  });
  const app = await createApp({ config, studioDir });
  const { port } = await app.server.listen();
  return {
    app,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A request whose path goes out exactly as written (fetch would resolve `..` first). */
function rawGet(
  port: number,
  rawPath: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: rawPath, method: 'GET', headers: { accept: 'text/html' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const NAVIGATION = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('web studio files at /studio/', () => {
  let root: string;
  let server: Started;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'parley-studio-files-'));
    const studio = path.join(root, 'studio');
    mkdirSync(path.join(studio, 'assets'), { recursive: true });
    writeFileSync(path.join(studio, 'index.html'), INDEX);
    writeFileSync(path.join(studio, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
    writeFileSync(path.join(studio, 'assets', 'index-Ef56Gh78.css'), 'body { margin: 0 }\n');
    writeFileSync(path.join(studio, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(root, 'secret.txt'), SECRET);
    server = await start(studio);
  });

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('redirects /studio to /studio/', async () => {
    const response = await fetch(`${server.baseUrl}/studio`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/studio/');
  });

  it('serves index.html at /studio/, uncached, with a strict CSP and a fresh nonce each time', async () => {
    const first = await fetch(`${server.baseUrl}/studio/`, { headers: NAVIGATION });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await first.text();
    expect(html).toContain('<div id="app"></div>');
    const nonce = /<meta name="csp-nonce" content="([^"]+)"/.exec(html)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);

    const csp = first.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe(`'self' 'nonce-${nonce}'`);
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');

    const second = await fetch(`${server.baseUrl}/studio/`, { headers: NAVIGATION });
    const again = /<meta name="csp-nonce" content="([^"]+)"/.exec(await second.text())?.[1];
    expect(again).not.toBe(nonce);
    expect(second.headers.get('content-security-policy')).toContain(`'nonce-${again}'`);
  });

  it('serves a hashed asset with its type and a long cache, other files revalidated', async () => {
    const script = await fetch(`${server.baseUrl}/studio/assets/index-Ab12Cd34.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript\b/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toBe(SCRIPT);

    const style = await fetch(`${server.baseUrl}/studio/assets/index-Ef56Gh78.css`);
    expect(style.headers.get('content-type')).toMatch(/^text\/css\b/);

    const icon = await fetch(`${server.baseUrl}/studio/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml\b/);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('never serves index.html as a plain file (it would lack its nonce)', async () => {
    const response = await fetch(`${server.baseUrl}/studio/index.html`, { headers: NAVIGATION });
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain('__PARLEY_CSP_NONCE__');
  });

  it('answers index.html to page navigations under /studio/, a Studio 404 to other requests', async () => {
    const page = await fetch(`${server.baseUrl}/studio/bots/some-bot/flows`, {
      headers: NAVIGATION,
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="app"></div>');

    const script = await fetch(`${server.baseUrl}/studio/missing.js`, {
      headers: { accept: '*/*' },
    });
    expect(script.status).toBe(404);
    expect(script.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await script.json()).toEqual({
      error: { code: 'not_found', message: 'No studio file at /studio/missing.js' },
    });

    // A missing hashed asset stays missing even for a navigation: an old page's script.
    const asset = await fetch(`${server.baseUrl}/studio/assets/index-Old00000.js`, {
      headers: NAVIGATION,
    });
    expect(asset.status).toBe(404);

    const post = await fetch(`${server.baseUrl}/studio/`, { method: 'POST', headers: NAVIGATION });
    expect(post.status).toBe(404);
  });

  it('refuses path traversal, raw or encoded', async () => {
    for (const attempt of [
      '/studio/../secret.txt',
      '/studio/assets/../../secret.txt',
      '/studio/%2e%2e/secret.txt',
      '/studio/..%2fsecret.txt',
      '/studio/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
      '/studio/..%5csecret.txt',
      '/studio/./index.html',
    ]) {
      const response = await rawGet(server.port, attempt);
      expect(response.status, attempt).toBe(404);
      expect(response.body, attempt).not.toContain(SECRET);
      expect(JSON.parse(response.body), attempt).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('leaves the API as it was', async () => {
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const unknown = await fetch(`${server.baseUrl}/v1/bots`);
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('content-security-policy')).toBeNull();
  });
});

describe('web studio not built', () => {
  let empty: string;
  let server: Started;

  beforeAll(async () => {
    empty = mkdtempSync(path.join(tmpdir(), 'parley-studio-none-'));
    // Not even the folder: as after a fresh clone run with tsx.
    server = await start(path.join(empty, 'studio'));
  });

  afterAll(async () => {
    await server.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('says to run npm run build, in the Studio error shape', async () => {
    for (const url of ['/studio/', '/studio/assets/index.js', '/studio/bots']) {
      const response = await fetch(`${server.baseUrl}${url}`, { headers: NAVIGATION });
      expect(response.status, url).toBe(404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('not_found');
      expect(body.error.message).toContain('The web studio is not built');
      expect(body.error.message).toContain('npm run build');
    }
    const redirect = await fetch(`${server.baseUrl}/studio`, { redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe('/studio/');
  });

  it('serves a build made while the server runs, without a restart', async () => {
    const studio = path.join(empty, 'studio');
    mkdirSync(path.join(studio, 'assets'), { recursive: true });
    writeFileSync(path.join(studio, 'index.html'), INDEX);
    writeFileSync(path.join(studio, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
    const page = await fetch(`${server.baseUrl}/studio/`, { headers: NAVIGATION });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app"></div>');
    const script = await fetch(`${server.baseUrl}/studio/assets/index-Ab12Cd34.js`);
    expect(await script.text()).toBe(SCRIPT);
    // A new build renames its assets: the page names the new ones at once.
    writeFileSync(path.join(studio, 'index.html'), INDEX.replace('Ab12Cd34', 'Zz99Yy88'));
    const rebuilt = await fetch(`${server.baseUrl}/studio/`, { headers: NAVIGATION });
    expect(await rebuilt.text()).toContain('index-Zz99Yy88.js');
  });
});
