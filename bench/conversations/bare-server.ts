/**
 * The baseline of the Conversations benchmark: a bare `node:http` server that reads the
 * request body and answers a CompleteResult of the size Parley's echo bot gives, with a fresh
 * id. Prints `listening on <port>`.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.stringify({
      id: randomUUID(),
      text: 'you said: hello 1',
      usage: { token: 6 },
      end: { reason: 'stop' },
    });
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
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
