/**
 * Bot-flow sessions through the official client (textbots-api.md §4.2–§4.4): a multi-step flow
 * with buttons from launch to Exit with output variables, by bearer key and by
 * loginClientCredentialsGrant; then each launch, turn and output rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ALL_TEXTBOTS,
  buttonClick,
  expectErrorBody,
  launchBody,
  noOp,
  rejection,
  startTextbotsServer,
  userInput,
} from './fixture.js';
import type { TextbotsApi, TextbotsServer } from './fixture.js';

const ORDER = `start:
  say "Welcome to {{_metadata.Shop}}"
  say Question(title = "Pizza or pasta?", buttons = [Button(title = "Pizza", payload = "pizza"), Button(title = "Pasta", payload = "pasta")])
  hold
  remember dish = event
  goto size

size:
  say Question(title = "Which size?", buttons = [Button("Small"), Button("Large")])
  hold
  remember size = event
  remember order = {"dish": dish, "size": size}
  goto confirm

confirm:
  say Card(title = "Your order", subtitle = "{{dish}}, {{size}}", buttons = [Button("Confirm", payload = "yes"), Button("Menu", url = "https://example.com/menu")])
  hold
  if (event == "yes") {
    say "Thanks!"
    goto end
  }
  goto start`;

const OTHER = `start:
  say "other flow"
  hold
  goto end`;

let server: TextbotsServer;
let key: { id: string; secret: string; token: string };
let api: TextbotsApi;
let orderBot: { id: string; flows: Record<string, string> };

beforeAll(async () => {
  server = await startTextbotsServer();
  orderBot = await server.bot({
    name: 'Pizzeria',
    flows: [
      { name: 'order', content: ORDER },
      { name: 'other', content: OTHER, commands: ['/other'] },
    ],
  });
  key = await server.key(ALL_TEXTBOTS);
  api = await server.api(key.token);
});
afterAll(async () => {
  await server.close();
});

/** Launch, then the first turn; answers the session id and that turn. */
async function started(flow: string, extra: Record<string, unknown> = {}, client = api) {
  const { id } = await client.postTextbotsBotflowsSessions(launchBody(flow, extra));
  const first = await client.postTextbotsBotflowsSessionTurns(id, noOp());
  return { id: id, first };
}

async function orderToExit(client: TextbotsApi) {
  const launched = await client.postTextbotsBotflowsSessions(
    launchBody(orderBot.flows.order!, {
      externalSessionId: 'customer-7',
      inputData: { variables: { 'Flow.Shop': 'Luigi' } },
    }),
  );
  const id = launched.id;
  const t1 = await client.postTextbotsBotflowsSessionTurns(id, noOp());
  expect(t1.prompts?.textPrompts?.segments).toEqual([
    { type: 'Text', text: 'Welcome to Luigi' },
    {
      type: 'RichMedia',
      text: 'Pizza or pasta?',
      content: [
        {
          contentType: 'QuickReply',
          quickReply: { text: 'Pizza', payload: 'pizza', action: 'Message' },
        },
        {
          contentType: 'QuickReply',
          quickReply: { text: 'Pasta', payload: 'pasta', action: 'Message' },
        },
      ],
    },
  ]);
  expect(t1.nextActionType).toBe('WaitForInput');
  const t2 = await client.postTextbotsBotflowsSessionTurns(
    id,
    buttonClick(t1.id, 'pizza', 'Pizza'),
  );
  expect(t2).toMatchObject({
    previousTurn: { id: t1.id },
    nextActionType: 'WaitForInput',
    prompts: {
      textPrompts: {
        segments: [
          {
            type: 'RichMedia',
            text: 'Which size?',
            content: [
              { contentType: 'QuickReply', quickReply: { text: 'Small', payload: 'Small' } },
              { contentType: 'QuickReply', quickReply: { text: 'Large', payload: 'Large' } },
            ],
          },
        ],
      },
    },
  });
  // A typed answer equal to a button's title works too.
  const t3 = await client.postTextbotsBotflowsSessionTurns(id, userInput(t2.id, 'Large'));
  expect(t3.prompts?.textPrompts?.segments).toEqual([
    {
      type: 'RichMedia',
      text: 'Your order',
      content: [
        {
          contentType: 'Card',
          card: {
            title: 'Your order',
            description: 'pizza, Large',
            actions: [
              { type: 'Postback', text: 'Confirm', payload: 'yes' },
              { type: 'Link', text: 'Menu', url: 'https://example.com/menu' },
            ],
          },
        },
      ],
    },
  ]);
  const t4 = await client.postTextbotsBotflowsSessionTurns(
    id,
    buttonClick(t3.id, 'yes', 'Confirm'),
  );
  expect(t4).toEqual({
    id: expect.any(String),
    previousTurn: { id: t3.id },
    prompts: {
      outputLanguage: 'en-us',
      textPrompts: { segments: [{ type: 'Text', text: 'Thanks!' }] },
    },
    nextActionType: 'Exit',
    nextActionExit: {
      reason: 'TriggeredByFlow',
      flowLocation: { sequenceName: 'order', actionName: 'confirm', actionNumber: 3 },
      outputData: {
        variables: { dish: 'pizza', size: 'Large', order: { dish: 'pizza', size: 'Large' } },
      },
    },
  });
  expectErrorBody(
    await rejection(() => client.postTextbotsBotflowsSessionTurns(id, noOp(t4.id))),
    400,
    'session.already.closed',
  );
}

