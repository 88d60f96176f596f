/**
 * `parley serve` (and `npm start`): one server process for every surface, configured by the
 * environment (ARCHITECTURE.md "Configuration"). On an empty database it prints the first-start
 * admin key and a curl line once; SIGTERM finishes in-flight turns, then exits.
 */
import { Command } from 'commander';

import { createApp } from '../../api/app.js';
import { readConfig } from '../../api/config.js';
import { firstStartBanner } from '../../api/first-start.js';
import { installSignalHandlers } from '../../api/server.js';
import type { CliContext } from '../context.js';
import { EXIT_USAGE } from '../exit-codes.js';

const HELP_AFTER = `
Settings come from environment variables (see the README): PORT (3000), HOST (127.0.0.1;
HOST=0.0.0.0 accepts other machines), PARLEY_DATA_DIR (./data), PARLEY_DATABASE_URL
(sqlite:PATH or postgres://…), PARLEY_ADMIN_TOKEN, PARLEY_LOG_LEVEL, …`;

/** The origin a person on this machine uses: a wildcard listen address is reached locally. */
function localOrigin(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

export function serveCommand(ctx: CliContext): Command {
  return new Command('serve')
    .description('run the Parley HTTP server (Studio, Textbots and Conversations APIs)')
    .addHelpText('after', HELP_AFTER)
    .action(async () => {
      let config;
      try {
        config = readConfig(process.env);
      } catch (error) {
        ctx.err(`parley serve: ${error instanceof Error ? error.message : String(error)}\n`);
        ctx.exit(EXIT_USAGE);
        return;
      }
      const app = await createApp({ config });
      const { port } = await app.server.listen();
      const origin = localOrigin(config.host, port);
      if (app.firstStart) ctx.out(`${firstStartBanner(app.firstStart, origin)}\n`);
      ctx.out(
        `Parley is listening on ${origin} (API docs: ${origin}/docs, Studio: ${origin}/studio/)\n`,
      );
      installSignalHandlers(app.server, app.store, app.server.logger);
    });
}
