/** `parley chat`, run as users run it: the built CLI with --script, --json, piped stdin. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CLI, ROOT, ensureBuilt, lines, runCli } from './run-cli.js';
import type { CliResult } from './run-cli.js';

const BOTS = 'test/fixtures/bots';
const GREETING = `${BOTS}/greeting`;
const EXAMPLES = '/work/shared/conformance/csml/interpreter/CSML/examples';

beforeAll(async () => {
  await ensureBuilt();
});

const scratch = mkdtempSync(path.join(tmpdir(), 'parley-chat-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let files = 0;
/** Writes `text` to a new file of the scratch folder and returns its path. */
function scratchFile(text: string, extension = '.txt'): string {
  const file = path.join(scratch, `file-${files++}${extension}`);
  writeFileSync(file, text);
  return file;
}

/** `parley chat <bot> --script <the lines> ...extra`. */
function chat(bot: string, inputs: readonly string[], extra: readonly string[] = []): CliResult {
  return runCli([
    'chat',
    bot,
    '--script',
    scratchFile(inputs.map((l) => `${l}\n`).join('')),
    ...extra,
  ]);
}

/** `parley chat <args>` with `input` piped to stdin. */
function chatPiped(args: readonly string[], input: string): CliResult {
  const result = spawnSync(process.execPath, [CLI, 'chat', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Turn {
  readonly input: string | null;
  readonly messages: readonly { readonly content_type: string; readonly content: unknown }[];
  readonly end: boolean;
}

/** The --json output: one object per line, each exactly {input, messages, end}. */
function turns(stdout: string): Turn[] {
  return lines(stdout).map((line) => {
    const turn = JSON.parse(line) as Turn;
    expect(Object.keys(turn)).toEqual(['input', 'messages', 'end']);
    for (const message of turn.messages) {
      expect(Object.keys(message)).toEqual(['content_type', 'content']);
    }
    return turn;
  });
}

const texts = (turn: Turn | undefined): unknown[] =>
  (turn?.messages ?? []).map((m) =>
    m.content_type === 'text' ? (m.content as { text: unknown }).text : m.content_type,
  );

const MENU = ['What would you like?', '  [1] Tell a joke', '  [2] Shop', '  [3] Bye'];

describe('parley chat: transcripts', () => {
  it('opens with the bot, numbers buttons, remembers, follows a goto into another flow', () => {
    const r = chat(GREETING, ['Ada', '2', '1', '', '/start', 'tell a JOKE', '3', '/quit', 'never']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      'Hello! I am the greeting bot.',
      'What is your name?',
      '> Ada',
      'Nice to meet you, Ada.',
      ...MENU,
      '> 2',
      '→ Shop',
      '[card 1/2] Coffee',
      '  2.50 EUR',
      '  [1] Buy coffee',
      '[card 2/2] Tea',
      '  2.00 EUR',
      '  [2] Buy tea',
      '[link] Our shop: https://shop.example.com',
      '> 1',
      '→ Buy coffee',
      'One coffee for Ada, coming up.',
      '(conversation ended)',
      // The blank line is skipped; the name is still remembered in the new conversation.
      '> /start',
      'Hello! I am the greeting bot.',
      'Welcome back, Ada!',
      ...MENU,
      // A button's title, in any case, clicks it (its payload is "joke").
      '> tell a JOKE',
      'Why did the developer go broke? Because he used up all his cache.',
      ...MENU,
      '> 3',
      '→ Bye',
      'Goodbye, Ada!',
      '(conversation ended)',
    ]);
  });

  it('renders every kind of message, and refuses outbound requests', () => {
    const r = chat(`${BOTS}/showcase.csml`, ['1'], ['--metadata', '{"firstname": "Ada"}']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      'Every kind of message:',
      '42',
      '{"size":"large","toppings":["cheese"]}',
      '[image] https://example.com/cat.png',
      '[video] https://example.com/cat.mp4 (service: youtube)',
      '[audio] https://example.com/meow.mp3',
      '[file] https://example.com/cat.pdf',
      '[link] The docs: https://example.com/docs',
      '[debug] user: Ada',
      '[card] A card',
      '  with a subtitle',
      '  [1] Pick me',
      '> 1',
      '→ Pick me',
      'You sent a payload event: picked',
      'error: request blocked by host policy: GET https://api.example.com/weather at line 17, column 55 at flow [showcase]',
      'error: < missing_variable > is used before it was saved in memory at line 18, column 7 at flow [showcase]',
      'null',
      '(the bot asked for a human agent: billing)',
      '(conversation ended)',
    ]);
  });

  it('prints logs, warnings and turn positions on stderr with --verbose', () => {
    const r = chat(`${BOTS}/showcase.csml`, [], ['--verbose']);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      '[log info] showcase shown',
      '[turn 1] 11 messages; flow showcase, step start: waiting for input',
    ]);
    const warned = chat(`${EXAMPLES}/factorial.csml`, [], ['--verbose']);
    expect(warned.stderr).toContain('warning possible_infinite_loop');
    expect(warned.stderr).toContain('[turn 1] 2 messages; conversation ended');
  });

  it('starts a flow by its command and shows custom components with their buttons', () => {
    const r = chat(`${BOTS}/shop`, ['/order', 'coffee', 'yes', '/help', 'hi']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).slice(4)).toEqual([
      '> /order',
      'What would you like to order?',
      '> coffee',
      'Your coffee costs 2.50 EUR.',
      '[Component.quickreply] Anything else?',
      '  [1] Yes',
      '  [2] No',
      '> yes',
      'What would you like to order?',
      '> /help',
      'How can we help? Type your question.',
      '> hi',
      'Thanks, we will answer soon. A coffee costs 2.50 meanwhile.',
      '(conversation ended)',
    ]);
  });

  it('reads the lines of a pipe when there is no script', () => {
    const r = chatPiped([GREETING], 'Ada\r\n3\n');
    expect(r.code).toBe(0);
    expect(lines(r.stdout).slice(2, 4)).toEqual(['> Ada', 'Nice to meet you, Ada.']);
    expect(lines(r.stdout).slice(-3)).toEqual(['→ Bye', 'Goodbye, Ada!', '(conversation ended)']);
  });

  it('reports a fatal error, ends the conversation and goes on', () => {
    const bot = scratchFile('start:\n  say "looping"\n  while (true) { do x = 1 }\n', '.csml');
    const r = chat(bot, ['again']);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(7);
    expect(out[0]).toBe('looping');
    expect(out[1]).toMatch(/^error: .* at line 0, column 0 at flow \[file-\d+\]$/);
    expect(out.slice(2, 4)).toEqual(['(conversation ended)', '> again']);
  });
});

