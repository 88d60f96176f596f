/**
 * Bots and their draft flows (studio-api.md §5, §6, §9.1): creation with default flows, edits
 * under the bot's row lock so that two requests cannot both take a flow name or a command,
 * the flow-name and command rules, and the write-only LLM key (stored encrypted).
 */
import type { Json } from '../csml/json.js';
import { nluDefinitionProblems } from '../nlu/definition.js';
import { checkBotRules } from './bot-rules.js';
import type { BotRuleFinding, RuleFlow } from './bot-rules.js';
import { EngineError, notFound } from './errors.js';
import { isUuid, newId } from './ids.js';
import type { BotRecord, FlowRecord, JsonObject, Repos, Store } from './store.js';

export interface FlowInput {
  readonly name: string;
  readonly content: string;
  readonly commands?: readonly string[] | undefined;
  readonly description?: string | null | undefined;
}

export interface FlowPatch {
  readonly name?: string | undefined;
  readonly content?: string | undefined;
  readonly commands?: readonly string[] | undefined;
  readonly description?: string | null | undefined;
}

/** `llm` as clients write it (studio-api.md §4.1); `apiKey` absent keeps the stored one. */
export interface LlmInput {
  readonly model: string;
  readonly baseUrl?: string | undefined;
  readonly apiKey?: string | null | undefined;
  readonly backstory?: string | undefined;
}

export interface BotPatch {
  readonly name?: string | undefined;
  readonly description?: string | null | undefined;
  /** A flow id or name of this bot. */
  readonly defaultFlow?: string | undefined;
  readonly env?: JsonObject | undefined;
  /** Merged key by key; a key set to null is removed. */
  readonly settings?: Readonly<Record<string, Json>> | undefined;
  readonly customComponents?: JsonObject | null | undefined;
  readonly nlu?: Json | undefined;
  readonly llm?: LlmInput | null | undefined;
}

export interface NewBot extends BotPatch {
  readonly name: string;
  /** Absent: one flow `Default`; `[]` only for an LLM bot (studio-api.md §6). */
  readonly flows?: readonly FlowInput[] | undefined;
}

export interface BotWithFlows {
  readonly bot: BotRecord;
  readonly flows: readonly FlowRecord[];
}

/** Encrypts LLM keys at rest (src/api/auth/server-secret.ts). */
export interface SecretBox {
  encrypt(text: string): string;
}

export const DEFAULT_FLOW_CONTENT = 'start:\n  say "Hello!"\n  goto end';

const MAX_NAME_BYTES = 255;

function trimCommands(commands: readonly string[] | undefined): string[] {
  return (commands ?? []).map((command) => command.trim());
}

/** 400 for an invalid name or command, 409 for a taken one, checked on the whole bot. */
function enforceRules(flows: readonly RuleFlow[], changedIndex: number): void {
  const findings = checkBotRules(flows).filter((f) => f.index === changedIndex);
  const first = findings[0];
  if (!first) return;
  throw ruleError(first, flows[changedIndex]);
}

function ruleError(finding: BotRuleFinding, flow: RuleFlow | undefined): EngineError {
  switch (finding.code) {
    case 'invalid_flow_name':
      return new EngineError('bad_request', finding.message, 'name');
    case 'invalid_command': {
      const index =
        flow?.commands.findIndex((c) => c.trim() === '' || Buffer.byteLength(c.trim()) > 255) ?? -1;
      return new EngineError(
        'bad_request',
        finding.message,
        index >= 0 ? `commands[${index}]` : 'commands',
      );
    }
    case 'duplicate_flow_name':
      return new EngineError('conflict', finding.message, 'name');
    case 'duplicate_command':
      return new EngineError('conflict', finding.message, 'commands');
  }
}

/** 400 with the member at fault for an `nlu` definition that cannot be trained (csml.md §18.2). */
function checkNlu(nlu: Json | undefined): void {
  if (nlu === undefined || nlu === null) return;
  const [problem] = nluDefinitionProblems(nlu);
  if (!problem) return;
  const field = problem.field === '' ? 'nlu' : `nlu.${problem.field}`;
  throw new EngineError('bad_request', `"${field}" ${problem.message}`, field);
}

function checkBotName(name: string): void {
  if (name.trim() === '' || Buffer.byteLength(name) > MAX_NAME_BYTES) {
    throw new EngineError(
      'bad_request',
      `"name" must be a non-empty string of at most ${MAX_NAME_BYTES} bytes`,
      'name',
    );
  }
}

export class BotService {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  async create(orgId: string, input: NewBot): Promise<BotWithFlows> {
    const { bot, flows } = this.prepare(orgId, input);
    await this.store.transaction((repos) => insertBot(repos, bot, flows));
    return { bot, flows };
  }

