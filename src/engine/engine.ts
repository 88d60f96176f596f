/**
 * The conversation runtime (ARCHITECTURE.md "One turn"): under the conversation's lock, load
 * its state, the pinned version's program and the user's memories, run the interpreter, and
 * commit state, messages, memory writes and the turn together.
 */
import type { CsmlHost } from '../csml/interpreter/host.js';
import { interpret } from '../csml/interpreter/interpret.js';
import type { OutputMessage } from '../csml/interpreter/types.js';
import type { Json } from '../csml/json.js';
import { compiledVersion, DEFAULT_STEP_LIMIT, DEFAULT_TURN_TIMEOUT_MS } from './bot-version.js';
import type { BotVersion } from './bot-version.js';
import { EngineError } from './errors.js';
import { readEvent } from './events.js';
import type { ClientEvent } from './events.js';
import { selectFlow } from './flow-selection.js';
import type { Conversation, ConversationState, Store } from './store.js';

export interface TurnRequest {
  readonly conversationId: string;
  readonly version: BotVersion;
  /** Whose memories this turn reads and writes. */
  readonly userKey: string;
  readonly event: ClientEvent;
  readonly metadata?: Readonly<Record<string, Json>>;
  /** Receives messages as they are produced. */
  readonly sink?: (message: OutputMessage) => void;
}

export interface TurnResult {
  readonly messages: readonly OutputMessage[];
  /** The run ended the conversation (goto end, a fatal error, Disconnect()…). */
  readonly conversationEnd: boolean;
  readonly state: ConversationState | null;
  readonly interactionOrder: number;
  readonly turn: number;
}

export class Engine {
  constructor(
    private readonly store: Store,
    private readonly host: CsmlHost,
  ) {}

  async turn(request: TurnRequest): Promise<TurnResult> {
    const { version } = request;
    const open = await this.store.withConversation(request.conversationId, async (tx) => {
      const existing = await tx.conversation();
      if (existing && existing.versionId !== version.id) {
        throw new EngineError(
          'conflict',
          `conversation ${existing.id} is pinned to another bot version`,
        );
      }
      const event = readEvent(request.event, existing?.state?.hold?.secure ?? false);
      const { input, program } = compiledVersion(version);
      const previous = existing?.status === 'open' ? existing.state : null;
      const selection = selectFlow(version, program, event, previous);
      const hold = selection.fresh ? null : selection.state.hold;
      const memories = await tx.memories(version.botId, request.userKey);
      const result = interpret({
        bot: input,
        context: {
          memories,
          metadata: request.metadata ?? {},
          hold,
          flow: selection.state.flow,
          step: hold?.step ?? selection.state.step,
        },
        event,
        stepLimit: version.settings.stepLimit ?? DEFAULT_STEP_LIMIT,
        turnTimeoutMs: version.settings.turnTimeoutMs ?? DEFAULT_TURN_TIMEOUT_MS,
        host: this.host,
        ...(request.sink ? { sink: request.sink } : {}),
      });
      const ended = result.exit !== 'hold';
      const state: ConversationState | null = ended
        ? null
        : {
            flow: result.position.flow,
            step: result.position.step,
            hold: result.hold,
          };
      const conversation: Conversation = {
        id: request.conversationId,
        botId: version.botId,
        versionId: version.id,
        userKey: request.userKey,
        status: 'open',
        state,
        turns: (existing?.turns ?? 0) + 1,
      };
      await tx.commit({
        conversation,
        event: request.event,
        messages: result.messages,
        memoryOps: result.memoryOps,
      });
      return {
        messages: result.messages,
        conversationEnd: ended,
        state,
        interactionOrder: result.interactionOrder,
        turn: conversation.turns,
      };
    });
    return open;
  }
}
