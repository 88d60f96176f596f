/**
 * The model of the streaming benchmark: an OpenAI-compatible chat-completions server that
 * waits `FIRST_TOKEN_MS` (argv[2], default 50) before its first token, then streams 20 tokens
 * 2 ms apart as server-sent events, then usage and [DONE]. Its own time to first token is
 * measured directly next to Parley's. Prints `listening on <port>`.
 */
import { createServer } from 'node:http';

const firstTokenMs = Number(process.argv[2] ?? '50');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    void (async () => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      await sleep(firstTokenMs);
      for (let i = 0; i < 20; i++) {
        if (i > 0) await sleep(2);
        const chunk = {
          choices: [{ index: 0, delta: { content: `tok${i} ` }, finish_reason: null }],
        };
        response.write(`data: ${JSON.stringify(chunk)}\n\n`);
      }
      response.write(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
      );
      response.write(
        `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 20 } })}\n\n`,
      );
      response.end('data: [DONE]\n\n');
    })();
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`listening on ${port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