  private prepare(orgId: string, input: NewBot): BotWithFlows {
    checkBotName(input.name);
    checkNlu(input.nlu);
    const at = this.now();
    const botId = newId();
    const flowInputs: readonly FlowInput[] = input.flows ?? [
      { name: 'Default', content: DEFAULT_FLOW_CONTENT },
    ];
    if (flowInputs.length === 0 && !input.llm) {
      throw new EngineError(
        'bad_request',
        'a bot needs at least one flow ("flows": [] is allowed only with "llm", for an LLM bot)',
        'flows',
      );
    }
    const ruled = flowInputs.map((f) => ({ name: f.name, commands: trimCommands(f.commands) }));
    const finding = checkBotRules(ruled)[0];
    if (finding) {
      const error = ruleError(finding, ruled[finding.index]);
      throw new EngineError(error.code, error.message, `flows[${finding.index}].${error.field}`);
    }
    const flows: FlowRecord[] = flowInputs.map((flow, index) => ({
      id: newId(),
      orgId,
      botId,
      name: flow.name,
      description: flow.description ?? null,
      commands: ruled[index]?.commands ?? [],
      content: flow.content,
      createdAt: at,
      updatedAt: at,
    }));
    let defaultFlowId = flows[0]?.id ?? null;
    if (input.defaultFlow !== undefined) {
      const chosen = findFlow(flows, input.defaultFlow);
      if (!chosen) throw noSuchDefaultFlow(input.defaultFlow);
      defaultFlowId = chosen.id;
    }
    const bot: BotRecord = {
      id: botId,
      orgId,
      name: input.name,
      description: input.description ?? null,
      defaultFlowId,
      env: input.env ?? {},
      settings: mergeSettings({}, input.settings),
      customComponents: input.customComponents ?? {},
      nlu: input.nlu ?? null,
      llm: input.llm ? this.storedLlm(null, input.llm) : null,
      createdAt: at,
      updatedAt: at,
    };
    return { bot, flows };
  }

  /** `create` inside a caller's transaction (the first start makes everything in one). */
  async createIn(repos: Repos, orgId: string, input: NewBot): Promise<BotWithFlows> {
    const { bot, flows } = this.prepare(orgId, input);
    await insertBot(repos, bot, flows);
    return { bot, flows };
  }

  async get(orgId: string, botId: string): Promise<BotWithFlows> {
    const bot = await this.bot(this.store, orgId, botId);
    return { bot, flows: await this.store.listFlows(orgId, botId) };
  }

  list(orgId: string): Promise<BotRecord[]> {
    return this.store.listBots(orgId);
  }

  async update(orgId: string, botId: string, patch: BotPatch): Promise<BotWithFlows> {
    if (patch.name !== undefined) checkBotName(patch.name);
    checkNlu(patch.nlu);
    return this.store.transaction(async (repos) => {
      const bot = await this.lockedBot(repos, orgId, botId);
      const flows = await repos.listFlows(orgId, botId);
      let defaultFlowId = bot.defaultFlowId;
      if (patch.defaultFlow !== undefined) {
        const chosen = findFlow(flows, patch.defaultFlow);
        if (!chosen) throw noSuchDefaultFlow(patch.defaultFlow);
        defaultFlowId = chosen.id;
      }
      const updated: BotRecord = {
        ...bot,
        name: patch.name ?? bot.name,
        description: patch.description === undefined ? bot.description : patch.description,
        defaultFlowId,
        env: patch.env ?? bot.env,
        settings: mergeSettings(bot.settings, patch.settings),
        customComponents:
          patch.customComponents === undefined
            ? bot.customComponents
            : (patch.customComponents ?? {}),
        nlu: patch.nlu === undefined ? bot.nlu : patch.nlu,
        llm:
          patch.llm === undefined
            ? bot.llm
            : patch.llm === null
              ? null
              : this.storedLlm(bot.llm, patch.llm),
        updatedAt: this.now(),
      };
      await repos.updateBot(updated);
      return { bot: updated, flows };
    });
  }

  async delete(orgId: string, botId: string): Promise<void> {
    if (!isUuid(botId) || !(await this.store.deleteBot(orgId, botId))) throw notFound('bot');
  }

  async listFlows(orgId: string, botId: string): Promise<FlowRecord[]> {
    await this.bot(this.store, orgId, botId);
    return this.store.listFlows(orgId, botId);
  }

  async getFlow(orgId: string, botId: string, flowId: string): Promise<FlowRecord> {
    await this.bot(this.store, orgId, botId);
    const flow = isUuid(flowId) ? await this.store.getFlow(orgId, botId, flowId) : null;
    if (!flow) throw notFound('flow');
    return flow;
  }

