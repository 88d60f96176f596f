/**
 * The load generator of the Conversations benchmark, in its own process: N clients, each on its
 * own conversation (its own URL), one request at a time over a keep-alive connection, as long
 * as the measurement lasts. Each request's latency is measured to the end of the answer, and,
 * when `firstMarker` is set, to the first body chunk containing it (time to first token).
 * argv[2] is a JSON ConversationLoadSpec; prints one JSON ConversationLoadResult line.
 */
import { Agent, request } from 'node:http';

import type { LoadResult } from '../http/load.js';

export interface ConversationLoadSpec {
  /** One URL per client (its conversation's complete route, or the model server). */
  readonly urls: readonly string[];
  readonly headers: Record<string, string>;
  /** JSON body; `$N` is replaced by the client's request counter. */
  readonly body: string;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Measure the time to the first chunk that contains this text (a token line). */
  readonly firstMarker?: string;
}

export interface ConversationLoadResult extends LoadResult {
  /** Time to first token (ms), when `firstMarker` was set. */
  readonly ttftP50?: number;
  readonly ttftP99?: number;
}

interface Answer {
  readonly status: number;
  readonly first: number | null;
}

function post(
  agent: Agent,
  url: URL,
  headers: Record<string, string>,
  body: string,
  marker?: string,
) {
  const sent = performance.now();
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        let first: number | null = null;
        res.on('data', (chunk: Buffer) => {
          if (first === null && marker !== undefined && chunk.toString('utf8').includes(marker)) {
            first = performance.now() - sent;
          }
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, first });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as ConversationLoadSpec;
  const latencies: number[] = [];
  const firsts: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const warmEnd = performance.now() + spec.warmupSeconds * 1000;
  const end = warmEnd + spec.seconds * 1000;
  await Promise.all(
    spec.urls.map(async (target) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const url = new URL(target);
      let n = 0;
      for (let now = performance.now(); now < end; now = performance.now()) {
        const body = spec.body.replace('$N', String(n++));
        const sent = performance.now();
        try {
          const answer = await post(agent, url, spec.headers, body, spec.firstMarker);
          if (sent < warmEnd) continue;
          latencies.push(performance.now() - sent);
          if (answer.status !== 200) non2xx++;
          if (spec.firstMarker !== undefined) {
            if (answer.first === null) errors++;
            else firsts.push(answer.first);
          }
        } catch {
          if (sent >= warmEnd) errors++;
          break;
        }
      }
      agent.destroy();
    }),
  );
  latencies.sort((a, b) => a - b);
  firsts.sort((a, b) => a - b);
  const result: ConversationLoadResult = {
    requests: latencies.length,
    seconds: spec.seconds,
    perSecond: latencies.length / spec.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    non2xx,
    errors,
    ...(spec.firstMarker === undefined
      ? {}
      : { ttftP50: percentile(firsts, 50), ttftP99: percentile(firsts, 99) }),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
