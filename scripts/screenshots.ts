/**
 * `npm run screenshots`: pictures of the web studio's main screens for the README, taken in
 * Chromium (test/studio/e2e/chromium.ts) against a real server on a temporary data folder. A
 * small coffee-bar bot is made through the API (text, a question with buttons, a carousel of
 * cards with pictures, a link), built twice so that Versions has a diff, then used in the
 * studio as a person would. Pictures are `data:` URLs: nothing is fetched from the internet.
 *
 * Writes docs/screenshots/*.png. Needs the built studio (`npm run build`) and Chromium.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Browser, Page } from 'playwright-core';

import { startTestServer } from '../test/api/harness.js';
import type { TestServer } from '../test/api/harness.js';
import {
  CHROMIUM_PATH,
  DESKTOP,
  HAS_CHROMIUM,
  PHONE,
  launchBrowser,
  openPage,
} from '../test/studio/e2e/chromium.js';
import type { StudioPage, Viewport } from '../test/studio/e2e/chromium.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs/screenshots');

function svg(body: string, background: string): string {
  const image = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200" viewBox="0 0 160 100"><rect width="160" height="100" fill="${background}"/>${body}</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(image).toString('base64')}`;
}

/** The bot's pictures, in its env so that the flows stay readable. */
const IMAGES = {
  bar: svg(
    '<path d="M55 38h44v24a16 16 0 0 1-16 16h-12a16 16 0 0 1-16-16z" fill="#6f4e37"/>' +
      '<path d="M99 44h6a9 9 0 0 1 0 18h-6" fill="none" stroke="#6f4e37" stroke-width="5"/>' +
      '<path d="M68 16c-4 6 4 9 0 15M82 16c-4 6 4 9 0 15" stroke="#b08968" stroke-width="4" fill="none" stroke-linecap="round"/>',
    '#fdebd3',
  ),
  croissant: svg(
    '<path d="M30 70c10-30 90-30 100 0c-20-8-30-4-50-4s-30-4-50 4z" fill="#d4a056"/>' +
      '<path d="M60 42l6 24M80 38v28M100 42l-6 24" stroke="#a86b2d" stroke-width="4"/>',
    '#fff4e0',
  ),
  muffin: svg(
    '<path d="M50 55h60l-8 32h-44z" fill="#c9824b"/>' +
      '<circle cx="80" cy="48" r="30" fill="#5b3a8c"/>' +
      '<circle cx="68" cy="40" r="4" fill="#b9a4e0"/><circle cx="88" cy="34" r="4" fill="#b9a4e0"/><circle cx="92" cy="52" r="4" fill="#b9a4e0"/>',
    '#efe9fb',
  ),
};

const DEFAULT_V1 = `start:
  say "Welcome to the Parley coffee bar!"
  say Image(_env.images.bar)
  say Question(
    "What can I get you?",
    buttons = [Button("Espresso") as espresso, Button("Latte") as latte]
  )
  hold
  remember drink = event
  goto flow Pastries
`;

/** The second build: a warmer greeting and tea on the menu. */
const DEFAULT_V2 = `start:
  say "Good morning, and welcome to the Parley coffee bar!"
  say Image(_env.images.bar)
  say Question(
    "What can I get you?",
    buttons = [Button("Espresso") as espresso, Button("Latte") as latte, Button("Tea") as tea]
  )
  hold
  remember drink = event
  goto flow Pastries
`;

const PASTRIES = `start:
  say "Something to go with your {{drink}}?"
  say Carousel(cards = [
    Card("Croissant", subtitle = "Flaky, baked at dawn", image_url = _env.images.croissant,
      buttons = [Button("Add a croissant", payload = "croissant")]),
    Card("Blueberry muffin", subtitle = "Still warm", image_url = _env.images.muffin,
      buttons = [Button("Add a muffin", payload = "muffin")])
  ])
  hold
  say "One {{drink}} and a {{event}}: coming right up."
  say Url("https://www.csml.dev/", title = "CSML", text = "The language this bot is written in")
  goto end
`;

/** Calls the server's API as the admin; any error answer stops the script with its body. */
async function api<T = unknown>(
  server: TestServer,
  method: string,
  url: string,
  body?: unknown,
): Promise<T> {
  const response = await server.request(method, url, body === undefined ? {} : { body });
  if (response.status >= 400) {
    throw new Error(`${method} ${url} answered ${response.status}: ${response.text}`);
  }
  return response.body as T;
}

