/**
 * The re-run loop on its own (replay-host.ts): the per-turn time budget, and a run that asks
 * something else than the run before (its stale answer is dropped, and the loop still ends).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { botVersion } from './fixture.js';
import { startUpstream } from './upstream.js';
import type { Upstream } from './upstream.js';
import type { HttpRequest } from '../../../src/csml/interpreter/host.js';
import { interpret } from '../../../src/csml/interpreter/interpret.js';
import { compiledVersion } from '../../../src/engine/bot-version.js';
import { chatHost } from '../../../src/engine/host.js';
import { remoteOutbound } from '../../../src/engine/outbound.js';
import { MAX_FETCHES_PER_TURN, OutboundTurn } from '../../../src/engine/replay-host.js';
import type { OutboundRunOptions, RunTools } from '../../../src/engine/replay-host.js';
import type { CsmlHost } from '../../../src/csml/interpreter/host.js';

let upstream: Upstream;

beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream.close();
});

const host = () => chatHost({ outbound: remoteOutbound() });

/** The engine's loop without the store: run, perform the request it waits for, run again. */
async function runWithOutbound<R>(
  base: CsmlHost,
  run: (tools: RunTools) => R,
  options: OutboundRunOptions = {},
): Promise<R> {
  const turn = new OutboundTurn(base, options);
  for (;;) {
    const outcome = turn.runOnce(run);
    if (outcome.done) return outcome.result;
    await turn.performPending();
  }
}

describe('runWithOutbound', () => {
  it("stops waiting when the turn's outbound budget is spent", async () => {
    upstream.handler = () => undefined; // never answers
    const version = botVersion(`start:
  do a = HTTP("${upstream.url}/slow/1").send()
  do b = HTTP("${upstream.url}/slow/2").send()
  goto end`);
    const { input } = compiledVersion(version);
    const started = Date.now();
    const result = await runWithOutbound(
      host(),
      ({ host: runHost }) =>
        interpret({
          bot: input,
          context: { memories: {}, metadata: {}, hold: null, flow: 'main', step: 'start' },
          event: { contentType: 'text', value: 'go', content: { text: 'go' }, secure: false },
          stepLimit: 100,
          turnTimeoutMs: 1000,
          host: runHost,
        }),
      { limits: { budgetMs: 400 } },
    );
    expect(Date.now() - started).toBeLessThan(2000);
    const errors = result.messages.map((m) => (m.content as { error: string }).error);
    expect(errors).toEqual([
      expect.stringMatching(/\/slow\/1: Network Error: timed out after \d+ ms/),
      expect.stringMatching(
        /\/slow\/2: Network Error: the turn's time for outbound requests is spent/,
      ),
    ]);
    expect(upstream.seen.map((s) => s.url)).toEqual(['/slow/1']);
  });

  it('drops an answer a re-run no longer asks for, and ends at the request cap', async () => {
    upstream.seen.length = 0;
    upstream.handler = (_request, response) => {
      response.end('ok');
    };
    let runs = 0;
    const request = (n: number): HttpRequest => ({
      method: 'get',
      url: `${upstream.url}/run/${n}`,
      headers: {},
      query: null,
      body: undefined,
      verifySsl: true,
    });
    // Not an interpreter: a run that asks another URL each time, as a flow never would.
    const outcome = await runWithOutbound(host(), ({ host: runHost }) => {
      runs++;
      try {
        return runHost.http(request(runs)).body;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    });
    expect(upstream.seen).toHaveLength(MAX_FETCHES_PER_TURN);
    expect(runs).toBe(MAX_FETCHES_PER_TURN + 1);
    expect(outcome).toBe(
      `request blocked by host policy: GET ${upstream.url}/run/11 (at most 10 outbound requests per turn)`,
    );
  });
});
