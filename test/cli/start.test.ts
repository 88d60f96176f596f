/**
 * The quick start: `npm start` (the compiled `parley serve`, built by `npm install`) serves on
 * an empty data folder with the demo bot, prints the first-start key once and the web studio's
 * address on every start, serves the built studio there, and exits cleanly on SIGTERM; a
 * second start prints no secret.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-start-'));

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function npmStart(): Promise<{
  output: string;
  baseUrl: string;
  stop: () => Promise<number | null>;
}> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'warn' },
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`npm start did not serve:\n${output}`));
    }, 30_000);
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+?) /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return {
    output: output,
    baseUrl,
    stop: async () => {
      // npm runs node in a child: signal the whole group, as a terminal's Ctrl-C would.
      process.kill(-child.pid!, 'SIGTERM');
      return exited;
    },
  };
}

describe('npm start', () => {
  it(
    'serves the demo bot on a fresh data folder, then restarts without a secret',
    { timeout: 60_000 },
    async () => {
      const first = await npmStart();
      expect(first.output).toContain('Parley first start');
      const token = /^\s+(pk_\w+\.[\w-]+)\s*$/m.exec(first.output)?.[1];
      const botId = /\/v1\/bots\/([0-9a-f-]{36})\/chat/.exec(first.output)?.[1];
      expect(token).toBeDefined();
      expect(first.output).toContain(
        `(API docs: ${first.baseUrl}/docs, Studio: ${first.baseUrl}/studio/)`,
      );
      expect(first.output).toContain(`\n  ${first.baseUrl}/studio/\n`);
      const studio = await fetch(`${first.baseUrl}/studio/`, { headers: { accept: 'text/html' } });
      expect(studio.status).toBe(200);
      expect(studio.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await studio.text()).toContain('<title>Parley Studio</title>');
      const health = await fetch(`${first.baseUrl}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const chat = await fetch(`${first.baseUrl}/v1/bots/${botId}/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          client: { user_id: 'me' },
          payload: { content_type: 'text', content: { text: 'hello' } },
        }),
      });
      expect(chat.status).toBe(200);
      const body = (await chat.json()) as {
        messages: { payload: { content: { text: string } } }[];
      };
      expect(body.messages[0]!.payload.content.text).toContain('demo bot');
      await first.stop();

      const second = await npmStart();
      expect(second.output).not.toContain('first start');
      expect(second.output).not.toMatch(/pk_\w+\./);
      expect(second.output).toContain(`Studio: ${second.baseUrl}/studio/`);
      await second.stop();
    },
  );
});