async function showcaseBot(server: TestServer): Promise<{ botId: string; defaultId: string }> {
  const bot = await api<{ id: string }>(server, 'POST', '/v1/bots', {
    name: 'Coffee bar',
    description: 'Takes an order: a drink, then a pastry from a carousel',
    env: { images: IMAGES },
    flows: [
      { name: 'Default', content: DEFAULT_V1 },
      { name: 'Pastries', content: PASTRIES },
    ],
    default_flow: 'Default',
  });
  const botId = bot.id;
  await api(server, 'POST', `/v1/bots/${botId}/build`);
  const flows = await api<{ id: string; name: string }[]>(server, 'GET', `/v1/bots/${botId}/flows`);
  const defaultId = flows.find((flow) => flow.name === 'Default')!.id;
  await api(server, 'PUT', `/v1/bots/${botId}/flows/${defaultId}`, { content: DEFAULT_V2 });
  await api(server, 'POST', `/v1/bots/${botId}/build`);
  return { botId, defaultId };
}

/** Waits until every picture on the page has loaded, so that none is caught half drawn. */
async function imagesLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Array.from(
      (globalThis as unknown as { document: { images: ArrayLike<{ complete: boolean }> } }).document
        .images,
    ).every((image) => image.complete),
  );
}

/** Desktop pictures are a little taller than the tests' 1280x800, to show a whole exchange. */
const WIDE: Viewport = { width: DESKTOP.width, height: 900 };

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await imagesLoaded(page);
  // Let transitions and the editor's lint underlines settle.
  await page.waitForTimeout(300);
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
  console.log(`${path.relative(ROOT, file)}: ${Math.round(statSync(file).size / 1024)} KB`);
}

async function signIn(studio: StudioPage, server: TestServer, screenshot: boolean): Promise<void> {
  const { page } = studio;
  await page.goto(`${server.baseUrl}/studio/`);
  await page.getByLabel('API key or admin token').fill(server.adminToken);
  if (screenshot) await shoot(page, 'sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'New bot' }).waitFor();
}

async function desktop(browser: Browser, server: TestServer, botId: string, defaultId: string) {
  const studio = await openPage(browser, WIDE);
  const { page } = studio;
  const route = (hash: string) => page.goto(`${server.baseUrl}/studio/#${hash}`);
  try {
    await signIn(studio, server, true);
    await page.getByRole('link', { name: 'Coffee bar' }).waitFor();
    await shoot(page, 'bots');

    await route(`/bots/${botId}/versions`);
    await page.getByRole('region', { name: /^From / }).waitFor();
    await page.locator('.cm-changedLine, .cm-changedText').first().waitFor();
    await shoot(page, 'versions-diff');

    await route(`/bots/${botId}/playground`);
    const log = page.getByRole('log', { name: 'Conversation' });
    await page.getByLabel('Message').fill('Hi!');
    await page.getByRole('button', { name: 'Send' }).click();
    await log.getByRole('button', { name: 'Latte' }).click();
    await log.getByRole('button', { name: 'Add a croissant' }).waitFor();
    await shoot(page, 'playground');
    await log.getByRole('button', { name: 'Add a croissant' }).click();
    await log.getByText('The bot ended the conversation').waitFor();

    await route(`/bots/${botId}/conversations`);
    await page.getByRole('row').filter({ hasText: 'Studio chat' }).getByRole('link').click();
    await page.getByRole('list', { name: 'Transcript' }).getByText('coming right up').waitFor();
    await shoot(page, 'transcript', true);

    // Last, since it leaves the flow with unsaved changes: a typo, as a person would make it.
    await route(`/bots/${botId}/flows/${defaultId}`);
    const line = page.locator('.cm-line').filter({ hasText: 'say Image(' });
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 'Image'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('Imgae');
    await page.locator('.cm-content .cm-lintRange-error').waitFor();
    await page
      .getByRole('region', { name: 'Problems' })
      .getByText('function [Imgae] does not exist')
      .waitFor();
    await shoot(page, 'flow-editor', true);
    studio.expectNoProblems();
  } finally {
    await studio.close();
  }
}

async function phone(browser: Browser, server: TestServer, botId: string) {
  const studio = await openPage(browser, PHONE);
  const { page } = studio;
  try {
    await signIn(studio, server, false);
    await page.goto(`${server.baseUrl}/studio/#/bots/${botId}/playground`);
    const log = page.getByRole('log', { name: 'Conversation' });
    await page.getByLabel('Message').fill('Hello');
    await page.getByRole('button', { name: 'Send' }).click();
    await log.getByRole('button', { name: 'Tea' }).click();
    await log.getByRole('button', { name: 'Add a muffin' }).waitFor();
    await shoot(page, 'playground-phone');
    studio.expectNoProblems();
  } finally {
    await studio.close();
  }
}

async function main(): Promise<void> {
  if (!HAS_CHROMIUM) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: apt-get install chromium, or set PARLEY_TEST_CHROMIUM`,
    );
  }
  if (!existsSync(path.join(ROOT, 'dist/studio/index.html'))) {
    throw new Error('dist/studio/index.html is missing: run `npm run build` first');
  }
  mkdirSync(OUT, { recursive: true });
  const server = await startTestServer();
  const browser = await launchBrowser();
  try {
    const { botId, defaultId } = await showcaseBot(server);
    await desktop(browser, server, botId, defaultId);
    await phone(browser, server, botId);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
