/**
 * Conversations API (issue 7): complete turns/s and p50/p99 latency of
 * `POST /api/v1/conversation/{id}/complete` for a flow bot with 50 concurrent clients, each on
 * its own conversation (bench/conversations/load.ts, a process of its own), against a bare
 * `node:http` server answering a CompleteResult of the same size, measured in the same run
 * with the same generator; and the streaming time-to-first-token overhead: an LLM bot on a
 * local OpenAI-compatible model server that waits 50 ms before its first token, the time to
 * the first `token` line of Parley's JSONL stream next to the time to the model server's own
 * first token, both measured by the same client with 10 concurrent streams.
 *
 * - Parley on SQLite: one `parley serve` process (the compiled dist/), WAL with
 *   `synchronous = FULL`: every answered turn is durable.
 * - Parley on PostgreSQL (when PARLEY_TEST_POSTGRES_URL is set): two `parley serve` processes
 *   on one fresh database, 25 clients each, the figures summed.
 *
 * Each measured complete is a full turn: credential, conversation lookup, the conversation's
 * lock, retry check, the user message, an engine run of the echo bot resuming its hold, its bot
 * message, the stored answer, one commit.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { ConversationLoadResult, ConversationLoadSpec } from './conversations/load.js';
import { formatTable } from './harness.js';
import type { BenchOptions, BenchReport, ReportBenchmark } from './harness.js';
import { freshPostgresDatabase, runJson, serve, start, stop } from './http/processes.js';
import type { Served } from './http/processes.js';

const BARE = path.join(import.meta.dirname, 'conversations/bare-server.js');
const MODEL = path.join(import.meta.dirname, 'conversations/model-server.js');
const LOAD = path.join(import.meta.dirname, 'conversations/load.js');

const ECHO_FLOW = `start:
  say "you said: {{event}}"
  hold
  goto start`;

const MODEL_FIRST_TOKEN_MS = 50;
const STREAM_CLIENTS = 10;

interface Figure {
  readonly label: string;
  readonly result: ConversationLoadResult;
}

function load(spec: ConversationLoadSpec): Promise<ConversationLoadResult> {
  return runJson<ConversationLoadResult>(LOAD, spec);
}

async function post(server: Served, url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.baseUrl}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token!}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`bench: POST ${url} failed: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as Record<string, unknown>;
}

async function bot(server: Served, body: Record<string, unknown>, build: boolean) {
  const created = await post(server, '/v1/bots', body);
  const id = created.id as string;
  if (build) await post(server, `/v1/bots/${id}/build`, {});
  return id;
}

async function conversations(server: Served, botId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push((await post(server, '/api/v1/conversation/create', { botId })).id as string);
  }
  return ids;
}

function completeSpec(
  baseUrl: string,
  token: string,
  ids: readonly string[],
  seconds: number,
): ConversationLoadSpec {
  return {
    urls: ids.map((id) => `${baseUrl}/api/v1/conversation/${id}/complete`),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'hello $N' }),
    seconds,
    warmupSeconds: 1,
  };
}

async function bare(seconds: number): Promise<Figure> {
  const server = await start([BARE], {}, /listening on (\d+)/);
  try {
    const base = `http://127.0.0.1:${server.match[1]!}`;
    const ids = Array.from({ length: 50 }, (_, i) => `c${i}`);
    const result = await load(completeSpec(base, 'none', ids, seconds));
    return { label: 'bare node:http, fixed JSON', result };
  } finally {
    await stop(server);
  }
}

async function sqlite(seconds: number): Promise<Figure> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-'));
  const server = await serve({ PARLEY_DATA_DIR: dataDir });
  try {
    const botId = await bot(
      server,
      { name: 'Echo', flows: [{ name: 'Main', content: ECHO_FLOW }] },
      true,
    );
    const ids = await conversations(server, botId, 50);
    const result = await load(completeSpec(server.baseUrl, server.token!, ids, seconds));
    return { label: 'Parley complete, flow bot, SQLite (1 process)', result };
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgres(seconds: number, adminUrl: string): Promise<Figure> {
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
    const first = servers[0]!;
    const token = first.token!;
    const botId = await bot(
      first,
      { name: 'Echo', flows: [{ name: 'Main', content: ECHO_FLOW }] },
      true,
    );
    const ids = await conversations(first, botId, 50);
    const results = await Promise.all(
      servers.map((s, i) =>
        load(completeSpec(s.baseUrl, token, ids.slice(i * 25, i * 25 + 25), seconds)),
      ),
    );
    return {
      label: 'Parley complete, flow bot, PostgreSQL (2 processes)',
      result: {
        requests: results.reduce((sum, r) => sum + r.requests, 0),
        seconds,
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

interface Streaming {
  readonly direct: ConversationLoadResult;
  readonly parley: ConversationLoadResult;
}

async function streaming(seconds: number): Promise<Streaming> {
  const model = await start([MODEL, String(MODEL_FIRST_TOKEN_MS)], {}, /listening on (\d+)/);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-'));
  const modelUrl = `http://127.0.0.1:${model.match[1]!}/v1`;
  try {
    const direct = await load({
      urls: Array.from({ length: STREAM_CLIENTS }, () => `${modelUrl}/chat/completions`),
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        model: 'bench',
        stream: true,
        messages: [{ role: 'user', content: 'hello $N' }],
      }),
      seconds,
      warmupSeconds: 1,
      firstMarker: '"content":"tok',
    });
    const server = await serve({ PARLEY_DATA_DIR: dataDir });
    try {
      const botId = await bot(
        server,
        { name: 'LLM', flows: [], llm: { model: 'bench', baseUrl: modelUrl } },
        false,
      );
      const ids = await conversations(server, botId, STREAM_CLIENTS);
      const parley = await load({
        ...completeSpec(server.baseUrl, server.token!, ids, seconds),
        headers: {
          authorization: `Bearer ${server.token!}`,
          'content-type': 'application/json',
          accept: 'application/jsonl',
        },
        firstMarker: '"type":"token"',
      });
      return { direct, parley };
    } finally {
      await stop(server);
    }
  } finally {
    await stop(model);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const conversationsBenchmark: ReportBenchmark = {
  name: 'conversations',
  async run(options: BenchOptions): Promise<BenchReport> {
    const seconds = Math.max(5, Math.round(options.seconds * 2));
    const baseline = await bare(seconds);
    const figures = [await sqlite(seconds)];
    const pgUrl = process.env.PARLEY_TEST_POSTGRES_URL;
    if (pgUrl) figures.push(await postgres(seconds, pgUrl));
    const stream = await streaming(seconds);
    const all = [baseline, ...figures];
    const rows = all.map((f) => [
      f.label,
      String(f.result.requests),
      f.result.perSecond.toFixed(0),
      f.result.p50.toFixed(1),
      f.result.p99.toFixed(1),
      String(f.result.non2xx),
      String(f.result.errors),
      (f.result.perSecond / baseline.result.perSecond).toFixed(3),
    ]);
    const ttft = (r: ConversationLoadResult) =>
      `p50 ${(r.ttftP50 ?? 0).toFixed(1)} ms, p99 ${(r.ttftP99 ?? 0).toFixed(1)} ms`;
    const overhead50 = (stream.parley.ttftP50 ?? 0) - (stream.direct.ttftP50 ?? 0);
    const overhead99 = (stream.parley.ttftP99 ?? 0) - (stream.direct.ttftP99 ?? 0);
    const table = [
      formatTable(
        ['server', 'requests', 'turns/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'ratio'],
        rows,
      ),
      '',
      formatTable(
        ['stream', 'requests', 'TTFT p50 ms', 'TTFT p99 ms', 'non-2xx', 'errors'],
        [
          ['model server direct', stream.direct],
          ['Parley JSONL stream', stream.parley],
        ].map(([label, r]) => {
          const result = r as ConversationLoadResult;
          return [
            label as string,
            String(result.requests),
            (result.ttftP50 ?? 0).toFixed(1),
            (result.ttftP99 ?? 0).toFixed(1),
            String(result.non2xx),
            String(result.errors),
          ];
        }),
      ),
    ].join('\n');
    const lines = figures.map(
      (f) =>
        `conversations ${f.label}: ${f.result.perSecond.toFixed(0)} complete turns/s, p50 ${f.result.p50.toFixed(1)} ms, ` +
        `p99 ${f.result.p99.toFixed(1)} ms, ${f.result.non2xx} non-2xx ` +
        `(bare node:http: ${baseline.result.perSecond.toFixed(0)} req/s, p99 ${baseline.result.p99.toFixed(1)} ms; ` +
        `ratio ${(f.result.perSecond / baseline.result.perSecond).toFixed(3)})`,
    );
    if (!pgUrl) {
      lines.push('conversations PostgreSQL: skipped (set PARLEY_TEST_POSTGRES_URL to measure it)');
    }
    lines.push(
      `conversations streaming time to first token, ${STREAM_CLIENTS} clients: Parley ${ttft(stream.parley)}; ` +
        `model server direct ${ttft(stream.direct)}; overhead p50 ${overhead50.toFixed(1)} ms, p99 ${overhead99.toFixed(1)} ms`,
    );
    return {
      title:
        `Conversations: complete with 50 concurrent clients, each on its own conversation, ${seconds} s each after a 1 s warm-up; ` +
        `streaming with ${STREAM_CLIENTS} clients on a model server answering its first token after ${MODEL_FIRST_TOKEN_MS} ms`,
      table,
      lines,
    };
  },
};
