import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

import { loadServerSecret, serverSecretFrom } from '../../../src/api/auth/server-secret.js';

const folders: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-secret-'));
  folders.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SECRET = 'a-configured-secret-of-at-least-32-chars';

describe('encryption', () => {
  const box = serverSecretFrom(SECRET);

  it('round-trips text, with a fresh IV each time', () => {
    for (const text of ['', 'hello', 'é🙂 ünïcödé', 'x'.repeat(10_000)]) {
      const blob = box.encrypt(text);
      expect(blob).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]*$/);
      expect(box.decrypt(blob)).toBe(text);
    }
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('detects tampering with any part', () => {
    const blob = box.encrypt('the secret of a key');
    const parts = blob.split('.');
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      const altered = [...parts];
      altered[index] = bytes.toString('base64url');
      expect(() => box.decrypt(altered.join('.'))).toThrow(/altered|another server secret|version/);
    }
  });

  it('refuses malformed blobs and blobs of another secret', () => {
    for (const bad of ['', 'v1', 'v2.a.b.c', 'v1.a.b', 'v1.a.b.c.d', 'plain text']) {
      expect(() => box.decrypt(bad)).toThrow(/not an encrypted value/);
    }
    const other = serverSecretFrom('another-secret-with-more-than-32-characters');
    expect(() => other.decrypt(box.encrypt('x'))).toThrow(/another server secret/);
  });

  it('is the same key for the same secret text', () => {
    expect(serverSecretFrom(SECRET).decrypt(box.encrypt('shared'))).toBe('shared');
  });

  it('refuses a PARLEY_SECRET shorter than 32 characters', () => {
    expect(() => serverSecretFrom('short')).toThrow(/PARLEY_SECRET must be at least 32/);
  });
});

describe('signatures', () => {
  const box = serverSecretFrom(SECRET);

  it('signs with HMAC-SHA256 and verifies in the same purpose only', () => {
    const signature = box.sign('attachment-url', 'PUT\nc\na\n123');
    expect(signature).toHaveLength(32);
    expect(box.verifySignature('attachment-url', 'PUT\nc\na\n123', signature)).toBe(true);
    expect(box.verifySignature('attachment-url', 'PUT\nc\na\n124', signature)).toBe(false);
    expect(box.verifySignature('session-token', 'PUT\nc\na\n123', signature)).toBe(false);
    expect(box.verifySignature('attachment-url', 'PUT\nc\na\n123', signature.subarray(0, 31))).toBe(
      false,
    );
    expect(() => box.sign('', 'x')).toThrow(/purpose/);
  });

  it('uses keys independent of the secret itself and of the encryption key', () => {
    const plain = serverSecretFrom(SECRET).sign('session-token', 'data');
    const other = serverSecretFrom(`${SECRET}!`).sign('session-token', 'data');
    expect(plain.equals(other)).toBe(false);
  });
});

describe('loadServerSecret', () => {
  it('uses PARLEY_SECRET when set, and writes no file', async () => {
    const dataDir = tempDir();
    const fromEnv = await loadServerSecret({ secret: SECRET, dataDir });
    expect(serverSecretFrom(SECRET).decrypt(fromEnv.encrypt('x'))).toBe('x');
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('generates the secret file once (mode 0600) and reuses it', async () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const first = await loadServerSecret({ dataDir });
    const file = path.join(dataDir, 'secret');
    const content = readFileSync(file, 'utf8');
    expect(content).toMatch(/^[\w-]{43}\n$/);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await loadServerSecret({ dataDir, secret: '' });
    expect(second.decrypt(first.encrypt('kept'))).toBe('kept');
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(readdirSync(dataDir)).toEqual(['secret']);
    // The file's content works as PARLEY_SECRET for other processes.
    expect(serverSecretFrom(content.trim()).decrypt(first.encrypt('shared'))).toBe('shared');
  });

  it('agrees across concurrent first loads', async () => {
    const dataDir = tempDir();
    const loaded = await Promise.all(
      Array.from({ length: 16 }, () => loadServerSecret({ dataDir })),
    );
    const blob = loaded[0]!.encrypt('one secret');
    for (const box of loaded) expect(box.decrypt(blob)).toBe('one secret');
    expect(readdirSync(dataDir)).toEqual(['secret']);
  });

  it('agrees across processes starting at once', async () => {
    const dataDir = tempDir();
    const module = fileURLToPath(
      new URL('../../../src/api/auth/server-secret.ts', import.meta.url),
    );
    const script = `const { loadServerSecret } = await import(${JSON.stringify(module)});
      const box = await loadServerSecret({ dataDir: process.argv[1] });
      process.stdout.write(box.encrypt('from a child'));`;
    const run = () =>
      promisify(execFile)(process.execPath, [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
        dataDir,
      ]);
    const outputs = await Promise.all([run(), run(), run(), run()]);
    const box = await loadServerSecret({ dataDir });
    for (const { stdout } of outputs) expect(box.decrypt(stdout)).toBe('from a child');
    expect(readdirSync(dataDir)).toEqual(['secret']);
  });

  it('refuses a secret file that is too short', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'secret'), 'short\n');
    await expect(loadServerSecret({ dataDir })).rejects.toThrow(/delete it to generate a new one/);
  });
});