describe('a multi-step flow with buttons, launch to Exit', () => {
  it('runs with the key as bearer token (A2)', async () => {
    await orderToExit(api);
  });

  it('runs after loginClientCredentialsGrant (A1)', async () => {
    const { api: loggedIn, client } = await server.login(key.id, key.secret);
    // authData is set at runtime by the login, missing from the typings.
    const { authData } = client as unknown as { authData: { accessToken: string } };
    expect(authData.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await orderToExit(loggedIn);
  });
});

describe('launch (L1–L5)', () => {
  it('finds the flow by id, else by unique name regardless of case (L1)', async () => {
    expect((await started(orderBot.flows.other!)).first.prompts?.textPrompts?.segments).toEqual([
      { type: 'Text', text: 'other flow' },
    ]);
    expect((await started('OTHER')).first.prompts?.textPrompts?.segments).toEqual([
      { type: 'Text', text: 'other flow' },
    ]);
  });

  it('answers 404 for an unknown name, an ambiguous one, or a flow of a bot out of reach (L1, A4)', async () => {
    await server.bot({ name: 'Twin', flows: [{ name: 'twin', content: 'start:\n  say "1"' }] });
    await server.bot({ name: 'Twin 2', flows: [{ name: 'Twin', content: 'start:\n  say "2"' }] });
    for (const flow of ['nope', 'twin', '0195a3c0-0000-7000-8000-00000000beef']) {
      const refused = await rejection(() => api.postTextbotsBotflowsSessions(launchBody(flow)));
      expectErrorBody(refused, 404, 'not.found');
      expect(refused.message).toBe('The requested resource was not found.');
    }
    // A key bound to another bot sees neither the flow by id nor by name.
    const bound = await server.api((await server.key(ALL_TEXTBOTS, server.demoBotId)).token);
    for (const flow of [orderBot.flows.order!, 'order']) {
      expectErrorBody(
        await rejection(() => bound.postTextbotsBotflowsSessions(launchBody(flow))),
        404,
        'not.found',
      );
    }
  });

  it('refuses a flow of a bot never built, or one added after the build (L2)', async () => {
    const draft = await server.bot({
      name: 'Draft',
      flows: [{ name: 'draft', content: 'start:\n  say "d"' }],
      unbuilt: true,
    });
    const unbuilt = await rejection(() =>
      api.postTextbotsBotflowsSessions(launchBody(draft.flows.draft!)),
    );
    expectErrorBody(unbuilt, 400, 'flow.version.not.published');
    expect(unbuilt.message).toBe('The flow version is not published');
    const added = await server.request('POST', `/v1/bots/${orderBot.id}/flows`, {
      body: { name: 'later', content: 'start:\n  say "later"' },
    });
    expect(added.status).toBeLessThan(300);
    expectErrorBody(
      await rejection(() => api.postTextbotsBotflowsSessions(launchBody('later'))),
      400,
      'flow.version.not.published',
    );
  });

  it('passes inputData.variables as _metadata, Flow.X also as X unless X is given (L3)', async () => {
    const bot = await server.bot({
      name: 'Meta',
      flows: [
        {
          name: 'meta',
          content:
            'start:\n  do full = _metadata["Flow.A"]\n  say "{{_metadata.A}} {{_metadata.B}} {{full}} {{_metadata.n.k}}"\n  hold\n  say "again {{_metadata.A}}"\n  goto end',
        },
      ],
    });
    const { id, first } = await started(bot.flows.meta!, {
      inputData: {
        variables: { 'Flow.A': 'alias', 'Flow.B': 'shadowed', B: 'explicit', n: { k: 7 } },
      },
    });
    expect(first.prompts?.textPrompts?.segments).toEqual([
      { type: 'Text', text: 'alias explicit alias 7' },
    ]);
    const second = await api.postTextbotsBotflowsSessionTurns(id, userInput(first.id, 'x'));
    expect(second.prompts?.textPrompts?.segments).toEqual([{ type: 'Text', text: 'again alias' }]);
  });

  it('refuses inputData or variables that are not objects (L3)', async () => {
    for (const inputData of ['text', [], { variables: 'x' }, { variables: [1] }, {}]) {
      const refused = await rejection(() =>
        api.postTextbotsBotflowsSessions(launchBody('order', { inputData })),
      );
      expectErrorBody(refused, 400, 'invalid.input.variables');
      expect(refused.message).toBe('One or more of your input variables are invalid');
    }
    // Absent or null: no input.
    await api.postTextbotsBotflowsSessions(launchBody('order', { inputData: null }));
  });

  it('uses the launch language, else the bot setting defaultLanguage (L4)', async () => {
    const given = await started('other', { language: 'fr-ca' });
    expect(given.first.prompts?.outputLanguage).toBe('fr-ca');
    expect(given.first.nextActionWaitForInput?.modeConstraints.text?.languagePreferences).toEqual([
      'fr-ca',
    ]);
    const bot = await server.bot({
      name: 'Deutsch',
      flows: [{ name: 'deutsch', content: 'start:\n  say "Hallo"\n  hold\n  goto end' }],
      settings: { defaultLanguage: 'de-de', noInputTimeoutMs: 12_000 },
    });
    const fallback = await started(bot.flows.deutsch!, { language: '' });
    expect(fallback.first.prompts?.outputLanguage).toBe('de-de');
    expect(fallback.first.nextActionWaitForInput).toEqual({
      modeConstraints: {
        text: { languagePreferences: ['de-de'], noInputTimeoutMilliseconds: 12_000 },
      },
    });
  });

  it('keeps memories per externalSessionId, or per session when it is empty (L5)', async () => {
    const bot = await server.bot({
      name: 'Memory',
      flows: [
        {
          name: 'memory',
          content: 'start:\n  say "seen {{visits}}"\n  remember visits = 1\n  goto end',
        },
      ],
    });
    const say = async (externalSessionId: string) =>
      (await started(bot.flows.memory!, { externalSessionId })).first.prompts?.textPrompts
        ?.segments[0]?.text;
    expect(await say('caller-1')).toBe('seen Null');
    expect(await say('caller-1')).toBe('seen 1');
    expect(await say('caller-2')).toBe('seen Null');
    expect(await say('')).toBe('seen Null');
    expect(await say('')).toBe('seen Null');
  });
});

describe('turns (T1–T7)', () => {
  it('checks previousTurn against the last turn (T2)', async () => {
    const { id } = await api.postTextbotsBotflowsSessions(launchBody('order'));
    expectErrorBody(
      await rejection(() =>
        api.postTextbotsBotflowsSessionTurns(id, noOp('0195a3c0-0000-7000-8000-000000000001')),
      ),
      400,
      'mismatched.turn.id',
    );
    const first = await api.postTextbotsBotflowsSessionTurns(id, {
      previousTurn: null,
      inputEventType: 'NoOp',
    } as any);
    const second = await api.postTextbotsBotflowsSessionTurns(id, noOp(first.id));
    const stale = await rejection(() =>
      api.postTextbotsBotflowsSessionTurns(id, userInput(first.id, 'x')),
    );
    expectErrorBody(stale, 400, 'mismatched.turn.id');
    expect(stale.message).toBe('The turn provided is not expected');
    expectErrorBody(
      await rejection(() => api.postTextbotsBotflowsSessionTurns(id, noOp())),
      400,
      'mismatched.turn.id',
    );
    // A retry of an older turn is not a replay: only the last turn replays.
    expectErrorBody(
      await rejection(() => api.postTextbotsBotflowsSessionTurns(id, noOp())),
      400,
      'mismatched.turn.id',
    );
    expect((await api.postTextbotsBotflowsSessionTurns(id, noOp(first.id))).id).toBe(second.id);
  });

  it('replays an exact retry, ignoring fields outside the digest (T3)', async () => {
    const { id, first } = await started('order');
    const body = {
      ...userInput(first.id, 'pasta'),
      inputEventError: { code: 'x', message: 'ignored' },
    };
    const answer = await api.postTextbotsBotflowsSessionTurns(id, body);
    const again = await api.postTextbotsBotflowsSessionTurns(id, {
      ...userInput(first.id, 'pasta'),
      unknownMember: 1,
      inputEventUserInput: {
        mode: 'Text',
        alternatives: [{ transcript: { text: 'pasta', confidence: 1 } }],
        extra: true,
      },
    });
    expect(again).toEqual(answer);
    // Another text after the same previous turn is no replay, and the session moved on.
    expectErrorBody(
      await rejection(() => api.postTextbotsBotflowsSessionTurns(id, userInput(first.id, 'pizza'))),
      400,
      'mismatched.turn.id',
    );
  });

  it('serializes concurrent turns of one session; a concurrent duplicate gets the replay (T5)', async () => {
    const { id, first } = await started('order');
    const body = userInput(first.id, 'pizza');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => api.postTextbotsBotflowsSessionTurns(id, body)),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    const racing = await Promise.allSettled([
      api.postTextbotsBotflowsSessionTurns(id, userInput(answers[0]!.id, 'Small')),
      api.postTextbotsBotflowsSessionTurns(id, userInput(answers[0]!.id, 'Large')),
    ]);
    const won = racing.filter((r) => r.status === 'fulfilled');
    const lost = racing.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expectErrorBody(lost[0]!.reason, 400, 'mismatched.turn.id');
  });

  it('runs the launched flow first whatever the event, then follows flow selection (T4)', async () => {
    const { id } = await api.postTextbotsBotflowsSessions(launchBody('order'));
    const first = await api.postTextbotsBotflowsSessionTurns(id, userInput(null, '/other'));
    expect(first.prompts?.textPrompts?.segments[1]).toMatchObject({ text: 'Pizza or pasta?' });
    const second = await api.postTextbotsBotflowsSessionTurns(id, userInput(first.id, '/other'));
    expect(second.prompts?.textPrompts?.segments).toEqual([{ type: 'Text', text: 'other flow' }]);
  });

  it('answers NoOp while waiting without running the flow (T4)', async () => {
    const { id, first } = await started('order');
    const waiting = await api.postTextbotsBotflowsSessionTurns(id, noOp(first.id));
    expect(waiting.prompts?.textPrompts?.segments).toEqual([]);
    expect(waiting.nextActionType).toBe('WaitForInput');
    // Still at the first question.
    const answer = await api.postTextbotsBotflowsSessionTurns(id, buttonClick(waiting.id, 'pasta'));
    expect(answer.prompts?.textPrompts?.segments[0]).toMatchObject({ text: 'Which size?' });
  });

  it('refuses RichMediaInput without a ButtonResponse, and NoInput/NoMatch before the flow ran (T4)', async () => {
    const { id } = await api.postTextbotsBotflowsSessions(launchBody('order'));
    for (const body of [
      { inputEventType: 'NoInput' },
      { inputEventType: 'NoMatch' },
      { inputEventType: 'RichMediaInput', inputEventRichMedia: {} },
      {
        inputEventType: 'RichMediaInput',
        inputEventRichMedia: {
          inputs: [{ contentType: 'QuickReply', quickReply: { text: 'a', payload: 'a' } }],
          messages: [{ eventType: 'Presence', presence: { type: 'Join' } }],
        },
      },
    ]) {
      const refused = await rejection(() => api.postTextbotsBotflowsSessionTurns(id, body));
      expectErrorBody(refused, 400, 'unexpected.input.event');
      expect(refused.message).toBe('An unexpected input event has been submitted');
    }
    // Nothing was stored: the session is still launched.
    const first = await api.postTextbotsBotflowsSessionTurns(id, noOp());
    expect(first).not.toHaveProperty('previousTurn');
  });

  it('closes on Error, UserDisconnect and ClientSessionExpired without running the flow (T4)', async () => {
    const launched = async () => (await api.postTextbotsBotflowsSessions(launchBody('order'))).id;
    const neverRan = { sequenceName: 'order', actionName: 'start', actionNumber: 1 };
    const error = await api.postTextbotsBotflowsSessionTurns(await launched(), {
      inputEventType: 'Error',
      inputEventError: { code: 'client.error', message: 'The widget crashed' },
    });
    expect(error).toEqual({
      id: expect.any(String),
      prompts: { outputLanguage: 'en-us', textPrompts: { segments: [] } },
      nextActionType: 'Exit',
      nextActionExit: {
        reason: 'Error',
        reasonExtendedInfo: 'The widget crashed',
        flowLocation: neverRan,
        outputData: { variables: {} },
      },
    });
    const bare = await api.postTextbotsBotflowsSessionTurns(await launched(), {
      inputEventType: 'Error',
    });
    expect(bare.nextActionExit).not.toHaveProperty('reasonExtendedInfo');

    const { id, first } = await started('order');
    const left = await api.postTextbotsBotflowsSessionTurns(id, {
      previousTurn: { id: first.id },
      inputEventType: 'UserDisconnect',
    });
    expect(left).toEqual({
      id: expect.any(String),
      previousTurn: { id: first.id },
      prompts: { outputLanguage: 'en-us', textPrompts: { segments: [] } },
      nextActionType: 'Disconnect',
      nextActionDisconnect: { reason: 'TriggeredByUser', flowLocation: neverRan },
    });
    expectErrorBody(
      await rejection(() => api.postTextbotsBotflowsSessionTurns(id, noOp(left.id))),
      400,
      'session.already.closed',
    );
    const expired = await api.postTextbotsBotflowsSessionTurns(await launched(), {
      inputEventType: 'ClientSessionExpired',
    });
    expect(expired.nextActionDisconnect).toEqual({
      reason: 'SessionExpired',
      flowLocation: neverRan,
    });
  });

  it('closes a session idle past sessionTtlMinutes with Disconnect SessionExpired (T7)', async () => {
    const bot = await server.bot({
      name: 'Short',
      flows: [
        {
          name: 'short',
          content:
            'start:\n  say "q"\n  hold\n  goto step2\n\nstep2:\n  say "a"\n  hold\n  goto end',
        },
      ],
      settings: { sessionTtlMinutes: 10 },
    });
    const { id, first } = await started(bot.flows.short!);
    server.advance(9 * 60_000);
    const second = await api.postTextbotsBotflowsSessionTurns(id, userInput(first.id, 'x'));
    expect(second.nextActionType).toBe('WaitForInput');
    server.advance(10 * 60_000 + 1);
    const late = userInput(second.id, 'y');
    const expired = await api.postTextbotsBotflowsSessionTurns(id, late);
    expect(expired).toEqual({
      id: expect.any(String),
      previousTurn: { id: second.id },
      prompts: { outputLanguage: 'en-us', textPrompts: { segments: [] } },
      nextActionType: 'Disconnect',
      nextActionDisconnect: {
        reason: 'SessionExpired',
        flowLocation: { sequenceName: 'short', actionName: 'step2', actionNumber: 2 },
      },
    });
    expect(await api.postTextbotsBotflowsSessionTurns(id, late)).toEqual(expired);
    expectErrorBody(
      await rejection(() => api.postTextbotsBotflowsSessionTurns(id, noOp(expired.id))),
      400,
      'session.already.closed',
    );
    // A launched session that never ran expires too.
    const launched = await api.postTextbotsBotflowsSessions(launchBody(bot.flows.short!));
    server.advance(11 * 60_000);
    const never = await api.postTextbotsBotflowsSessionTurns(launched.id, noOp());
    expect(never.nextActionDisconnect).toMatchObject({ reason: 'SessionExpired' });
  });
});

