/**
 * Attachments (conversations-api.md §6.9) through the SDK's upload (its alias route and the
 * signed PUT without Authorization), `data:` and `http(s)` URLs (remote fetch off and on,
 * against a local HTTP server), the size limit, signed downloads, the list, and the bytes on
 * disk under PARLEY_ATTACHMENTS_DIR, gone with their conversation. Contacts (§6.10) too.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collect, MEMORY_FLOW, refusal, startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

const MAX = 1000;
let f: Fixture;
let dir: string;
let remote: http.Server;
let remoteUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parley-attachments-'));
  f = await startFixture({
    PARLEY_ATTACHMENTS_DIR: dir,
    PARLEY_MAX_ATTACHMENT_BYTES: String(MAX),
    PARLEY_ALLOW_REMOTE_FETCH: '1',
  });
  remote = http.createServer((req, res) => {
    if (req.url === '/files/report%20one.csv') {
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
      res.end('a,b\n1,2\n');
    } else if (req.url === '/redirect') {
      res.writeHead(302, { location: '/files/report%20one.csv' });
      res.end();
    } else if (req.url === '/loop') {
      res.writeHead(302, { location: '/loop' });
      res.end();
    } else if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      // No content-length: the limit is enforced while reading.
      res.write(Buffer.alloc(600));
      res.end(Buffer.alloc(600));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  remoteUrl = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await f.close();
  await new Promise((resolve) => remote.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const list = (cid: string, query: Record<string, unknown> = {}) =>
  f.cbk.conversation.clientFetch(`/api/v1/conversation/${cid}/attachment/list`, { query });

describe('attachments', () => {
  it('uploads through the SDK (presigned PUT), lists, downloads, and deletes the bytes with the conversation', async () => {
    const { id: cid } = await f.cbk.conversation.create({ botId: f.botId });
    // Its own ArrayBuffer: the SDK sends `.buffer`, which for a small Buffer is a shared pool.
    const data = new TextEncoder().encode('héllo attachment');
    const { id } = await f.cbk.conversation.attachment.upload(cid, {
      data,
      type: 'text/plain',
      name: '../dir/notes\u0007.txt',
    });
    expect(id).toEqual(expect.any(String));
    const listed = await list(cid);
    expect(listed.items).toEqual([
      {
        id,
        name: 'notes.txt',
        description: '',
        type: 'text/plain',
        size: data.length,
        meta: { contentType: 'text/plain', size: data.length },
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      },
    ]);
    expect(listed.cursor).toBe(id);
    expect(new Uint8Array(readFileSync(path.join(dir, cid, id)))).toEqual(data);
    // No message is added (§6.9).
    expect((await f.cbk.conversation.message.list(cid)).items).toEqual([]);

    await f.cbk.conversation.delete(cid);
    expect(existsSync(path.join(dir, cid))).toBe(false);
  });

  it('answers the presigned flow as specified: signed URLs, lower-case headers, 409 on a second PUT', async () => {
    const { id: cid } = await f.cbk.conversation.create({ botId: f.botId });
    const answer = await f.cbk.conversation.clientFetch(
      `/v1/conversation/${cid}/attachment/upload`,
      {
        record: { file: { type: 'image/png', size: 3, name: 'pic é.png' } },
      },
    );
    expect(answer).toEqual({
      id: expect.any(String),
      name: 'pic é.png',
      uploadRequest: {
        method: 'PUT',
        url: expect.stringMatching(
          new RegExp(
            `^${f.baseUrl}/v1/conversation/${cid}/attachment/${answer.id}/content\\?expires=\\d+&signature=[\\w-]+$`,
          ),
        ),
        headers: {
          'content-type': 'image/png',
          'content-disposition': 'attachment; filename=pic%20%C3%A9.png',
        },
      },
      downloadRequest: { method: 'GET', url: expect.any(String), headers: {} },
    });
    // Pending uploads are not listed.
    expect((await list(cid)).items).toEqual([]);
    const put = (url: string, body: Uint8Array) =>
      fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream, image/png' },
        body,
      });
    const { url } = answer.uploadRequest;
    expect((await put(url.replace(/signature=./, 'signature=x'), new Uint8Array(3))).status).toBe(
      403,
    );
    expect((await put(url.replace(/expires=\d+/, 'expires=1'), new Uint8Array(3))).status).toBe(
      403,
    );
    const mismatch = await put(url, new Uint8Array(2));
    expect([mismatch.status, await mismatch.json()]).toEqual([
      400,
      { message: 'size mismatch', code: 'BAD_REQUEST' },
    ]);
    const done = await put(url, new Uint8Array([1, 2, 3]));
    expect([done.status, await done.json()]).toEqual([200, { id: answer.id }]);
    expect(done.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await put(url, new Uint8Array([1, 2, 3]))).status).toBe(409);
    // The download URL is signed for GET only.
    expect((await fetch(url)).status).toBe(403);
    const download = await fetch(answer.downloadRequest.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect((await list(cid)).items.map((a: any) => a.name)).toEqual(['pic é.png']);
  });

  it('stores data: URLs at once and enforces the size limit (413)', async () => {
    const { id: cid } = await f.cbk.conversation.create({ botId: f.botId });
    const base64 = await f.cbk.conversation.clientFetch(`/api/v1/Attachment/${cid}/upload`, {
      record: { file: `data:application/json;base64,${Buffer.from('{"a":1}').toString('base64')}` },
    });
    expect(base64.uploadRequest).toBeUndefined();
    expect(base64.name).toBe(`attachment-${base64.id}`);
    const plain = await f.cbk.conversation.clientFetch(`/api/v1/Attachment/${cid}/upload`, {
      record: { file: 'data:,hello%20world' },
    });
    const items = (await list(cid)).items;
    expect(items.map((a: any) => [a.type, a.size])).toEqual([
      ['application/json', 7],
      ['text/plain', 11],
    ]);
    expect(readFileSync(path.join(dir, cid, plain.id), 'utf8')).toBe('hello world');
    const tooBig = `data:text/plain;base64,${Buffer.alloc(MAX + 1).toString('base64')}`;
    expect(
      (
        await refusal(
          f.cbk.conversation.clientFetch(`/api/v1/Attachment/${cid}/upload`, {
            record: { file: tooBig },
          }),
        )
      ).code,
    ).toBe('CONTENT_TOO_LARGE');
    expect(
      (
        await refusal(
          f.cbk.conversation.attachment.upload(cid, {
            data: new Uint8Array(MAX + 1),
            type: 'text/plain',
          }),
        )
      ).code,
    ).toBe('CONTENT_TOO_LARGE');
    for (const record of [{}, { file: 'ftp://x' }, { file: { size: 1 } }]) {
      expect(
        (
          await refusal(
            f.cbk.conversation.clientFetch(`/api/v1/Attachment/${cid}/upload`, { record }),
          )
        ).code,
      ).toBe('BAD_REQUEST');
    }
    const streamed = await collect(list(cid, { take: 1 }).stream());
    expect(streamed.map((e) => e.type)).toEqual(['item']);
  });

  it('fetches http(s) URLs with redirects, the type from Content-Type, the limit while reading', async () => {
    const { id: cid } = await f.cbk.conversation.create({ botId: f.botId });
    const upload = (file: string) =>
      f.cbk.conversation.clientFetch(`/api/v1/conversation/${cid}/attachment/upload`, {
        record: { file },
      });
    const fetched = await upload(`${remoteUrl}/redirect`);
    expect(fetched.name).toBe('report one.csv');
    expect((await list(cid)).items[0]).toMatchObject({ type: 'text/csv', size: 8 });
    expect(await refusal(upload(`${remoteUrl}/missing`))).toEqual({
      code: 'BAD_REQUEST',
      message: 'could not fetch the file',
    });
    expect((await refusal(upload(`${remoteUrl}/loop`))).message).toBe('could not fetch the file');
    expect((await refusal(upload(`${remoteUrl}/big`))).code).toBe('CONTENT_TOO_LARGE');
  });

  it('refuses URLs when remote fetch is off', async () => {
    const off = await startFixture();
    try {
      const { id } = await off.cbk.conversation.create({ botId: off.botId });
      expect(
        await refusal(
          off.cbk.conversation.clientFetch(`/api/v1/conversation/${id}/attachment/upload`, {
            record: { file: `${remoteUrl}/files/report%20one.csv` },
          }),
        ),
      ).toEqual({
        code: 'BAD_REQUEST',
        message: 'remote URLs are disabled (PARLEY_ALLOW_REMOTE_FETCH)',
      });
      // Bytes go under the data folder by default.
      await off.cbk.conversation.attachment.upload(id, { data: 'x', type: 'text/plain' });
      expect(readdirSync(path.join(off.server.dataDir, 'attachments', id))).toHaveLength(1);
    } finally {
      await off.close();
    }
  });
});

describe('contacts (§6.10)', () => {
  const upsert = (cid: string, record: Record<string, unknown>) =>
    f.cbk.conversation.clientFetch(`/api/v1/conversation/${cid}/contact/upsert`, { record });

  it('creates or finds the contact by fingerprint, links it and adds a context message', async () => {
    const { id: cid } = await f.cbk.conversation.create({ botId: f.botId });
    const { id: contactId } = await upsert(cid, {
      fingerprint: 'user-42',
      name: 'Ann',
      email: 'ann@example.com',
      phone: '+33 1 23 45 67 89',
      meta: { plan: 'pro' },
    });
    expect((await f.cbk.conversation.fetch(cid)).contactId).toBe(contactId);
    const messages = (await f.cbk.conversation.message.list(cid)).items;
    expect(messages.map((m: any) => [m.type, m.text])).toEqual([
      [
        'context',
        'The user provided their contact information:\n\nname: Ann\nemail: ann@example.com\nphone: +33 1 23 45 67 89',
      ],
    ]);
    // Another conversation, same fingerprint: the same contact.
    const other = await f.cbk.conversation.create({ botId: f.botId });
    expect((await upsert(other.id, { fingerprint: 'user-42' })).id).toBe(contactId);
    expect((await f.cbk.conversation.message.list(other.id)).items).toEqual([]);
    // Already linked: updated, fingerprint ignored, 200 with its id.
    expect((await upsert(cid, { fingerprint: 'else', nick: 'annie', email: null })).id).toBe(
      contactId,
    );
    const listed = await f.cbk.conversation.list({ contactId, take: 100 });
    expect(listed.items.map((c: any) => c.id).sort()).toEqual([cid, other.id].sort());
    // Without a fingerprint: a new contact.
    const third = await f.cbk.conversation.create({ botId: f.botId });
    expect((await upsert(third.id, {})).id).not.toBe(contactId);
  });

  it('validates email and phone, and 404s an unknown contactId on create', async () => {
    const { id: cid } = await f.cbk.conversation.create({ botId: f.botId });
    expect((await refusal(upsert(cid, { email: 'not-an-email' }))).message).toBe(
      '"email" must be an email address',
    );
    expect((await refusal(upsert(cid, { phone: 'x' }))).code).toBe('BAD_REQUEST');
    expect(await refusal(f.cbk.conversation.create({ botId: f.botId, contactId: 'nope' }))).toEqual(
      { code: 'NOT_FOUND', message: 'contact not found' },
    );
  });

  it('keys CSML memories by the contact once linked', async () => {
    const botId = await f.makeBot({ flows: [{ name: 'Main', content: MEMORY_FLOW }] });
    const a = await f.cbk.conversation.create({ botId });
    const { id: contactId } = await upsert(a.id, { fingerprint: 'mem-1' });
    await f.cbk.conversation.complete(a.id, { text: 'Zoe' });
    const b = await f.cbk.conversation.create({ botId, contactId });
    expect((await f.cbk.conversation.complete(b.id, { text: 'x' })).text).toBe('again: Zoe');
  });
});
