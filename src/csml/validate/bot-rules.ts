/** Bot-level rules (csml.md §16, §14.5): flows present, default flow, `intentFlows`. */
import type { BotModel } from './model.js';
import type { Report } from './report.js';

export function checkBot(bot: BotModel, report: Report): void {
  const input = bot.input;
  if (bot.flows.length === 0) {
    report.bot('no_flows', 'bot must have at least one flow');
  } else if (!bot.findFlow(input.defaultFlow)) {
    report.bot('default_flow_missing', `default flow '${input.defaultFlow}' does not exist in bot`);
  }
  checkIntentFlows(bot, report);
}

function checkIntentFlows(bot: BotModel, report: Report): void {
  const intentFlows = bot.input.intentFlows;
  if (!intentFlows) return;
  for (const [intent, target] of Object.entries(intentFlows)) {
    if (!bot.input.intentNames.has(intent)) {
      report.bot(
        'invalid_intent_flow',
        `intentFlows: '${intent}' is not an intent of the bot's nlu`,
      );
    }
    if (typeof target !== 'string') {
      report.bot(
        'invalid_intent_flow',
        `intentFlows: intent '${intent}' must name a flow (name or id)`,
      );
    } else if (!bot.findFlow(target)) {
      report.bot(
        'invalid_intent_flow',
        `intentFlows: intent '${intent}' starts flow '${target}', which does not exist in bot`,
      );
    }
  }
}
