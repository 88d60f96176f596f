/**
 * A real Parley server for API tests: a fresh data folder (SQLite file) or a given store, on
 * 127.0.0.1 with an ephemeral port, and the first start's admin token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createApp } from '../../src/api/app.js';
import type { ParleyApp } from '../../src/api/app.js';
import { readConfig } from '../../src/api/config.js';

export interface TestServer {
  readonly app: ParleyApp;
  readonly baseUrl: string;
  readonly dataDir: string;
  /** The first start's admin key token (`<keyId>.<secret>`). */
  readonly adminToken: string;
  readonly orgId: string;
  readonly demoBotId: string;
  /** fetch against the server with JSON in and out. */
  request(method: string, url: string, options?: RequestOptions): Promise<JsonResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly token?: string | null;
  readonly body?: unknown;
  /** Sent as is (not JSON-encoded). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or the text when it is not JSON, or null for an empty body. */
  readonly body: any;
  readonly text: string;
}

export async function startTestServer(
  env: Record<string, string> = {},
  options: { readonly now?: () => number } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-api-'));
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_RATE_LIMIT: '0',
    PARLEY_LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createApp({ config, ...(options.now ? { now: options.now } : {}) });
  const { port } = await app.server.listen();
  const baseUrl = `http://127.0.0.1:${port}`;
  const first = app.firstStart;
  if (!first) throw new Error('expected a first start on a fresh data folder');
  const adminToken = first.adminToken;
  const request = async (
    method: string,
    url: string,
    options: RequestOptions = {},
  ): Promise<JsonResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? adminToken : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${url}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = null;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
  return {
    app,
    baseUrl,
    dataDir,
    adminToken,
    orgId: first.orgId,
    demoBotId: first.demoBotId,
    request,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
