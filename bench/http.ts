/**
 * HTTP turns of the Studio chat endpoint (issue 4): turns/s and p50/p99 latency with 50
 * concurrent clients (autocannon in a separate process, each connection its own user and so its
 * own conversation), against a bare `node:http` server answering a fixed chat-sized JSON body,
 * measured in the same run with the same load generator.
 *
 * - Parley on SQLite: one `parley serve` process (the compiled dist/), WAL with
 *   `synchronous = FULL`, so every answered turn survives a crash of the process or the machine.
 * - Parley on PostgreSQL (when PARLEY_TEST_POSTGRES_URL is set): two `parley serve` processes
 *   on one fresh database, 25 clients each, the figures summed.
 *
 * The bot answers every message and holds: each request is one full turn (lock, load state and
 * memories, run, commit state + 2 messages + turn). Rate limiting is off (PARLEY_RATE_LIMIT=0).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { BenchOptions, BenchReport, ReportBenchmark } from './harness.js';
import type { LoadResult, LoadSpec } from './http/load.js';
import { figureReport, summed } from './http/figures.js';
import type { Figure } from './http/figures.js';
import { freshPostgresDatabase, runJson, serve, start, stop } from './http/processes.js';

const BARE = path.join(import.meta.dirname, 'http/bare-server.js');
const LOAD = path.join(import.meta.dirname, 'http/load.js');

const ECHO_BOT = `start:
  say "you said: {{event}}"
  hold
  goto start`;

const CHAT_BODY = JSON.stringify({
  client: { user_id: '$USER' },
  payload: { content_type: 'text', content: { text: 'hello' } },
});

function load(spec: LoadSpec): Promise<LoadResult> {
  return runJson<LoadResult>(LOAD, spec);
}

async function echoBot(baseUrl: string, token: string): Promise<string> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${baseUrl}/v1/bots`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'Echo', flows: [{ name: 'Main', content: ECHO_BOT }] }),
  });
  const bot = (await created.json()) as { id: string };
  const built = await fetch(`${baseUrl}/v1/bots/${bot.id}/build`, { method: 'POST', headers });
  if (!built.ok) throw new Error(`bench: build failed: ${await built.text()}`);
  return bot.id;
}

function chatSpec(
  baseUrl: string,
  token: string,
  botId: string,
  seconds: number,
  connections: number,
  prefix: string,
): LoadSpec {
  return {
    url: `${baseUrl}/v1/bots/${botId}/chat`,
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: CHAT_BODY,
    connections,
    seconds,
    userPrefix: prefix,
  };
}

async function bare(seconds: number): Promise<Figure> {
  const server = await start([BARE], {}, /listening on (\d+)/);
  try {
    const result = await load({
      url: `http://127.0.0.1:${server.match[1]!}/chat`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: CHAT_BODY,
      connections: 50,
      seconds,
      userPrefix: 'bare',
    });
    return { label: 'bare node:http, fixed JSON', result };
  } finally {
    await stop(server);
  }
}

async function sqlite(seconds: number): Promise<Figure> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-'));
  const server = await serve({ PARLEY_DATA_DIR: dataDir });
  try {
    const botId = await echoBot(server.baseUrl, server.token!);
    const spec = chatSpec(server.baseUrl, server.token!, botId, seconds, 50, 'sqlite');
    await load({ ...spec, seconds: 1, userPrefix: 'warmup' });
    return { label: 'Parley Studio chat, SQLite (1 process)', result: await load(spec) };
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgres(seconds: number, adminUrl: string): Promise<Figure> {
  const database = await freshPostgresDatabase(adminUrl);
  const secret = randomBytes(32).toString('base64url');
  const dataDirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'parley-bench-')));
  const env = (i: number) => ({
    PARLEY_DATA_DIR: dataDirs[i]!,
    PARLEY_DATABASE_URL: database.url,
    PARLEY_SECRET: secret,
  });
  const servers: Awaited<ReturnType<typeof serve>>[] = [];
  try {
    servers.push(await serve(env(0)));
    servers.push(await serve(env(1)));
    const token = servers[0]!.token!;
    const botId = await echoBot(servers[0]!.baseUrl, token);
    const specs = servers.map((s, i) => chatSpec(s.baseUrl, token, botId, seconds, 25, `pg${i}`));
    await Promise.all(
      specs.map((spec) => load({ ...spec, seconds: 1, userPrefix: `w${spec.userPrefix}` })),
    );
    const results = await Promise.all(specs.map((spec) => load(spec)));
    return summed('Parley Studio chat, PostgreSQL (2 processes)', results);
  } finally {
    for (const server of servers) await stop(server);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
}

export const httpBenchmark: ReportBenchmark = {
  name: 'http',
  async run(options: BenchOptions): Promise<BenchReport> {
    const seconds = Math.max(5, Math.round(options.seconds * 2));
    const baseline = await bare(seconds);
    const figures = [await sqlite(seconds)];
    const pgUrl = process.env.PARLEY_TEST_POSTGRES_URL;
    if (pgUrl) figures.push(await postgres(seconds, pgUrl));
    const { table, lines } = figureReport('http', 'requests', baseline, figures);
    if (!pgUrl) lines.push('http PostgreSQL: skipped (set PARLEY_TEST_POSTGRES_URL to measure it)');
    return {
      title: `HTTP: 50 concurrent clients (autocannon in its own process), ${seconds} s each after a 1 s warm-up; Parley SQLite in WAL mode with synchronous=FULL`,
      table,
      lines,
    };
  },
};
