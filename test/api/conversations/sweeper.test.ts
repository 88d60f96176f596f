/**
 * The surface's upkeep on a timer (sweeper.ts): pending uploads whose URL expired are dropped
 * with the bytes they left, completed ones stay, and answers kept for retries go once older
 * than 24 hours, with no other request needed; the server's timer runs every minute (here a
 * faked interval, the server's clock moved instead of waited for). A failing sweep is logged,
 * never thrown, and stop() ends the timer.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, expect, it, vi } from 'vitest';

import { serverSecretFrom } from '../../../src/api/auth/server-secret.js';
import { readConfig } from '../../../src/api/config.js';
import { createContext } from '../../../src/api/conversations/context.js';
import { startSweeper, SWEEP_EVERY_MS } from '../../../src/api/conversations/sweeper.js';
import { BuildService } from '../../../src/engine/builds.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { startFixture } from './fixture.js';

afterEach(() => {
  vi.useRealTimers();
});

const MINUTE = 60_000;

/** Lets the sweep the faked interval started finish (it does real I/O). */
async function sweepNow(): Promise<void> {
  vi.advanceTimersByTime(SWEEP_EVERY_MS);
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));
}

it('drops expired uploads with their bytes and prunes old answers on the server timer', async () => {
  // Only the interval is faked: the server's requests keep their real timers.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  let clock = Date.now();
  const f = await startFixture({}, { now: () => clock });
  try {
    const store = f.server.app.store;
    const { id: cid } = await f.cbk.conversation.create({ botId: f.botId });
    const upload = (name: string) =>
      f.cbk.conversation.clientFetch(`/api/v1/conversation/${cid}/attachment/upload`, {
        record: { file: { type: 'text/plain', size: 2, name } },
      });
    const pending = await upload('never.txt');
    const done = await upload('done.txt');
    const put = await fetch(done.uploadRequest.url, { method: 'PUT', body: 'ok' });
    expect(put.status).toBe(200);
    // Bytes a PUT wrote just as its URL expired, its row never completed.
    const attachments = path.join(f.server.dataDir, 'attachments', cid);
    mkdirSync(attachments, { recursive: true });
    const leftover = path.join(attachments, pending.id);
    writeFileSync(leftover, 'ha');
    await f.cbk.conversation.complete(cid, { text: 'kept for retries' });
    expect(await store.findRequest(cid, null)).not.toBeNull();

    await sweepNow();
    expect(await store.findSignedAttachment(cid, pending.id)).not.toBeNull();

    clock += 16 * MINUTE;
    await sweepNow();
    expect(await store.findSignedAttachment(cid, pending.id)).toBeNull();
    expect(existsSync(leftover)).toBe(false);
    expect(await store.findSignedAttachment(cid, done.id)).toMatchObject({ status: 'complete' });
    expect(existsSync(path.join(attachments, done.id))).toBe(true);
    expect(await store.findRequest(cid, null)).not.toBeNull();

    clock += 24 * 60 * MINUTE;
    await sweepNow();
    expect(await store.findRequest(cid, null)).toBeNull();
  } finally {
    vi.useRealTimers();
    await f.close();
  }
});

it('logs a failed sweep instead of throwing, and stops', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-sweeper-'));
  const store = SqliteStore.open(path.join(dir, 'parley.db'));
  const ctx = createContext({
    store,
    builds: new BuildService(store),
    serverSecret: serverSecretFrom('s'.repeat(40)),
    config: readConfig({ PARLEY_DATA_DIR: dir }),
  });
  const failures: unknown[] = [];
  const sweeps = vi.spyOn(store, 'dropExpiredUploads');
  const sweeper = startSweeper(ctx, {
    everyMs: 20,
    log: (error) => failures.push(error),
  });
  try {
    await vi.waitFor(() => {
      expect(sweeps).toHaveBeenCalled();
    });
    expect(failures).toEqual([]);
    await store.close();
    await vi.waitFor(() => {
      expect(failures.length).toBeGreaterThan(0);
    });
    expect(failures[0]).toBeInstanceOf(Error);
    await sweeper.stop();
    const calls = sweeps.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sweeps.mock.calls.length).toBe(calls);
  } finally {
    await sweeper.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
