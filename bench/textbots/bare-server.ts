/**
 * The baseline of the Textbots benchmark: a bare `node:http` server that reads the request body
 * and answers a TextBotFlowTurnResponse of the size Parley's echo bot gives, with a fresh turn
 * id (what the load generator chains on). Prints `listening on <port>`.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

function answer(previous: string): string {
  return JSON.stringify({
    id: randomUUID(),
    previousTurn: { id: previous },
    prompts: {
      outputLanguage: 'en-us',
      textPrompts: { segments: [{ type: 'Text', text: 'you said: hello 1' }] },
    },
    nextActionType: 'WaitForInput',
    nextActionWaitForInput: {
      modeConstraints: {
        text: { languagePreferences: ['en-us'], noInputTimeoutMilliseconds: 60000 },
      },
    },
  });
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let previous = '';
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        previousTurn?: { id?: string };
      };
      previous = body.previousTurn?.id ?? '';
    } catch {
      // a fixed answer either way
    }
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'inin-correlation-id': randomUUID(),
    });
    response.end(answer(previous));
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object')
    process.stdout.write(`listening on ${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
