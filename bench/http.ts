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

import { formatTable } from './harness.js';
import type { BenchOptions, BenchReport, ReportBenchmark } from './harness.js';
import type { LoadResult, LoadSpec } from './http/load.js';
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

interface Figure {
  readonly label: string;
  readonly result: LoadResult;
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
    const total = results.reduce((sum, r) => sum + r.requests, 0);
    const duration = Math.max(...results.map((r) => r.seconds));
    return {
      label: 'Parley Studio chat, PostgreSQL (2 processes)',
      result: {
        requests: total,
        seconds: duration,
        perSecond: results.reduce((sum, r) => sum + r.perSecond, 0),
        // Each process's clients see their own latency; the slower process's figures are shown.
        p50: Math.max(...results.map((r) => r.p50)),
        p99: Math.max(...results.map((r) => r.p99)),
        non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
        errors: results.reduce((sum, r) => sum + r.errors, 0),
      },
    };
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
    const all = [baseline, ...figures];
    const table = formatTable(
      ['server', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'ratio'],
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
        `http ${f.label}: ${f.result.perSecond.toFixed(0)} turns/s, p50 ${f.result.p50.toFixed(1)} ms, ` +
        `p99 ${f.result.p99.toFixed(1)} ms, ${f.result.non2xx} non-2xx ` +
        `(bare node:http: ${baseline.result.perSecond.toFixed(0)} req/s, p99 ${baseline.result.p99.toFixed(1)} ms; ` +
        `ratio ${(f.result.perSecond / baseline.result.perSecond).toFixed(3)})`,
    );
    if (!pgUrl) lines.push('http PostgreSQL: skipped (set PARLEY_TEST_POSTGRES_URL to measure it)');
    return {
      title: `HTTP: 50 concurrent clients (autocannon in its own process), ${seconds} s each after a 1 s warm-up; Parley SQLite in WAL mode with synchronous=FULL`,
      table,
      lines,
    };
  },
};