describe('NLU (T4, Exit activeIntent)', () => {
  const NLU = {
    languages: ['en', 'fr'],
    threshold: 0.3,
    intents: [
      {
        name: 'order_pizza',
        utterances: [
          'I want a pizza',
          'order a pizza',
          'can I get a pizza',
          'one pizza please',
          'I would like to order pizza',
        ],
      },
      {
        name: 'talk_to_agent',
        utterances: [
          'let me talk to a human',
          'I want an agent',
          'connect me to someone',
          'speak to a person',
          'human please',
        ],
      },
      {
        name: 'hours',
        utterances: [
          'when are you open',
          'opening hours',
          'what time do you close',
          'are you open today',
        ],
      },
    ],
  };

  it('enriches text events, starts mapped flows after the first run, and reports the last intent', async () => {
    const bot = await server.bot({
      name: 'Intents',
      flows: [
        {
          name: 'main',
          content:
            'start:\n  say "main {{event.intent.name}}"\n  hold\n  say "heard {{event.intent.name}}"\n  hold\n  goto end',
        },
        { name: 'agent', content: 'start:\n  say Escalate("asked")' },
      ],
      nlu: NLU,
      settings: { intentFlows: { talk_to_agent: 'agent' } },
    });
    const { id } = await api.postTextbotsBotflowsSessions(
      launchBody(bot.flows.main!, { language: 'en-GB' }),
    );
    // The first run is the launched flow's, even for a mapped intent.
    const first = await api.postTextbotsBotflowsSessionTurns(
      id,
      userInput(null, 'let me talk to a human'),
    );
    expect(first.prompts?.textPrompts?.segments).toEqual([
      { type: 'Text', text: 'main talk_to_agent' },
    ]);
    const second = await api.postTextbotsBotflowsSessionTurns(
      id,
      userInput(first.id, 'one pizza please'),
    );
    expect(second.prompts?.textPrompts?.segments).toEqual([
      { type: 'Text', text: 'heard order_pizza' },
    ]);
    const third = await api.postTextbotsBotflowsSessionTurns(
      id,
      userInput(second.id, 'I want an agent'),
    );
    expect(third.nextActionExit).toMatchObject({
      reason: 'AgentRequestedByUser',
      reasonExtendedInfo: 'asked',
      activeIntent: 'talk_to_agent',
      flowLocation: { sequenceName: 'agent', actionName: 'start', actionNumber: 1 },
    });
  });

  it('keeps the last detected intent on an Exit the flow did not run', async () => {
    const bot = await server.bot({
      name: 'Intents 2',
      flows: [{ name: 'main2', content: 'start:\n  say "hi"\n  hold\n  goto end' }],
      nlu: NLU,
    });
    const { id } = await api.postTextbotsBotflowsSessions(launchBody(bot.flows.main2!));
    const first = await api.postTextbotsBotflowsSessionTurns(
      id,
      userInput(null, 'when are you open'),
    );
    const error = await api.postTextbotsBotflowsSessionTurns(id, {
      previousTurn: { id: first.id },
      inputEventType: 'Error',
      inputEventError: { code: 'x', message: 'lost' },
    });
    expect(error.nextActionExit).toMatchObject({ reason: 'Error', activeIntent: 'hours' });
  });
});

