/**
 * Validate and build (studio-api.md §5.9–5.12): diagnostics of a draft or of a bot given in a
 * request, immutable BotVersions with a content hash, and the BotVersion the engine runs from a
 * stored version (cached by id: a version never changes).
 */
import { createHash } from 'node:crypto';

import type { ComponentSet } from '../csml/components/schema.js';
import type { Diagnostic } from '../csml/diagnostics.js';
import type { Json } from '../csml/json.js';
import { stringifyJson } from '../csml/json.js';
import { validateBot } from '../csml/validate/index.js';
import { checkBotRules } from './bot-rules.js';
import type { BotVersion } from './bot-version.js';
import { findFlow } from './bots.js';
import { EngineError, notFound } from './errors.js';
import { isUuid, newId } from './ids.js';
import type { BotRecord, FlowRecord, JsonObject, Repos, Store, VersionRecord } from './store.js';
import { packageVersion } from './version.js';
import { trainNluInWorker } from './nlu-training.js';
import { Nlu, NluDefinitionError } from '../nlu/understand.js';
import type { TrainedNlu } from '../nlu/understand.js';

/** A bot as validate reads it: a draft, or a bot object sent to POST …/validate. */
export interface DraftBot {
  readonly name: string;
  /** Id or name of a flow, or null (an LLM bot). */
  readonly defaultFlow: string | null;
  readonly flows: readonly {
    readonly id?: string | undefined;
    readonly name: string;
    readonly content: string;
    readonly commands?: readonly string[] | undefined;
  }[];
  readonly settings: JsonObject;
  readonly customComponents: JsonObject;
  readonly nlu: Json | null;
}

export interface ValidationResult {
  readonly valid: boolean;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

/** What a version holds (ARCHITECTURE.md: BotVersion), as stored in `snapshot`. */
export interface VersionSnapshot {
  readonly name: string;
  readonly defaultFlowId: string;
  readonly flows: readonly {
    readonly id: string;
    readonly name: string;
    readonly description: string | null;
    readonly commands: readonly string[];
    readonly content: string;
  }[];
  readonly env: JsonObject;
  readonly settings: JsonObject;
  readonly customComponents: JsonObject;
  readonly nlu: Json | null;
  /** The trained NLU (understand.ts), stored with the version; not part of the content hash. */
  readonly nluModel?: TrainedNlu | null;
}

/** Diagnostics of the CSML front end plus the bot rules (studio-api.md §6) on `draft`. */
export function validateDraft(draft: DraftBot): ValidationResult {
  const defaultFlow =
    draft.defaultFlow === null
      ? ''
      : (findFlow(
          draft.flows.map((f, i) => ({ id: f.id ?? `#${i}`, name: f.name })),
          draft.defaultFlow,
        )?.name ?? draft.defaultFlow);
  const diagnostics: Diagnostic[] = validateBot({
    name: draft.name,
    defaultFlow,
    flows: draft.flows.map((f) => ({
      ...(f.id === undefined ? {} : { id: f.id }),
      name: f.name,
      content: f.content,
      commands: f.commands ?? [],
    })),
    customComponents: draft.customComponents as unknown as ComponentSet,
    settings: draft.settings,
    nlu: isNlu(draft.nlu) ? draft.nlu : null,
  });
  const rules: Diagnostic[] = checkBotRules(
    draft.flows.map((f) => ({ name: f.name, commands: (f.commands ?? []).map((c) => c.trim()) })),
  ).map((finding) => ({
    code: finding.code as Diagnostic['code'],
    severity: 'error',
    message: finding.message,
    flow: finding.flow,
    step: null,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  }));
  const all = [...rules, ...diagnostics];
  const errors = all.filter((d) => d.severity === 'error');
  return {
    valid: errors.length === 0,
    errors,
    warnings: all.filter((d) => d.severity !== 'error'),
  };
}

function isNlu(value: Json | null): value is { intents?: { name: string }[] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function draftOf(bot: BotRecord, flows: readonly FlowRecord[]): DraftBot {
  return {
    name: bot.name,
    defaultFlow: bot.defaultFlowId,
    flows,
    settings: bot.settings,
    customComponents: bot.customComponents,
    nlu: bot.nlu,
  };
}

/** SHA-256 over the canonical JSON of what a version runs: equal drafts, equal hashes. */
export function contentHash(snapshot: VersionSnapshot): string {
  return createHash('sha256')
    .update(stringifyJson(canonical(snapshot as unknown as Json)))
    .digest('hex');
}

function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const sorted: Record<string, Json> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, Json>)[key];
      if (item !== undefined) sorted[key] = canonical(item);
    }
    return sorted;
  }
  return value;
}

