/** `parley chat <path>`: talk to a bot in the terminal, or replay a script of user lines. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Command } from 'commander';

import type { Json } from '../../csml/json.js';
import { describeFsError, loadBot, NLU_FILE } from '../bot-folder.js';
import { NluDefinitionError } from '../../nlu/understand.js';
import type { LoadedBot } from '../bot-folder.js';
import { chatVersion } from '../chat/bot-version.js';
import { isSwitchOn } from '../../api/config.js';
import { BLOCKED_OUTBOUND, chatHost } from '../../engine/host.js';
import { remoteOutbound } from '../../engine/outbound.js';
import { arraySource, readlineSource, splitLines } from '../chat/lines.js';
import type { LineSource } from '../chat/lines.js';
import { parseMetadata } from '../chat/metadata.js';
import { CHAT_USER_KEY, ChatSession } from '../chat/session.js';
import { noStyle, stylerFor } from '../chat/style.js';
import type { CliContext } from '../context.js';
import { EXIT_FINDINGS, EXIT_INTERNAL, EXIT_USAGE } from '../exit-codes.js';
import { formatDiagnostic, formatSummary } from '../report.js';
import type { FileDiagnostic } from '../report.js';
import { diagnoseBot } from './validate.js';

const HELP_AFTER = `
The path is a bot, as for "parley validate": a .csml file (a one-flow bot), a bot folder
(bot.json, flows/<name>.csml) or the bot.json of one.

The chat opens with the bot's answer to an empty text event, as a client's first contact.
Each line you type is then sent as a text event. Buttons are numbered: type a number (or a
button's title) to click it, which sends its payload. Typing and Wait pause briefly. When the
bot ends the conversation, the next line starts its default flow again; memories last as long
as the chat. Blank lines are skipped; /quit or Ctrl-D leaves.

HTTP().send() and App() are refused ("request blocked by host policy") unless
PARLEY_ALLOW_REMOTE_FETCH is on (1, true, …); SMTP().send() is refused either way.

With --json, stdout holds one line per turn and nothing else:
  {"input": <the line, null for the opening turn>, "messages": [...], "end": <bool>}

Exit codes: 0 the chat ended, 1 the bot has errors (printed as "parley validate" does),
            2 bad usage or a path that cannot be read as a bot, 3 internal error.`;

interface ChatOptions {
  readonly script?: string;
  readonly json?: boolean;
  readonly metadata?: string;
  readonly verbose?: boolean;
  readonly debug?: boolean;
}

/** The process streams the chat reads from and whose terminal-ness it checks. */
export interface ChatStreams {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
}

const PROCESS_STREAMS: ChatStreams = {
  get stdin() {
    return process.stdin;
  },
  get stdout() {
    return process.stdout;
  },
};

export function chatCommand(ctx: CliContext, streams: ChatStreams = PROCESS_STREAMS): Command {
  return new Command('chat')
    .description('talk to a bot in the terminal, or replay a script of user lines')
    .argument('<path>', 'a .csml file, a bot folder or a bot.json file')
    .option('--script <file>', 'send the lines of FILE, one turn each, then exit')
    .option('--json', 'print one JSON object per turn on stdout, nothing else')
    .option('--metadata <json>', 'the _metadata of every turn: a JSON object')
    .option('--verbose', "print warnings, CSML log lines and each turn's position on stderr")
    .option('--debug', 'also print the intent and entities the NLU detected, on stderr')
    .addHelpText('after', HELP_AFTER)
    .action(async (botPath: string, options: ChatOptions) => {
      await chat(ctx, streams, botPath, options);
    });
}

function readScript(file: string): string[] | string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
    return splitLines(text);
  } catch (error) {
    if (error instanceof TypeError) return `${file}: error: is not valid UTF-8 text`;
    return `${file}: error: ${describeFsError(error)}`;
  }
}

