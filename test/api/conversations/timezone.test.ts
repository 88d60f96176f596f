/**
 * `X-Timezone` (conversations-api.md §2.6): the client's IANA zone is the turn's time zone, so
 * the NLU reads relative dates on the client's calendar; absent or unknown, UTC (an unknown
 * name is ignored, never an error). The server's clock is fixed at 20:00 UTC, when it is
 * already the next morning in Tokyo.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { collect, startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

/** Tuesday 10 March 2026, 20:00 UTC: Wednesday 05:00 in Tokyo, 13:00 in Los Angeles. */
const NOW = Date.UTC(2026, 2, 10, 20, 0, 0);

const BOOKING_NLU = {
  languages: ['en'],
  threshold: 0.3,
  intents: [
    {
      name: 'book',
      utterances: [
        'book a table {when}',
        'book a table for {when}',
        'reserve a table {when}',
        'I want a table {when}',
        'table {when} please',
      ],
      slots: [{ name: 'when', type: 'datetime' }],
    },
    { name: 'hello', utterances: ['hello', 'hi there', 'good morning', 'hey'] },
  ],
};

const FLOW = `start:
  if (event.intent.name == "book") {
    say "booked for {{event.entities[0].value}}"
  } else {
    say "no booking"
  }
  hold
  goto start`;

let f: Fixture;
let botId: string;

beforeAll(async () => {
  f = await startFixture({}, { now: () => NOW });
  botId = await f.makeBot({ flows: [{ name: 'Main', content: FLOW }], nlu: BOOKING_NLU });
});
afterAll(async () => {
  await f.close();
});

const zoned = (zone: string) => f.cbk.extend({ headers: { 'X-Timezone': zone } });
const TEXT = 'book a table tomorrow at 9';

it('reads "tomorrow at 9" in the time zone of X-Timezone', async () => {
  const { id } = await f.cbk.conversation.create({ botId });
  expect(await zoned('Asia/Tokyo').conversation.complete(id, { text: TEXT })).toMatchObject({
    text: 'booked for 2026-03-12T09:00:00',
  });
  expect(
    await zoned('America/Los_Angeles').conversation.complete(id, { text: TEXT }),
  ).toMatchObject({ text: 'booked for 2026-03-11T09:00:00' });
  const events = await collect(
    zoned('Asia/Tokyo').conversation.complete(id, { text: TEXT }).stream(),
  );
  expect(events.at(-1)?.data.text).toBe('booked for 2026-03-12T09:00:00');
});

it('reads dates in UTC without the header or with an unknown zone', async () => {
  const { id } = await f.cbk.conversation.create({ botId });
  expect((await f.cbk.conversation.complete(id, { text: TEXT })).text).toBe(
    'booked for 2026-03-11T09:00:00',
  );
  expect((await zoned('Mars/Olympus_Mons').conversation.complete(id, { text: TEXT })).text).toBe(
    'booked for 2026-03-11T09:00:00',
  );
  expect((await zoned('').conversation.complete(id, { text: TEXT })).text).toBe(
    'booked for 2026-03-11T09:00:00',
  );
});

it('applies to receive and to stateless complete', async () => {
  const { id } = await f.cbk.conversation.create({ botId });
  await f.cbk.conversation.send(id, { text: TEXT });
  expect((await zoned('Asia/Tokyo').conversation.receive(id, {})).text).toBe(
    'booked for 2026-03-12T09:00:00',
  );
  const stateless = await zoned('Asia/Tokyo').conversation.complete(null, {
    botId,
    messages: [{ type: 'user', text: TEXT }],
  });
  expect(stateless.text).toBe('booked for 2026-03-12T09:00:00');
});
