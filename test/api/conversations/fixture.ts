/**
 * A real Parley server for the Conversations API tests (harness.ts), with helpers to make bots
 * (flow bots built at once, LLM bots) and API keys through the admin API, and clients of the
 * official SDK (`@chatbotkit/sdk`) pointed at it.
 */
import { ChatBotKit, ConversationClient } from '@chatbotkit/sdk';
import { expect } from 'vitest';

import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';

/** Answers every message and holds: each message is one turn. */
export const ECHO_FLOW = `start:
  say "you said: {{event}}"
  hold
  goto start`;

/** Several payloads per turn: two texts and a question with buttons. */
export const RICH_FLOW = `start:
  say "Hi there!"
  say "Pick one"
  say Question("Which?", buttons = [Button("A") as a, Button("B") as b])
  hold
  goto start`;

/** Remembers per user (memories keyed by contact or conversation, §7.3). */
export const MEMORY_FLOW = `start:
  if (name) {
    say "again: {{name}}"
  } else {
    remember name = event
    say "hello {{event}}"
  }
  hold
  goto start`;

export interface Fixture {
  readonly server: TestServer;
  readonly baseUrl: string;
  /** A flow bot (ECHO_FLOW), built. */
  readonly botId: string;
  /** `<keyId>.<secret>` with conversations:* on the organization. */
  readonly secret: string;
  /** The SDK, loosely typed: its request types lag behind the wire (e.g. `botId`). */
  readonly cbk: any;
  makeBot(body: Record<string, unknown>, build?: boolean): Promise<string>;
  makeKey(permissions: string[], botId?: string): Promise<string>;
  client(secret?: string, options?: Record<string, unknown>): any;
  conversationClient(secret: string): any;
  close(): Promise<void>;
}

export async function startFixture(
  env: Record<string, string> = {},
  options: { readonly now?: () => number } = {},
): Promise<Fixture> {
  const server = await startTestServer(env, options);
  const admin = async (method: string, url: string, body?: unknown) => {
    const response = await server.request(method, url, body === undefined ? {} : { body });
    expect(response.status, `${method} ${url}: ${response.text}`).toBeLessThan(300);
    return response.body as Record<string, unknown>;
  };
  const makeBot = async (body: Record<string, unknown>, build = true): Promise<string> => {
    const bot = await admin('POST', '/v1/bots', { name: 'Test bot', ...body });
    const id = bot.id as string;
    if (build) await admin('POST', `/v1/bots/${id}/build`);
    return id;
  };
  const makeKey = async (permissions: string[], botId?: string): Promise<string> => {
    const key = await admin('POST', '/v1/keys', {
      permissions,
      ...(botId === undefined ? {} : { botId }),
    });
    return key.token as string;
  };
  const botId = await makeBot({ flows: [{ name: 'Main', content: ECHO_FLOW }] });
  // The demo bot is the default; tests that rely on it say so.
  const secret = await makeKey(['conversations:*']);
  const client = (key = secret, options: Record<string, unknown> = {}): any =>
    new ChatBotKit({ baseUrl: server.baseUrl, secret: key, retries: 0, ...options });
  return {
    server,
    baseUrl: server.baseUrl,
    botId,
    secret,
    cbk: client(),
    makeBot,
    makeKey,
    client,
    conversationClient: (key): any =>
      new ConversationClient({ baseUrl: server.baseUrl, secret: key, retries: 0 }),
    close: () => server.close(),
  };
}

/** Collects a `.stream()`'s events. */
export async function collect(stream: AsyncIterable<unknown>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event as StreamEvent);
  return events;
}

export interface StreamEvent {
  readonly type: string;
  readonly data: Record<string, any>;
  readonly createdAt: number;
}

/** The code an SDK call was refused with (FetchError.code). */
export async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('the call succeeded');
}
