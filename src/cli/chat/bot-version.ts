/** A bot read from disk as the in-memory BotVersion that `parley chat` runs. */
import type { BotVersion } from '../../engine/bot-version.js';
import type { LoadedBot } from '../bot-folder.js';
import { Nlu, trainNlu } from '../../nlu/understand.js';

/** One version per chat process: the id only keys the engine's program cache. */
export const CHAT_VERSION_ID = 'parley-chat';

export function chatVersion(bot: LoadedBot): BotVersion {
  const { stepLimit, turnTimeoutMs, sessionTtlMinutes, intentFlows, appsEndpoint } = bot.settings;
  return {
    id: CHAT_VERSION_ID,
    botId: bot.name,
    name: bot.name,
    defaultFlow: bot.defaultFlow,
    // Unlisted flow files are flows without commands, as `parley validate` checks them.
    flows: bot.flows.map((flow) => ({
      id: flow.id ?? flow.name,
      name: flow.name,
      commands: flow.commands,
      content: flow.content,
    })),
    env: bot.env,
    settings: {
      ...(stepLimit === undefined ? {} : { stepLimit }),
      ...(turnTimeoutMs === undefined ? {} : { turnTimeoutMs }),
      ...(sessionTtlMinutes === undefined ? {} : { sessionTtlMinutes }),
      ...(intentFlows === undefined ? {} : { intentFlows }),
      ...(appsEndpoint === undefined ? {} : { appsEndpoint }),
    },
    customComponents: bot.customComponents,
    // Trained here, once per chat: NluDefinitionError for a definition that cannot be.
    nlu: bot.nlu === null ? null : new Nlu(trainNlu(bot.nlu)),
  };
}
