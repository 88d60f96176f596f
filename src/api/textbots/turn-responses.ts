/**
 * TextBotFlowTurnResponse bodies (textbots-api.md §2.3, O2–O6), stored without their `id`
 * (the turn's id is made when the turn commits) and completed by `withTurnId`.
 */
import type { Json } from '../../csml/json.js';
import type { JsonObject } from '../../engine/store.js';

export type ExitReason =
  'AgentRequestedByUser' | 'TriggeredByFlow' | 'Error' | 'RecognitionFailure';
export type DisconnectReason = 'TriggeredByUser' | 'TriggeredByFlow' | 'SessionExpired';

export interface FlowLocation {
  readonly sequenceName: string;
  readonly actionName: string;
  readonly actionNumber: number;
}

interface Common {
  /** The id of the turn before this one; none on the first turn. */
  readonly previousTurnId: string | null;
  readonly language: string;
  readonly segments: readonly Json[];
}

function head(common: Common): Record<string, Json> {
  const body: Record<string, Json> = {};
  if (common.previousTurnId !== null) body.previousTurn = { id: common.previousTurnId };
  body.prompts = {
    outputLanguage: common.language,
    textPrompts: { segments: common.segments },
  };
  return body;
}

export function waitForInputResponse(common: Common, noInputTimeoutMs: number): JsonObject {
  return {
    ...head(common),
    nextActionType: 'WaitForInput',
    nextActionWaitForInput: {
      modeConstraints: {
        text: {
          languagePreferences: [common.language],
          noInputTimeoutMilliseconds: noInputTimeoutMs,
        },
      },
    },
  };
}

export interface ExitAction {
  readonly reason: ExitReason;
  readonly reasonExtendedInfo?: string | undefined;
  readonly activeIntent?: string | null | undefined;
  readonly flowLocation: FlowLocation;
  readonly variables: JsonObject;
}

export function exitResponse(common: Common, exit: ExitAction): JsonObject {
  const action: Record<string, Json> = { reason: exit.reason };
  if (exit.reasonExtendedInfo !== undefined) action.reasonExtendedInfo = exit.reasonExtendedInfo;
  if (exit.activeIntent !== undefined && exit.activeIntent !== null) {
    action.activeIntent = exit.activeIntent;
  }
  action.flowLocation = { ...exit.flowLocation };
  action.outputData = { variables: exit.variables };
  return { ...head(common), nextActionType: 'Exit', nextActionExit: action };
}

export interface DisconnectAction {
  readonly reason: DisconnectReason;
  readonly reasonExtendedInfo?: string | undefined;
  readonly flowLocation: FlowLocation;
}

export function disconnectResponse(common: Common, disconnect: DisconnectAction): JsonObject {
  const action: Record<string, Json> = { reason: disconnect.reason };
  if (disconnect.reasonExtendedInfo !== undefined) {
    action.reasonExtendedInfo = disconnect.reasonExtendedInfo;
  }
  action.flowLocation = { ...disconnect.flowLocation };
  return { ...head(common), nextActionType: 'Disconnect', nextActionDisconnect: action };
}

/** The wire body: the turn's id first, then the stored response. */
export function withTurnId(turnId: string, stored: JsonObject): JsonObject {
  return { id: turnId, ...stored };
}
