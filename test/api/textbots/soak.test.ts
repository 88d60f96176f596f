/**
 * Soak (issue 6): 1,000 bot-flow sessions × 5 turns, 50 concurrent clients, each its own
 * official SDK client, against one server on SQLite. Zero errors; every session's turns in
 * order (each answer names the previous turn, ids ascend, the store counted five); no
 * cross-talk (every answer carries its own session's tag and the text that session sent).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ALL_TEXTBOTS, launchBody, startTextbotsServer } from './fixture.js';
import type { TextbotsApi, TextbotsServer } from './fixture.js';

const SESSIONS = 1000;
const TURNS = 5;
const CLIENTS = 50;

const ECHO = `start:
  say "{{_metadata.tag}} ready"
  goto listen

listen:
  hold
  say "{{_metadata.tag}} heard {{event}}"
  goto listen`;

let server: TextbotsServer;
let token: string;

beforeAll(async () => {
  server = await startTextbotsServer();
  await server.bot({ name: 'Soak', flows: [{ name: 'soak', content: ECHO }] });
  token = (await server.key(ALL_TEXTBOTS)).token;
});
afterAll(async () => {
  await server.close();
});

interface SessionRun {
  readonly id: string;
  readonly turnIds: string[];
}

async function runSession(api: TextbotsApi, n: number): Promise<SessionRun> {
  const tag = `s${n}`;
  const { id } = await api.postTextbotsBotflowsSessions(
    launchBody('soak', { externalSessionId: tag, inputData: { variables: { tag } } }),
  );
  const turnIds: string[] = [];
  let previous: string | null = null;
  for (let t = 0; t < TURNS; t++) {
    const text = `${tag}-${t}`;
    const body: any =
      t === 0
        ? { inputEventType: 'NoOp' }
        : {
            previousTurn: { id: previous },
            inputEventType: 'UserInput',
            inputEventUserInput: { mode: 'Text', alternatives: [{ transcript: { text } }] },
          };
    const answer = await api.postTextbotsBotflowsSessionTurns(id, body);
    if (previous === null) expect(answer.previousTurn).toBeUndefined();
    else expect(answer.previousTurn).toEqual({ id: previous });
    expect(answer.nextActionType).toBe('WaitForInput');
    expect(answer.prompts?.textPrompts?.segments).toEqual([
      { type: 'Text', text: t === 0 ? `${tag} ready` : `${tag} heard ${text}` },
    ]);
    turnIds.push(answer.id);
    previous = answer.id!;
  }
  return { id: id, turnIds };
}

describe('soak', () => {
  it(`runs ${SESSIONS} sessions × ${TURNS} turns with ${CLIENTS} concurrent SDK clients`, async () => {
    const apis = await Promise.all(Array.from({ length: CLIENTS }, () => server.api(token)));
    let next = 0;
    const runs: SessionRun[] = [];
    const errors: unknown[] = [];
    const started = performance.now();
    await Promise.all(
      apis.map(async (api) => {
        for (let n = next++; n < SESSIONS; n = next++) {
          try {
            runs.push(await runSession(api, n));
          } catch (error) {
            errors.push(error);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    expect(errors).toEqual([]);
    expect(runs).toHaveLength(SESSIONS);
    for (const run of runs) {
      expect([...run.turnIds].sort()).toEqual(run.turnIds);
      const stored = await server.app.store.getConversation(server.orgId, run.id);
      expect(stored?.turns).toBe(TURNS);
    }
    expect(new Set(runs.flatMap((r) => r.turnIds)).size).toBe(SESSIONS * TURNS);
    console.log(
      `textbots soak: ${SESSIONS * (TURNS + 1)} requests in ${seconds.toFixed(1)} s ` +
        `(${((SESSIONS * (TURNS + 1)) / seconds).toFixed(0)} req/s)`,
    );
  }, 120_000);
});
