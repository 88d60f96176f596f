/**
 * Turns whose surface decides, under the conversation's lock, what a request does
 * (`ConverseRequest.plan`). Some protocols answer events without running the bot, or answer
 * by the conversation's own history: the Textbots surface keeps a session waiting on a NoOp,
 * closes it on a client's disconnect, counts no-input reprompts and checks the turn a client
 * saw last (textbots-api.md T1–T7). Those rules read the locked conversation and its last
 * turn, so they cannot be decided before the lock; the plan is asked once the lock is held and
 * the retry check has passed, and either records a turn without a run or shapes the run.
 *
 * With a plan the engine neither reopens a closed conversation nor ends an idle one: the plan
 * sees the conversation in any state and owns those rules. The conversation's `meta` is then
 * the plan's (surface data), and `_metadata` is passed apart.
 */
import type { InterpretResult, OutputMessage } from '../csml/interpreter/types.js';
import type { NluLanguage } from '../nlu/text/languages.js';
import type { BotVersion } from './bot-version.js';
import type { ClientEvent } from './events.js';
import { newId } from './ids.js';
import type {
  Conversation,
  ConversationState,
  ConversationTx,
  JsonObject,
  StoredTurn,
} from './store.js';

export interface PlanContext {
  /** As locked: open or closed. */
  readonly conversation: Conversation;
  readonly lastTurn: StoredTurn | null;
  /** The version the conversation is pinned to. */
  readonly version: BotVersion;
  /** The turn's time (the engine's clock). */
  readonly at: number;
}

/** What a run produced, for the plan to derive the conversation's new `meta` from. */
export interface RunOutcome {
  /** The event as the interpreter saw it. */
  readonly event: ClientEvent;
  readonly result: InterpretResult;
  /** The state the run leaves: null when it ended. */
  readonly state: ConversationState | null;
}

/** Stores a turn without running the bot: no memory writes, state kept unless it closes. */
export interface RecordPlan {
  readonly kind: 'record';
  /** Stored as the turn's event. */
  readonly event: ClientEvent;
  /** Also store the event as a user message. */
  readonly logEvent: boolean;
  /** Bot messages of the turn; none when absent. */
  readonly messages?: readonly OutputMessage[];
  /** Close the conversation (its CSML state is dropped). */
  readonly close: boolean;
  readonly meta: JsonObject;
}

/** Runs the bot. */
export interface RunPlan {
  readonly kind: 'run';
  /**
   * The event to run instead of the request's. It may be one of the kinds only a surface
   * makes (`no_input`, `no_match`, csml.md §8.1).
   */
  readonly event?: ClientEvent;
  /** Run from here (a fresh start, no flow selection); by flow name or id. */
  readonly start?: { readonly flow: string; readonly step: string };
  /** `_metadata` of the run. */
  readonly metadata: JsonObject;
  /** The NLU language of a text event, one of the bot's (its default when absent). */
  readonly nluLanguage?: NluLanguage;
  /** The conversation's `meta` after the run, committed with it. */
  settle(outcome: RunOutcome): JsonObject;
}

export type TurnPlan = RecordPlan | RunPlan;

/** Commits a turn of a record plan; answers the conversation and turn as stored. */
export async function recordTurn(
  tx: ConversationTx,
  existing: Conversation,
  plan: RecordPlan,
  keys: { readonly digest: string | null; readonly retryKey: string | null },
  at: number,
): Promise<{ conversation: Conversation; turn: StoredTurn }> {
  const messages = plan.messages ?? [];
  const conversation: Conversation = {
    ...existing,
    status: plan.close ? 'closed' : existing.status,
    state: plan.close ? null : existing.state,
    turns: existing.turns + 1,
    meta: plan.meta,
    updatedAt: at,
    lastTurnAt: at,
  };
  const turnId = newId();
  await tx.commit({
    conversation,
    turnId,
    event: plan.event,
    logEvent: plan.logEvent,
    digest: keys.digest,
    retryKey: keys.retryKey,
    messages,
    conversationEnd: plan.close,
    interactionOrder: 0,
    memoryOps: [],
    at,
  });
  const turn: StoredTurn = {
    id: turnId,
    conversationId: conversation.id,
    seq: conversation.turns,
    event: plan.event,
    digest: keys.digest,
    retryKey: keys.retryKey,
    messages,
    conversationEnd: plan.close,
    interactionOrder: 0,
    createdAt: at,
  };
  return { conversation, turn };
}