const MAX_CACHED_VERSIONS = 512;

/** buildIn's answer when the draft is no longer the one the model was trained on. */
export const CHANGED = Symbol('draft changed');

interface PlannedVersion {
  readonly snapshot: VersionSnapshot;
  readonly validation: ValidationResult;
  readonly hasDefaultFlow: boolean;
}

/** What a build of this draft would hold (without the trained model), and its diagnostics. */
function snapshotOf(bot: BotRecord, flows: readonly FlowRecord[]): PlannedVersion {
  return {
    snapshot: {
      name: bot.name,
      defaultFlowId: bot.defaultFlowId ?? '',
      flows: flows.map((f) => ({
        id: f.id,
        name: f.name,
        description: f.description,
        commands: f.commands,
        content: f.content,
      })),
      env: bot.env,
      settings: bot.settings,
      customComponents: bot.customComponents,
      nlu: bot.nlu,
    },
    validation: validateDraft(draftOf(bot, flows)),
    hasDefaultFlow: bot.defaultFlowId !== null,
  };
}

function refuseInvalid(planned: PlannedVersion): void {
  const { validation } = planned;
  if (validation.valid && planned.hasDefaultFlow) return;
  const count = validation.errors.length;
  throw new EngineError('invalid_bot', `the bot has ${count} error${count === 1 ? '' : 's'}`, {
    details: {
      errors: validation.errors as unknown as Json,
      warnings: validation.warnings as unknown as Json,
    },
  });
}

/** Trains the NLU of a build; a definition that cannot be trained makes the bot invalid. */
async function trainForBuild(nlu: Json): Promise<TrainedNlu> {
  try {
    return await trainNluInWorker(nlu);
  } catch (error) {
    const problems =
      error instanceof NluDefinitionError
        ? error.problems.map((p) => `nlu${p.field === '' ? '' : `.${p.field}`} ${p.message}`)
        : [error instanceof Error ? error.message : String(error)];
    throw new EngineError(
      'invalid_bot',
      `the bot's NLU cannot be trained: ${problems.join('; ')}`,
      {
        details: { errors: [], warnings: [] },
      },
    );
  }
}

export class BuildService {
  /** Versions are immutable, so a process may keep them: correctness never depends on it. */
  private readonly cache = new Map<string, BotVersion>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async validate(orgId: string, botId: string, draft?: DraftBot): Promise<ValidationResult> {
    if (draft) {
      const bot = isUuid(botId) ? await this.store.getBot(orgId, botId) : null;
      if (!bot) throw notFound('bot');
      return validateDraft(draft);
    }
    const bot = isUuid(botId) ? await this.store.getBot(orgId, botId) : null;
    if (!bot) throw notFound('bot');
    return validateDraft(draftOf(bot, await this.store.listFlows(orgId, botId)));
  }

