/**
 * Launch (textbots-api.md §4.2): a new session of a flow at its bot's latest build, positioned
 * at the flow's `start`, not run (T4 runs it on the first turn).
 */
import type { Json } from '../../csml/json.js';
import type { BuildService } from '../../engine/builds.js';
import { newId } from '../../engine/ids.js';
import type { JsonObject, Store } from '../../engine/store.js';
import type { Principal } from '../principal.js';
import { checkEnums } from './check-request.js';
import { findFlow } from './lookup.js';
import { strict } from './schemas.js';
import type { LaunchBody } from './schemas.js';
import { BOTFLOW_CHANNEL, sessionMeta } from './session-meta.js';
import type { BotflowSession } from './session-meta.js';
import { textbotsSettings } from './settings.js';
import { textbotsError } from './wire-errors.js';

export interface LaunchDeps {
  readonly store: Store;
  readonly builds: BuildService;
}

function isObject(value: unknown): value is Readonly<Record<string, Json>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * L3: `_metadata` from `inputData.variables`; a key `Flow.X` is also `X`, unless the request
 * has an explicit `X`.
 */
export function launchMetadata(inputData: unknown): JsonObject {
  if (inputData === undefined || inputData === null) return {};
  if (!isObject(inputData)) {
    throw textbotsError('invalid.input.variables', 'inputData must be an object', 'inputData');
  }
  const variables = inputData.variables;
  if (!isObject(variables)) {
    throw textbotsError(
      'invalid.input.variables',
      'inputData.variables must be an object',
      'inputData.variables',
    );
  }
  const metadata: Record<string, Json> = {};
  const define = (key: string, value: Json) => {
    Object.defineProperty(metadata, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  };
  for (const [key, value] of Object.entries(variables)) define(key, value);
  for (const [key, value] of Object.entries(variables)) {
    const alias = key.startsWith('Flow.') ? key.slice('Flow.'.length) : '';
    if (alias !== '' && !Object.hasOwn(variables, alias)) define(alias, value);
  }
  return metadata;
}

/** C3 (rest), C1 6, L1–L5; answers the session id. */
export async function launch(
  deps: LaunchDeps,
  principal: Principal,
  body: LaunchBody,
): Promise<{ id: string }> {
  const { store, builds } = deps;
  checkEnums(strict.launch, body);
  const metadata = launchMetadata(body.inputData);
  const flow = await findFlow(store, principal, body.flow.id);
  // L2: the latest build, and the flow in it.
  const [latest] = await store.listVersions(principal.orgId, flow.botId, { limit: 1 });
  const version = latest ? await builds.runnable(principal.orgId, flow.botId, latest.id) : null;
  const built = version?.flows.find((f) => f.id === flow.id);
  if (!latest || !version || !built) {
    throw textbotsError(
      'flow.version.not.published',
      `flow ${flow.id} is not in its bot's latest build`,
    );
  }
  const settings = textbotsSettings(version);
  const language = body.language ?? null;
  const id = newId();
  const session: BotflowSession = {
    kind: 'botflow',
    externalSessionId: body.externalSessionId,
    conversationId: body.conversationId ?? null,
    channel: body.channel,
    language,
    outputLanguage: language !== null && language !== '' ? language : settings.defaultLanguage,
    flowId: flow.id,
    metadata,
    ran: false,
    noInput: 0,
    noMatch: 0,
    lastSegments: [],
    variables: {},
    activeIntent: null,
    position: { flow: built.name, step: 'start' },
    response: null,
  };
  await store.openConversation({
    id,
    orgId: principal.orgId,
    botId: flow.botId,
    versionId: latest.id,
    channel: BOTFLOW_CHANNEL,
    // A session is found by its id; the key only has to be unique.
    externalKey: id,
    // L5
    userKey: `textbots:${body.externalSessionId === '' ? id : body.externalSessionId}`,
    meta: sessionMeta(session),
  });
  return { id };
}
