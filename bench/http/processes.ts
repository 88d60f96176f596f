/**
 * Processes of the HTTP benchmarks (bench/http.ts, bench/textbots.ts): the compiled
 * `parley serve` and the baselines started as child processes and stopped with SIGTERM, load
 * generators run as child processes answering one JSON line, and fresh PostgreSQL databases.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '../../..');
/** The compiled server (`npm run bench` builds it first). */
export const SERVER = path.join(ROOT, 'dist/cli/main.js');

export interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
}

/** Starts `node <args>` and resolves once its output matches `ready` (30 s at most). */
export function start(
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<Started & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`did not start:\n${out}`));
    }, 30_000);
    child.stdout.on('data', () => {
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, output: () => out, match });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });
}

export async function stop(started: Started): Promise<void> {
  if (started.child.exitCode !== null) return;
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}

export interface Served extends Started {
  readonly baseUrl: string;
  /** The first start's admin key (`<keyId>.<secret>`), null when the database was not empty. */
  readonly token: string | null;
}

/** `parley serve` on a free port, rate limit off. */
export async function serve(env: Record<string, string>): Promise<Served> {
  const started = await start(
    [SERVER, 'serve'],
    { PORT: '0', HOST: '127.0.0.1', PARLEY_RATE_LIMIT: '0', PARLEY_LOG_LEVEL: 'warn', ...env },
    /listening on (http:\/\/\S+?) /,
  );
  const token = /^\s+(pk_\w+\.[\w-]+)\s*$/m.exec(started.output())?.[1] ?? null;
  return { ...started, baseUrl: started.match[1]!, token };
}

/** Runs `node <script> <JSON spec>` and parses the one JSON line it prints. */
export function runJson<T>(script: string, spec: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out) as T);
      else reject(new Error(`${path.basename(script)} exited with ${code}`));
    });
  });
}

export interface FreshDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A new empty database on the PostgreSQL server of `adminUrl`. */
export async function freshPostgresDatabase(adminUrl: string): Promise<FreshDatabase> {
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
