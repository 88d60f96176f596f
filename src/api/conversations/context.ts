/**
 * What the Conversations facade's routes share: the store and services, this surface's engine
 * (conversations addressed by id, one bot message per turn: flow-turns.ts), the per-conversation
 * locks (§7.5), the LLM provider factory and the surface's configuration.
 */
import type { BuildService } from '../../engine/builds.js';
import { Engine } from '../../engine/engine.js';
import type { EngineOptions } from '../../engine/engine.js';
import { EngineError } from '../../engine/errors.js';
import { appClient, BLOCKED_OUTBOUND, chatHost } from '../../engine/host.js';
import { OpenAiCompatibleProvider } from '../../engine/llm/openai-compatible.js';
import type { LlmProvider } from '../../engine/llm/provider.js';
import { KeyedMutex } from '../../engine/memory-store.js';
import type { Release } from '../../engine/memory-store.js';
import { remoteOutbound } from '../../engine/outbound.js';
import type { ConversationStore, Store } from '../../engine/store.js';
import type { ServerSecret } from '../auth/server-secret.js';
import type { ServerConfig } from '../config.js';

export type ConversationsConfig = Pick<
  ServerConfig,
  'attachmentsDir' | 'maxAttachmentBytes' | 'allowRemoteFetch' | 'publicUrl' | 'llm'
>;

export interface ProviderOptions {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
}

export interface ConversationsDeps {
  readonly store: Store;
  readonly builds: BuildService;
  readonly serverSecret: ServerSecret;
  readonly config: ConversationsConfig;
  readonly now?: () => number;
  /** How long a request waits for its conversation before 503 (default 30 s, §7.5). */
  readonly lockWaitMs?: number;
  /** The CSML host of flow turns; by default the server's (outbound per configuration). */
  readonly host?: EngineOptions['host'];
  /** The model provider for a base URL and key; the OpenAI-compatible one by default. */
  readonly provider?: (options: ProviderOptions) => LlmProvider;
}

/** §7.5: LLM turns may legitimately take tens of seconds. */
export const DEFAULT_LOCK_WAIT_MS = 30_000;

export interface Context {
  readonly store: Store;
  readonly builds: BuildService;
  readonly serverSecret: ServerSecret;
  readonly config: ConversationsConfig;
  readonly now: () => number;
  readonly lockWaitMs: number;
  /** Flow turns of stored conversations (addressed by id; see flowEngineStore). */
  readonly engine: Engine;
  readonly host: EngineOptions['host'];
  readonly provider: (options: ProviderOptions) => LlmProvider;
  /** Serializes the operations of one conversation in this process (§7.5). */
  lock(conversationId: string): Promise<Release>;
}

/**
 * The store as this surface's engine sees it: a turn commits its state, turn row and memory
 * writes as usual, but no message rows; the facade stores the surface's own messages (the user
 * message when it arrives, one bot message per turn with `meta.payloads`, §7.3) in the same
 * transaction.
 */
function flowEngineStore(store: Store): ConversationStore {
  return {
    openConversation: () =>
      Promise.reject(new Error('the Conversations surface addresses conversations by id')),
    withConversation: (id, work, options) =>
      store.withConversation(
        id,
        (tx) =>
          work({ ...tx, commit: (turn) => tx.commit({ ...turn, logEvent: false, messages: [] }) }),
        options,
      ),
  };
}

export function createContext(deps: ConversationsDeps): Context {
  const now = deps.now ?? Date.now;
  const outbound = deps.config.allowRemoteFetch ? remoteOutbound() : BLOCKED_OUTBOUND;
  const host: EngineOptions['host'] =
    deps.host ??
    ((version, conversation) =>
      chatHost({
        appsEndpoint: version.settings.appsEndpoint,
        client: appClient(conversation),
        outbound,
      }));
  const locks = new KeyedMutex();
  const lockWaitMs = deps.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  return {
    store: deps.store,
    builds: deps.builds,
    serverSecret: deps.serverSecret,
    config: deps.config,
    now,
    lockWaitMs,
    engine: new Engine(flowEngineStore(deps.store), { now, host }),
    host,
    provider:
      deps.provider ??
      ((options) =>
        new OpenAiCompatibleProvider({ baseUrl: options.baseUrl, apiKey: options.apiKey })),
    async lock(conversationId) {
      const release = await locks.acquire(conversationId, Date.now() + lockWaitMs);
      if (!release) {
        throw new EngineError(
          'lock_timeout',
          'another request on this conversation is still running; try again',
        );
      }
      return release;
    },
  };
}