  /**
   * Builds the draft; the latest version when nothing changed (no duplicate). The NLU is
   * trained first, in a worker and outside the transaction (it takes seconds for a large bot,
   * and the transaction holds the bot's lock); if the draft changed meanwhile, it starts over.
   */
  async build(orgId: string, botId: string): Promise<VersionRecord> {
    for (let attempt = 0; ; attempt++) {
      const bot = isUuid(botId) ? await this.store.getBot(orgId, botId) : null;
      if (!bot) throw notFound('bot');
      const planned = snapshotOf(bot, await this.store.listFlows(orgId, botId));
      const latest = await this.store.listVersions(orgId, botId, { limit: 1 });
      const hash = contentHash(planned.snapshot);
      if (latest[0]?.contentHash === hash) return this.get(orgId, botId, latest[0].id);
      refuseInvalid(planned);
      const trained = bot.nlu === null ? null : await trainForBuild(bot.nlu);
      const built = await this.store.transaction((repos) =>
        this.buildIn(repos, orgId, botId, { hash, trained }),
      );
      if (built !== CHANGED) return built;
      if (attempt >= 2) {
        throw new EngineError('conflict', 'the bot kept changing during the build; try again');
      }
    }
  }

  /**
   * `build` inside a caller's transaction. A bot with NLU needs `pretrained`: its model, trained
   * on the draft whose content hash is `hash` (CHANGED when the draft is no longer that one).
   */
  async buildIn(
    repos: Repos,
    orgId: string,
    botId: string,
    pretrained?: { readonly hash: string; readonly trained: TrainedNlu | null },
  ): Promise<VersionRecord | typeof CHANGED> {
    // The bot's row lock serializes builds of one bot (studio-api.md §5.10).
    const bot = isUuid(botId) ? await repos.lockBot(orgId, botId) : null;
    if (!bot) throw notFound('bot');
    const planned = snapshotOf(bot, await repos.listFlows(orgId, botId));
    refuseInvalid(planned);
    const hash = contentHash(planned.snapshot);
    const latest = await repos.latestVersion(orgId, botId);
    if (latest?.contentHash === hash) return latest;
    if (bot.nlu !== null && pretrained?.hash !== hash) {
      if (pretrained) return CHANGED;
      throw new Error('buildIn: a bot with NLU needs its model trained before the transaction');
    }
    const at = this.now();
    const version: VersionRecord = {
      id: newId(),
      orgId,
      botId,
      engineVersion: packageVersion(),
      contentHash: hash,
      snapshot: {
        ...(planned.snapshot as unknown as JsonObject),
        nluModel: (pretrained?.trained ?? null) as unknown as Json,
      },
      createdAt: at,
    };
    await repos.insertVersion(version);
    return version;
  }

  async get(orgId: string, botId: string, versionId?: string): Promise<VersionRecord> {
    const bot = isUuid(botId) ? await this.store.getBot(orgId, botId) : null;
    if (!bot) throw notFound('bot');
    const version =
      versionId === undefined
        ? await this.store.latestVersion(orgId, botId)
        : isUuid(versionId)
          ? await this.store.getVersion(orgId, botId, versionId)
          : null;
    if (!version) {
      throw versionId === undefined
        ? new EngineError('not_found', 'the bot has no build yet')
        : notFound('version');
    }
    return version;
  }

  /** The runnable form of a stored version of the bot. */
  async runnable(orgId: string, botId: string, versionId: string): Promise<BotVersion> {
    const cached = this.cache.get(versionId);
    if (cached?.botId === botId) return cached;
    const record = await this.store.getVersion(orgId, botId, versionId);
    if (!record) throw notFound('version');
    const version = toBotVersion(record);
    this.cache.set(versionId, version);
    if (this.cache.size > MAX_CACHED_VERSIONS) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    return version;
  }
}

export function toBotVersion(record: VersionRecord): BotVersion {
  const snapshot = record.snapshot as unknown as VersionSnapshot;
  return {
    id: record.id,
    botId: record.botId,
    name: snapshot.name,
    defaultFlow: snapshot.defaultFlowId,
    flows: snapshot.flows.map(({ id, name, commands, content }) => ({
      id,
      name,
      commands,
      content,
    })),
    env: snapshot.env,
    settings: snapshot.settings,
    customComponents: snapshot.customComponents as unknown as ComponentSet,
    nlu: snapshot.nluModel ? Nlu.load(snapshot.nluModel) : null,
  };
}
