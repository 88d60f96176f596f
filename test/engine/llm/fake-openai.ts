/**
 * A small OpenAI-compatible chat-completions server for tests, on 127.0.0.1 with an ephemeral
 * port: a real HTTP peer that streams deterministic tokens and tool calls as server-sent
 * events. Each request takes the next scripted reply; with none left it echoes the last user
 * message word by word ("echo: …"). Every request body is recorded.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ScriptedCall {
  readonly name: string;
  /** JSON text; streamed in two pieces. */
  readonly arguments: string;
}

export interface ScriptedReply {
  /** An error answer with this status and `{error: {message}}`. */
  readonly status?: number;
  readonly retryAfter?: string;
  /** Content deltas, one event each. */
  readonly tokens?: readonly string[];
  readonly toolCalls?: readonly ScriptedCall[];
  readonly finishReason?: string;
  /** Reported in the last event; null: none reported. Default: 10 + 5. */
  readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number } | null;
  /** Wait before each event. */
  readonly delayMs?: number;
  /** Destroy the connection after this many token events. */
  readonly breakAfter?: number;
  /** Send an event that is not JSON. */
  readonly malformed?: boolean;
  /** Accept the request and never answer. */
  readonly hang?: boolean;
  /** Answer a non-streamed `chat.completion` JSON body. */
  readonly json?: boolean;
}

export interface RecordedRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: {
    model: string;
    messages: {
      role: string;
      content: string | null;
      tool_calls?: unknown[];
      tool_call_id?: string;
    }[];
    tools?: { type: string; function: { name: string } }[];
    stream?: boolean;
    stream_options?: unknown;
    [param: string]: unknown;
  };
}

export interface FakeOpenAi {
  /** `http://127.0.0.1:<port>/v1`, a base URL as configured. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Replies for the next requests, in order. */
  script(...replies: ScriptedReply[]): void;
  /** Forgets the unused replies and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function echoReply(body: RecordedRequest['body']): ScriptedReply {
  const last = [...body.messages].reverse().find((m) => m.role === 'user');
  const words = `echo: ${last?.content ?? ''}`.split(/(?<= )/);
  return { tokens: words };
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      void answer(req, res, raw);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const body = JSON.parse(raw) as RecordedRequest['body'];
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    const reply = queue.shift() ?? echoReply(body);
    if (reply.hang) return;
    if (reply.status !== undefined) {
      res.writeHead(reply.status, {
        'content-type': 'application/json',
        ...(reply.retryAfter === undefined ? {} : { 'retry-after': reply.retryAfter }),
      });
      res.end(JSON.stringify({ error: { message: `scripted ${reply.status}` } }));
      return;
    }
    const tokens = reply.tokens ?? [];
    const calls = reply.toolCalls ?? [];
    const finish = reply.finishReason ?? (calls.length > 0 ? 'tool_calls' : 'stop');
    const usage =
      reply.usage === undefined ? { prompt_tokens: 10, completion_tokens: 5 } : reply.usage;
    if (reply.json) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          choices: [
            {
              message: {
                role: 'assistant',
                content: tokens.join(''),
                tool_calls: calls.map((c, i) => ({
                  id: `call_${i}`,
                  type: 'function',
                  function: { name: c.name, arguments: c.arguments },
                })),
              },
              finish_reason: finish,
            },
          ],
          ...(usage ? { usage } : {}),
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = async (data: unknown) => {
      if (reply.delayMs) await sleep(reply.delayMs);
      res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    };
    const chunk = (delta: unknown, finishReason: string | null = null) => ({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
    await send(chunk({ role: 'assistant', content: '' }));
    let sent = 0;
    for (const token of tokens) {
      await send(chunk({ content: token }));
      sent++;
      if (reply.breakAfter !== undefined && sent >= reply.breakAfter) {
        await sleep(50); // let the tokens reach the client first
        res.destroy();
        return;
      }
    }
    if (reply.malformed) {
      await send('{this is not json');
      res.end();
      return;
    }
    for (const [index, call] of calls.entries()) {
      const half = Math.floor(call.arguments.length / 2);
      await send(
        chunk({
          tool_calls: [
            {
              index,
              id: `call_${index}`,
              type: 'function',
              function: { name: call.name, arguments: call.arguments.slice(0, half) },
            },
          ],
        }),
      );
      await send(
        chunk({ tool_calls: [{ index, function: { arguments: call.arguments.slice(half) } }] }),
      );
    }
    await send(chunk({}, finish));
    if (usage) await send({ id: 'chatcmpl-1', choices: [], usage });
    await send('[DONE]');
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script(...replies) {
      queue.push(...replies);
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
