/**
 * Session tokens (conversations-api.md §3, §6.8) used as the SDK's secret, as a browser would:
 * the token's shape and claims, the operations it may and may not do, another conversation,
 * tampered, `alg: none`, expired and revoked tokens.
 */
import { createHmac } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collect, refusal, startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.close();
});

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('session tokens', () => {
  it('mints an HS256 JWT scoped to the conversation, 3600 s by default', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    const before = Date.now();
    const session = await f.cbk.conversation.session.create(id, {});
    expect(session).toEqual({ id, token: expect.any(String), expiresAt: expect.any(Number) });
    expect(session.expiresAt - before).toBeGreaterThanOrEqual(3600_000 - 1000);
    expect(session.expiresAt - before).toBeLessThanOrEqual(3600_000 + 1000);
    const [header, payload] = session.token.split('.');
    expect(decode(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decode(payload)).toEqual({
      iss: 'parley',
      aud: 'parley:conversation',
      sub: id,
      org: f.server.orgId,
      kid: f.secret.split('.')[0],
      iat: expect.any(Number),
      exp: Math.floor(session.expiresAt / 1000),
    });
    const long = await f.cbk.conversation.session.create(id, { durationInSeconds: 1800 });
    expect(long.expiresAt - Date.now()).toBeLessThanOrEqual(1800_000);
    for (const durationInSeconds of [60, 86_401, 1800.5]) {
      expect(
        (await refusal(f.cbk.conversation.session.create(id, { durationInSeconds }))).code,
      ).toBe('BAD_REQUEST');
    }
    expect((await f.cbk.conversation.session.create(id, { durationInSeconds: null })).id).toBe(id);
  });

  it('lets a browser fetch, send, receive, complete, create user/activity messages and list them', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    const { token } = await f.cbk.conversation.session.create(id, { durationInSeconds: 1800 });
    const browser = f.conversationClient(token);
    expect((await browser.fetch(id)).id).toBe(id);
    expect((await browser.send(id, { text: 'from the browser' })).text).toBe('from the browser');
    expect((await browser.receive(id, {})).text).toBe('you said: from the browser');
    const events = await collect(browser.complete(id, { text: 'streamed' }).stream());
    expect(events.at(-1)).toMatchObject({ type: 'result', data: { text: 'you said: streamed' } });
    await browser.message.create(id, { type: 'user', text: 'u' });
    await browser.message.create(id, {
      type: 'activity',
      text: '',
      meta: { activity: { type: 'response', function: { name: 'f', arguments: {}, result: 1 } } },
    });
    expect((await browser.message.list(id)).items.length).toBe(6);
  });

  it('refuses other operations, message types and conversations with 403', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    const other = await f.cbk.conversation.create({ botId: f.botId });
    const { token } = await f.cbk.conversation.session.create(id, {});
    const browser = f.client(token);
    const forbidden = { code: 'NOT_AUTHORIZED', message: 'Not authorized' };
    const reply = await browser.conversation.complete(id, { text: 'x' });
    for (const call of [
      () => browser.conversation.fetch(other.id),
      () => browser.conversation.complete(other.id, { text: 'x' }),
      () => browser.conversation.message.list(other.id),
      () => browser.conversation.list(),
      () => browser.conversation.create({ botId: f.botId }),
      () => browser.conversation.update(id, { name: 'x' }),
      () => browser.conversation.delete(id),
      () => browser.conversation.session.create(id, {}),
      () => browser.conversation.message.create(id, { type: 'context', text: 'x' }),
      () => browser.conversation.message.fetch(id, reply.id),
      () => browser.conversation.message.update(id, reply.id, { text: 'x' }),
      () => browser.conversation.message.delete(id, reply.id),
      () =>
        browser.conversation.complete(null, {
          botId: f.botId,
          messages: [{ type: 'user', text: 'x' }],
        }),
      () => browser.conversation.attachment.upload(id, { data: 'x', type: 'text/plain' }),
      () =>
        browser.clientFetch(`/api/v1/conversation/${id}/contact/upsert`, { record: { name: 'x' } }),
      () => browser.clientFetch(`/api/v1/conversation/${id}/attachment/list`),
    ]) {
      expect(await refusal(call())).toEqual(forbidden);
    }
  });

  it('refuses tampered, unsigned, expired and revoked tokens with 401', async () => {
    const key = await f.makeKey(['conversations:*']);
    const { id } = await f.client(key).conversation.create({ botId: f.botId });
    const { token } = await f.client(key).conversation.session.create(id, {});
    const [header, payload, signature] = token.split('.');
    const claims = decode(payload);
    const forge = (h: object, c: object, sig = signature) =>
      `${Buffer.from(JSON.stringify(h)).toString('base64url')}.${Buffer.from(JSON.stringify(c)).toString('base64url')}.${sig}`;
    const unauthenticated = { code: 'NOT_AUTHENTICATED', message: 'Not authenticated' };
    for (const bad of [
      forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, sub: 'other' }),
      forge({ alg: 'none', typ: 'JWT' }, claims, ''),
      forge({ alg: 'HS512', typ: 'JWT' }, claims),
      `${header}.${payload}.${createHmac('sha256', 'guess').update(`${header}.${payload}`).digest('base64url')}`,
      `${header}.${payload}.`,
    ]) {
      expect(await refusal(f.client(bad).conversation.fetch(id))).toEqual(unauthenticated);
    }
    // Deleting the minting key revokes its tokens.
    expect((await f.client(token).conversation.fetch(id)).id).toBe(id);
    const deleted = await f.server.request('DELETE', `/v1/keys/${key.split('.')[0]}`);
    expect(deleted.status).toBe(204);
    expect(await refusal(f.client(token).conversation.fetch(id))).toEqual(unauthenticated);
  });

  it('refuses a token once expired', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    const past = Math.floor(Date.now() / 1000) - 10;
    // A token minted by this server for a past time (its own signing key, through the app).
    const { mintSessionToken } = await import('../../../src/api/conversations/session-tokens.js');
    const expired = mintSessionToken(f.server.app.secret, {
      sub: id,
      org: f.server.orgId,
      kid: f.secret.split('.')[0]!,
      iat: past - 100,
      exp: past,
    });
    expect((await refusal(f.client(expired).conversation.fetch(id))).code).toBe(
      'NOT_AUTHENTICATED',
    );
    const deletedConversation = await f.cbk.conversation.create({ botId: f.botId });
    const { token } = await f.cbk.conversation.session.create(deletedConversation.id, {});
    await f.cbk.conversation.delete(deletedConversation.id);
    expect((await refusal(f.client(token).conversation.fetch(deletedConversation.id))).code).toBe(
      'NOT_FOUND',
    );
  });
});
