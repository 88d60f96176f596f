/**
 * textbots-api.md §7, through the official client: launch by flow name, the first turn up to
 * the question, a NoOp while waiting, the answer that exits with output variables, its exact
 * replay, the closed session; and the same bot through execute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectErrorBody,
  noOp,
  rejection,
  startTextbotsServer,
  userInput,
  ALL_TEXTBOTS,
} from './fixture.js';
import type { TextbotsApi, TextbotsServer } from './fixture.js';

const BOOKING = `start:
  say "Hello {{_metadata.CustomerName}}!"
  say Question(title = "How many guests?", buttons = [Button(title = "Two", payload = "2"), Button(title = "Four", payload = "4")])
  hold
  remember guests = event
  say "Table for {{guests}} booked."
  goto end`;

const QUICK_REPLIES = [
  { contentType: 'QuickReply', quickReply: { text: 'Two', payload: '2', action: 'Message' } },
  { contentType: 'QuickReply', quickReply: { text: 'Four', payload: '4', action: 'Message' } },
];

const WAIT = {
  modeConstraints: {
    text: { languagePreferences: ['en-us'], noInputTimeoutMilliseconds: 60000 },
  },
};

let server: TextbotsServer;
let api: TextbotsApi;
let botId: string;

beforeAll(async () => {
  server = await startTextbotsServer();
  botId = (await server.bot({ name: 'Booking', flows: [{ name: 'booking', content: BOOKING }] }))
    .id;
  const key = await server.key(ALL_TEXTBOTS);
  api = await server.api(key.token);
});
afterAll(async () => {
  await server.close();
});

describe('worked example (textbots-api.md §7)', () => {
  it('launches, asks, waits, exits with outputData, replays, then refuses', async () => {
    const launched = await api.postTextbotsBotflowsSessions({
      flow: { id: 'booking' },
      externalSessionId: '',
      conversationId: 'c-42',
      language: '',
      channel: {
        name: 'Messaging',
        inputModes: ['Text'],
        outputModes: ['Text'],
        userAgent: { name: 'GenesysWebWidget' },
      },
      inputData: { variables: { 'Flow.CustomerName': 'Ada' } },
    } as any);
    expect(Object.keys(launched)).toEqual(['id']);
    const sessionId = launched.id;

    const first = await api.postTextbotsBotflowsSessionTurns(sessionId, noOp());
    expect(first).toEqual({
      id: expect.any(String),
      prompts: {
        outputLanguage: 'en-us',
        textPrompts: {
          segments: [
            { type: 'Text', text: 'Hello Ada!' },
            { type: 'RichMedia', text: 'How many guests?', content: QUICK_REPLIES },
          ],
        },
      },
      nextActionType: 'WaitForInput',
      nextActionWaitForInput: WAIT,
    });

    const second = await api.postTextbotsBotflowsSessionTurns(sessionId, noOp(first.id));
    expect(second).toEqual({
      id: expect.any(String),
      previousTurn: { id: first.id },
      prompts: { outputLanguage: 'en-us', textPrompts: { segments: [] } },
      nextActionType: 'WaitForInput',
      nextActionWaitForInput: WAIT,
    });
    expect(second.id).not.toBe(first.id);

    const answer = userInput(second.id, '4');
    const third = await api.postTextbotsBotflowsSessionTurns(sessionId, answer);
    expect(third).toEqual({
      id: expect.any(String),
      previousTurn: { id: second.id },
      prompts: {
        outputLanguage: 'en-us',
        textPrompts: { segments: [{ type: 'Text', text: 'Table for 4 booked.' }] },
      },
      nextActionType: 'Exit',
      nextActionExit: {
        reason: 'TriggeredByFlow',
        flowLocation: { sequenceName: 'booking', actionName: 'start', actionNumber: 1 },
        outputData: { variables: { guests: '4' } },
      },
    });

    // T3: the same body again is the same answer, and nothing runs.
    expect(await api.postTextbotsBotflowsSessionTurns(sessionId, answer)).toEqual(third);

    const closed = await rejection(() =>
      api.postTextbotsBotflowsSessionTurns(sessionId, noOp(third.id)),
    );
    expectErrorBody(closed, 400, 'session.already.closed');
    expect(closed).toMatchObject({
      message: 'The bot session is closed',
      details: [],
      errors: [],
    });
  });

  it('answers the same bot through execute', async () => {
    const base = {
      botId,
      integrationId: 'any',
      botSessionId: 'b7d1c2e0-0000-4000-8000-000000000001',
    };
    const first = await api.postTextbotsBotsExecute({
      ...base,
      postTextMessage: { type: 'Text', text: 'hi' },
    });
    expect(first).toEqual({
      botState: 'MoreData',
      replyMessages: [
        { type: 'Text', text: 'Hello Null!' },
        { type: 'Structured', text: 'How many guests?', content: QUICK_REPLIES },
      ],
      slots: {},
    });
    const second = await api.postTextbotsBotsExecute({
      ...base,
      postTextMessage: { type: 'Text', text: 'Four' },
    });
    expect(second).toEqual({
      botState: 'Complete',
      replyMessages: [{ type: 'Text', text: 'Table for Four booked.' }],
      slots: {},
    });
    const third = await rejection(() =>
      api.postTextbotsBotsExecute({ ...base, postTextMessage: { type: 'Text', text: 'again' } }),
    );
    expectErrorBody(third, 400, 'bots.bot.session.closed');
  });
});