describe('no-input and no-match (T6)', () => {
  const FLOW = `start:
  say "Pick one"
  say Question(title = "Color?", buttons = [Button("Red"), Button("Blue")])
  hold
  say "You picked {{event}}"
  hold
  goto end`;

  it('reprompts with the apology and the last segments, then exits after the maximum', async () => {
    const bot = await server.bot({
      name: 'Retries',
      flows: [{ name: 'retries', content: FLOW }],
      settings: { maxNoInputRetries: 2, maxNoMatchRetries: 1, noMatchApology: 'Pardon?' },
    });
    const { id, first } = await started(bot.flows.retries!);
    const lastSegments = first.prompts!.textPrompts!.segments;
    const r1 = await api.postTextbotsBotflowsSessionTurns(id, {
      previousTurn: { id: first.id },
      inputEventType: 'NoInput',
    });
    expect(r1).toEqual({
      id: expect.any(String),
      previousTurn: { id: first.id },
      prompts: {
        outputLanguage: 'en-us',
        textPrompts: {
          segments: [{ type: 'Text', text: "Sorry, I didn't get any input." }, ...lastSegments],
        },
      },
      nextActionType: 'WaitForInput',
      nextActionWaitForInput: first.nextActionWaitForInput,
    });
    const m1 = await api.postTextbotsBotflowsSessionTurns(id, {
      previousTurn: { id: r1.id },
      inputEventType: 'NoMatch',
    });
    expect(m1.prompts?.textPrompts?.segments).toEqual([
      { type: 'Text', text: 'Pardon?' },
      ...lastSegments,
    ]);
    const r2 = await api.postTextbotsBotflowsSessionTurns(id, {
      previousTurn: { id: m1.id },
      inputEventType: 'NoInput',
    });
    expect(r2.nextActionType).toBe('WaitForInput');
    // A run resets both counters.
    const ran = await api.postTextbotsBotflowsSessionTurns(id, userInput(r2.id, 'Red'));
    expect(ran.prompts?.textPrompts?.segments).toEqual([{ type: 'Text', text: 'You picked Red' }]);
    const m2 = await api.postTextbotsBotflowsSessionTurns(id, {
      previousTurn: { id: ran.id },
      inputEventType: 'NoMatch',
    });
    expect(m2.prompts?.textPrompts?.segments).toEqual([
      { type: 'Text', text: 'Pardon?' },
      { type: 'Text', text: 'You picked Red' },
    ]);
    const failed = await api.postTextbotsBotflowsSessionTurns(id, {
      previousTurn: { id: m2.id },
      inputEventType: 'NoMatch',
    });
    expect(failed).toEqual({
      id: expect.any(String),
      previousTurn: { id: m2.id },
      prompts: { outputLanguage: 'en-us', textPrompts: { segments: [] } },
      nextActionType: 'Exit',
      nextActionExit: {
        reason: 'RecognitionFailure',
        reasonExtendedInfo: 'Maximum number of no-match retries reached',
        flowLocation: { sequenceName: 'retries', actionName: 'start', actionNumber: 1 },
        outputData: { variables: {} },
      },
    });
    expectErrorBody(
      await rejection(() => api.postTextbotsBotflowsSessionTurns(id, noOp(failed.id))),
      400,
      'session.already.closed',
    );
  });

  it('exits at the first one when the maximum is 0', async () => {
    const bot = await server.bot({
      name: 'Strict',
      flows: [{ name: 'strict', content: FLOW }],
      settings: { maxNoInputRetries: 0 },
    });
    const { id, first } = await started(bot.flows.strict!);
    const failed = await api.postTextbotsBotflowsSessionTurns(id, {
      previousTurn: { id: first.id },
      inputEventType: 'NoInput',
    });
    expect(failed.nextActionExit).toMatchObject({
      reason: 'RecognitionFailure',
      reasonExtendedInfo: 'Maximum number of no-input retries reached',
    });
  });

  it('sends them to the flow as events with recognitionEventsToFlow', async () => {
    const bot = await server.bot({
      name: 'ToFlow',
      flows: [
        {
          name: 'toflow',
          content:
            'start:\n  say "ask"\n  hold\n  say "got [{{event}}] {{event.get_type()}}"\n  goto start',
        },
      ],
      settings: { recognitionEventsToFlow: true, maxNoInputRetries: 0 },
    });
    const { id, first } = await started(bot.flows.toflow!);
    const noInput = await api.postTextbotsBotflowsSessionTurns(id, {
      previousTurn: { id: first.id },
      inputEventType: 'NoInput',
    });
    expect(noInput.prompts?.textPrompts?.segments).toEqual([
      { type: 'Text', text: 'got [] no_input' },
      { type: 'Text', text: 'ask' },
    ]);
    const noMatch = await api.postTextbotsBotflowsSessionTurns(id, {
      previousTurn: { id: noInput.id },
      inputEventType: 'NoMatch',
    });
    expect(noMatch.prompts?.textPrompts?.segments[0]).toEqual({
      type: 'Text',
      text: 'got [] no_match',
    });
  });
});

