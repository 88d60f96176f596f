/**
 * Who answers a turn (conversations-api.md §7.1, §7.4): a flow bot (a version with flows),
 * or an LLM bot (no flows, an `llm` configuration) with its provider, model and system prompt.
 */
import type { BotVersion } from '../../engine/bot-version.js';
import { EngineError } from '../../engine/errors.js';
import { parseModelString } from '../../engine/llm/model-string.js';
import type { ModelChoice } from '../../engine/llm/model-string.js';
import type { LlmProvider } from '../../engine/llm/provider.js';
import type { BotRecord, SurfaceConversation } from '../../engine/store.js';
import { notFound } from './access.js';
import type { Context } from './context.js';
import type { Extensions } from './schemas.js';

export interface FlowAnswerer {
  readonly kind: 'flow';
  readonly version: BotVersion;
}

export interface LlmAnswerer {
  readonly kind: 'llm';
  readonly provider: LlmProvider;
  readonly model: ModelChoice;
  /** The bot's `llm.backstory` ('' when none). */
  readonly botBackstory: string;
}

export type Answerer = FlowAnswerer | LlmAnswerer;

export const NO_MODEL = 'this bot has no model configured';

/** The first model string that is set: request, conversation, bot, PARLEY_LLM_MODEL (§7.4). */
function chooseModel(ctx: Context, candidates: readonly (string | undefined)[]): ModelChoice {
  for (const candidate of [...candidates, ctx.config.llm.model]) {
    if (candidate === undefined || candidate.trim() === '') continue;
    const parsed = parseModelString(candidate);
    if (parsed) return parsed;
  }
  throw new EngineError('bad_request', NO_MODEL);
}

function stringMember(llm: BotRecord['llm'], key: string): string | undefined {
  const value = llm?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** An LLM answerer from a bot's `llm` (null: the environment's provider) and model choices. */
export function llmAnswerer(
  ctx: Context,
  bot: BotRecord | null,
  models: readonly (string | undefined)[],
): LlmAnswerer {
  const llm = bot?.llm ?? null;
  const model = chooseModel(ctx, [...models, stringMember(llm, 'model')]);
  const encrypted = stringMember(llm, 'apiKeyEncrypted');
  let apiKey = ctx.config.llm.apiKey;
  if (encrypted !== undefined) {
    try {
      apiKey = ctx.serverSecret.decrypt(encrypted);
    } catch {
      throw new EngineError(
        'bad_request',
        "this bot's LLM key cannot be read (it was stored under another server secret): set it again",
      );
    }
  }
  return {
    kind: 'llm',
    provider: ctx.provider({
      baseUrl: stringMember(llm, 'baseUrl') ?? ctx.config.llm.baseUrl,
      apiKey,
    }),
    model,
    botBackstory: stringMember(llm, 'backstory') ?? '',
  };
}

/** A flow answerer when `versionId` names a version of the bot with flows, else null. */
export async function flowAnswerer(
  ctx: Context,
  bot: { readonly orgId: string; readonly id: string },
  versionId: string | null,
): Promise<FlowAnswerer | null> {
  if (versionId === null) return null;
  const version = await ctx.builds.runnable(bot.orgId, bot.id, versionId);
  return version.flows.length > 0 ? { kind: 'flow', version } : null;
}

/** The answerer of a stored conversation's turns (§7.1: flow bot, else LLM bot, else 400). */
export async function conversationAnswerer(
  ctx: Context,
  conversation: SurfaceConversation,
): Promise<Answerer> {
  const { orgId, botId } = conversation;
  // A flow bot needs only its version; a conversation's bot exists as long as it does.
  const flow = await flowAnswerer(ctx, { orgId, id: botId }, conversation.versionId);
  if (flow) return flow;
  const bot = await ctx.store.getBot(orgId, botId);
  if (!bot) throw notFound();
  if (bot.llm === null) throw new EngineError('bad_request', NO_MODEL);
  return llmAnswerer(ctx, bot, [conversation.model]);
}

/** §7.4: backstory, then `extensions.backstory`, then each dataset record as `- <text>`. */
export function systemPrompt(backstory: string, extensions: Extensions | undefined): string {
  const parts = [backstory, extensions?.backstory ?? ''];
  const records = (extensions?.datasets ?? []).flatMap((d) => d.records.map((r) => `- ${r.text}`));
  if (records.length > 0) parts.push(records.join('\n'));
  return parts.filter((part) => part.trim() !== '').join('\n\n');
}
