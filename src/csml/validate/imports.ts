/** `import` declarations (csml.md §6.4). Only real `fn` declarations count as definitions. */
import type { ImportSource } from '../ast.js';
import type { BotModel, FlowModel } from './model.js';
import type { Report } from './report.js';

function modulePath(source: ImportSource): string {
  return source.name.startsWith('modules/') ? source.name : `modules/${source.name}`;
}

export function checkImports(flow: FlowModel, bot: BotModel, report: Report): void {
  const localNames = new Set<string>();
  for (const decl of flow.imports) {
    const from = decl.from;
    if (from?.kind === 'Module') {
      report.at(
        flow,
        'import_unsupported',
        `external modules are not supported: ${modulePath(from)}`,
        from.span,
        null,
      );
    }
    for (const item of decl.items) {
      const local = item.alias ?? item.name;

      if (localNames.has(local.name)) {
        report.at(flow, 'import_conflict', `duplicate import ${local.name}`, local.span, null);
      }
      localNames.add(local.name);

      if (flow.functions.has(local.name)) {
        report.at(
          flow,
          'import_conflict',
          `import failed a function named '${local.name}' already exist in current flow '${flow.name}'`,
          local.span,
          null,
        );
      }

      if (from?.kind === 'Module') continue;
      const fn = item.name.name;
      if (from) {
        const home = bot.findFlow(from.name);
        if (!home?.functions.has(fn)) {
          report.at(
            flow,
            'import_not_found',
            `import failed function '${fn}' not found in flow '${from.name}'`,
            item.name.span,
            null,
          );
        }
        continue;
      }

      const homes = bot.functionHomes(fn);
      const first = homes[0];
      if (!first) {
        report.at(
          flow,
          'import_not_found',
          `function '${fn}' not found in bot`,
          item.name.span,
          null,
        );
      } else if (homes.length > 1) {
        const names = homes.map((home) => `'${home.name}'`).join(', ');
        report.at(
          flow,
          'ambiguous_import',
          `function '${fn}' is defined in several flows (${names}); it is imported from the first, '${first.name}'`,
          item.name.span,
          null,
          'warning',
        );
      }
    }
  }
}
