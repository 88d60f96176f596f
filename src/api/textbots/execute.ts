/**
 * bots/execute (textbots-api.md §4.5): one turn of the conversation that `(bot, botSessionId)`
 * keys, made on first use at the bot's latest build.
 *
 * The conversation row of an execute session stays `open` after the session ends (the end is
 * kept in its meta, X4): the store allows one open conversation per key, so a closed session's
 * key can never start a second conversation, even when two requests race (X2).
 */
import type { Json } from '../../csml/json.js';
import type { BuildService } from '../../engine/builds.js';
import type { Engine } from '../../engine/engine.js';
import type { ClientEvent } from '../../engine/events.js';
import type { JsonObject, Store } from '../../engine/store.js';
import type { PlanContext, RunOutcome, TurnPlan } from '../../engine/turn-plan.js';
import type { NluLanguage } from '../../nlu/text/languages.js';
import type { Principal } from '../principal.js';
import { ValidationError } from '../validation.js';
import { checkEnums } from './check-request.js';
import { digestOf } from './digest.js';
import { findBot } from './lookup.js';
import { intentOf, slotsOf } from './nlu-result.js';
import { nluLanguages, pickLanguage } from './nlu-language.js';
import { runEnd } from './run-end.js';
import { strict } from './schemas.js';
import type { ExecuteBody, PostTextMessage } from './schemas.js';
import { replyMessageOf, segmentsOf } from './segments.js';
import { EXECUTE_CHANNEL, LOCK_WAIT_MS, readExecute, sessionMeta } from './session-meta.js';
import type { ExecuteSession } from './session-meta.js';
import { textbotsSettings } from './settings.js';
import { textbotsError } from './wire-errors.js';

export interface ExecuteDeps {
  readonly store: Store;
  readonly builds: BuildService;
  readonly engine: Engine;
}

/** C3 beyond the schema: enumerations, `botSessionTimeoutMinutes` ≥ 1, a Text message's text. */
function checkExecute(body: ExecuteBody): void {
  checkEnums(strict.execute, body);
  const minutes = body.botSessionTimeoutMinutes;
  if (minutes !== undefined && minutes !== null && minutes < 1) {
    throw textbotsError(
      'constraint.validation',
      'botSessionTimeoutMinutes must be at least 1',
      'botSessionTimeoutMinutes',
    );
  }
  const message = body.postTextMessage;
  if (message.type === 'Text' && (message.text === undefined || message.text === null)) {
    throw new ValidationError('bad_request', '"postTextMessage.text" is missing', [
      { field: 'postTextMessage.text', message: 'is missing' },
    ]);
  }
}

/** X3: the input event, or 400 `bots.invalid.bot.argument`. */
function inputEvent(message: PostTextMessage): ClientEvent {
  if (message.type === 'Text') {
    return { content_type: 'text', content: { text: message.text ?? '' } };
  }
  if (message.type === 'Structured') {
    for (const item of message.content ?? []) {
      if (item.contentType === 'ButtonResponse' && item.buttonResponse) {
        return { content_type: 'payload', content: { payload: item.buttonResponse.payload } };
      }
    }
    if (message.text !== undefined && message.text !== null && message.text !== '') {
      return { content_type: 'text', content: { text: message.text } };
    }
  }
  throw textbotsError(
    'bots.invalid.bot.argument',
    message.type === 'Structured'
      ? 'a Structured message needs a ButtonResponse or a text'
      : `a ${message.type} message cannot be sent to a bot`,
  );
}

/** The fields an execute session records (X2), as of this request. */
function recorded(body: ExecuteBody, previous: ExecuteSession | null): ExecuteSession {
  return {
    kind: 'execute',
    botSessionId: body.botSessionId,
    integrationId: body.integrationId,
    botAlias: body.botAlias ?? null,
    botChannels: body.botChannels ?? null,
    messagingPlatformType: body.messagingPlatformType ?? null,
    languageCode: body.languageCode ?? null,
    ttlMinutes: body.botSessionTimeoutMinutes ?? previous?.ttlMinutes ?? null,
    closed: previous?.closed ?? false,
    response: previous?.response ?? null,
  };
}

