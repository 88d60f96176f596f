import { readFileSync } from 'node:fs';

/**
 * Parley's version, read from package.json at run time (the compiled CLI sits in dist/cli/, the
 * sources in src/cli/: both two folders below the package root).
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