describe('parley chat --json', () => {
  it('prints exactly one {input, messages, end} object per turn', () => {
    const r = chat(GREETING, ['Ada', 'Shop', '2', '/shop'], ['--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const all = turns(r.stdout);
    expect(all.map((t) => [t.input, t.end])).toEqual([
      [null, false],
      ['Ada', false],
      ['Shop', false],
      ['2', true],
      ['/shop', false],
    ]);
    expect(texts(all[0])).toEqual(['Hello! I am the greeting bot.', 'What is your name?']);
    expect(all[1]?.messages[1]).toEqual({
      content_type: 'question',
      content: {
        title: 'What would you like?',
        buttons: [
          {
            content_type: 'button',
            content: { title: 'Tell a joke', payload: 'joke', accepts: ['Tell a joke', 'joke'] },
          },
          {
            content_type: 'button',
            content: { title: 'Shop', payload: 'Shop', accepts: ['Shop', 'Shop'] },
          },
          {
            content_type: 'button',
            content: { title: 'Bye', payload: 'Bye', accepts: ['Bye', 'Bye'] },
          },
        ],
      },
    });
    expect(texts(all[2])).toEqual(['typing', 'carousel', 'url']);
    // "2" clicked "Buy tea": its payload reached the bot.
    expect(texts(all[3])).toEqual(['One tea for Ada, coming up.']);
    expect(texts(all[4])).toEqual(['typing', 'carousel', 'url']);
  });

  it('passes --metadata to the bot as _metadata', () => {
    const r = chat(
      `${EXAMPLES}/metadata.csml`,
      [],
      ['--json', '--metadata', '{"firstname":"Ada"}'],
    );
    expect(r.code).toBe(0);
    expect(texts(turns(r.stdout)[0])[0]).toBe('Hello Ada');
  });
});

describe('parley chat: every example bot of the conformance folder', () => {
  const examples = readdirSync(EXAMPLES).filter((name) => name.endsWith('.csml'));

  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of examples) {
    it(`chats with ${name}`, () => {
      const file = path.join(EXAMPLES, name);
      const inputs = ['hello', '1', 'what?', '/quit'];
      const r = chat(file, inputs, ['--json', '--metadata', '{"firstname": "Ada"}']);
      if (name === 'module.csml') {
        // `import ... from modules/...` is not supported: the bot is invalid, as validate says.
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain('error import_unsupported');
        return;
      }
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const all = turns(r.stdout);
      expect(all.map((t) => t.input)).toEqual([null, 'hello', '1', 'what?']);
      expect(all[0]?.messages.length).toBeGreaterThan(0);
      const text = chat(file, inputs);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('> what?');
    });
  }
});

describe('parley chat: errors and usage', () => {
  it('prints the findings of an invalid bot as validate does and exits 1', () => {
    const r = chat(`${BOTS}/invalid`, ['hello']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = lines(r.stderr);
    expect(err).toContain(
      `${BOTS}/invalid/flows/main.csml(14,1): error duplicate_step: duplicate step start`,
    );
    expect(err.at(-1)).toBe('6 errors, 2 warnings in 4 files');
  });

  it('exits 2 on a path that is no bot, a missing script or a bad --metadata', () => {
    expect(runCli(['chat', `${BOTS}/nope`])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${BOTS}/nope: error: no such file or folder\n`,
    });
    expect(runCli(['chat', GREETING, '--script', `${BOTS}/nope.txt`])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${BOTS}/nope.txt: error: no such file or folder\n`,
    });
    expect(runCli(['chat', GREETING, '--metadata', '[1, 2]'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: --metadata must be a JSON object, such as '{"firstname": "Ada"}'\n`,
    });
    const invalid = runCli(['chat', GREETING, '--metadata', '{firstname: Ada}']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^error: --metadata is not valid JSON: /);
    expect(runCli(['chat']).code).toBe(2);
  });

  it('is listed in the help and documents its options', () => {
    expect(runCli(['--help']).stdout).toMatch(/^ {2}chat \[options\] <path>/m);
    const r = runCli(['chat', '--help']);
    expect(r.code).toBe(0);
    for (const option of ['--script <file>', '--json', '--metadata <json>', '--verbose']) {
      expect(r.stdout).toContain(option);
    }
  });
});

/** An interactive chat in a real terminal, driven through tmux (skipped when tmux is missing). */
const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
if (!hasTmux) {
  console.warn('\n*** WARNING: tmux not found; skipping the interactive parley chat test ***\n');
}

describe.skipIf(!hasTmux)('parley chat in a terminal', () => {
  const socket = `parley-chat-test-${process.pid}`;
  const tmux = (...args: string[]) =>
    spawnSync('tmux', ['-L', socket, ...args], { cwd: ROOT, encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', 'chat').stdout;

  afterAll(() => {
    tmux('kill-server');
  });

  /** Waits until the screen shows `text` (tmux drops spaces at line ends); returns the screen. */
  async function waitFor(text: string): Promise<string> {
    const started = Date.now();
    for (;;) {
      const shown = screen();
      if (shown.includes(text)) return shown;
      if (Date.now() - started > 15_000) throw new Error(`never shown: ${text}\n${shown}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('prompts, picks buttons by number and leaves on Ctrl-D', async () => {
    const command = `NO_COLOR=1 ${process.execPath} ${CLI} chat ${GREETING}; echo "exit code $?"; sleep 60`;
    expect(tmux('new-session', '-d', '-s', 'chat', '-x', '100', '-y', '50', command).status).toBe(
      0,
    );
    await waitFor('What is your name?\n>');
    tmux('send-keys', '-t', 'chat', 'Ada', 'Enter');
    await waitFor('  [3] Bye\n>');
    tmux('send-keys', '-t', 'chat', '1', 'Enter');
    await waitFor(`cache.\n${MENU.join('\n')}\n>`);
    tmux('send-keys', '-t', 'chat', 'C-d');
    const shown = await waitFor('exit code');
    expect(lines(shown.trimEnd())).toEqual([
      'Chatting with greeting. Type /quit or press Ctrl-D to leave.',
      'Hello! I am the greeting bot.',
      'What is your name?',
      '> Ada',
      'Nice to meet you, Ada.',
      ...MENU,
      '> 1',
      '→ Tell a joke',
      'Why did the developer go broke? Because he used up all his cache.',
      ...MENU,
      '>',
      'exit code 0',
    ]);
  });
});
