/**
 * What a Textbots conversation keeps in its `meta` (ARCHITECTURE.md: surface data), under the
 * key `textbots`: the caller's launch or execute fields as given (L5, X2), the session's own
 * rules' state (T6 counters, O5 position, O6 variables), and the last turn's answer, which a
 * replay returns unchanged (T3, X7). `meta` is written in the same transaction as the turn, so
 * the answer stored is always the last turn's.
 */
import type { Json } from '../../csml/json.js';
import type { JsonObject } from '../../engine/store.js';
import type { Position } from './flow-location.js';

export const BOTFLOW_CHANNEL = 'textbots.botflow';
export const EXECUTE_CHANNEL = 'textbots.execute';

/**
 * How long a turn waits for its session's lock (T5; ARCHITECTURE.md "One turn"), then 409
 * `request.conflict`: the Genesys client gives up at 16 s and never retries.
 */
export const LOCK_WAIT_MS = 10_000;

/** A bot-flow session (launch, turns). */
export interface BotflowSession {
  readonly kind: 'botflow';
  readonly externalSessionId: string;
  readonly conversationId: string | null;
  readonly channel: Json;
  /** `language` as the launch gave it (L4: recorded). */
  readonly language: string | null;
  /** The session language (L4). */
  readonly outputLanguage: string;
  /** The launched flow, by id (L1). */
  readonly flowId: string;
  /** CSML `_metadata` of every run (L3). */
  readonly metadata: JsonObject;
  /** A turn has run the flow ("launched" until then, T4). */
  readonly ran: boolean;
  /** T6 counters since the flow last ran. */
  readonly noInput: number;
  readonly noMatch: number;
  /** The segments of the last turn that ran the flow (T6 reprompts). */
  readonly lastSegments: readonly Json[];
  /** O6. */
  readonly variables: JsonObject;
  /** The last intent the NLU detected (Exit `activeIntent`). */
  readonly activeIntent: string | null;
  /** Flow and step where the session stands (O5). */
  readonly position: Position;
  /** The last turn's response without its `id` (T3). */
  readonly response: JsonObject | null;
}

/** An execute session (X2). */
export interface ExecuteSession {
  readonly kind: 'execute';
  readonly botSessionId: string;
  readonly integrationId: string;
  readonly botAlias: string | null;
  readonly botChannels: readonly string[] | null;
  readonly messagingPlatformType: string | null;
  readonly languageCode: string | null;
  /** `botSessionTimeoutMinutes` once given (X2); the bot's TTL before. */
  readonly ttlMinutes: number | null;
  /** Complete or Failed (X4); the conversation row stays open so its key stays taken. */
  readonly closed: boolean;
  /** The last turn's response (X7). */
  readonly response: JsonObject | null;
}

function sessionOf(meta: JsonObject): Readonly<Record<string, Json>> | null {
  const value = meta.textbots;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Readonly<Record<string, Json>>)
    : null;
}

export function readBotflow(meta: JsonObject): BotflowSession {
  const session = sessionOf(meta);
  if (session?.kind !== 'botflow') throw new Error('not a Textbots bot-flow session');
  return session as unknown as BotflowSession;
}

export function readExecute(meta: JsonObject): ExecuteSession | null {
  const session = sessionOf(meta);
  return session?.kind === 'execute' ? (session as unknown as ExecuteSession) : null;
}

export function sessionMeta(session: BotflowSession | ExecuteSession): JsonObject {
  return { textbots: session as unknown as Json };
}
