/**
 * Textbots turns (issue 6): turns/s and p50/p99 latency of
 * `POST /api/v2/textbots/botflows/sessions/{id}/turns` with 50 concurrent clients, each
 * driving its own bot-flow session with the official SDK's request shape (bench/textbots/
 * turn-load.ts, a process of its own), against a bare `node:http` server answering a
 * TextBotFlowTurnResponse of the same size, measured in the same run with the same generator.
 *
 * - Parley on SQLite: one `parley serve` process (the compiled dist/), WAL with
 *   `synchronous = FULL`.
 * - Parley on PostgreSQL (when PARLEY_TEST_POSTGRES_URL is set): two `parley serve` processes
 *   on one fresh database, 25 clients each, the figures summed.
 *
 * The clients log in as the SDK does (`POST /oauth/token`, client credentials) and use the
 * access token. Each session is launched and its first turn taken before measuring; every
 * measured request is then a full turn: credential, session lookup, lock, previousTurn check,
 * run of an echo bot resuming its hold, commit of state, messages, turn and stored answer.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { BenchOptions, BenchReport, ReportBenchmark } from './harness.js';
import type { LoadResult } from './http/load.js';
import { figureReport, summed } from './http/figures.js';
import type { Figure } from './http/figures.js';
import { freshPostgresDatabase, runJson, serve, start, stop } from './http/processes.js';
import type { Served } from './http/processes.js';
import type { TurnLoadSpec } from './textbots/turn-load.js';

const BARE = path.join(import.meta.dirname, 'textbots/bare-server.js');
const LOAD = path.join(import.meta.dirname, 'textbots/turn-load.js');

const ECHO_FLOW = `start:
  say "ready"
  goto listen

listen:
  hold
  say "you said: {{event}}"
  goto listen`;

const CHANNEL = {
  name: 'Messaging',
  inputModes: ['Text'],
  outputModes: ['Text'],
  userAgent: { name: 'GenesysWebWidget' },
};

async function json(response: Response, what: string): Promise<Record<string, unknown>> {
  if (!response.ok)
    throw new Error(`bench: ${what} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** The echo bot, built; answers the flow's id. */
async function echoBot(baseUrl: string, adminToken: string): Promise<string> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const bot = await json(
    await fetch(`${baseUrl}/v1/bots`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Echo', flows: [{ name: 'echo', content: ECHO_FLOW }] }),
    }),
    'bot creation',
  );
  await json(
    await fetch(`${baseUrl}/v1/bots/${String(bot.id)}/build`, { method: 'POST', headers }),
    'build',
  );
  return (bot.flows as { id: string }[])[0]!.id;
}

/** An access token as `loginClientCredentialsGrant` gets one. */
async function login(baseUrl: string, adminToken: string): Promise<string> {
  const [keyId, secret] = [
    adminToken.slice(0, adminToken.indexOf('.')),
    adminToken.slice(adminToken.indexOf('.') + 1),
  ];
  const answer = await json(
    await fetch(`${baseUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${keyId}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    }),
    'login',
  );
  return String(answer.access_token);
}

/** `count` sessions of the flow, each past its first turn. */
async function sessions(
  baseUrl: string,
  token: string,
  flowId: string,
  count: number,
  prefix: string,
): Promise<TurnLoadSpec['sessions']> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const launched = await json(
        await fetch(`${baseUrl}/api/v2/textbots/botflows/sessions`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            flow: { id: flowId },
            externalSessionId: `${prefix}-${i}`,
            channel: CHANNEL,
          }),
        }),
        'launch',
      );
      const id = String(launched.id);
      const first = await json(
        await fetch(`${baseUrl}/api/v2/textbots/botflows/sessions/${id}/turns`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ inputEventType: 'NoOp' }),
        }),
        'first turn',
      );
      return { id, lastTurn: String(first.id) };
    }),
  );
}

function load(spec: TurnLoadSpec): Promise<LoadResult> {
  return runJson<LoadResult>(LOAD, spec);
}

async function bare(seconds: number, warmupSeconds: number): Promise<Figure> {
  const server = await start([BARE], {}, /listening on (\d+)/);
  try {
    const result = await load({
      baseUrl: `http://127.0.0.1:${server.match[1]!}`,
      token: 'bare',
      sessions: Array.from({ length: 50 }, (_, i) => ({ id: `bare-${i}`, lastTurn: `t-${i}` })),
      seconds,
      warmupSeconds,
    });
    return { label: 'bare node:http, fixed turn answer', result };
  } finally {
    await stop(server);
  }
}

async function parleySpecs(
  servers: readonly Served[],
  seconds: number,
  warmupSeconds: number,
): Promise<TurnLoadSpec[]> {
  const adminToken = servers[0]!.token!;
  const flowId = await echoBot(servers[0]!.baseUrl, adminToken);
  const perServer = 50 / servers.length;
  return Promise.all(
    servers.map(async (server, i) => {
      const token = await login(server.baseUrl, adminToken);
      return {
        baseUrl: server.baseUrl,
        token,
        sessions: await sessions(server.baseUrl, token, flowId, perServer, `p${i}`),
        seconds,
        warmupSeconds,
      };
    }),
  );
}

async function sqlite(seconds: number, warmupSeconds: number): Promise<Figure> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-'));
  const server = await serve({ PARLEY_DATA_DIR: dataDir });
  try {
    const [spec] = await parleySpecs([server], seconds, warmupSeconds);
    return summed('Parley Textbots turns, SQLite (1 process)', [await load(spec!)]);
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgres(seconds: number, warmupSeconds: number, adminUrl: string): Promise<Figure> {
  const database = await freshPostgresDatabase(adminUrl);
  const secret = randomBytes(32).toString('base64url');
  const dataDirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'parley-bench-')));
  const servers: Served[] = [];
  try {
    for (const dir of dataDirs) {
      servers.push(
        await serve({
          PARLEY_DATA_DIR: dir,
          PARLEY_DATABASE_URL: database.url,
          PARLEY_SECRET: secret,
        }),
      );
    }
    const specs = await parleySpecs(servers, seconds, warmupSeconds);
    const results = await Promise.all(specs.map((spec) => load(spec)));
    return summed('Parley Textbots turns, PostgreSQL (2 processes)', results);
  } finally {
    for (const server of servers) await stop(server);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
}

export const textbotsBenchmark: ReportBenchmark = {
  name: 'textbots',
  async run(options: BenchOptions): Promise<BenchReport> {
    const seconds = Math.max(5, Math.round(options.seconds * 2));
    const warmup = 1;
    const baseline = await bare(seconds, warmup);
    const figures = [await sqlite(seconds, warmup)];
    const pgUrl = process.env.PARLEY_TEST_POSTGRES_URL;
    if (pgUrl) figures.push(await postgres(seconds, warmup, pgUrl));
    const { table, lines } = figureReport('textbots', 'turns', baseline, figures);
    if (!pgUrl) {
      lines.push('textbots PostgreSQL: skipped (set PARLEY_TEST_POSTGRES_URL to measure it)');
    }
    return {
      title: `Textbots turns: 50 concurrent clients, each its own session with the SDK's request shape (a generator in its own process), ${seconds} s each after a ${warmup} s warm-up; Parley SQLite in WAL mode with synchronous=FULL`,
      table,
      lines,
    };
  },
};
