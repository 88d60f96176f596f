/** `parley chat` on a bot folder with nlu.json: the NLU runs, and --debug shows what it found. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { CLI, ROOT } from './run-cli.js';

const BISTRO = path.join(ROOT, 'test/fixtures/bots/bistro');

function chat(args: string[], input: string) {
  const result = spawnSync(process.execPath, [CLI, 'chat', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('parley chat with NLU', () => {
  it('branches on the detected intent and shows it with --debug', () => {
    const r = chat(['--debug', BISTRO], 'hello\nbook a table for 6 people\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('intent greet');
    expect(r.stdout).toContain('intent book_table');
    expect(r.stderr).toMatch(/\[nlu\] intent book_table \(0\.\d\d\); entities: guests=6 "6"/);
  });

  it('refuses an nlu.json that cannot be trained, naming the member', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-nlu-'));
    try {
      cpSync(BISTRO, dir, { recursive: true });
      writeFileSync(
        path.join(dir, 'nlu.json'),
        JSON.stringify({
          intents: [{ name: 'x', utterances: ['hi'], slots: [{ name: 'a', type: 'nope' }] }],
        }),
      );
      const r = chat([dir], 'hello\n');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('nlu.json(1,1): error invalid_nlu: "intents[0].slots[0].type"');
      const validated = spawnSync(process.execPath, [CLI, 'validate', dir], { encoding: 'utf8' });
      expect(validated.status).toBe(1);
      expect(validated.stdout).toContain(
        'nlu.json(1,1): error invalid_nlu: "intents[0].slots[0].type"',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
