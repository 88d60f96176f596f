/**
 * Every Textbots error path as the official client surfaces it (textbots-api.md §1.2, §1.3, §3,
 * §5): credentials and permissions (A2–A4), order of checks (C1), media types and sizes (C2),
 * validation (C3), unknown routes; and the headers and ErrorBody shape of every answer.
 * Requests the SDK cannot make (malformed JSON, other media types) go through fetch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ALL_TEXTBOTS,
  CHANNEL,
  expectErrorBody,
  launchBody,
  noOp,
  rejection,
  startTextbotsServer,
  userInput,
} from './fixture.js';
import type { TextbotsApi, TextbotsServer } from './fixture.js';

let server: TextbotsServer;
let key: { id: string; secret: string; token: string };
let api: TextbotsApi;
let botId: string;
let flowId: string;

const ADMIN_TOKEN = 'an-admin-token-of-at-least-32-characters';
const FLOW = 'start:\n  say "hi"\n  hold\n  goto end';
const LAUNCH = '/api/v2/textbots/botflows/sessions';
const EXECUTE = '/api/v2/textbots/bots/execute';

beforeAll(async () => {
  server = await startTextbotsServer({ PARLEY_ADMIN_TOKEN: ADMIN_TOKEN });
  const bot = await server.bot({ name: 'Errors', flows: [{ name: 'errors', content: FLOW }] });
  botId = bot.id;
  flowId = bot.flows.errors!;
  key = await server.key(ALL_TEXTBOTS);
  api = await server.api(key.token);
});
afterAll(async () => {
  await server.close();
});

const executeBody = (extra: Record<string, unknown> = {}): any => ({
  botId,
  integrationId: 'i',
  botSessionId: 's',
  postTextMessage: { type: 'Text', text: 'hi' },
  ...extra,
});

/** The three operations, called through the SDK with a given client. */
function operations(client: TextbotsApi) {
  return {
    launch: () => client.postTextbotsBotflowsSessions(launchBody(flowId)),
    turn: () =>
      client.postTextbotsBotflowsSessionTurns('0195a3c0-0000-7000-8000-000000000001', noOp()),
    execute: () => client.postTextbotsBotsExecute(executeBody()),
  };
}

describe('credentials (A2, A3)', () => {
  it('answers authentication.required without a token, and bad.credentials for a wrong one', async () => {
    for (const call of Object.values(operations(await server.api(null)))) {
      const error = await rejection(call);
      expectErrorBody(error, 401, 'authentication.required');
      expect(error.message).toBe(
        'No authentication bearer token specified in authorization header.',
      );
    }
    for (const token of [
      'unknown-access-token',
      `${key.id}.wrong-secret`,
      'pk_NOSUCHKEY000.secret',
      server.adminToken.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')),
    ]) {
      for (const call of Object.values(operations(await server.api(token)))) {
        const error = await rejection(call);
        expectErrorBody(error, 401, 'bad.credentials');
        expect(error.message).toBe('Invalid login credentials.');
      }
    }
  });

  it('refuses another scheme, an empty bearer and the admin token', async () => {
    const adminApi = await server.api(ADMIN_TOKEN);
    const basic = await server.request('POST', EXECUTE, {
      token: null,
      headers: {
        authorization: `Basic ${Buffer.from(`${key.id}:${key.secret}`).toString('base64')}`,
      },
      body: executeBody(),
    });
    expect(basic.status).toBe(401);
    expect(basic.body.code).toBe('authentication.required');
    const empty = await server.request('POST', EXECUTE, {
      token: null,
      headers: { authorization: 'Bearer ' },
      body: executeBody(),
    });
    expect(empty.body.code).toBe('authentication.required');
    // PARLEY_ADMIN_TOKEN works on the Studio surface only.
    expect((await server.request('GET', '/v1/bots', { token: ADMIN_TOKEN })).status).toBe(200);
    const admin = await rejection(() => operations(adminApi).execute());
    expectErrorBody(admin, 401, 'bad.credentials');
  });

  it('stops a revoked key and its access tokens at once', async () => {
    const doomed = await server.key(ALL_TEXTBOTS);
    const { api: loggedIn } = await server.login(doomed.id, doomed.secret);
    const byKey = await server.api(doomed.token);
    await loggedIn.postTextbotsBotflowsSessions(launchBody(flowId));
    await byKey.postTextbotsBotflowsSessions(launchBody(flowId));
    expect((await server.request('DELETE', `/v1/keys/${doomed.id}`)).status).toBeLessThan(300);
    expectErrorBody(
      await rejection(() => loggedIn.postTextbotsBotflowsSessions(launchBody(flowId))),
      401,
      'bad.credentials',
    );
    expectErrorBody(
      await rejection(() => byKey.postTextbotsBotflowsSessions(launchBody(flowId))),
      401,
      'bad.credentials',
    );
  });

  it('lets an access token expire', async () => {
    const { api: loggedIn } = await server.login(key.id, key.secret);
    await loggedIn.postTextbotsBotflowsSessions(launchBody(flowId));
    server.advance(86_400_000 + 1000);
    expectErrorBody(
      await rejection(() => loggedIn.postTextbotsBotflowsSessions(launchBody(flowId))),
      401,
      'bad.credentials',
    );
  });
});

