/**
 * Runs the built `parley` CLI (dist/cli/main.js) as a child process, as users run it.
 *
 * `npm ci` builds dist/ (the `prepare` script). When a source file is newer than its compiled
 * file, or was never compiled, ensureBuilt() builds again first, so that `npm test` after an edit
 * does not test stale code. A lock folder keeps test files running in parallel from building at
 * the same time.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const LOCK = path.join(ROOT, 'node_modules', '.cache', 'parley-test-build.lock');
const LOCK_PATIENCE_MS = 120_000;

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli/main.js ...args` in `cwd` (default: the repository root). */
export function runCli(args: readonly string[], cwd: string = ROOT): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The lines of an output, without the final line end. */
export function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

function mtime(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Whether some src/**.ts (not a test, not a declaration) has no newer dist/**.js. */
function isStale(): boolean {
  const walk = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(file);
      if (!entry.name.endsWith('.ts') || /\.(test|d)\.ts$/.test(entry.name)) return false;
      const relative = path.relative(path.join(ROOT, 'src'), file).replace(/\.ts$/, '.js');
      const built = mtime(path.join(ROOT, 'dist', relative));
      return built === undefined || built < statSync(file).mtimeMs;
    });
  return walk(path.join(ROOT, 'src'));
}

function build(): void {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`the build failed (npm run build):\n${result.stdout}${result.stderr}`);
  }
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building: wait for it, then see whether its build suffices.
      if (Date.now() - started > LOCK_PATIENCE_MS) {
        // A build that crashed left its lock behind: take it over.
        try {
          rmdirSync(LOCK);
        } catch {
          // someone else took it over first
        }
        continue;
      }
      await sleep(200);
    }
  }
  try {
    if (isStale()) build();
  } finally {
    rmdirSync(LOCK);
  }
}
