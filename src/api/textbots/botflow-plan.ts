/**
 * What a bot-flow turn does, decided under the session's lock (textbots-api.md T1 6d–6g): the
 * closed-session and `previousTurn` checks, idle expiry, then the event by session state (T4),
 * with no-input/no-match reprompts (T6); and the answer of a run (O1–O6). Every answer is
 * stored in the session's meta with the turn, for replays (T3).
 */
import type { Json } from '../../csml/json.js';
import type { ClientEvent } from '../../engine/events.js';
import type { JsonObject } from '../../engine/store.js';
import type { PlanContext, RunOutcome, TurnPlan } from '../../engine/turn-plan.js';
import { flowLocation } from './flow-location.js';
import { matchLanguage, nluLanguages } from './nlu-language.js';
import { intentOf } from './nlu-result.js';
import { applyMemoryOps } from './output-data.js';
import { runEnd } from './run-end.js';
import { segmentJson, segmentsOf } from './segments.js';
import { readBotflow, sessionMeta } from './session-meta.js';
import type { BotflowSession } from './session-meta.js';
import { textbotsSettings } from './settings.js';
import type { TextbotsSettings } from './settings.js';
import { buttonPayload } from './turn-input.js';
import type { ReadTurn } from './turn-input.js';
import { disconnectResponse, exitResponse, waitForInputResponse } from './turn-responses.js';
import { textbotsError } from './wire-errors.js';

function textEvent(text: string): ClientEvent {
  return { content_type: 'text', content: { text } };
}

class BotflowTurn {
  private readonly session: BotflowSession;
  private readonly settings: TextbotsSettings;
  private readonly previousTurnId: string | null;

  constructor(
    private readonly read: ReadTurn,
    private readonly context: PlanContext,
  ) {
    this.session = readBotflow(context.conversation.meta);
    this.settings = textbotsSettings(context.version);
    this.previousTurnId = context.lastTurn?.id ?? null;
  }

  private common(segments: readonly Json[]) {
    return {
      previousTurnId: this.previousTurnId,
      language: this.session.outputLanguage,
      segments,
    };
  }

  private location() {
    return flowLocation(this.context.version, this.session.position);
  }

  /** A turn that does not run the flow. */
  private record(
    close: boolean,
    response: JsonObject,
    changes: Partial<BotflowSession> = {},
    messages: ClientEvent[] = [],
  ): TurnPlan {
    return {
      kind: 'record',
      event: { content_type: 'textbots', content: { inputEventType: this.read.input.type } },
      logEvent: false,
      messages,
      close,
      meta: sessionMeta({ ...this.session, ...changes, response }),
    };
  }

  private exit(
    reason: 'Error' | 'RecognitionFailure',
    reasonExtendedInfo: string | undefined,
  ): TurnPlan {
    return this.record(
      true,
      exitResponse(this.common([]), {
        reason,
        reasonExtendedInfo,
        activeIntent: this.session.activeIntent,
        flowLocation: this.location(),
        variables: this.session.variables,
      }),
    );
  }

  private disconnect(reason: 'TriggeredByUser' | 'SessionExpired'): TurnPlan {
    return this.record(
      true,
      disconnectResponse(this.common([]), { reason, flowLocation: this.location() }),
    );
  }

  private run(event: ClientEvent): TurnPlan {
    const { session } = this;
    // T4: the session language when the bot's NLU has it, else the NLU's default.
    const languages = nluLanguages(this.context.version);
    const nluLanguage = languages && matchLanguage(languages, session.outputLanguage);
    return {
      kind: 'run',
      event,
      // T4: the first run starts the launched flow, whatever the event would select.
      ...(session.ran ? {} : { start: { flow: session.flowId, step: 'start' } }),
      metadata: session.metadata,
      ...(nluLanguage ? { nluLanguage } : {}),
      settle: (outcome) => this.settle(outcome),
    };
  }

