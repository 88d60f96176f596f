/**
 * The conversation runtime (ARCHITECTURE.md "One turn"): under the conversation's lock, load
 * its state, the pinned version's program and the user's memories, run the interpreter, and
 * commit state, messages, memory writes and the turn together.
 *
 * `converse` is what surfaces call: it finds the client's open conversation (or starts one on
 * the version the caller names), and when that conversation turns out to be closed or idle past
 * the bot's TTL once its lock is held, it closes it and starts again on a new one.
 */
import type { CsmlHost } from '../csml/interpreter/host.js';
import { interpret } from '../csml/interpreter/interpret.js';
import type { BotProgram } from '../csml/interpreter/program.js';
import type { OutputMessage } from '../csml/interpreter/types.js';
import { compiledVersion, DEFAULT_STEP_LIMIT, DEFAULT_TURN_TIMEOUT_MS } from './bot-version.js';
import type { BotVersion } from './bot-version.js';
import { EngineError, notFound } from './errors.js';
import { newId } from './ids.js';
import { understand } from './nlu-enrichment.js';
import { readEvent } from './events.js';
import type { ClientEvent } from './events.js';
import { selectFlow } from './flow-selection.js';
import type { Selection } from './flow-selection.js';
import { OutboundTurn } from './replay-host.js';
import { LockTimeoutError } from './store.js';
import { recordTurn } from './turn-plan.js';
import type { PlanContext, TurnPlan } from './turn-plan.js';
import type {
  Conversation,
  ConversationState,
  ConversationStore,
  JsonObject,
  NewConversation,
  StoredTurn,
} from './store.js';

/** csml.md §14.5: 72 hours. */
export const DEFAULT_SESSION_TTL_MINUTES = 4320;

/** What an answered retry of the last turn looks like to a surface (ARCHITECTURE.md). */
export type RetryCheck = (last: StoredTurn) => 'replay' | 'run';

export interface ConverseRequest {
  /** The client's conversation key, and what a new conversation starts with. */
  readonly conversation?: NewConversation;
  /**
   * Instead of `conversation`: the existing conversation to advance, by id (its surface found
   * it). It is never reopened: closed, it goes to `plan`, or the turn is a 409.
   */
  readonly conversationId?: string;
  /** The version a conversation is pinned to, by id (a new one gets `conversation.versionId`). */
  readonly loadVersion: (versionId: string) => Promise<BotVersion>;
  readonly event: ClientEvent;
  /** `_metadata` of this turn; kept as the conversation's latest metadata. */
  readonly metadata?: JsonObject;
  /** Asked with the conversation's last turn: answer from it instead of running again. */
  readonly retry?: RetryCheck;
  readonly retryKey?: string | null;
  /** Digest of the request, stored with the turn for later retry checks. */
  readonly digest?: string | null;
  /**
   * Studio and Textbots close a conversation when a run ends it; the Conversations surface only
   * clears its CSML state (csml.md §14.3).
   */
  readonly endCloses: boolean;
  /** How long to wait for the conversation's lock (ARCHITECTURE.md "One turn", per surface). */
  readonly waitMs?: number;
  /** Receives messages as they are produced. */
  readonly sink?: (message: OutputMessage) => void;
  /** The surface's own turn rules, asked under the lock after the retry check (turn-plan.ts). */
  readonly plan?: (context: PlanContext) => TurnPlan | Promise<TurnPlan>;
  /**
   * The client's IANA time zone for this turn (a surface's header): the NLU reads relative
   * dates and times on its wall clock. Default UTC; an unknown name reads as UTC.
   */
  readonly timezone?: string;
  /**
   * For a caller that runs `converse` inside a transaction of its own (the Conversations
   * surface answers several pending messages atomically): a run that must wait for an
   * outbound request then throws OutboundPending instead of performing it, so that the caller
   * can end its transaction first, call `perform()`, and run the turn again with the same
   * attempt, which answers the requests already performed (replay-host.ts).
   */
  readonly attempt?: TurnAttempt;
}

