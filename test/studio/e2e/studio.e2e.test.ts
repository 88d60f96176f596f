/**
 * The web studio in a real browser (issue 8, deliverable 7): Chromium against a real server,
 * driven the way a person uses it, by role and label. The studio is the built bundle in
 * dist/studio that the server serves at /studio/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { startTestServer } from '../../api/harness.js';
import type { TestServer } from '../../api/harness.js';
import {
  PHONE,
  describeBrowser,
  horizontalOverflow,
  launchBrowser,
  openPage,
  tabTo,
} from './browser.js';
import type { StudioPage } from './browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const STUDIO_INDEX = path.join(ROOT, 'dist/studio/index.html');

/** What the editor's live diagnostics and the build must report for BROKEN_FLOW. */
const TYPO = { line: 3, column: 7, message: 'function [Questoin] does not exist' };

/** A flow with a typo on line 3 (column 7): typed into the editor key by key. */
const BROKEN_FLOW = [
  'start:',
  '  say "Hello from the studio test"',
  '  say Questoin("Pick a colour", buttons = [Button("Red") as red, Button("Blue") as blue])',
  '  hold',
  '  if (event.match(red)) say "You picked red"',
  '  else say "You picked blue"',
  '  goto end',
];

const FIXED_FLOW = BROKEN_FLOW.map((line) => line.replace('Questoin', 'Question'));

/**
 * Polls what the page shows until it matches. The page answers after the server and, in the
 * editor, after the validation debounce: on a loaded machine (the whole suite on two cores)
 * that can take longer than expect.poll's default second.
 */
function eventually<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: 15_000, interval: 100 });
}

let server: TestServer;
let browser: Browser;
/** What beforeAll started, to stop after the tests even when part of it failed. */
const closers: (() => Promise<void>)[] = [];

/** Pages opened by the running test, closed (and checked) after it. */
const opened: StudioPage[] = [];

async function open(viewport?: { width: number; height: number }): Promise<StudioPage> {
  const studio = await openPage(browser, viewport);
  opened.push(studio);
  return studio;
}

/** Closes the test's pages after checking that none had console errors or failed requests. */
async function closePages(): Promise<void> {
  const pages = opened.splice(0);
  try {
    for (const studio of pages) studio.expectNoProblems();
  } finally {
    for (const studio of pages) await studio.close();
  }
}

function studioUrl(base: string, route = ''): string {
  return `${base}/studio/${route === '' ? '' : `#${route}`}`;
}

async function signIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(studioUrl(base));
  await page.getByLabel('API key or admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await eventually(() => page.getByRole('button', { name: 'New bot' }).isVisible()).toBe(true);
}

/** A bot made through the API (for the tests that are not about creating one). */
async function createBot(name: string, flow: readonly string[], build: boolean): Promise<string> {
  const created = await server.request('POST', '/v1/bots', {
    body: { name, flows: [{ name: 'Default', content: flow.join('\n') + '\n' }] },
  });
  expect(created.status, created.text).toBe(201);
  const botId: string = created.body.id;
  if (build) {
    const built = await server.request('POST', `/v1/bots/${botId}/build`);
    expect(built.status, built.text).toBe(200);
  }
  return botId;
}

async function defaultFlowId(botId: string): Promise<string> {
  const flows = await server.request('GET', `/v1/bots/${botId}/flows`);
  expect(flows.status, flows.text).toBe(200);
  return flows.body.find((flow: { name: string }) => flow.name === 'Default').id;
}

/**
 * Replaces the editor's text by typing `lines` key by key, as a person would. The editor may
 * indent a new line by itself: each line first selects that indentation (Shift+Home) so that
 * typing the line replaces it. Closing brackets and quotes the editor inserts are typed over.
 */
async function typeFlow(page: Page, lines: readonly string[]): Promise<void> {
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  for (const [index, line] of lines.entries()) {
    if (index > 0) await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type(line);
  }
  expect(await editor.locator('.cm-line').allInnerTexts()).toEqual(lines);
}

