import { Command, CommanderError } from 'commander';

import { chatCommand } from './commands/chat.js';
import { keysCommand } from './commands/keys.js';
import { migrateCommand } from './commands/migrate.js';
import { serveCommand } from './commands/serve.js';
import { validateCommand } from './commands/validate.js';
import type { CliContext } from './context.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { packageVersion } from '../engine/version.js';

/** One factory per subcommand, each in its own file under commands/. */
const COMMANDS: readonly ((ctx: CliContext) => Command)[] = [
  validateCommand,
  chatCommand,
  keysCommand,
  migrateCommand,
  serveCommand,
];

export function createProgram(ctx: CliContext): Command {
  const program = new Command('parley')
    .description('Parley: a self-hostable CSML bot platform')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpCommand('help [command]', 'print help for a command');
  for (const make of COMMANDS) program.addCommand(make(ctx));
  // Commander would call process.exit; make every command throw instead, so that run() decides.
  // Subcommands made with addCommand() inherit no settings: give each the same ones.
  for (const command of [program, ...program.commands]) {
    command
      .exitOverride()
      .configureOutput({ writeOut: ctx.out, writeErr: ctx.err })
      .helpOption('-h, --help', 'print help');
  }
  return program;
}

/** Runs the CLI on `argv` (as process.argv: node, script, args...) and returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const ctx: CliContext = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    exit: (code) => {
      exitCode = Math.max(exitCode, code);
    },
  };
  // `parley validate … | head` closes the pipe early: stop quietly, no stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    process.exit(error.code === 'EPIPE' ? exitCode : EXIT_INTERNAL);
  });
  try {
    await createProgram(ctx).parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every parse error (unknown option, missing argument) is usage.
      ctx.exit(error.exitCode === 0 ? EXIT_OK : EXIT_USAGE);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      ctx.err(`parley: internal error: ${message.split('\n')[0] ?? ''}\n`);
      ctx.exit(EXIT_INTERNAL);
    }
  }
  return exitCode;
}