describe('permissions (A3)', () => {
  it('answers missing.permissions naming the operation’s permission', async () => {
    const flowOnly = await server.api(
      (await server.key(['textbots:botFlowSession:execute'])).token,
    );
    const execute = await rejection(() => flowOnly.postTextbotsBotsExecute(executeBody()));
    expect(execute).toEqual({
      message:
        'Unable to perform the requested action. You are missing the following permission(s): [textbots:session:execute]',
      code: 'missing.permissions',
      status: 403,
      messageParams: { permissions: '[textbots:session:execute]' },
      messageWithParams:
        'Unable to perform the requested action. You are missing the following permission(s): {permissions}',
      contextId: expect.any(String),
      details: [],
      errors: [],
    });
    const executeOnly = await server.api((await server.key(['textbots:session:execute'])).token);
    for (const call of [operations(executeOnly).launch, operations(executeOnly).turn]) {
      const error = await rejection(call);
      expectErrorBody(error, 403, 'missing.permissions');
      expect(error.messageParams).toEqual({ permissions: '[textbots:botFlowSession:execute]' });
    }
  });

  it('grants nothing here for conversations:* or bots:manage (no wildcards)', async () => {
    const other = await server.api(
      (await server.key(['conversations:*', 'bots:manage', 'keys:manage'])).token,
    );
    for (const call of Object.values(operations(other))) {
      expectErrorBody(await rejection(call), 403, 'missing.permissions');
    }
  });
});

describe('isolation (A4)', () => {
  it('answers not.found for another organization’s flow, session and bot', async () => {
    const other = await server.otherOrganization();
    const otherApi = await server.api(other.token);
    // Their view of our ids.
    const launched = await api.postTextbotsBotflowsSessions(launchBody(flowId));
    expectErrorBody(
      await rejection(() => otherApi.postTextbotsBotflowsSessions(launchBody(flowId))),
      404,
      'not.found',
    );
    expectErrorBody(
      await rejection(() => otherApi.postTextbotsBotflowsSessions(launchBody('errors'))),
      404,
      'not.found',
    );
    expectErrorBody(
      await rejection(() => otherApi.postTextbotsBotflowsSessionTurns(launched.id, noOp())),
      404,
      'not.found',
    );
    expectErrorBody(
      await rejection(() => otherApi.postTextbotsBotsExecute(executeBody())),
      404,
      'not.found',
    );
    // Nothing of ours changed: the session's first turn is still to come.
    const first = await api.postTextbotsBotflowsSessionTurns(launched.id, noOp());
    expect(first).not.toHaveProperty('previousTurn');
  });

  it('limits a bot-bound key to its bot', async () => {
    const bound = await server.api((await server.key(ALL_TEXTBOTS, server.demoBotId)).token);
    const launched = await api.postTextbotsBotflowsSessions(launchBody(flowId));
    expectErrorBody(
      await rejection(() => bound.postTextbotsBotflowsSessionTurns(launched.id, noOp())),
      404,
      'not.found',
    );
    expectErrorBody(
      await rejection(() => bound.postTextbotsBotsExecute(executeBody())),
      404,
      'not.found',
    );
    const own = await bound.postTextbotsBotsExecute(executeBody({ botId: server.demoBotId }));
    expect(own.botState).toBeDefined();
  });

  it('answers not.found for unknown sessions, whatever their form', async () => {
    for (const id of ['0195a3c0-0000-7000-8000-000000000001', 'not-a-uuid', 'a b/c', '%2F']) {
      expectErrorBody(
        await rejection(() => api.postTextbotsBotflowsSessionTurns(id, noOp())),
        404,
        'not.found',
      );
    }
    // An execute conversation's id is no bot-flow session.
    await api.postTextbotsBotsExecute(executeBody({ botSessionId: 'exec-1' }));
    const conversation = await server.app.store.findOpenConversation({
      orgId: server.orgId,
      botId,
      channel: 'textbots.execute',
      externalKey: 'exec-1',
    });
    expect(conversation).toBeTruthy();
    expectErrorBody(
      await rejection(() => api.postTextbotsBotflowsSessionTurns(conversation!.id, noOp())),
      404,
      'not.found',
    );
  });
});

