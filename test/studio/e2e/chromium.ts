/**
 * Debian's Chromium driven by playwright-core (`/usr/bin/chromium`, or `PARLEY_TEST_CHROMIUM`),
 * headless, without the sandbox (CI runs as root in a container, where Chromium's sandbox
 * cannot start). Used by the studio's browser tests (browser.ts) and by `npm run screenshots`,
 * so nothing here depends on the test runner.
 *
 * Every page records what a person would see as breakage (console errors, uncaught exceptions,
 * requests that failed or answered 4xx/5xx) so that each test can assert there was none.
 */
import { accessSync, constants } from 'node:fs';

import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/** The Chromium binary the tests launch. */
export const CHROMIUM_PATH: string =
  process.env.PARLEY_TEST_CHROMIUM?.trim() || '/usr/bin/chromium';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const HAS_CHROMIUM: boolean = executable(CHROMIUM_PATH);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

export interface Viewport {
  readonly width: number;
  readonly height: number;
}

export const DESKTOP: Viewport = { width: 1280, height: 800 };
export const PHONE: Viewport = { width: 390, height: 844 };

/** A page in its own context (its own session storage), with what went wrong on it. */
export interface StudioPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors, uncaught exceptions and failed requests, in order, one line each. */
  readonly problems: readonly string[];
  /**
   * Declares problems the test provokes on purpose (a wrong token's 401, requests to a stopped
   * server): lines matching `pattern` are not reported by `expectNoProblems`.
   */
  allow(pattern: RegExp): void;
  /** Fails the test with every problem not allowed. */
  expectNoProblems(): void;
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  viewport: Viewport = DESKTOP,
): Promise<StudioPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  const allowed: RegExp[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    problems.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => {
    problems.push(`uncaught exception: ${error.stack ?? error.message}`);
  });
  page.on('requestfailed', (request) => {
    problems.push(
      `request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'unknown error'}`,
    );
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(
        `request failed: ${response.request().method()} ${response.url()}: HTTP ${response.status()}`,
      );
    }
  });
  return {
    page,
    context,
    problems,
    allow(pattern) {
      allowed.push(pattern);
    },
    expectNoProblems() {
      const unexpected = problems.filter((line) => !allowed.some((pattern) => pattern.test(line)));
      if (unexpected.length > 0) {
        throw new Error(
          `console errors and failed requests on the page:\n  ${unexpected.join('\n  ')}`,
        );
      }
    },
    close: () => context.close(),
  };
}

/**
 * What the functions run in the page read of its globals: the tests compile without the DOM
 * library (it would hide browser globals used by mistake in server code), so they say it here.
 */
interface PageGlobals {
  readonly document: {
    readonly activeElement: { readonly outerHTML: string } | null;
    readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  };
}

/**
 * Presses Tab (Shift+Tab with `backwards`) until `target` has the focus, like a person reaching
 * a control with the keyboard; fails after `limit` presses.
 */
export async function tabTo(
  page: Page,
  target: Locator,
  what: string,
  options: { readonly backwards?: boolean; readonly limit?: number } = {},
): Promise<void> {
  const limit = options.limit ?? 40;
  const key = options.backwards === true ? 'Shift+Tab' : 'Tab';
  const isTarget = (): Promise<boolean> =>
    target.evaluate(
      (element) => element === (globalThis as unknown as PageGlobals).document.activeElement,
    );
  for (let presses = 0; presses < limit; presses++) {
    if (await isTarget()) return;
    await page.keyboard.press(key);
  }
  if (await isTarget()) return;
  const focused = await page.evaluate(() => {
    const element = (globalThis as unknown as PageGlobals).document.activeElement;
    return element ? element.outerHTML.slice(0, 200) : 'nothing';
  });
  throw new Error(
    `${what} was not reached with ${limit} presses of ${key} (focus is on ${focused})`,
  );
}

/** The page is no wider than its viewport: nothing makes a person scroll sideways. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const { documentElement } = (globalThis as unknown as PageGlobals).document;
    return documentElement.scrollWidth - documentElement.clientWidth;
  });
}
