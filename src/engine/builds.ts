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

  /** Builds the draft; the latest version when nothing changed (no duplicate). */
  build(orgId: string, botId: string): Promise<VersionRecord> {
    return this.store.transaction((repos) => this.buildIn(repos, orgId, botId));
  }

  /** `build` inside a caller's transaction. */
  async buildIn(repos: Repos, orgId: string, botId: string): Promise<VersionRecord> {
    // The bot's row lock serializes builds of one bot (studio-api.md §5.10).
    const bot = isUuid(botId) ? await repos.lockBot(orgId, botId) : null;
    if (!bot) throw notFound('bot');
    const flows = await repos.listFlows(orgId, botId);
    const result = validateDraft(draftOf(bot, flows));
    if (!result.valid || bot.defaultFlowId === null) {
      const count = result.errors.length;
      throw new EngineError('invalid_bot', `the bot has ${count} error${count === 1 ? '' : 's'}`, {
        details: {
          errors: result.errors as unknown as Json,
          warnings: result.warnings as unknown as Json,
        },
      });
    }
    const snapshot: VersionSnapshot = {
      name: bot.name,
      defaultFlowId: bot.defaultFlowId,
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
    };
    const hash = contentHash(snapshot);
    const latest = await repos.latestVersion(orgId, botId);
    if (latest?.contentHash === hash) return latest;
    const at = this.now();
    const version: VersionRecord = {
      id: newId(),
      orgId,
      botId,
      engineVersion: packageVersion(),
      contentHash: hash,
      snapshot: snapshot as unknown as JsonObject,
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
  };
}
