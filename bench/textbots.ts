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

import { formatTable } from './harness.js';
import type { BenchOptions, BenchReport, ReportBenchmark } from './harness.js';
import type { LoadResult } from './http/load.js';
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

interface Figure {
  readonly label: string;
  readonly result: LoadResult;
}

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

function summed(label: string, results: readonly LoadResult[]): Figure {
  return {
    label,
    result: {
      requests: results.reduce((sum, r) => sum + r.requests, 0),
      seconds: Math.max(...results.map((r) => r.seconds)),
      perSecond: results.reduce((sum, r) => sum + r.perSecond, 0),
      // Each process's clients see their own latency; the slower process's figures are shown.
      p50: Math.max(...results.map((r) => r.p50)),
      p99: Math.max(...results.map((r) => r.p99)),
      non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    },
  };
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
    const all = [baseline, ...figures];
    const table = formatTable(
      ['server', 'turns', 'turns/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'ratio'],
      all.map((f) => [
        f.label,
        String(f.result.requests),
        f.result.perSecond.toFixed(0),
        f.result.p50.toFixed(1),
        f.result.p99.toFixed(1),
        String(f.result.non2xx),
        String(f.result.errors),
        (f.result.perSecond / baseline.result.perSecond).toFixed(3),
      ]),
    );
    const lines = figures.map(
      (f) =>
        `textbots ${f.label}: ${f.result.perSecond.toFixed(0)} turns/s, p50 ${f.result.p50.toFixed(1)} ms, ` +
        `p99 ${f.result.p99.toFixed(1)} ms, ${f.result.non2xx} non-2xx, ${f.result.errors} errors ` +
        `(bare node:http: ${baseline.result.perSecond.toFixed(0)} req/s, p99 ${baseline.result.p99.toFixed(1)} ms; ` +
        `ratio ${(f.result.perSecond / baseline.result.perSecond).toFixed(3)})`,
    );
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
