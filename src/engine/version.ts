import { readFileSync } from 'node:fs';

/**
 * Parley's version, read from package.json at run time (compiled into dist/engine/, sources in
 * src/engine/: both two folders below the package root). It is also the `engine_version` of
 * every build (studio-api.md §4.3).
 */
export function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const pkg: unknown = JSON.parse(text);
    if (typeof pkg === 'object' && pkg !== null && 'version' in pkg) {
      const version: unknown = pkg.version;
      if (typeof version === 'string') return version;
    }
  } catch {
    // fall through: a version is not worth failing for
  }
  return 'unknown';
}
