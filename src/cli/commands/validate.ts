/** `parley validate <paths...> [--json]`: parse and check CSML bots, print their diagnostics. */
import { Command } from 'commander';

import type { Diagnostic } from '../../csml/diagnostics.js';
import { validateBot } from '../../csml/validate/index.js';
import { loadBot, toBotSource } from '../bot-folder.js';
import type { LoadedBot } from '../bot-folder.js';
import type { CliContext } from '../context.js';
import { EXIT_FINDINGS, EXIT_INTERNAL, EXIT_USAGE } from '../exit-codes.js';
import { formatDiagnostic, formatSummary, toJson } from '../report.js';
import type { FileDiagnostic } from '../report.js';

const HELP_AFTER = `
Each path is validated as its own bot:
  flow.csml        a one-flow bot; the flow is named after the file
  folder           a bot folder: bot.json, flows/<name>.csml, optional nlu.json
  folder/bot.json  the same bot folder

Output: one line per finding, "path(line,col): error|warning CODE: message",
then a summary line. With --json, stdout holds only a JSON array of the findings.

Exit codes: 0 no errors (warnings allowed), 1 errors found,
            2 bad usage or a path that cannot be read as a bot, 3 internal error.`;

export function validateCommand(ctx: CliContext): Command {
  return new Command('validate')
    .description('check CSML bots and print their errors and warnings')
    .argument('<paths...>', 'a .csml file, a bot folder or a bot.json file')
    .option('--json', 'print the findings as one JSON array on stdout, nothing else')
    .addHelpText('after', HELP_AFTER)
    .action((paths: string[], options: { json?: boolean }) => {
      validatePaths(ctx, paths, options.json === true);
    });
}

/** Finds of one bot, each placed in the file it is about, in file then position order. */
export function diagnoseBot(bot: LoadedBot): FileDiagnostic[] {
  const diagnostics: Diagnostic[] = validateBot(toBotSource(bot));
  const fileOf = new Map<string, string>();
  const fileOfLower = new Map<string, string>();
  for (const flow of bot.flows) {
    fileOf.set(flow.name, flow.file);
    if (!fileOfLower.has(flow.name.toLowerCase())) {
      fileOfLower.set(flow.name.toLowerCase(), flow.file);
    }
  }
  const placed: FileDiagnostic[] = diagnostics.map((d) => ({
    ...d,
    file:
      d.flow === null
        ? bot.botFile
        : (fileOf.get(d.flow) ?? fileOfLower.get(d.flow.toLowerCase()) ?? bot.botFile),
  }));
  const rank = new Map<string, number>([[bot.botFile, 0]]);
  for (const flow of bot.flows) if (!rank.has(flow.file)) rank.set(flow.file, rank.size);
  return [...bot.findings, ...placed].sort(
    (a, b) =>
      (rank.get(a.file) ?? 0) - (rank.get(b.file) ?? 0) || a.line - b.line || a.column - b.column,
  );
}

function validatePaths(ctx: CliContext, paths: readonly string[], json: boolean): void {
  const all: FileDiagnostic[] = [];
  let files = 0;
  let skipped = 0;
  for (const userPath of paths) {
    const result = loadBot(userPath);
    for (const note of result.notes) ctx.err(`${note}\n`);
    if (!result.ok) {
      for (const problem of result.problems) ctx.err(`${problem}\n`);
      skipped += 1;
      ctx.exit(EXIT_USAGE);
      continue;
    }
    let found: FileDiagnostic[];
    try {
      found = diagnoseBot(result.bot);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.err(
        `${result.bot.botFile}: error: internal error while validating (please report it): ${message.split('\n')[0] ?? ''}\n`,
      );
      skipped += 1;
      ctx.exit(EXIT_INTERNAL);
      continue;
    }
    files += result.bot.files.length;
    all.push(...found);
    if (!json) for (const d of found) ctx.out(`${formatDiagnostic(d)}\n`);
  }
  const errors = all.filter((d) => d.severity === 'error').length;
  if (json) ctx.out(`${JSON.stringify(all.map(toJson), null, 2)}\n`);
  else ctx.out(`${formatSummary(errors, all.length - errors, files, skipped)}\n`);
  if (errors > 0) ctx.exit(EXIT_FINDINGS);
}
