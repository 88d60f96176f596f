/**
 * A BotVersion as the engine runs it: immutable, made by a build (ARCHITECTURE.md). Its
 * compiled program is cached by version id.
 */
import type { ComponentSet } from '../csml/components/schema.js';
import { NATIVE_COMPONENTS } from '../csml/components/native.js';
import { BotProgram } from '../csml/interpreter/program.js';
import type { BotInput } from '../csml/interpreter/types.js';
import type { Json } from '../csml/json.js';
import type { Nlu } from '../nlu/understand.js';

export interface VersionFlow {
  readonly id: string;
  readonly name: string;
  readonly commands: readonly string[];
  readonly content: string;
}

export interface BotSettings {
  readonly stepLimit?: number;
  readonly turnTimeoutMs?: number;
  readonly sessionTtlMinutes?: number;
  readonly intentFlows?: Readonly<Record<string, string>>;
  readonly appsEndpoint?: string;
}

export interface BotVersion {
  readonly id: string;
  readonly botId: string;
  readonly name: string;
  /** Name or id of the default flow. */
  readonly defaultFlow: string;
  readonly flows: readonly VersionFlow[];
  readonly env: Json;
  readonly settings: BotSettings;
  readonly customComponents: ComponentSet;
  /** The trained NLU (csml.md §18.2): text events are enriched with intent and entities. */
  readonly nlu?: Nlu | null;
}

export const DEFAULT_STEP_LIMIT = 100;
export const DEFAULT_TURN_TIMEOUT_MS = 1_000;

export function botInput(version: BotVersion): BotInput {
  return {
    id: version.botId,
    name: version.name,
    defaultFlow: version.defaultFlow,
    flows: version.flows.map(({ id, name, content }) => ({
      id,
      name,
      content,
    })),
    env: version.env,
    nativeComponents: NATIVE_COMPONENTS,
    customComponents: version.customComponents,
  };
}

const MAX_CACHED_PROGRAMS = 256;
const programs = new Map<string, { input: BotInput; program: BotProgram }>();

/** The compiled program of a version, cached by version id (least recently used evicted). */
export function compiledVersion(version: BotVersion): {
  input: BotInput;
  program: BotProgram;
} {
  const cached = programs.get(version.id);
  if (cached) {
    programs.delete(version.id);
    programs.set(version.id, cached);
    return cached;
  }
  const input = botInput(version);
  const compiled = { input, program: new BotProgram(input) };
  programs.set(version.id, compiled);
  if (programs.size > MAX_CACHED_PROGRAMS) programs.delete(programs.keys().next().value!);
  return compiled;
}
