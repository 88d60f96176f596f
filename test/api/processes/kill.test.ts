/**
 * Durability (issue 4): a server on SQLite is killed with SIGKILL in the middle of a load of
 * chat turns and restarted; every turn that was answered is still stored, and the conversations
 * go on from where the answers left them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import { startServerProcess } from './server-process.js';
import type { ServerProcess } from './server-process.js';

const COUNTER = `start:
  if (n) { remember n = n + 1 } else { remember n = 1 }
  say "{{n}}"
  hold
  goto start`;

const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-kill-'));
const running: ServerProcess[] = [];

afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(server: ServerProcess, token: string, url: string, body: unknown) {
  const response = await fetch(`${server.baseUrl}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('SIGKILL during a load of turns on SQLite', () => {
  it('keeps every answered turn', { timeout: 120_000 }, async () => {
    const first = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
    running.push(first);
    const token = first.adminToken!;
    expect(token).toMatch(/^pk_/);
    const bot = await post(first, token, '/v1/bots', {
      name: 'Counter',
      flows: [{ name: 'Main', content: COUNTER }],
    });
    expect(bot.status).toBe(201);
    const botId: string = bot.body.id;
    expect((await post(first, token, `/v1/bots/${botId}/build`, {})).status).toBe(200);

    // 20 clients send turns back to back until the server dies under them.
    const answered = new Map<string, { turnId: string; count: number }[]>();
    let killed = false;
    const client = async (user: string) => {
      const mine: { turnId: string; count: number }[] = [];
      answered.set(user, mine);
      for (;;) {
        try {
          const answer = await post(first, token, `/v1/bots/${botId}/chat`, {
            client: { user_id: user },
            payload: { content_type: 'text', content: { text: 'next' } },
          });
          if (answer.status !== 200) throw new Error(`status ${answer.status}`);
          mine.push({
            turnId: answer.body.interaction_id,
            count: Number(answer.body.messages[0].payload.content.text),
          });
        } catch (error) {
          if (killed) return;
          throw error;
        }
      }
    };
    const clients = Array.from({ length: 20 }, (_, i) => client(`user-${i}`));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    killed = true;
    await first.stop('SIGKILL');
    await Promise.all(clients);

    const turnIds = [...answered.values()].flat().map((a) => a.turnId);
    expect(turnIds.length).toBeGreaterThan(50);

    const db = new Database(path.join(dataDir, 'parley.db'), { readonly: true });
    try {
      const stored = new Set(
        (db.prepare('SELECT id FROM turns').all() as { id: string }[]).map((row) => row.id),
      );
      const lost = turnIds.filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
    } finally {
      db.close();
    }

    // The restarted server prints no secret and continues every counter after its last answer.
    const second = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
    running.push(second);
    expect(second.adminToken).toBeNull();
    for (const [user, answers] of answered) {
      const next = await post(second, token, `/v1/bots/${botId}/chat`, {
        client: { user_id: user },
        payload: { content_type: 'text', content: { text: 'next' } },
      });
      const counts = answers.map((a) => a.count);
      expect(counts).toEqual(counts.map((_, i) => i + 1));
      // A turn committed but not answered before the kill may sit between them: at most one.
      const value = Number(next.body.messages[0].payload.content.text);
      expect(value === counts.length + 1 || value === counts.length + 2).toBe(true);
    }
    await second.stop('SIGTERM');
  });
});