/** The outbound requests of one turn across its runs (ConverseRequest.attempt). */
export class TurnAttempt {
  /** Set by the turn's first run. */
  outbound: OutboundTurn | null = null;
}

/** Thrown by `converse` with an `attempt`: perform() outside the caller's transaction, then retry. */
export class OutboundPending extends Error {
  constructor(private readonly attempt: TurnAttempt) {
    super('the turn waits for an outbound request');
    this.name = 'OutboundPending';
  }

  perform(): Promise<void> {
    return this.attempt.outbound?.performPending() ?? Promise.resolve();
  }
}

export interface TurnOutcome {
  readonly conversation: Conversation;
  readonly turn: StoredTurn;
  /** True when the turn was answered from the stored one (a retry). */
  readonly replayed: boolean;
}

/**
 * A conversation found closed or expired under its lock: open another and try again. Returned,
 * not thrown, so that closing an expired conversation commits.
 */
const GONE = Symbol('conversation gone');
/** The run waits for an outbound request, to be performed outside the lock. */
const FETCH = Symbol('outbound request pending');

const MAX_REOPEN = 5;

export interface EngineOptions {
  readonly now?: () => number;
  /**
   * The CSML host of a turn of `conversation` on `version` (its clock, HTTP and App policy). A
   * request it answers with NeedsFetch (replay-host.ts) is performed and the turn run again.
   */
  readonly host: (version: BotVersion, conversation: Conversation) => CsmlHost;
}

export class Engine {
  private readonly now: () => number;

