/**
 * The load generator of the Textbots benchmark, in its own process: N clients, each driving
 * its own bot-flow session with the official SDK's request shape (POST
 * /api/v2/textbots/botflows/sessions/{encodeURIComponent(id)}/turns, `Authorization: Bearer`,
 * `Content-Type` and `Accept: application/json`, a UserInput body naming the previous turn), one
 * request at a time over a keep-alive connection, each turn chained to the id the last answer
 * gave. A turn answered without an `id`, or with another status than 200, counts as an error.
 * argv[2] is a JSON TurnLoadSpec; prints one JSON LoadResult line on stdout.
 */
import { Agent, request } from 'node:http';

import type { LoadResult } from '../http/load.js';

export interface TurnLoadSpec {
  /** Origin of the server (`http://127.0.0.1:PORT`). */
  readonly baseUrl: string;
  readonly token: string;
  /** One client per session: its id and the id of its last turn. */
  readonly sessions: readonly { readonly id: string; readonly lastTurn: string }[];
  readonly seconds: number;
  /** Turns before measuring, per client's clock. */
  readonly warmupSeconds: number;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

function post(agent: Agent, url: URL, headers: Record<string, string>, body: string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
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
  const spec = JSON.parse(process.argv[2] ?? '') as TurnLoadSpec;
  const headers = {
    Authorization: `Bearer ${spec.token}`,
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const warmEnd = performance.now() + spec.warmupSeconds * 1000;
  const end = warmEnd + spec.seconds * 1000;
  await Promise.all(
    spec.sessions.map(async (session) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const url = new URL(
        `/api/v2/textbots/botflows/sessions/${encodeURIComponent(session.id)}/turns`,
        spec.baseUrl,
      );
      let previous = session.lastTurn;
      let n = 0;
      for (let now = performance.now(); now < end; now = performance.now()) {
        const body = JSON.stringify({
          previousTurn: { id: previous },
          inputEventType: 'UserInput',
          inputEventUserInput: {
            mode: 'Text',
            alternatives: [{ transcript: { text: `hello ${n++}`, confidence: 1 } }],
          },
        });
        const sent = performance.now();
        try {
          const answer = await post(agent, url, headers, body);
          const took = performance.now() - sent;
          if (sent >= warmEnd) {
            latencies.push(took);
            if (answer.status !== 200) non2xx++;
          }
          const id =
            answer.status === 200 ? (JSON.parse(answer.body) as { id?: unknown }).id : undefined;
          if (typeof id !== 'string') {
            if (sent >= warmEnd) errors++;
            break;
          }
          previous = id;
        } catch {
          if (sent >= warmEnd) errors++;
          break;
        }
      }
      agent.destroy();
    }),
  );
  latencies.sort((a, b) => a - b);
  const result: LoadResult = {
    requests: latencies.length,
    seconds: spec.seconds,
    perSecond: latencies.length / spec.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    non2xx,
    errors,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
