/** `insert` declarations (csml.md §6.5). Only real step declarations can be inserted. */
import type { BotModel, FlowModel } from './model.js';
import type { Report } from './report.js';

export function checkInserts(flow: FlowModel, bot: BotModel, report: Report): void {
  const localNames = new Set<string>();
  for (const decl of flow.inserts) {
    const home = bot.findFlow(decl.from.name);
    for (const item of decl.items) {
      const local = item.alias ?? item.name;

      if (localNames.has(local.name)) {
        report.at(flow, 'insert_conflict', `duplicate insert ${local.name}`, local.span, null);
      }
      localNames.add(local.name);

      if (flow.steps.has(local.name)) {
        report.at(
          flow,
          'insert_conflict',
          `insert failed, a step named '${local.name}' already exist in current flow '${flow.name}'`,
          local.span,
          null,
        );
      }

      if (!home?.steps.has(item.name.name)) {
        report.at(
          flow,
          'insert_not_found',
          `insert failed, step '${item.name.name}' not found in flow '${decl.from.name}'`,
          item.name.span,
          null,
        );
      }
    }
  }
}
