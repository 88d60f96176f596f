/** An Engine on a MemoryStore whose host performs outbound requests (or refuses them). */
import type { CsmlHost } from '../../../src/csml/interpreter/host.js';
import type { OutputMessage } from '../../../src/csml/interpreter/types.js';
import type { BotSettings, BotVersion } from '../../../src/engine/bot-version.js';
import { Engine } from '../../../src/engine/engine.js';
import type { TurnOutcome } from '../../../src/engine/engine.js';
import { appClient, BLOCKED_OUTBOUND, chatHost } from '../../../src/engine/host.js';
import { MemoryStore } from '../../../src/engine/memory-store.js';
import type { FetchLimits } from '../../../src/engine/outbound-fetch.js';
import { remoteOutbound } from '../../../src/engine/outbound.js';

let versions = 0;

export function botVersion(content: string, settings: BotSettings = {}): BotVersion {
  versions++;
  return {
    id: `outbound-v${versions}`,
    botId: 'bot-1',
    name: 'bot',
    defaultFlow: 'main',
    flows: [{ id: 'flow-main', name: 'main', commands: [], content }],
    env: {},
    settings,
    customComponents: {},
  };
}

export interface EngineSetup {
  /** Performs requests when true (PARLEY_ALLOW_REMOTE_FETCH on). */
  readonly allow: boolean;
  readonly limits?: Partial<FetchLimits>;
  /** Replaces the host's clock and randomness (so that a re-run would see other values). */
  readonly now?: () => number;
  readonly random?: () => number;
  readonly logs?: string[];
}

export function outboundEngine(setup: EngineSetup): Engine {
  const outbound = setup.allow
    ? remoteOutbound(setup.limits ? { limits: setup.limits } : {})
    : BLOCKED_OUTBOUND;
  return new Engine(new MemoryStore(), {
    host: (version, conversation) => {
      const host: CsmlHost = chatHost({
        appsEndpoint: version.settings.appsEndpoint,
        client: appClient(conversation),
        outbound,
        log: (line) => setup.logs?.push(line),
      });
      return {
        ...host,
        ...(setup.now ? { now: setup.now } : {}),
        ...(setup.random ? { random: setup.random } : {}),
      };
    },
  });
}

export interface TurnOptions {
  readonly channel?: string;
  readonly externalKey?: string;
  readonly userKey?: string;
  readonly sink?: (message: OutputMessage) => void;
}

export function turn(
  engine: Engine,
  version: BotVersion,
  text: string,
  options: TurnOptions = {},
): Promise<TurnOutcome> {
  return engine.converse({
    conversation: {
      orgId: 'org-1',
      botId: version.botId,
      channel: options.channel ?? 'studio',
      externalKey: options.externalKey ?? 'pk_test:user-1',
      versionId: version.id,
      userKey: options.userKey ?? 'studio:pk_test:user-1',
    },
    loadVersion: () => Promise.resolve(version),
    event: { content_type: 'text', content: { text } },
    endCloses: true,
    ...(options.sink ? { sink: options.sink } : {}),
  });
}

/** Each message as its text, or its error text, or its content. */
export function said(outcome: TurnOutcome): unknown[] {
  return outcome.turn.messages.map((m) => {
    const content = m.content as { text?: unknown; error?: unknown };
    if (m.content_type === 'error') return `error: ${String(content.error)}`;
    return content.text ?? m.content;
  });
}
