/**
 * The baseline of the HTTP benchmarks: a bare `node:http` server that reads the request body
 * and answers a fixed JSON body the size of a chat answer. Prints `listening on <port>`.
 */
import { createServer } from 'node:http';

const BODY = JSON.stringify({
  request_id: '0190a1b2-0000-7000-8000-000000000000',
  interaction_id: '0190a1b2-0000-7000-8000-000000000001',
  received_at: '2026-01-01T00:00:00.000Z',
  conversation_end: false,
  client: { bot_id: '0190a1b2-0000-7000-8000-000000000002', channel_id: 'pk_X', user_id: 'u' },
  messages: [
    {
      conversation_id: '0190a1b2-0000-7000-8000-000000000003',
      direction: 'SEND',
      interaction_order: 0,
      payload: { content_type: 'text', content: { text: 'you said: hello' } },
    },
  ],
});

const server = createServer((request, response) => {
  request.on('data', () => undefined);
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(BODY);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object')
    process.stdout.write(`listening on ${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