  constructor(
    private readonly store: ConversationStore,
    private readonly options: EngineOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async converse(request: ConverseRequest): Promise<TurnOutcome> {
    readEvent(request.event); // a bad event is refused before anything is opened
    const attempt = request.attempt ?? new TurnAttempt();
    for (let reopened = 0; ;) {
      const conversation =
        request.conversationId === undefined
          ? await this.store.openConversation(requireKey(request))
          : { id: request.conversationId };
      const outcome = await this.turn(conversation.id, request, attempt);
      if (outcome === FETCH) {
        // Outside the conversation's lock and transaction: a slow remote service must not
        // hold up other turns (on SQLite, every turn of the process).
        if (request.attempt) throw new OutboundPending(attempt);
        await attempt.outbound?.performPending();
        continue;
      }
      if (outcome !== GONE) return outcome;
      if (request.conversationId !== undefined) {
        throw new EngineError('conflict', `conversation ${conversation.id} is closed`);
      }
      if (++reopened > MAX_REOPEN) {
        throw new Error(`conversation ${conversation.id} kept closing under its lock`);
      }
    }
  }

  private async turn(
    conversationId: string,
    request: ConverseRequest,
    attempt: TurnAttempt,
  ): Promise<TurnOutcome | typeof GONE | typeof FETCH> {
    try {
      return await this.store.withConversation(
        conversationId,
        async (tx) => {
          const existing = await tx.conversation();
          if (!existing) {
            if (request.conversationId !== undefined) throw notFound('conversation');
            return GONE;
          }
          if (existing.status !== 'open' && !request.plan) return GONE;
          // Only a retry check or a plan asks for the last turn (two reads).
          const last = request.retry || request.plan ? await tx.lastTurn() : null;
          if (last && request.retry?.(last) === 'replay') {
            return { conversation: existing, turn: last, replayed: true };
          }
          const at = this.now();
          if (existing.versionId === null) {
            throw new EngineError('conflict', `conversation ${existing.id} has no bot version`);
          }
          const version = await request.loadVersion(existing.versionId);
          const plan = request.plan
            ? await request.plan({ conversation: existing, lastTurn: last, version, at })
            : null;
          if (plan?.kind === 'record') {
            const keys = { digest: request.digest ?? null, retryKey: request.retryKey ?? null };
            return { ...(await recordTurn(tx, existing, plan, keys, at)), replayed: false };
          }
          const ttlMinutes = version.settings.sessionTtlMinutes ?? DEFAULT_SESSION_TTL_MINUTES;
          const idleSince = existing.lastTurnAt ?? existing.createdAt;
          // With a plan, idle expiry is the surface's rule.
          const expired = !plan && existing.turns > 0 && at - idleSince > ttlMinutes * 60_000;
          if (expired && request.endCloses) {
            await tx.close(at);
            return GONE;
          }

          const secure = existing.state?.hold?.secure ?? false;
          const given = plan?.event ?? request.event;
          // What answers a hold_secure is never given to the NLU.
          const understood = secure
            ? null
            : understand(version, given, at, plan?.nluLanguage, request.timezone);
          const clientEvent = understood?.event ?? given;
          const event = readEvent(clientEvent, secure, plan?.event !== undefined);
          const { input, program } = compiledVersion(version);
          const previous = expired ? null : existing.state;
          const selection = plan?.start
            ? startAt(program, plan.start)
            : selectFlow(version, program, event, previous, understood?.intent ?? null);
          const hold = selection.fresh ? null : selection.state.hold;
          const memories = await tx.memories(existing.botId, existing.userKey);
          const metadata = plan?.metadata ?? request.metadata ?? existing.meta;
          // A run stopped at an outbound request runs again, under the lock taken anew, once
          // the request is performed; what the host answered before is answered again.
          attempt.outbound ??= new OutboundTurn(this.options.host(version, existing), {
            sink: request.sink,
          });
          const run = attempt.outbound.runOnce(({ host, sink }) =>
            interpret({
              bot: input,
              context: {
                memories,
                metadata,
                hold,
                flow: selection.state.flow,
                step: hold?.step ?? selection.state.step,
              },
              event,
              stepLimit: version.settings.stepLimit ?? DEFAULT_STEP_LIMIT,
              turnTimeoutMs: version.settings.turnTimeoutMs ?? DEFAULT_TURN_TIMEOUT_MS,
              host,
              ...(sink ? { sink } : {}),
            }),
          );
          if (!run.done) return FETCH;
          const result = run.result;
          const ended = result.exit !== 'hold';
          const state: ConversationState | null = ended
            ? null
            : { flow: result.position.flow, step: result.position.step, hold: result.hold };
          const conversation: Conversation = {
            ...existing,
            status: ended && request.endCloses ? 'closed' : 'open',
            state,
            turns: existing.turns + 1,
            meta: plan ? plan.settle({ event: clientEvent, result, state }) : metadata,
            updatedAt: at,
            lastTurnAt: at,
          };
          const turnId = newId();
          // csml.md §6.6: what answers a hold_secure is never stored.
          const logged: ClientEvent = secure
            ? { content_type: 'secure', content: {} }
            : clientEvent;
          await tx.commit({
            conversation,
            turnId,
            event: logged,
            logEvent: true,
            digest: request.digest ?? null,
            retryKey: request.retryKey ?? null,
            messages: result.messages,
            conversationEnd: ended,
            interactionOrder: result.interactionOrder,
            memoryOps: result.memoryOps,
            at,
          });
          const turn: StoredTurn = {
            id: turnId,
            conversationId: conversation.id,
            seq: conversation.turns,
            event: logged,
            digest: request.digest ?? null,
            retryKey: request.retryKey ?? null,
            messages: result.messages,
            conversationEnd: ended,
            interactionOrder: result.interactionOrder,
            createdAt: at,
          };
          return { conversation, turn, replayed: false };
        },
        request.waitMs === undefined ? {} : { waitMs: request.waitMs },
      );
    } catch (error) {
      if (error instanceof LockTimeoutError) {
        throw new EngineError(
          'lock_timeout',
          'another turn of this conversation is still running; try again',
        );
      }
      throw error;
    }
  }
}

function requireKey(request: ConverseRequest): NewConversation {
  if (!request.conversation) throw new Error('converse needs a conversation key or id');
  return request.conversation;
}

/** A plan's explicit start: a fresh run there, no flow selection. */
function startAt(program: BotProgram, start: { flow: string; step: string }): Selection {
  const flow = program.findFlow(start.flow)?.name ?? start.flow;
  return { state: { flow, step: start.step, hold: null }, fresh: true };
}
