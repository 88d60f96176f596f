/**
 * Defensive reading of a BotSource: validateBot must never throw, even when handed data that
 * does not match its declared type (JSON from a file, an API body…). Everything here reads
 * through `unknown` and falls back to empty values.
 */
import type { ComponentSet } from '../components/schema.js';
import { NATIVE_COMPONENTS } from '../components/native.js';

export interface FlowInput {
  readonly index: number;
  readonly name: string;
  readonly id: string | undefined;
  readonly content: string;
}

export interface BotInput {
  readonly flows: readonly FlowInput[];
  readonly defaultFlow: string;
  readonly nativeComponents: ComponentSet;
  readonly customComponents: ComponentSet;
  /** `settings.intentFlows` when it is a plain object, else null. */
  readonly intentFlows: Readonly<Record<string, unknown>> | null;
  /** Intent names of `nlu.intents`. */
  readonly intentNames: ReadonlySet<string>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  return '';
}

function componentSet(value: unknown, fallback: ComponentSet): ComponentSet {
  return isRecord(value) ? (value as ComponentSet) : fallback;
}

export function readBot(bot: unknown): BotInput {
  const source = isRecord(bot) ? bot : {};
  const rawFlows = Array.isArray(source.flows) ? (source.flows as unknown[]) : [];
  const flows = rawFlows.map((raw, index): FlowInput => {
    const flow = isRecord(raw) ? raw : {};
    const id = typeof flow.id === 'string' ? flow.id : undefined;
    return { index, name: text(flow.name), id, content: text(flow.content) };
  });

  const settings = isRecord(source.settings) ? source.settings : {};
  const intentFlows = isRecord(settings.intentFlows) ? settings.intentFlows : null;

  const intentNames = new Set<string>();
  const nlu = isRecord(source.nlu) ? source.nlu : {};
  if (Array.isArray(nlu.intents)) {
    for (const intent of nlu.intents as unknown[]) {
      if (isRecord(intent) && typeof intent.name === 'string') intentNames.add(intent.name);
    }
  }

  return {
    flows,
    defaultFlow: text(source.defaultFlow),
    nativeComponents: componentSet(source.nativeComponents, NATIVE_COMPONENTS),
    customComponents: componentSet(source.customComponents, {}),
    intentFlows,
    intentNames,
  };
}