describe('engine output (O1–O6)', () => {
  it('maps every CSML message to its segment, or none (O1)', async () => {
    const bot = await server.bot({
      name: 'Components',
      flows: [
        {
          name: 'components',
          content: `start:
  say "text"
  say 42
  say Text("T")
  say Typing(500)
  say Wait(100)
  say {"k": "v"}
  say [1, 2]
  debug "dbg"
  say Button("Solo")
  say Question(buttons = [Button("Untitled")])
  say Card(title = "Plain")
  say Carousel(cards = [Card(title = "One", image_url = "https://i/1.png"), Card(title = "Two", buttons = [Button("B2")])])
  say Image("https://m/i.png")
  say Video("https://m/v.mp4")
  say Audio("https://m/a.mp3")
  say File("https://m/f.pdf")
  say Url("https://example.com", text = "Example")
  say missing_variable
  hold
  goto end`,
        },
      ],
    });
    const { first } = await started(bot.flows.components!);
    const attachment = (mediaType: string, url: string, extra = {}) => ({
      type: 'RichMedia',
      text: 'text' in extra ? (extra as { text: string }).text : url,
      content: [{ contentType: 'Attachment', attachment: { mediaType, url, ...extra } }],
    });
    expect(first.prompts?.textPrompts?.segments).toEqual([
      { type: 'Text', text: 'text' },
      { type: 'Text', text: '42' },
      { type: 'Text', text: 'T' },
      {
        type: 'RichMedia',
        text: 'Solo',
        content: [
          {
            contentType: 'QuickReply',
            quickReply: { text: 'Solo', payload: 'Solo', action: 'Message' },
          },
        ],
      },
      {
        type: 'RichMedia',
        text: '',
        content: [
          {
            contentType: 'QuickReply',
            quickReply: { text: 'Untitled', payload: 'Untitled', action: 'Message' },
          },
        ],
      },
      {
        type: 'RichMedia',
        text: 'Plain',
        content: [{ contentType: 'Card', card: { title: 'Plain', actions: [] } }],
      },
      {
        type: 'RichMedia',
        text: 'One, Two',
        content: [
          {
            contentType: 'Carousel',
            carousel: {
              cards: [
                { title: 'One', image: 'https://i/1.png', actions: [] },
                { title: 'Two', actions: [{ type: 'Postback', text: 'B2', payload: 'B2' }] },
              ],
            },
          },
        ],
      },
      attachment('Image', 'https://m/i.png'),
      attachment('Video', 'https://m/v.mp4'),
      attachment('Audio', 'https://m/a.mp3'),
      attachment('File', 'https://m/f.pdf'),
      attachment('Link', 'https://example.com', { text: 'Example' }),
      { type: 'Text', text: '' },
    ]);
  });

  it('maps Disconnect() and Escalate() with their reason, keeping what was said before (O3)', async () => {
    const bot = await server.bot({
      name: 'Ends',
      flows: [
        {
          name: 'bye',
          content: 'start:\n  say "Goodbye"\n  say Disconnect(reason = "done")\n  say "never"',
        },
        {
          name: 'agent',
          content:
            'start:\n  remember topic = "billing"\n  say "Transferring"\n  say Escalate("billing")',
        },
        { name: 'quiet', content: 'start:\n  say Disconnect()' },
      ],
    });
    const bye = (await started(bot.flows.bye!)).first;
    expect(bye).toMatchObject({
      prompts: { textPrompts: { segments: [{ type: 'Text', text: 'Goodbye' }] } },
      nextActionType: 'Disconnect',
      nextActionDisconnect: {
        reason: 'TriggeredByFlow',
        reasonExtendedInfo: 'done',
        flowLocation: { sequenceName: 'bye', actionName: 'start', actionNumber: 1 },
      },
    });
    expect(bye).not.toHaveProperty('nextActionExit');
    expect(bye.nextActionDisconnect).not.toHaveProperty('outputData');
    const agent = (await started(bot.flows.agent!)).first;
    expect(agent).toMatchObject({
      prompts: { textPrompts: { segments: [{ type: 'Text', text: 'Transferring' }] } },
      nextActionType: 'Exit',
      nextActionExit: {
        reason: 'AgentRequestedByUser',
        reasonExtendedInfo: 'billing',
        outputData: { variables: { topic: 'billing' } },
      },
    });
    expect((await started(bot.flows.quiet!)).first.nextActionDisconnect).not.toHaveProperty(
      'reasonExtendedInfo',
    );
  });

  it('exits with reason Error on a fatal error or the step limit (O3)', async () => {
    const bot = await server.bot({
      name: 'Errors',
      flows: [
        { name: 'fatal', content: 'start:\n  say "before"\n  do x = 1 + "a"\n  say "after"' },
        { name: 'loop', content: 'start:\n  goto start' },
      ],
    });
    const fatal = (await started(bot.flows.fatal!)).first;
    expect(fatal).toMatchObject({
      prompts: { textPrompts: { segments: [{ type: 'Text', text: 'before' }] } },
      nextActionType: 'Exit',
      nextActionExit: {
        reason: 'Error',
        reasonExtendedInfo: expect.stringMatching(/ at line 3, column \d+ at flow \[fatal\]$/),
        flowLocation: { sequenceName: 'fatal', actionName: 'start', actionNumber: 1 },
      },
    });
    const loop = (await started(bot.flows.loop!)).first;
    expect(loop.nextActionExit).toMatchObject({
      reason: 'Error',
      reasonExtendedInfo: expect.stringContaining('Step limit reached'),
    });
  });

  it('reports remembered variables as plain JSON, without forgotten ones (O6)', async () => {
    const bot = await server.bot({
      name: 'Vars',
      flows: [
        {
          name: 'vars',
          content: `start:
  remember a = 1
  remember b = {"x": [1, {"y": true}]}
  remember c = Button("Go")
  remember gone = "soon"
  hold
  forget gone
  remember a = 2.5
  goto end`,
        },
      ],
    });
    const { id, first } = await started(bot.flows.vars!);
    const exit = await api.postTextbotsBotflowsSessionTurns(id, userInput(first.id, 'x'));
    expect(exit.nextActionExit?.outputData).toEqual({
      variables: {
        a: 2.5,
        b: { x: [1, { y: true }] },
        c: { title: 'Go', payload: 'Go', accepts: ['Go', 'Go'] },
      },
    });
  });

  it("waits at hold_secure like at hold, with the bot's noInputTimeoutMs (O2)", async () => {
    const bot = await server.bot({
      name: 'Secure',
      flows: [
        {
          name: 'secure',
          content:
            'start:\n  say "PIN?"\n  hold_secure\n  say "got {{event.length()}} chars"\n  goto end',
        },
      ],
      settings: { noInputTimeoutMs: 5000 },
    });
    const { id, first } = await started(bot.flows.secure!);
    expect(first.nextActionType).toBe('WaitForInput');
    expect(first.nextActionWaitForInput).toEqual({
      modeConstraints: {
        text: { languagePreferences: ['en-us'], noInputTimeoutMilliseconds: 5000 },
      },
    });
    const answer = await api.postTextbotsBotflowsSessionTurns(id, userInput(first.id, '1234'));
    expect(answer.prompts?.textPrompts?.segments).toEqual([{ type: 'Text', text: 'got 4 chars' }]);
    expect(answer.nextActionType).toBe('Exit');
  });

  it('reports the location where the session ended (O5)', async () => {
    const bot = await server.bot({
      name: 'Steps',
      flows: [
        {
          name: 'main',
          content: 'start:\n  goto second\n\nfirst:\n  say "1"\n\nsecond:\n  goto third@other',
        },
        { name: 'other', content: 'start:\n  say "s"\n\nthird:\n  say "third"' },
      ],
    });
    expect((await started(bot.flows.main!)).first.nextActionExit?.flowLocation).toEqual({
      sequenceName: 'other',
      actionName: 'third',
      actionNumber: 2,
    });
  });
});