  async createFlow(orgId: string, botId: string, input: FlowInput): Promise<FlowRecord> {
    return this.store.transaction(async (repos) => {
      const bot = await this.lockedBot(repos, orgId, botId);
      const flows = await repos.listFlows(orgId, botId);
      const commands = trimCommands(input.commands);
      enforceRules([...flows, { name: input.name, commands }], flows.length);
      const at = this.now();
      const flow: FlowRecord = {
        id: newId(),
        orgId,
        botId,
        name: input.name,
        description: input.description ?? null,
        commands,
        content: input.content,
        createdAt: at,
        updatedAt: at,
      };
      await repos.insertFlow(flow);
      // An LLM bot's first flow becomes its default flow (studio-api.md §6).
      if (bot.defaultFlowId === null) {
        await repos.updateBot({ ...bot, defaultFlowId: flow.id, updatedAt: at });
      }
      return flow;
    });
  }

  async updateFlow(
    orgId: string,
    botId: string,
    flowId: string,
    patch: FlowPatch,
  ): Promise<FlowRecord> {
    return this.store.transaction(async (repos) => {
      await this.lockedBot(repos, orgId, botId);
      const flows = await repos.listFlows(orgId, botId);
      const index = flows.findIndex((f) => f.id === flowId);
      const flow = flows[index];
      if (!flow) throw notFound('flow');
      const updated: FlowRecord = {
        ...flow,
        name: patch.name ?? flow.name,
        content: patch.content ?? flow.content,
        commands: patch.commands === undefined ? flow.commands : trimCommands(patch.commands),
        description: patch.description === undefined ? flow.description : patch.description,
        updatedAt: this.now(),
      };
      const ruled = flows.map((f, i) => (i === index ? updated : f));
      enforceRules(ruled, index);
      await repos.updateFlow(updated);
      return updated;
    });
  }

  async deleteFlow(orgId: string, botId: string, flowId: string): Promise<void> {
    await this.store.transaction(async (repos) => {
      const bot = await this.lockedBot(repos, orgId, botId);
      if (bot.defaultFlowId === flowId) {
        throw new EngineError(
          'conflict',
          'this flow is the default flow of the bot: set another default_flow first',
        );
      }
      if (!isUuid(flowId) || !(await repos.deleteFlow(orgId, botId, flowId))) {
        throw notFound('flow');
      }
    });
  }

  private async bot(repos: Repos, orgId: string, botId: string): Promise<BotRecord> {
    const bot = isUuid(botId) ? await repos.getBot(orgId, botId) : null;
    if (!bot) throw notFound('bot');
    return bot;
  }

  private async lockedBot(repos: Repos, orgId: string, botId: string): Promise<BotRecord> {
    const bot = isUuid(botId) ? await repos.lockBot(orgId, botId) : null;
    if (!bot) throw notFound('bot');
    return bot;
  }

  private storedLlm(previous: JsonObject | null, input: LlmInput): JsonObject {
    const stored: JsonObject = { model: input.model };
    if (input.baseUrl !== undefined) stored.baseUrl = input.baseUrl;
    if (input.backstory !== undefined) stored.backstory = input.backstory;
    if (typeof input.apiKey === 'string') {
      stored.apiKeyEncrypted = this.secrets.encrypt(input.apiKey);
    } else if (input.apiKey === undefined && typeof previous?.apiKeyEncrypted === 'string') {
      stored.apiKeyEncrypted = previous.apiKeyEncrypted;
    }
    return stored;
  }
}

async function insertBot(repos: Repos, bot: BotRecord, flows: readonly FlowRecord[]) {
  await repos.insertBot(bot);
  for (const flow of flows) await repos.insertFlow(flow);
}

/** A flow of the bot by id, else by name (case-insensitively, as flow names are unique so). */
export function findFlow<F extends { id: string; name: string }>(
  flows: readonly F[],
  idOrName: string,
): F | undefined {
  const lower = idOrName.toLowerCase();
  return flows.find((f) => f.id === idOrName) ?? flows.find((f) => f.name.toLowerCase() === lower);
}

function noSuchDefaultFlow(value: string): EngineError {
  return new EngineError(
    'bad_request',
    `"default_flow" must be the id or name of a flow of this bot; ${JSON.stringify(value)} is neither`,
    'default_flow',
  );
}

function mergeSettings(
  current: JsonObject,
  patch: Readonly<Record<string, Json>> | undefined,
): JsonObject {
  if (!patch) return current;
  const merged: JsonObject = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(merged, key);
    else merged[key] = value;
  }
  return merged;
}
