/**
 * A bot-flow turn (textbots-api.md §4.3): C3, the session lookup (6a), then the engine under
 * the session's lock: replay of an exact retry (6c, T3), and the plan for the rest
 * (botflow-plan.ts). The answer is the one stored with the turn.
 */
import type { BuildService } from '../../engine/builds.js';
import type { Engine } from '../../engine/engine.js';
import type { JsonObject, Store } from '../../engine/store.js';
import type { Principal } from '../principal.js';
import { planBotflowTurn } from './botflow-plan.js';
import { findSession } from './lookup.js';
import type { TurnBody } from './schemas.js';
import { LOCK_WAIT_MS, readBotflow } from './session-meta.js';
import { readTurn } from './turn-input.js';
import { withTurnId } from './turn-responses.js';

export interface TurnDeps {
  readonly store: Store;
  readonly builds: BuildService;
  readonly engine: Engine;
}

export async function botflowTurn(
  deps: TurnDeps,
  principal: Principal,
  sessionId: string,
  body: TurnBody,
): Promise<JsonObject> {
  const { store, builds, engine } = deps;
  const read = readTurn(body);
  const session = await findSession(store, principal, sessionId);
  const outcome = await engine.converse({
    conversationId: session.id,
    loadVersion: (versionId) => builds.runnable(session.orgId, session.botId, versionId),
    // The plan gives the event of a run; this one only has to be valid.
    event: { content_type: 'text', content: { text: '' } },
    digest: read.digest,
    retry: (last) => (last.digest === read.digest ? 'replay' : 'run'),
    endCloses: true,
    waitMs: LOCK_WAIT_MS,
    plan: (context) => planBotflowTurn(read, context),
  });
  const stored = readBotflow(outcome.conversation.meta).response;
  if (!stored) throw new Error(`session ${session.id} has no stored response`);
  return withTurnId(outcome.turn.id, stored);
}
