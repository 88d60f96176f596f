/**
 * `parley chat` reads PARLEY_ALLOW_REMOTE_FETCH as the server does: on, the bot's HTTP().send()
 * reaches a local server; off, it is refused and nothing goes out. The built CLI runs as a child
 * process (asynchronously: the local server answers from this process).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CLI, ROOT, ensureBuilt, lines } from '../../cli/run-cli.js';
import { json, startUpstream } from './upstream.js';
import type { Upstream } from './upstream.js';

let upstream: Upstream;
const scratch = mkdtempSync(path.join(tmpdir(), 'parley-outbound-chat-'));

beforeAll(async () => {
  upstream = await startUpstream();
  upstream.handler = (request, response) => {
    json(response, 200, { joke: 'a pun', path: request.url });
  };
  await ensureBuilt();
});
afterAll(async () => {
  await upstream.close();
  rmSync(scratch, { recursive: true, force: true });
});

function runChat(env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  const bot = path.join(scratch, 'joke.csml');
  writeFileSync(
    bot,
    `start:\n  do res = HTTP("${upstream.url}/joke").send()\n  say res.joke\n  goto end\n`,
  );
  const script = path.join(scratch, 'script.txt');
  writeFileSync(script, '');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'chat', bot, '--script', script, '--json'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', PARLEY_ALLOW_REMOTE_FETCH: '', ...env },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout });
    });
  });
}

const firstTurn = (stdout: string) =>
  JSON.parse(lines(stdout)[0] ?? '') as {
    messages: { content: { text?: string; error?: string } }[];
  };

describe('parley chat and PARLEY_ALLOW_REMOTE_FETCH', () => {
  it('performs HTTP().send() when it is on', async () => {
    upstream.seen.length = 0;
    const { code, stdout } = await runChat({ PARLEY_ALLOW_REMOTE_FETCH: 'true' });
    expect(code).toBe(0);
    expect(firstTurn(stdout).messages.map((m) => m.content.text)).toEqual(['a pun']);
    expect(upstream.seen.map((s) => s.url)).toEqual(['/joke']);
  });

  it('refuses it when it is off', async () => {
    upstream.seen.length = 0;
    const { code, stdout } = await runChat({ PARLEY_ALLOW_REMOTE_FETCH: '0' });
    expect(code).toBe(0);
    expect(firstTurn(stdout).messages[0]?.content.error).toMatch(
      /^request blocked by host policy: GET http:\/\/127\.0\.0\.1:\d+\/joke at line 2/,
    );
    expect(upstream.seen).toHaveLength(0);
  });
});
