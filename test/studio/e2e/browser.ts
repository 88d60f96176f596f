/**
 * The studio's browser tests need Chromium (chromium.ts). Without it they are skipped with a
 * visible message; on CI (`CI` set) they fail instead, so that a CI without a browser cannot
 * pass unnoticed (.ci/run installs it).
 */
import { describe, it } from 'vitest';

import { CHROMIUM_PATH, HAS_CHROMIUM } from './chromium.js';

export * from './chromium.js';

/** ARCHITECTURE.md "Configuration": on for any value but empty, 0 and false. */
function switchOn(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false'].includes(value.trim().toLowerCase());
}

const SKIPPED = `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium, or set PARLEY_TEST_CHROMIUM)`;

/**
 * `describe` for tests that need a browser. Without Chromium: `describe.skip` named
 * "<name> skipped: Chromium is not installed …" plus a warning, or on CI one failing test.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (HAS_CHROMIUM) {
    describe(name, body);
  } else if (switchOn(process.env.CI)) {
    describe(name, () => {
      it('has Chromium (PARLEY_TEST_CHROMIUM or /usr/bin/chromium)', () => {
        throw new Error(`${SKIPPED}: CI must run the browser tests (see .ci/run)`);
      });
    });
  } else {
    console.warn(`${name} skipped: ${SKIPPED}`);
    describe.skip(`${name} skipped: ${SKIPPED}`, body);
  }
}