function planExecute(
  body: ExecuteBody,
  event: ClientEvent,
  nluLanguage: NluLanguage | undefined,
  { conversation, version, at }: PlanContext,
): TurnPlan {
  const previous = readExecute(conversation.meta);
  const ttl = previous?.ttlMinutes ?? textbotsSettings(version).sessionTtlMinutes;
  const idleSince = conversation.lastTurnAt ?? conversation.createdAt;
  // A conversation this request made cannot have expired yet.
  const expired = conversation.turns > 0 && at > idleSince + ttl * 60_000;
  if (previous?.closed === true || expired) {
    throw textbotsError('bots.bot.session.closed', 'the bot session is closed');
  }
  const session = recorded(body, previous);
  return {
    kind: 'run',
    event,
    // X3: no _metadata on execute.
    metadata: {},
    ...(nluLanguage === undefined ? {} : { nluLanguage }),
    settle: (outcome) => settleExecute(body, session, outcome),
  };
}

function settleExecute(
  body: ExecuteBody,
  session: ExecuteSession,
  { event, result }: RunOutcome,
): JsonObject {
  const end = runEnd(result);
  const botState = end.kind === 'hold' ? 'MoreData' : end.kind === 'error' ? 'Failed' : 'Complete';
  const response: Record<string, Json> = {
    botState,
    replyMessages: segmentsOf(result.messages).map(replyMessageOf),
  };
  const intent = intentOf(event);
  if (intent !== null) response.intentName = intent;
  response.slots = slotsOf(event);
  if (body.botCorrelationId !== undefined && body.botCorrelationId !== null) {
    response.botCorrelationId = body.botCorrelationId;
  }
  return sessionMeta({ ...session, closed: botState !== 'MoreData', response });
}

export async function execute(
  deps: ExecuteDeps,
  principal: Principal,
  body: ExecuteBody,
): Promise<JsonObject> {
  const { store, builds, engine } = deps;
  checkExecute(body);
  const bot = await findBot(store, principal, body.botId);
  const [latest] = await store.listVersions(principal.orgId, bot.id, { limit: 1 });
  if (!latest) throw textbotsError('bots.bot.doesnt.exist', 'the bot has never been built');
  const event = inputEvent(body.postTextMessage);
  const key = {
    orgId: principal.orgId,
    botId: bot.id,
    channel: EXECUTE_CHANNEL,
    externalKey: body.botSessionId,
  };
  // X8, against the version the session runs (or will run) on.
  const open = await store.findOpenConversation(key);
  const version = await builds.runnable(principal.orgId, bot.id, open?.versionId ?? latest.id);
  const nluLanguage = pickLanguage(nluLanguages(version), body.languageCode ?? null);
  const digest = digestOf(body.postTextMessage);
  const correlation =
    body.botCorrelationId !== undefined &&
    body.botCorrelationId !== null &&
    body.botCorrelationId !== ''
      ? body.botCorrelationId
      : null;
  const outcome = await engine.converse({
    conversation: {
      ...key,
      versionId: latest.id,
      userKey: `textbots:${body.botSessionId}`,
      meta: sessionMeta(recorded(body, null)),
    },
    loadVersion: (versionId) => builds.runnable(principal.orgId, bot.id, versionId),
    event,
    digest,
    retryKey: correlation,
    // X7: the same non-empty correlation id and the same message as the last turn.
    retry: (last) =>
      correlation !== null && last.retryKey === correlation && last.digest === digest
        ? 'replay'
        : 'run',
    endCloses: false,
    waitMs: LOCK_WAIT_MS,
    plan: (context) => planExecute(body, event, nluLanguage, context),
  });
  const response = readExecute(outcome.conversation.meta)?.response;
  if (!response) throw new Error(`execute session ${outcome.conversation.id} has no response`);
  return response;
}