describeBrowser('web studio in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(STUDIO_INDEX)) {
      throw new Error(
        `${STUDIO_INDEX} is missing: run \`npm run build\` (npm install runs it) to build the studio`,
      );
    }
    const [started, launched] = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (started.status === 'fulfilled') closers.push(() => started.value.close());
    if (launched.status === 'fulfilled') closers.push(() => launched.value.close());
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
    server = started.value;
    browser = launched.value;
  });

  afterAll(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('signs in, writes a flow with live diagnostics, builds, chats through a button and lists the conversation', async () => {
    try {
      const { page } = await open();
      await signIn(page, server.baseUrl, server.adminToken);

      await page.getByRole('button', { name: 'New bot' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name').fill('Colours');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('link', { name: 'Flows' }).click();
      await page.getByRole('link', { name: 'Default' }).click();

      await typeFlow(page, BROKEN_FLOW);
      const problems = page.getByRole('region', { name: 'Problems' });
      await eventually(() => problems.innerText()).toContain(TYPO.message);
      const problemText = await problems.innerText();
      expect(problemText).toContain('Default');
      expect(problemText).toContain(`${TYPO.line}:${TYPO.column}`);
      const underline = page.locator('.cm-content .cm-lintRange-error');
      await eventually(() => underline.allInnerTexts()).toEqual(['Questoin']);

      // The fix, as a person makes it: double-click the underlined word and retype it.
      await underline.dblclick();
      await page.keyboard.type('Question');
      expect(await page.locator('.cm-content .cm-line').allInnerTexts()).toEqual(FIXED_FLOW);
      await eventually(() => problems.innerText()).not.toContain(TYPO.message);
      await eventually(() => underline.count()).toBe(0);
      await eventually(() => problems.getByRole('status').innerText()).toBe('No problems');

      await page.getByRole('button', { name: 'Save' }).click();
      const saved = page.getByRole('status').filter({ hasText: /^Saved Default / });
      await eventually(() => saved.count()).toBe(1);
      await page.getByRole('button', { name: 'Build' }).click();
      const built = page.getByRole('status').filter({ hasText: /^Built / });
      await eventually(() => built.count()).toBe(1);

      await page.getByRole('link', { name: 'Playground' }).click();
      const log = page.getByRole('log', { name: 'Conversation' });
      await page.getByLabel('Message').fill('hi there');
      await page.getByRole('button', { name: 'Send' }).click();
      await eventually(() => log.innerText()).toContain('Pick a colour');
      expect(await log.innerText()).toContain('Hello from the studio test');
      await log.getByRole('button', { name: 'Red' }).click();
      await eventually(() => log.innerText()).toContain('You picked red');

      await eventually(() => log.innerText()).toContain('The bot ended the conversation');

      await page.getByRole('link', { name: 'Conversations' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Studio chat' });
      await eventually(() => row.count()).toBe(1);
      await row.getByRole('link').click();
      const transcript = page.getByRole('list', { name: 'Transcript' });
      await eventually(() => transcript.innerText()).toContain('You picked red');
      const text = await transcript.innerText();
      for (const said of ['hi there', 'Hello from the studio test', 'Pick a colour', 'Red']) {
        expect(text).toContain(said);
      }
      await page.getByRole('link', { name: 'Back to conversations' }).click();
      await eventually(() => row.count()).toBe(1);
    } finally {
      await closePages();
    }
  });

  it('says so when the token is wrong', async () => {
    try {
      const studio = await open();
      const { page } = studio;
      studio.allow(/\/v1\/bots\b.*(HTTP 401|status of 401)|status of 401.*\/v1\/bots\b/);
      await page.goto(studioUrl(server.baseUrl));
      await page.getByLabel('API key or admin token').fill('pk_NOTAKEY.wrong');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await eventually(() => page.getByRole('alert').allInnerTexts()).toEqual([
        'Sign-in failed: Invalid API key or secret',
      ]);
      expect(await page.getByRole('button', { name: 'New bot' }).count()).toBe(0);
      expect(studio.problems.some((line) => line.includes('HTTP 401'))).toBe(true);
    } finally {
      await closePages();
    }
  });

  it('shows the errors of a build of an invalid bot', async () => {
    try {
      const botId = await createBot('Broken', BROKEN_FLOW, false);
      const flowId = await defaultFlowId(botId);
      const studio = await open();
      const { page } = studio;
      studio.allow(/\/build\b.*HTTP 422|status of 422/);
      await signIn(page, server.baseUrl, server.adminToken);
      await page.goto(studioUrl(server.baseUrl, `/bots/${botId}/flows/${flowId}`));
      await page.getByRole('button', { name: 'Build' }).click();
      const refused = page.getByRole('alert').filter({ hasText: 'Build refused' });
      await eventually(() => refused.count()).toBe(1);
      const said = await refused.innerText();
      expect(said).toContain('the bot has 1 error');
      expect(said).toContain(`Default ${TYPO.line}:${TYPO.column} ${TYPO.message}`);
      expect(await page.getByRole('region', { name: 'Problems' }).innerText()).toContain(
        TYPO.message,
      );
      expect(
        await page
          .getByRole('status')
          .filter({ hasText: /^Built / })
          .count(),
      ).toBe(0);
    } finally {
      await closePages();
    }
  });

  it('shows a readable message when the server cannot be reached', async () => {
    const own = await startTestServer();
    let closed = false;
    try {
      const studio = await open();
      const { page } = studio;
      await signIn(page, own.baseUrl, own.adminToken);
      await own.close();
      closed = true;
      studio.allow(/net::ERR_CONNECTION_REFUSED/);
      await page.getByRole('button', { name: 'New bot' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name').fill('Unreachable');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await eventually(() => dialog.getByRole('alert').allInnerTexts()).toEqual([
        'Parley could not be reached: is the server running?',
      ]);
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      // A page that loads nothing says why, instead of staying blank.
      await page.goto(studioUrl(own.baseUrl, `/bots/${own.demoBotId}/conversations`));
      const alert = page.getByRole('alert');
      await eventually(() => alert.count()).toBe(1);
      expect(await alert.innerText()).toContain(
        'Could not open this bot: Parley could not be reached: is the server running?',
      );
      expect(await alert.getByRole('button', { name: 'Retry' }).count()).toBe(1);
    } finally {
      if (!closed) await own.close();
      await closePages();
    }
  });

  it('fits a phone screen: the flow editor and the playground', async () => {
    try {
      const botId = await createBot('Phone', FIXED_FLOW, true);
      const flowId = await defaultFlowId(botId);
      const { page } = await open(PHONE);
      await signIn(page, server.baseUrl, server.adminToken);
      await page.goto(studioUrl(server.baseUrl, `/bots/${botId}/flows/${flowId}`));
      await eventually(() => page.locator('.cm-content').innerText()).toContain('Pick a colour');
      expect(await horizontalOverflow(page)).toBe(0);

      await page.goto(studioUrl(server.baseUrl, `/bots/${botId}/playground`));
      await page.getByLabel('Message').fill('hello');
      await page.getByRole('button', { name: 'Send' }).click();
      const log = page.getByRole('log', { name: 'Conversation' });
      await eventually(() => log.getByRole('button', { name: 'Blue' }).count()).toBe(1);
      expect(await horizontalOverflow(page)).toBe(0);
    } finally {
      await closePages();
    }
  });

  it('signs in and chats with the keyboard only', async () => {
    try {
      const botId = await createBot('Keyboard', FIXED_FLOW, true);
      const { page } = await open();
      await page.goto(studioUrl(server.baseUrl));
      const token = page.getByLabel('API key or admin token');
      await tabTo(page, token, 'the token field');
      await page.keyboard.type(server.adminToken);
      await page.keyboard.press('Enter');
      await eventually(() => page.getByRole('button', { name: 'New bot' }).isVisible()).toBe(true);

      await page.goto(studioUrl(server.baseUrl, `/bots/${botId}/playground`));
      const message = page.getByLabel('Message');
      await tabTo(page, message, 'the message field');
      await page.keyboard.type('hello');
      await page.keyboard.press('Enter');
      const log = page.getByRole('log', { name: 'Conversation' });
      const blue = log.getByRole('button', { name: 'Blue' });
      await eventually(() => blue.count()).toBe(1);
      // The bot's buttons come before the message field: Shift+Tab goes back to them.
      await tabTo(page, blue, 'the Blue button', { backwards: true });
      await page.keyboard.press('Enter');
      await eventually(() => log.innerText()).toContain('You picked blue');
    } finally {
      await closePages();
    }
  });
});
