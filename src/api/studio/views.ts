/** Studio wire objects (studio-api.md §4): snake_case, ISO-8601 UTC times with milliseconds. */
import type { Diagnostic } from '../../csml/diagnostics.js';
import type { Json } from '../../csml/json.js';
import type { VersionSnapshot } from '../../engine/builds.js';
import type {
  BotRecord,
  FlowRecord,
  JsonObject,
  VersionRecord,
  VersionSummary,
} from '../../engine/store.js';

export const iso = (ms: number): string => new Date(ms).toISOString();

/** `llm` as shown: the key is write-only (§4.1). */
function llmView(llm: JsonObject | null): Json {
  if (llm === null) return null;
  const shown: JsonObject = {};
  for (const [key, value] of Object.entries(llm)) {
    if (key !== 'apiKeyEncrypted') shown[key] = value;
  }
  return shown;
}

export function flowView(flow: FlowRecord): JsonObject {
  return {
    id: flow.id,
    bot_id: flow.botId,
    organization_id: flow.orgId,
    name: flow.name,
    description: flow.description,
    commands: [...flow.commands],
    content: flow.content,
    created_at: iso(flow.createdAt),
    updated_at: iso(flow.updatedAt),
  };
}

export function botView(bot: BotRecord, flows?: readonly FlowRecord[]): JsonObject {
  return {
    id: bot.id,
    organization_id: bot.orgId,
    name: bot.name,
    description: bot.description,
    default_flow: bot.defaultFlowId,
    created_at: iso(bot.createdAt),
    updated_at: iso(bot.updatedAt),
    env: bot.env,
    ...(flows ? { flows: flows.map(flowView) } : {}),
    settings: bot.settings,
    custom_components: bot.customComponents,
    nlu: bot.nlu,
    llm: llmView(bot.llm),
  };
}

export function versionView(version: VersionRecord): JsonObject {
  const snapshot = version.snapshot as unknown as VersionSnapshot;
  return {
    id: version.botId,
    name: snapshot.name,
    default_flow: snapshot.defaultFlowId,
    created_at: iso(version.createdAt),
    version_id: version.id,
    engine_version: version.engineVersion,
    content_hash: version.contentHash,
    flows: snapshot.flows.map((flow) => ({
      id: flow.id,
      name: flow.name,
      commands: [...flow.commands],
      content: flow.content,
    })),
  };
}

export function versionSummaryView(version: VersionSummary): JsonObject {
  return {
    version_id: version.id,
    engine_version: version.engineVersion,
    created_at: iso(version.createdAt),
    content_hash: version.contentHash,
  };
}

export function diagnosticView(d: Diagnostic): JsonObject {
  return {
    flow: d.flow,
    step: d.step,
    line: d.line,
    column: d.column,
    message: d.message,
    code: d.code,
    end_line: d.endLine,
    end_column: d.endColumn,
    severity: d.severity,
  };
}
