/**
 * A `parley serve` child process for tests that need real processes (two servers on one
 * database, SIGKILL): started from the TypeScript sources with tsx, on an ephemeral port read
 * from its console line, with the first start's admin token when it printed one.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly baseUrl: string;
  /** The admin token of the first start, or null on a later start. */
  readonly adminToken: string | null;
  readonly demoBotId: string | null;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM (graceful) or SIGKILL, resolving when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        PARLEY_RATE_LIMIT: '0',
        PARLEY_LOG_LEVEL: 'warn',
        ...env,
      },
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not start:\n${out}`));
    }, 30_000);
    const check = () => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const token = /^\s+(pk_[A-Za-z0-9]+\.[A-Za-z0-9_-]+)\s*$/m.exec(out)?.[1] ?? null;
  const demoBotId = /\/v1\/bots\/([0-9a-f-]{36})\/chat/.exec(out)?.[1] ?? null;
  return {
    child,
    baseUrl,
    adminToken: token,
    demoBotId,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}