  private settle({ event, result }: RunOutcome): JsonObject {
    const { session, context } = this;
    const segments = segmentsOf(result.messages).map(segmentJson);
    const variables = applyMemoryOps(session.variables, result.memoryOps);
    const activeIntent = intentOf(event) ?? session.activeIntent;
    const position = { flow: result.position.flow, step: result.position.step };
    const common = this.common(segments);
    const location = () => flowLocation(context.version, position);
    const end = runEnd(result);
    let response: JsonObject;
    switch (end.kind) {
      case 'hold':
        response = waitForInputResponse(common, this.settings.noInputTimeoutMs);
        break;
      case 'disconnect':
        response = disconnectResponse(common, {
          reason: 'TriggeredByFlow',
          reasonExtendedInfo: end.reason,
          flowLocation: location(),
        });
        break;
      case 'end':
      case 'escalate':
      case 'error':
        response = exitResponse(common, {
          reason:
            end.kind === 'end'
              ? 'TriggeredByFlow'
              : end.kind === 'escalate'
                ? 'AgentRequestedByUser'
                : 'Error',
          reasonExtendedInfo:
            end.kind === 'error' ? end.message : end.kind === 'escalate' ? end.reason : undefined,
          activeIntent,
          flowLocation: location(),
          variables,
        });
        break;
    }
    return sessionMeta({
      ...session,
      ran: true,
      noInput: 0,
      noMatch: 0,
      lastSegments: segments,
      variables,
      activeIntent,
      position,
      response,
    });
  }

  /** T6, while waiting. */
  private recognitionFailure(kind: 'NoInput' | 'NoMatch'): TurnPlan {
    const { session, settings } = this;
    if (settings.recognitionEventsToFlow) {
      return this.run({ content_type: kind === 'NoInput' ? 'no_input' : 'no_match', content: {} });
    }
    const noInput = kind === 'NoInput';
    const count = (noInput ? session.noInput : session.noMatch) + 1;
    const max = noInput ? settings.maxNoInputRetries : settings.maxNoMatchRetries;
    if (count > max) {
      return this.exit(
        'RecognitionFailure',
        `Maximum number of ${noInput ? 'no-input' : 'no-match'} retries reached`,
      );
    }
    const apology = noInput ? settings.noInputApology : settings.noMatchApology;
    const segments = [{ type: 'Text', text: apology }, ...session.lastSegments];
    return this.record(
      false,
      waitForInputResponse(this.common(segments), settings.noInputTimeoutMs),
      noInput ? { noInput: count } : { noMatch: count },
      [textEvent(apology)],
    );
  }

  plan(): TurnPlan {
    const { conversation, at } = this.context;
    const { session, read } = this;
    // 6d
    if (conversation.status !== 'open') {
      throw textbotsError('session.already.closed', 'the bot session is closed');
    }
    // 6e, T2
    if (read.previousTurnId !== this.previousTurnId) {
      throw textbotsError(
        'mismatched.turn.id',
        this.previousTurnId === null
          ? 'the session has no turn yet: send no previousTurn'
          : `previousTurn.id must be the last turn's id`,
      );
    }
    // 6f, T7
    const idleSince = conversation.lastTurnAt ?? conversation.createdAt;
    if (at > idleSince + this.settings.sessionTtlMinutes * 60_000) {
      return this.disconnect('SessionExpired');
    }
    // 6g, T4: "waiting" once a turn has run the flow (a run that ends closes the session).
    const waiting = session.ran;
    const { input } = read;
    switch (input.type) {
      case 'NoOp':
        if (waiting) {
          return this.record(
            false,
            waitForInputResponse(this.common([]), this.settings.noInputTimeoutMs),
          );
        }
        return this.run(textEvent(''));
      case 'UserInput':
        return this.run(textEvent(input.payload.alternatives[0]?.transcript.text ?? ''));
      case 'RichMediaInput': {
        const payload = buttonPayload(input.payload);
        if (payload === null) {
          throw textbotsError(
            'unexpected.input.event',
            'a RichMediaInput needs a ButtonResponse in inputEventRichMedia.inputs',
          );
        }
        return this.run({ content_type: 'payload', content: { payload } });
      }
      case 'NoInput':
      case 'NoMatch':
        if (!waiting) {
          throw textbotsError(
            'unexpected.input.event',
            `${input.type} before the flow has asked for input`,
          );
        }
        return this.recognitionFailure(input.type);
      case 'Error':
        return this.exit('Error', input.payload?.message);
      case 'UserDisconnect':
        return this.disconnect('TriggeredByUser');
      case 'ClientSessionExpired':
        return this.disconnect('SessionExpired');
    }
  }
}

export function planBotflowTurn(read: ReadTurn, context: PlanContext): TurnPlan {
  return new BotflowTurn(read, context).plan();
}
