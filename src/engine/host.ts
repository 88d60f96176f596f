/**
 * The CSML host of `parley chat` and the server (csml.md §18.3): the real clock, Math.random,
 * `log` lines to a callback, and outbound requests (HTTP().send(), App(), SMTP().send())
 * refused unless an Outbound that performs them is given (outbound.ts, when
 * `PARLEY_ALLOW_REMOTE_FETCH` is on).
 */
import type { LogLevel } from '../csml/ast.js';
import { CsmlError } from '../csml/interpreter/errors.js';
import type { AppCall, CsmlHost, HttpRequest, HttpResponse } from '../csml/interpreter/host.js';
import type { Json } from '../csml/json.js';

/** Who calls an app: the `client` of the apps endpoint's request (csml.md §18.3). */
export interface AppClient {
  readonly bot_id: string;
  readonly channel_id: string;
  readonly user_id: string;
}

/**
 * The `client` of a conversation: on Studio the chat client (the conversation's key is
 * `<channel_id>:<user_id>`, and channel ids hold no `:`); elsewhere the conversation's channel
 * and its memory user key.
 */
export function appClient(conversation: {
  readonly botId: string;
  readonly channel: string;
  readonly externalKey: string;
  readonly userKey: string;
}): AppClient {
  const { botId, channel, externalKey, userKey } = conversation;
  const colon = externalKey.indexOf(':');
  if (channel === 'studio' && colon > 0) {
    return {
      bot_id: botId,
      channel_id: externalKey.slice(0, colon),
      user_id: externalKey.slice(colon + 1),
    };
  }
  return { bot_id: botId, channel_id: channel, user_id: userKey };
}

/**
 * Where outbound requests go: BLOCKED_OUTBOUND refuses them all (remote fetch is off unless
 * configured); remoteOutbound (outbound.ts) performs HTTP and App requests.
 */
export interface Outbound {
  http(request: HttpRequest): HttpResponse;
  /** `App()`: POST to the bot's apps endpoint; its response's `data`. */
  app(call: AppCall, endpoint: string, client: AppClient): Json;
  smtp(message: Json): Json;
}

function blocked(method: string, url: string): CsmlError {
  return new CsmlError(`request blocked by host policy: ${method} ${url}`);
}

/** `smtp://host:port` of an SMTP().send() message, as far as it says. */
export function smtpUrl(message: Json): string {
  if (typeof message === 'object' && message !== null && !Array.isArray(message)) {
    const server = (message as { readonly [key: string]: Json }).server;
    if (typeof server === 'object' && server !== null && !Array.isArray(server)) {
      const { host, port } = server as { readonly [key: string]: Json };
      if (typeof host === 'string') {
        return `smtp://${host}${typeof port === 'number' ? `:${port}` : ''}`;
      }
    }
  }
  return 'smtp://';
}

/** Refuses every request with the error text of csml.md §13.3. */
export const BLOCKED_OUTBOUND: Outbound = {
  http(request) {
    throw blocked(request.method.toUpperCase(), request.url);
  },
  app(_call, endpoint) {
    throw blocked('POST', endpoint);
  },
  smtp(message) {
    throw blocked('SMTP', smtpUrl(message));
  },
};

export interface ChatHostOptions {
  /** The bot's `settings.appsEndpoint`, if it has one. */
  readonly appsEndpoint?: string | undefined;
  /** Receives `log` statements as `[log <level>] text` lines; logs are dropped without it. */
  readonly log?: ((line: string) => void) | undefined;
  readonly outbound?: Outbound;
  /** Who App() says calls (csml.md §18.3); empty strings without it. */
  readonly client?: AppClient;
}

const NO_CLIENT: AppClient = { bot_id: '', channel_id: '', user_id: '' };

export function chatHost(options: ChatHostOptions = {}): CsmlHost {
  const outbound = options.outbound ?? BLOCKED_OUTBOUND;
  const { appsEndpoint, log, client = NO_CLIENT } = options;
  return {
    now: () => Date.now(),
    random: () => Math.random(),
    http: (request) => outbound.http(request),
    app: (call) => {
      if (appsEndpoint === undefined) {
        throw new CsmlError('App can not be called because apps_endpoint is not set in bot');
      }
      return outbound.app(call, appsEndpoint, client);
    },
    smtp: (message) => outbound.smtp(message),
    log: (level: LogLevel, text: string) => {
      log?.(`[log ${level}] ${text}`);
    },
  };
}
