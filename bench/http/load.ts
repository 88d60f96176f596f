/**
 * The load generator of the HTTP benchmarks, run in its own process (so that it does not share
 * an event loop with the server it measures): autocannon with N connections, each one a client
 * of its own (its own `user_id`, so each connection continues its own conversation).
 * argv[2] is a JSON LoadSpec; prints one JSON LoadResult line on stdout.
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  /** The body of each request; `$USER` is replaced by the connection's own user id. */
  readonly body: string;
  readonly connections: number;
  readonly seconds: number;
  /** Distinguishes the users of two load processes on one bot. */
  readonly userPrefix: string;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as LoadSpec;
  let connection = 0;
  const result = await autocannon({
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    body: spec.body.replace('$USER', `${spec.userPrefix}-0`),
    connections: spec.connections,
    duration: spec.seconds,
    setupClient: (client) => {
      connection++;
      client.setBody(spec.body.replace('$USER', `${spec.userPrefix}-${connection}`));
    },
  });
  const out: LoadResult = {
    requests: result.requests.total,
    seconds: result.duration,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