/** Validates the bot as `parley validate` does; false (and the findings on stderr) on errors. */
function checkBot(ctx: CliContext, bot: LoadedBot, verbose: boolean): boolean {
  let found: FileDiagnostic[];
  try {
    found = diagnoseBot(bot);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.err(
      `${bot.botFile}: error: internal error while validating (please report it): ${message.split('\n')[0] ?? ''}\n`,
    );
    ctx.exit(EXIT_INTERNAL);
    return false;
  }
  const errors = found.filter((d) => d.severity === 'error').length;
  if (errors === 0 && !verbose) return true;
  for (const d of found) ctx.err(`${formatDiagnostic(d)}\n`);
  if (errors === 0) return true;
  ctx.err(`${formatSummary(errors, found.length - errors, bot.files.length, 0)}\n`);
  ctx.exit(EXIT_FINDINGS);
  return false;
}

async function chat(
  ctx: CliContext,
  streams: ChatStreams,
  botPath: string,
  options: ChatOptions,
): Promise<void> {
  const json = options.json === true;
  const verbose = options.verbose === true;
  let metadata: Readonly<Record<string, Json>> = {};
  if (options.metadata !== undefined) {
    const parsed = parseMetadata(options.metadata);
    if (typeof parsed === 'string') {
      ctx.err(`error: ${parsed}\n`);
      ctx.exit(EXIT_USAGE);
      return;
    }
    metadata = parsed;
  }
  let script: string[] | undefined;
  if (options.script !== undefined) {
    const read = readScript(options.script);
    if (typeof read === 'string') {
      ctx.err(`${read}\n`);
      ctx.exit(EXIT_USAGE);
      return;
    }
    script = read;
  }

  const loaded = loadBot(botPath);
  for (const note of loaded.notes) ctx.err(`${note}\n`);
  if (!loaded.ok) {
    for (const problem of loaded.problems) ctx.err(`${problem}\n`);
    ctx.exit(EXIT_USAGE);
    return;
  }
  const bot = loaded.bot;
  if (!checkBot(ctx, bot, verbose)) return;

  const { stdin, stdout } = streams;
  const interactive = script === undefined && !json && stdin.isTTY;
  const style = json ? noStyle : stylerFor(stdout);
  let lines: LineSource;
  if (script !== undefined) lines = arraySource(script);
  else if (interactive) lines = readlineSource(stdin, { output: stdout, prompt: '> ' });
  else lines = readlineSource(stdin);

  const log = verbose
    ? (line: string) => {
        ctx.err(`${line}\n`);
      }
    : undefined;
  if (interactive) {
    ctx.out(`${style(`Chatting with ${bot.name}. Type /quit or press Ctrl-D to leave.`, 'dim')}\n`);
  }
  let version;
  try {
    version = chatVersion(bot);
  } catch (error) {
    if (!(error instanceof NluDefinitionError)) throw error;
    for (const problem of error.problems) {
      ctx.err(
        `${path.join(path.dirname(bot.botFile), NLU_FILE)}: error: nlu${problem.field === '' ? '' : `.${problem.field}`} ${problem.message}\n`,
      );
    }
    ctx.exit(EXIT_FINDINGS);
    return;
  }
  const debug = options.debug === true || verbose;
  await new ChatSession({
    version,
    host: chatHost({
      appsEndpoint: bot.settings.appsEndpoint,
      log,
      // The client of chat's one conversation (session.ts): channel `chat`, its user key.
      client: { bot_id: version.botId, channel_id: 'chat', user_id: CHAT_USER_KEY },
      outbound: isSwitchOn(process.env.PARLEY_ALLOW_REMOTE_FETCH)
        ? remoteOutbound()
        : BLOCKED_OUTBOUND,
    }),
    metadata,
    lines,
    format: json ? 'json' : 'text',
    echo: !interactive && !json,
    pauses: interactive,
    style,
    out: ctx.out,
    err: ctx.err,
    exit: ctx.exit,
    trace: log,
    ...(debug && version.nlu
      ? {
          understood: (line: string) => {
            ctx.err(`${line}\n`);
          },
        }
      : {}),
  }).run();
}