describe('order of checks (C1)', () => {
  it('checks the credential, then the permission, then the body', async () => {
    const bad = await server.request('POST', LAUNCH, {
      token: 'nope',
      rawBody: '{',
      headers: { 'content-type': 'text/plain' },
    });
    expect([bad.status, bad.body.code]).toEqual([401, 'bad.credentials']);
    const executeOnly = (await server.key(['textbots:session:execute'])).token;
    const forbidden = await server.request('POST', LAUNCH, {
      token: executeOnly,
      rawBody: '{',
      headers: { 'content-type': 'text/plain' },
    });
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'missing.permissions']);
  });

  it('checks size (413), then media type (415), then JSON (400)', async () => {
    const big = `{"x": "${'a'.repeat(1_048_600)}"}`;
    const tooLarge = await server.request('POST', LAUNCH, {
      token: key.token,
      rawBody: big,
      headers: { 'content-type': 'text/plain' },
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({
      code: 'request.entity.too.large',
      status: 413,
      message: 'The request is over the size limit. Maximum bytes: 1048576',
    });
    const media = await server.request('POST', LAUNCH, {
      token: key.token,
      rawBody: '{',
      headers: { 'content-type': 'text/plain' },
    });
    expect(media.status).toBe(415);
    expect(media.body).toMatchObject({
      code: 'unsupported.media.type',
      status: 415,
      message:
        'Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect Content-Type value in the header.',
    });
    // C2: only application/json (with parameters), not another +json type.
    const vendorJson = await server.request('POST', LAUNCH, {
      token: key.token,
      rawBody: '{}',
      headers: { 'content-type': 'application/vnd.api+json' },
    });
    expect([vendorJson.status, vendorJson.body.code]).toEqual([415, 'unsupported.media.type']);
    const syntax = await server.request('POST', LAUNCH, {
      token: key.token,
      rawBody: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect([syntax.status, syntax.body.code, syntax.body.details]).toEqual([
      400,
      'bad.request',
      [],
    ]);
  });

  it('validates the body before looking anything up, and stores nothing for a failed request', async () => {
    const unknownSession = await server.request(
      'POST',
      '/api/v2/textbots/botflows/sessions/0195a3c0-0000-7000-8000-000000000001/turns',
      {
        token: key.token,
        body: { inputEventType: 'Bogus' },
      },
    );
    expect(unknownSession.body.code).toBe('invalid.value');
    const before = await server.app.store.listBots(server.orgId);
    const refused = await server.request('POST', EXECUTE, {
      token: key.token,
      body: { ...executeBody({ botSessionId: 'nothing-stored' }), botSessionTimeoutMinutes: 0 },
    });
    expect(refused.body.code).toBe('constraint.validation');
    expect(
      await server.app.store.findOpenConversation({
        orgId: server.orgId,
        botId,
        channel: 'textbots.execute',
        externalKey: 'nothing-stored',
      }),
    ).toBeNull();
    expect(await server.app.store.listBots(server.orgId)).toHaveLength(before.length);
  });
});

describe('media types and headers (C2)', () => {
  it('reads a body without Content-Type, or with a charset, as JSON', async () => {
    const raw = JSON.stringify(launchBody(flowId));
    const none = await fetch(`${server.baseUrl}${LAUNCH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.token}` },
      body: new Blob([raw]),
    });
    expect(none.status).toBe(200);
    const charset = await server.request('POST', LAUNCH, {
      token: key.token,
      rawBody: raw,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    });
    expect(charset.status).toBe(200);
    expect(Object.keys(charset.body)).toEqual(['id']);
  });

  it('sends JSON with inin-correlation-id on every answer, equal to contextId on errors', async () => {
    const ok = await server.request('POST', EXECUTE, {
      token: key.token,
      body: executeBody({ botSessionId: 'hdr' }),
    });
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(ok.headers.get('inin-correlation-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const failed = await server.request('POST', EXECUTE, { token: 'nope', body: executeBody() });
    expect(failed.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(failed.body.contextId).toBe(failed.headers.get('inin-correlation-id'));
    const other = await server.request('POST', EXECUTE, { token: 'nope', body: executeBody() });
    expect(other.body.contextId).not.toBe(failed.body.contextId);
  });

  it('surfaces the headers in the SDK’s extended mode', async () => {
    const platformApi = await server.api(key.token);
    const client = (
      platformApi as unknown as { apiClient: { setReturnExtendedResponses(on: boolean): void } }
    ).apiClient;
    client.setReturnExtendedResponses(true);
    const result = (await platformApi.postTextbotsBotflowsSessions(launchBody(flowId))) as any;
    expect(result.status).toBe(200);
    expect(result.headers['inin-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const failure = await rejection(() =>
      platformApi.postTextbotsBotflowsSessionTurns('nope', noOp()),
    );
    expect(failure.status).toBe(404);
    expect(failure.body.contextId).toBe(failure.headers['inin-correlation-id']);
  });
});

describe('validation (C3)', () => {
  it('answers bad.request for a body that is not an object', async () => {
    for (const rawBody of ['[]', '"text"', '42', 'null', '']) {
      const response = await server.request('POST', LAUNCH, {
        token: key.token,
        rawBody,
        headers: { 'content-type': 'application/json' },
      });
      expect([response.status, response.body.code], rawBody).toEqual([400, 'bad.request']);
    }
  });

  it('lists every missing, null, mistyped or empty required field in details', async () => {
    const launch = await rejection(() =>
      api.postTextbotsBotflowsSessions({
        flow: { id: '' },
        externalSessionId: null,
        channel: { name: 'Chat', inputModes: 'Text', outputModes: ['Text'] },
        language: 5,
      } as any),
    );
    expectErrorBody(launch, 400, 'bad.request');
    expect(launch.message).toBe(
      'The request could not be understood by the server due to malformed syntax.',
    );
    expect(launch.details).toEqual([
      { errorCode: 'bad.request', fieldName: 'flow.id' },
      { errorCode: 'bad.request', fieldName: 'externalSessionId' },
      { errorCode: 'bad.request', fieldName: 'channel.inputModes' },
      { errorCode: 'bad.request', fieldName: 'channel.userAgent' },
      { errorCode: 'bad.request', fieldName: 'language' },
    ]);
    const execute = await rejection(() =>
      api.postTextbotsBotsExecute({
        botId: '',
        integrationId: 'i',
        botSessionId: '',
        postTextMessage: {},
      } as any),
    );
    expect(execute.details).toEqual([
      { errorCode: 'bad.request', fieldName: 'botId' },
      { errorCode: 'bad.request', fieldName: 'botSessionId' },
      { errorCode: 'bad.request', fieldName: 'postTextMessage.type' },
    ]);
  });

  it('validates only the payload matching inputEventType, with full paths', async () => {
    const launched = await api.postTextbotsBotflowsSessions(launchBody(flowId));
    const id = launched.id;
    // A dummy payload of another type is ignored (clients send one with NoOp).
    const first = await api.postTextbotsBotflowsSessionTurns(id, {
      inputEventType: 'NoOp',
      inputEventUserInput: { nonsense: true },
      inputEventRichMedia: 'x',
    } as any);
    const missing = await rejection(() =>
      api.postTextbotsBotflowsSessionTurns(id, {
        previousTurn: { id: first.id },
        inputEventType: 'UserInput',
      }),
    );
    expectErrorBody(missing, 400, 'bad.request');
    expect(missing.details).toEqual([
      { errorCode: 'bad.request', fieldName: 'inputEventUserInput' },
    ]);
    const deep = await rejection(() =>
      api.postTextbotsBotflowsSessionTurns(id, {
        previousTurn: { id: first.id },
        inputEventType: 'UserInput',
        inputEventUserInput: { mode: 'Text', alternatives: [{ transcript: { text: 4 } }] },
      } as any),
    );
    expect(deep.details).toEqual([
      {
        errorCode: 'bad.request',
        fieldName: 'inputEventUserInput.alternatives[0].transcript.text',
      },
    ]);
    const empty = await rejection(() =>
      api.postTextbotsBotflowsSessionTurns(id, {
        previousTurn: { id: first.id },
        inputEventType: 'UserInput',
        inputEventUserInput: { mode: 'Text', alternatives: [] },
      }),
    );
    expect(empty.details).toEqual([
      { errorCode: 'bad.request', fieldName: 'inputEventUserInput.alternatives' },
    ]);
    const button = await rejection(() =>
      api.postTextbotsBotflowsSessionTurns(id, {
        previousTurn: { id: first.id },
        inputEventType: 'RichMediaInput',
        inputEventRichMedia: {
          inputs: [{ contentType: 'ButtonResponse', buttonResponse: { text: 'a' } }],
        },
      } as any),
    );
    expect(button.details).toEqual([
      {
        errorCode: 'bad.request',
        fieldName: 'inputEventRichMedia.inputs[0].buttonResponse.payload',
      },
    ]);
    const error = await rejection(() =>
      api.postTextbotsBotflowsSessionTurns(id, {
        previousTurn: { id: first.id },
        inputEventType: 'Error',
        inputEventError: { code: 1 },
      } as any),
    );
    expect(error.details).toEqual([
      { errorCode: 'bad.request', fieldName: 'inputEventError.code' },
      { errorCode: 'bad.request', fieldName: 'inputEventError.message' },
    ]);
    // None of it was stored: the session still takes the first turn's successor.
    expect(
      (await api.postTextbotsBotflowsSessionTurns(id, userInput(first.id, 'x'))).previousTurn,
    ).toEqual({ id: first.id });
  });

  it('answers invalid.value for a value outside its enumeration, once the structure is right', async () => {
    const type = await rejection(() =>
      api.postTextbotsBotflowsSessionTurns('0195a3c0-0000-7000-8000-000000000001', {
        inputEventType: 'Typing',
      }),
    );
    expect(type).toMatchObject({
      code: 'invalid.value',
      status: 400,
      message:
        'Value [Typing] is not valid for field type [inputEventType]. Allowable values are: NoOp, UserInput, RichMediaInput, Error, NoMatch, NoInput, UserDisconnect, ClientSessionExpired',
      details: [{ errorCode: 'invalid.value', fieldName: 'inputEventType' }],
    });
    const agent = await rejection(() =>
      api.postTextbotsBotflowsSessions(
        launchBody(flowId, { channel: { ...CHANNEL, userAgent: { name: 'Fax' } } }),
      ),
    );
    expect(agent.details).toEqual([
      { errorCode: 'invalid.value', fieldName: 'channel.userAgent.name' },
    ]);
    const mode = await rejection(() =>
      api.postTextbotsBotflowsSessions(
        launchBody(flowId, { channel: { ...CHANNEL, inputModes: ['Text', 'Voice'] } }),
      ),
    );
    expect(mode.message).toBe(
      'Value [Voice] is not valid for field type [channel.inputModes[1]]. Allowable values are: Text',
    );
    const content = await rejection(() =>
      api.postTextbotsBotsExecute(
        executeBody({
          postTextMessage: { type: 'Structured', content: [{ contentType: 'Hologram' }] },
        }),
      ),
    );
    expect(content.details).toEqual([
      { errorCode: 'invalid.value', fieldName: 'postTextMessage.content[0].contentType' },
    ]);
    // A structural fault wins over an enumeration.
    const both = await rejection(() =>
      api.postTextbotsBotflowsSessions({
        ...launchBody(flowId, { channel: { ...CHANNEL, name: 'Fax' } }),
        externalSessionId: 3,
      }),
    );
    expect(both.code).toBe('bad.request');
  });

  it('ignores unknown properties and reads null optional fields as absent', async () => {
    const launched = await api.postTextbotsBotflowsSessions({
      ...launchBody(flowId),
      conversationId: null,
      language: null,
      inputData: null,
      somethingNew: { nested: true },
    });
    expect(Object.keys(launched)).toEqual(['id']);
  });

  it('parses every kind of rich content, reading only ButtonResponse', async () => {
    const launched = await api.postTextbotsBotflowsSessions(launchBody(flowId));
    const first = await api.postTextbotsBotflowsSessionTurns(launched.id, noOp());
    const answer = await api.postTextbotsBotflowsSessionTurns(launched.id, {
      previousTurn: { id: first.id },
      inputEventType: 'RichMediaInput',
      inputEventRichMedia: {
        inputs: [
          { contentType: 'Location', location: { latitude: 1.5, longitude: 2, address: 'x' } },
          {
            contentType: 'Attachment',
            attachment: { mediaType: 'Image', url: 'u', contentSizeBytes: 10 },
          },
          { contentType: 'Card', card: { title: 't', actions: [{ type: 'Link', url: 'u' }] } },
          { contentType: 'Carousel', carousel: { cards: [{ title: 't', actions: [] }] } },
          { contentType: 'Text', text: { body: 'b' } },
          {
            contentType: 'QuickReplyV2',
            quickReplyV2: { title: 't', actions: [{ text: 'a', payload: 'a' }] },
          },
          { contentType: 'Reactions', reactions: [{ reactionType: 'Like', count: 2 }] },
          {
            contentType: 'DatePicker',
            datePicker: {
              availableTimes: [{ duration: 60, dateTime: '2025-01-01T00:00:00.000Z' }],
              dateDisplayFormat: 'yearMonthDay',
            },
          },
          {
            contentType: 'ListPicker',
            listPicker: {
              sections: [{ title: 's', multipleSelection: false, items: [{ id: 'i' }] }],
            },
          },
          {
            contentType: 'Form',
            form: {
              cannedResponseId: 'c',
              formPages: [
                {
                  title: 'p',
                  subtitle: 's',
                  pageComponents: [
                    {
                      formComponentType: 'WheelPicker',
                      wheelPicker: { items: [{ id: '1', title: 'one' }] },
                    },
                    {
                      formComponentType: 'Input',
                      input: { isRequired: true, isMultipleLine: false, keyboardType: 'Email' },
                    },
                  ],
                },
              ],
            },
          },
          {
            contentType: 'PaymentResponse',
            paymentResponse: { originatingMessageId: 'm', paymentStatus: 'Completed' },
          },
          {
            contentType: 'Notification',
            template: {
              body: { parameters: [{ text: 'p' }] },
              buttons: [{ type: 'Url', index: 0 }],
            },
          },
          {
            contentType: 'ButtonResponse',
            buttonResponse: {
              type: 'Button',
              text: 'Go',
              payload: 'go',
              originatingMessageId: 'm',
            },
          },
        ],
        messages: [
          { eventType: 'Typing', typing: { type: 'On', duration: 500 } },
          { eventType: 'CoBrowse', coBrowse: { type: 'Offering' } },
        ],
      },
    });
    expect(answer.nextActionType).toBe('Exit');
  });
});

describe('routes (§1.1)', () => {
  it('answers not.found for other paths and methods under /api/v2', async () => {
    for (const [method, url] of [
      ['GET', '/api/v2/textbots/bots/search'],
      ['GET', LAUNCH],
      ['PUT', EXECUTE],
      ['POST', '/api/v2/textbots/nothing'],
      ['POST', '/api/v2/textbots/botflows/sessions/x'],
    ] as const) {
      const response = await server.request(method, url, { token: key.token });
      expect([response.status, response.body.code], `${method} ${url}`).toEqual([404, 'not.found']);
      expect(response.body).toMatchObject({ status: 404, errors: [], details: [] });
    }
    const search = await rejection(() => api.getTextbotsBotsSearch());
    expectErrorBody(search, 404, 'not.found');
  });

  it('answers 200 with a body for every operation (launch too)', async () => {
    const launch = await server.request('POST', LAUNCH, {
      token: key.token,
      body: launchBody(flowId),
    });
    expect(launch.status).toBe(200);
    const turn = await server.request(
      'POST',
      `${LAUNCH}/${encodeURIComponent(launch.body.id)}/turns`,
      {
        token: key.token,
        body: { inputEventType: 'NoOp' },
      },
    );
    expect(turn.status).toBe(200);
  });
});
