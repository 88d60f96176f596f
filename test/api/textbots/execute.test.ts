/**
 * bots/execute through the official client (textbots-api.md §4.5, X1–X8): intents and slots
 * over several calls, botState, closed sessions, botCorrelationId retries, session timeouts,
 * input kinds and languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ALL_TEXTBOTS,
  expectErrorBody,
  launchBody,
  rejection,
  startTextbotsServer,
} from './fixture.js';
import type { TextbotsApi, TextbotsServer } from './fixture.js';

const BOOKING_NLU = {
  languages: ['en', 'fr'],
  threshold: 0.3,
  intents: [
    {
      name: 'book_table',
      utterances: [
        'book a table for {guests} people',
        'I need a table for {guests}',
        'reserve a table for {guests} persons',
        'can I book a table for {guests}',
        'table for {guests} please',
        'I want to book a table',
        'reserve a table',
        'book a table',
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
        'opening times',
        'when do you open',
      ],
    },
    {
      name: 'cancel',
      utterances: [
        'cancel my booking',
        'I want to cancel',
        'cancel the reservation',
        'please cancel it',
        'forget my reservation',
      ],
    },
  ],
};

const NLU_FLOW = `start:
  say "intent {{event.intent.name}}"
  hold
  if (event.intent.name == "cancel") {
    say "Cancelled."
    goto end
  }
  say "again"
  goto start`;

let server: TextbotsServer;
let api: TextbotsApi;
let nluBot: string;
let plainBot: string;

const send = (botId: string, session: string, text: string, extra: Record<string, unknown> = {}) =>
  api.postTextbotsBotsExecute({
    botId,
    integrationId: 'integration-1',
    botSessionId: session,
    postTextMessage: { type: 'Text', text },
    ...extra,
  });

beforeAll(async () => {
  server = await startTextbotsServer();
  nluBot = (
    await server.bot({
      name: 'Bookings',
      flows: [{ name: 'Main', content: NLU_FLOW }],
      nlu: BOOKING_NLU,
    })
  ).id;
  plainBot = (
    await server.bot({
      name: 'Plain',
      flows: [
        {
          name: 'Main',
          content:
            'start:\n  say "You said {{event}}"\n  hold\n  say "Then {{event}}"\n  hold\n  goto end',
        },
        {
          name: 'Help',
          content: 'start:\n  say "Help here"\n  hold\n  goto end',
          commands: ['/help'],
        },
        {
          name: 'Crash',
          content: 'start:\n  say "before"\n  do x = 1 + "a"\n  goto end',
          commands: ['/crash'],
        },
        {
          name: 'Bye',
          content: 'start:\n  say "bye"\n  say Disconnect("done")\n  say "never"',
          commands: ['/bye'],
        },
        { name: 'Agent', content: 'start:\n  say Escalate("billing")', commands: ['/agent'] },
        {
          name: 'Rich',
          content:
            'start:\n  say Card(title = "C", subtitle = "S", image_url = "https://i/c.png", buttons = [Button("Go", payload = "go"), Button("Site", url = "https://s")])\n  say Image("https://i/x.png")\n  say Typing(100)\n  say {"a": 1}\n  hold\n  goto end',
          commands: ['/rich'],
        },
      ],
    })
  ).id;
  const key = await server.key(ALL_TEXTBOTS);
  api = await server.api(key.token);
});
afterAll(async () => {
  await server.close();
});

describe('execute: intents and slots (X6)', () => {
  it('reports the intent and slots of each call, and the flow branches on them', async () => {
    const first = await send(nluBot, 'nlu-1', 'I need a table for 4');
    expect(first).toEqual({
      botState: 'MoreData',
      replyMessages: [{ type: 'Text', text: 'intent book_table' }],
      intentName: 'book_table',
      slots: { guests: '4' },
    });
    const second = await send(nluBot, 'nlu-1', 'what are your opening hours');
    expect(second).toMatchObject({ botState: 'MoreData', intentName: 'opening_hours', slots: {} });
    const third = await send(nluBot, 'nlu-1', 'please cancel my booking');
    expect(third).toEqual({
      botState: 'Complete',
      replyMessages: [{ type: 'Text', text: 'Cancelled.' }],
      intentName: 'cancel',
      slots: {},
    });
  });

  it('omits intentName below the threshold and for button payloads', async () => {
    const gibberish = await send(nluBot, 'nlu-2', 'zqxv wplk');
    expect(gibberish).not.toHaveProperty('intentName');
    expect(gibberish.slots).toEqual({});
    const click = await api.postTextbotsBotsExecute({
      botId: nluBot,
      integrationId: 'i',
      botSessionId: 'nlu-2',
      postTextMessage: {
        type: 'Structured',
        content: [
          {
            contentType: 'ButtonResponse',
            buttonResponse: { text: 'Book', payload: 'book a table' },
          },
        ],
      },
    });
    expect(click).not.toHaveProperty('intentName');
    expect(click.slots).toEqual({});
  });

  it('selects the NLU language (X8): exact, by primary subtag, else bots.unsupported.language', async () => {
    expect(await send(nluBot, 'lang-1', 'cancel my booking', { languageCode: 'FR' })).toMatchObject(
      {
        intentName: 'cancel',
      },
    );
    expect(
      await send(nluBot, 'lang-2', 'table for 2 please', { languageCode: 'en-US' }),
    ).toMatchObject({ intentName: 'book_table', slots: { guests: '2' } });
    const refused = await rejection(() => send(nluBot, 'lang-3', 'hi', { languageCode: 'de-DE' }));
    expectErrorBody(refused, 400, 'bots.unsupported.language');
    expect(refused.message).toBe('The language code is unsupported or not recognized');
    // Nothing was stored: the session starts on the next call.
    expect(await send(nluBot, 'lang-3', 'cancel my booking')).toMatchObject({
      botState: 'MoreData',
    });
    // A bot without NLU accepts any code.
    expect(await send(plainBot, 'lang-4', 'hi', { languageCode: 'xx-YY' })).toMatchObject({
      botState: 'MoreData',
    });
  });
});

describe('execute: sessions (X2, X4, X7)', () => {
  it('keeps one conversation per botSessionId over several calls until it completes', async () => {
    expect(await send(plainBot, 's-1', 'one')).toEqual({
      botState: 'MoreData',
      replyMessages: [{ type: 'Text', text: 'You said one' }],
      slots: {},
    });
    expect(await send(plainBot, 's-2', 'other')).toMatchObject({
      replyMessages: [{ type: 'Text', text: 'You said other' }],
    });
    expect(await send(plainBot, 's-1', 'two')).toMatchObject({
      botState: 'MoreData',
      replyMessages: [{ type: 'Text', text: 'Then two' }],
    });
    expect(await send(plainBot, 's-1', 'three')).toEqual({
      botState: 'Complete',
      replyMessages: [],
      slots: {},
    });
    expectErrorBody(
      await rejection(() => send(plainBot, 's-1', 'four')),
      400,
      'bots.bot.session.closed',
    );
  });

  it('starts a command flow on a new session (X3) and maps every end (X4)', async () => {
    expect(await send(plainBot, 'cmd-1', '/help')).toMatchObject({
      botState: 'MoreData',
      replyMessages: [{ type: 'Text', text: 'Help here' }],
    });
    expect(await send(plainBot, 'crash-1', '/crash')).toEqual({
      botState: 'Failed',
      replyMessages: [{ type: 'Text', text: 'before' }],
      slots: {},
    });
    expectErrorBody(
      await rejection(() => send(plainBot, 'crash-1', 'x')),
      400,
      'bots.bot.session.closed',
    );
    expect(await send(plainBot, 'bye-1', '/bye')).toEqual({
      botState: 'Complete',
      replyMessages: [{ type: 'Text', text: 'bye' }],
      slots: {},
    });
    expect(await send(plainBot, 'agent-1', '/agent')).toEqual({
      botState: 'Complete',
      replyMessages: [],
      slots: {},
    });
  });

  it('writes rich segments as Structured messages (X5)', async () => {
    expect(await send(plainBot, 'rich-1', '/rich')).toEqual({
      botState: 'MoreData',
      replyMessages: [
        {
          type: 'Structured',
          text: 'C',
          content: [
            {
              contentType: 'Card',
              card: {
                title: 'C',
                description: 'S',
                image: 'https://i/c.png',
                actions: [
                  { type: 'Postback', text: 'Go', payload: 'go' },
                  { type: 'Link', text: 'Site', url: 'https://s' },
                ],
              },
            },
          ],
        },
        {
          type: 'Structured',
          text: 'https://i/x.png',
          content: [
            {
              contentType: 'Attachment',
              attachment: { mediaType: 'Image', url: 'https://i/x.png' },
            },
          ],
        },
      ],
      slots: {},
    });
  });

  it('answers a retry with the same botCorrelationId and message from the stored turn (X7)', async () => {
    const first = await send(plainBot, 'corr-1', 'hello', { botCorrelationId: 'c-1' });
    expect(first).toMatchObject({
      botCorrelationId: 'c-1',
      replyMessages: [{ text: 'You said hello' }],
    });
    expect(await send(plainBot, 'corr-1', 'hello', { botCorrelationId: 'c-1' })).toEqual(first);
    // Another message with the same id is a new turn; so is the same text without an id.
    const second = await send(plainBot, 'corr-1', 'hello', { botCorrelationId: 'c-2' });
    expect(second).toEqual({
      botState: 'MoreData',
      replyMessages: [{ type: 'Text', text: 'Then hello' }],
      slots: {},
      botCorrelationId: 'c-2',
    });
    const closing = await send(plainBot, 'corr-1', 'hello', { botCorrelationId: 'c-3' });
    expect(closing.botState).toBe('Complete');
    // The retry of the closing turn still gets its answer; anything else is refused.
    expect(await send(plainBot, 'corr-1', 'hello', { botCorrelationId: 'c-3' })).toEqual(closing);
    expectErrorBody(
      await rejection(() => send(plainBot, 'corr-1', 'hello', { botCorrelationId: 'c-4' })),
      400,
      'bots.bot.session.closed',
    );
    expectErrorBody(
      await rejection(() => send(plainBot, 'corr-1', 'hello')),
      400,
      'bots.bot.session.closed',
    );
  });

  it('treats identical texts without a correlation id as new turns (X7)', async () => {
    await send(plainBot, 'nocorr', 'same');
    expect(await send(plainBot, 'nocorr', 'same')).toMatchObject({
      replyMessages: [{ text: 'Then same' }],
    });
  });

  it('closes a session idle past botSessionTimeoutMinutes, from the call that set it (X2, T7)', async () => {
    await send(plainBot, 'ttl-1', 'hi', { botSessionTimeoutMinutes: 5 });
    server.advance(4 * 60_000);
    expect(await send(plainBot, 'ttl-1', 'still')).toMatchObject({ botState: 'MoreData' });
    server.advance(6 * 60_000);
    expectErrorBody(
      await rejection(() => send(plainBot, 'ttl-1', 'late')),
      400,
      'bots.bot.session.closed',
    );
    // Without a timeout the bot's sessionTtlMinutes (72 h by default) applies.
    await send(plainBot, 'ttl-2', 'hi');
    server.advance(60 * 60_000);
    expect(await send(plainBot, 'ttl-2', 'later')).toMatchObject({ botState: 'MoreData' });
  });

  it('never finds launch sessions through execute, nor execute sessions through turns (X2)', async () => {
    const bot = await server.bot({
      name: 'Both',
      flows: [{ name: 'Both', content: 'start:\n  say "x"\n  hold\n  goto start' }],
    });
    const launched = await api.postTextbotsBotflowsSessions(launchBody('Both'));
    // The launch session's id as a botSessionId is a new execute session.
    expect(await send(bot.id, launched.id, 'hi')).toMatchObject({ botState: 'MoreData' });
    const turn = await api.postTextbotsBotflowsSessionTurns(launched.id, {
      inputEventType: 'NoOp',
    });
    expect(turn.nextActionType).toBe('WaitForInput');
    expect(turn).not.toHaveProperty('previousTurn');
  });
});

describe('execute: input and refusals (X1, X3, C3)', () => {
  it('reads Structured messages: a ButtonResponse payload, else the text (X3)', async () => {
    const click = await api.postTextbotsBotsExecute({
      botId: plainBot,
      integrationId: 'i',
      botSessionId: 'struct-1',
      postTextMessage: {
        type: 'Structured',
        text: 'ignored',
        content: [
          { contentType: 'QuickReply', quickReply: { text: 'a', payload: 'a' } },
          {
            contentType: 'ButtonResponse',
            buttonResponse: { type: 'Button', text: 'Yes', payload: 'YES' },
          },
        ],
      },
    });
    expect(click.replyMessages).toEqual([{ type: 'Text', text: 'You said YES' }]);
    const text = await api.postTextbotsBotsExecute({
      botId: plainBot,
      integrationId: 'i',
      botSessionId: 'struct-2',
      postTextMessage: { type: 'Structured', text: 'fallback' },
    });
    expect(text.replyMessages).toEqual([{ type: 'Text', text: 'You said fallback' }]);
  });

  it('refuses other message types and empty Structured messages with bots.invalid.bot.argument', async () => {
    for (const postTextMessage of [
      { type: 'Receipt', text: 'x' },
      { type: 'Event' },
      { type: 'Structured', text: '' },
      {
        type: 'Structured',
        content: [{ contentType: 'QuickReply', quickReply: { text: 'a', payload: 'a' } }],
      },
    ]) {
      const refused = await rejection(() =>
        api.postTextbotsBotsExecute({
          botId: plainBot,
          integrationId: 'i',
          botSessionId: 'arg',
          postTextMessage,
        }),
      );
      expectErrorBody(refused, 400, 'bots.invalid.bot.argument');
      expect(refused.message).toBe(
        'An argument passed on to the bot was declared invalid by the bot service',
      );
    }
  });

  it('refuses a Text message without text, and a timeout below 1', async () => {
    const noText = await rejection(() =>
      api.postTextbotsBotsExecute({
        botId: plainBot,
        integrationId: 'i',
        botSessionId: 'v',
        postTextMessage: { type: 'Text' },
      }),
    );
    expectErrorBody(noText, 400, 'bad.request');
    expect(noText.details).toEqual([
      { errorCode: 'bad.request', fieldName: 'postTextMessage.text' },
    ]);
    const timeout = await rejection(() =>
      send(plainBot, 'v', 'x', { botSessionTimeoutMinutes: 0 }),
    );
    expectErrorBody(timeout, 400, 'constraint.validation');
    expect(timeout.message).toBe('botSessionTimeoutMinutes must be at least 1');
  });

  it('answers 404 for an unknown bot and bots.bot.doesnt.exist for one never built (X1)', async () => {
    expectErrorBody(
      await rejection(() => send('0195a3c0-0000-7000-8000-00000000dead', 'x', 'hi')),
      404,
      'not.found',
    );
    expectErrorBody(await rejection(() => send('not-a-uuid', 'x', 'hi')), 404, 'not.found');
    const unbuilt = await server.bot({
      name: 'Draft',
      flows: [{ name: 'D', content: 'start:\n  say "d"' }],
      unbuilt: true,
    });
    const refused = await rejection(() => send(unbuilt.id, 'x', 'hi'));
    expectErrorBody(refused, 400, 'bots.bot.doesnt.exist');
  });

  it('ignores vendor settings and unknown properties, and validates their types', async () => {
    expect(
      await send(plainBot, 'vendor-1', 'hi', {
        botAlias: 'alias',
        botChannels: ['Webchat'],
        messagingPlatformType: 'Whatsapp',
        amazonLexRequest: { requestAttributes: { a: 'b' }, sessionAttributes: {} },
        googleDialogflow: { environment: 'draft', eventInputParameters: { x: 'y' } },
        genesysBotConnector: { queryParameters: { q: 'v' } },
        nuanceMixDlg: { channelId: 'c', inputParameters: { n: 1 } },
        somethingElse: true,
      }),
    ).toMatchObject({ botState: 'MoreData' });
    const wrong = await rejection(() =>
      send(plainBot, 'vendor-2', 'hi', { amazonLexRequest: { requestAttributes: { a: 1 } } }),
    );
    expectErrorBody(wrong, 400, 'bad.request');
    expect(wrong.details).toEqual([
      { errorCode: 'bad.request', fieldName: 'amazonLexRequest.requestAttributes.a' },
    ]);
    const channel = await rejection(() =>
      send(plainBot, 'vendor-3', 'hi', { botChannels: ['Fax'] }),
    );
    expectErrorBody(channel, 400, 'invalid.value');
    expect(channel.message).toBe(
      'Value [Fax] is not valid for field type [botChannels[0]]. Allowable values are: Call, Callback, Messaging, Webchat',
    );
  });
});
