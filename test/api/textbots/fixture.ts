/**
 * Textbots tests drive the official Genesys client (`purecloud-platform-client-v2`) against a
 * real Parley server on 127.0.0.1 (textbots-api.md §6): one SDK client per test through
 * `ApiClientClass` and `setGateway`, `HOME` pointed at an empty folder before the SDK first
 * loads (it reads `$HOME/.genesyscloudjavascript/config`), and a server whose clock a test may
 * move forward (idle expiry, T7).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type * as Genesys from 'purecloud-platform-client-v2';
import { expect } from 'vitest';

import { createApp } from '../../../src/api/app.js';
import { readConfig } from '../../../src/api/config.js';
import { createApiKey } from '../../../src/api/auth/keys.js';
import { newId } from '../../../src/engine/ids.js';
import type { TestServer } from '../harness.js';

type Sdk = typeof Genesys;
export type TextbotsApi = Genesys.TextbotsApi;
export type ApiClient = Genesys.ApiClientClass;

let sdkModule: Promise<Sdk> | undefined;

/** The SDK, loaded once with HOME set to an empty folder. */
export function sdk(): Promise<Sdk> {
  sdkModule ??= (async () => {
    process.env.HOME = mkdtempSync(path.join(tmpdir(), 'parley-genesys-home-'));
    const loaded = (await import('purecloud-platform-client-v2')) as Sdk & { default?: Sdk };
    return loaded.default ?? loaded;
  })();
  return sdkModule;
}

export interface TextbotsServer extends TestServer {
  readonly port: number;
  /** Moves the server's clock (engine turns) forward. */
  advance(ms: number): void;
  /** A key of the default organization, made through POST /v1/keys. */
  key(
    permissions: string[],
    botId?: string,
  ): Promise<{ id: string; secret: string; token: string }>;
  /** A second organization with a key holding every Textbots permission. */
  otherOrganization(): Promise<{ orgId: string; token: string }>;
  /** A bot with these flows (the first is the default), built; its id and flow ids. */
  bot(definition: BotDefinition): Promise<{ id: string; flows: Record<string, string> }>;
  /** An SDK TextbotsApi authenticated with a bearer token (`<keyId>.<secret>` or minted). */
  api(token?: string | null): Promise<TextbotsApi>;
  /** An SDK TextbotsApi logged in through loginClientCredentialsGrant (POST /oauth/token). */
  login(keyId: string, secret: string): Promise<{ api: TextbotsApi; client: ApiClient }>;
}

export interface BotDefinition {
  readonly name?: string;
  readonly flows: readonly { name: string; content: string; commands?: string[] }[];
  readonly settings?: Record<string, unknown>;
  readonly nlu?: unknown;
  /** Skip the build. */
  readonly unbuilt?: boolean;
}

export const ALL_TEXTBOTS = ['textbots:botFlowSession:execute', 'textbots:session:execute'];

export async function startTextbotsServer(
  env: Record<string, string> = {},
): Promise<TextbotsServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-textbots-'));
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_RATE_LIMIT: '0',
    PARLEY_LOG_LEVEL: 'silent',
    ...env,
  });
  let offset = 0;
  const app = await createApp({ config, now: () => Date.now() + offset });
  const { port } = await app.server.listen();
  const baseUrl = `http://127.0.0.1:${port}`;
  const first = app.firstStart;
  if (!first) throw new Error('expected a first start');
  const adminToken = first.adminToken;

  const request: TestServer['request'] = async (method, url, options = {}) => {
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

  const client = async (): Promise<ApiClient> => {
    const platform = await sdk();
    const Client = (platform as unknown as { ApiClientClass: new () => ApiClient }).ApiClientClass;
    const made = new Client();
    made.setGateway({ host: '127.0.0.1', port, protocol: 'http' });
    return made;
  };

  return {
    app,
    baseUrl,
    dataDir,
    adminToken,
    orgId: first.orgId,
    demoBotId: first.demoBotId,
    port,
    request,
    advance(ms) {
      offset += ms;
    },
    async key(permissions, botId) {
      const created = await request('POST', '/v1/keys', {
        body: { permissions, name: 'textbots test', ...(botId ? { botId } : {}) },
      });
      expect(created.status).toBe(201);
      return created.body as { id: string; secret: string; token: string };
    },
    async otherOrganization() {
      const at = Date.now();
      const orgId = newId();
      await app.store.insertOrg({
        id: orgId,
        name: 'Other',
        defaultBotId: null,
        createdAt: at,
        updatedAt: at,
      });
      const key = await createApiKey(
        app.store,
        app.secret,
        { orgId, botId: null, name: 'other', permissions: ['bots:manage', ...ALL_TEXTBOTS] },
        at,
      );
      return { orgId, token: key.token };
    },
    async bot(definition) {
      const created = await request('POST', '/v1/bots', {
        body: {
          name: definition.name ?? 'Textbots test bot',
          flows: definition.flows,
          ...(definition.settings ? { settings: definition.settings } : {}),
          ...(definition.nlu === undefined ? {} : { nlu: definition.nlu }),
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const bot = created.body as { id: string; flows: { id: string; name: string }[] };
      if (!definition.unbuilt) {
        const built = await request('POST', `/v1/bots/${bot.id}/build`);
        expect(built.status, JSON.stringify(built.body)).toBeLessThan(300);
      }
      return { id: bot.id, flows: Object.fromEntries(bot.flows.map((f) => [f.name, f.id])) };
    },
    async api(token) {
      const platform = await sdk();
      const made = await client();
      if (token !== null && token !== undefined) made.setAccessToken(token);
      return new platform.TextbotsApi(made);
    },
    async login(keyId, secret) {
      const platform = await sdk();
      const made = await client();
      await made.loginClientCredentialsGrant(keyId, secret);
      return { api: new platform.TextbotsApi(made), client: made };
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The rejection of an SDK call: the parsed ErrorBody (§5.1). */
export async function rejection(call: () => Promise<unknown>): Promise<any> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be rejected');
}

/** Asserts an ErrorBody of this code and status, in the shape of textbots-api.md §2.5. */
export function expectErrorBody(error: any, status: number, code: string): void {
  expect(error, JSON.stringify(error)).toMatchObject({
    code,
    status,
    message: expect.any(String),
    contextId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    details: expect.any(Array),
    errors: [],
  });
}

export const CHANNEL = {
  name: 'Messaging',
  inputModes: ['Text'],
  outputModes: ['Text'],
  userAgent: { name: 'GenesysWebWidget' },
};

export function launchBody(flowId: string, extra: Record<string, unknown> = {}) {
  return { flow: { id: flowId }, externalSessionId: '', channel: CHANNEL, ...extra } as any;
}

export const noOp = (previous?: string | null): any => ({
  ...(previous ? { previousTurn: { id: previous } } : {}),
  inputEventType: 'NoOp',
});

export const userInput = (previous: string | null, text: string): any => ({
  ...(previous ? { previousTurn: { id: previous } } : {}),
  inputEventType: 'UserInput',
  inputEventUserInput: { mode: 'Text', alternatives: [{ transcript: { text, confidence: 1 } }] },
});

export const buttonClick = (previous: string | null, payload: string, text = payload): any => ({
  ...(previous ? { previousTurn: { id: previous } } : {}),
  inputEventType: 'RichMediaInput',
  inputEventRichMedia: {
    inputs: [
      { contentType: 'ButtonResponse', buttonResponse: { type: 'QuickReply', text, payload } },
    ],
  },
});
