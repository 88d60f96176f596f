/**
 * NLU through the server (csml.md §18.2, issue 5): a bot with an `nlu` definition is trained at
 * build, text events carry `event.intent` and `event.entities`, `intentFlows` starts flows, and
 * a definition that cannot be trained is refused with the member at fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const NLU = {
  languages: ['en'],
  threshold: 0.5,
  intents: [
    {
      name: 'book_table',
      utterances: [
        'book a table for {guests} people',
        'I need a table for {guests}',
        'reserve a table',
        'can I book a table for tonight',
        'table for {guests} please',
        'I would like to make a reservation',
      ],
      slots: [{ name: 'guests', type: 'integer' }],
    },
    {
      name: 'opening_hours',
      utterances: [
        'when are you open',
        'what are your opening hours',
        'are you open on sunday',
        'what time do you close',
        'until when are you open today',
        'opening times please',
      ],
    },
    {
      name: 'greet',
      utterances: ['hello', 'hi there', 'good morning', 'hey', 'good evening', 'hello there'],
    },
  ],
};

const DEFAULT_FLOW = `start:
  if (event.intent) say "intent {{event.intent.name}}"
  else say "no intent"
  goto end`;

const BOOKING_FLOW = `start:
  do guests = event.entities.filter((e) { return e.entity == "guests" })
  say "booking for {{guests[0].value}} guests"
  goto end`;

describe('NLU', () => {
  it('enriches text events and starts the flows of intentFlows', async () => {
    const created = await server.request('POST', '/v1/bots', {
      body: {
        name: 'Bistro',
        nlu: NLU,
        settings: { intentFlows: { book_table: 'Booking' } },
        flows: [
          { name: 'Default', content: DEFAULT_FLOW },
          { name: 'Booking', content: BOOKING_FLOW },
        ],
      },
    });
    expect(created.status).toBe(201);
    const botId = created.body.id as string;
    const build = await server.request('POST', `/v1/bots/${botId}/build`);
    expect(build.status).toBe(200);
    const again = await server.request('POST', `/v1/bots/${botId}/build`);
    expect(again.body.version_id).toBe(build.body.version_id);

    const say = async (user: string, text: string) => {
      const answer = await server.request('POST', `/v1/bots/${botId}/chat`, {
        body: { client: { user_id: user }, payload: { content_type: 'text', content: { text } } },
      });
      expect(answer.status).toBe(200);
      return answer.body.messages.map((m: any) => m.payload.content.text ?? m.payload.content);
    };
    expect(await say('a', 'what are your opening hours?')).toEqual(['intent opening_hours']);
    expect(await say('b', 'book a table for 4 people')).toEqual(['booking for 4 guests']);
    expect(await say('c', 'zxqv plumbus wibble')).toEqual(['no intent']);

    // Parley's `nlu` member shows what the NLU read, for playgrounds and debugging.
    const read = await server.request('POST', `/v1/bots/${botId}/chat`, {
      body: {
        client: { user_id: 'd' },
        payload: { content_type: 'text', content: { text: 'book a table for 6 people' } },
      },
    });
    expect(read.body.nlu.intent.name).toBe('book_table');
    expect(read.body.nlu.intent.confidence).toBeGreaterThan(0.5);
    expect(read.body.nlu.entities).toEqual([
      { entity: 'guests', value: 6, text: '6', start: 17, end: 18 },
    ]);
    const button = await server.request('POST', `/v1/bots/${botId}/chat`, {
      body: {
        client: { user_id: 'd' },
        payload: { content_type: 'payload', content: { payload: 'x' } },
      },
    });
    expect(button.status).toBe(200);
    expect(button.body).not.toHaveProperty('nlu');
  });

  it('refuses a definition that cannot be trained, naming the member', async () => {
    const bad = await server.request('POST', '/v1/bots', {
      body: {
        name: 'Broken',
        nlu: {
          intents: [
            { name: 'x', utterances: ['hi {who}'], slots: [{ name: 'who', type: 'person' }] },
          ],
        },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'bad_request',
      field: 'nlu.intents[0].slots[0].type',
    });
    const ok = await server.request('POST', '/v1/bots', { body: { name: 'Fine' } });
    const put = await server.request('PUT', `/v1/bots/${ok.body.id}`, {
      body: { nlu: { intents: [{ name: 'x', utterances: [] }] } },
    });
    expect(put.status).toBe(400);
    expect(put.body.error.field).toMatch(/^nlu\.intents\[0\]\.utterances/);
  });
});
