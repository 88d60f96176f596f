/**
 * ChatBotKit's model strings (conversations-api.md §7.4): `name/key=value/...`. `name` is the
 * provider's model; `maxTokens`, `temperature`, `frequencyPenalty`, `presencePenalty` and
 * `seed` are passed on; `interactionMaxMessages` keeps the last N history messages. `region`,
 * unknown keys, unreadable values and segments without `=` are ignored.
 */
import type { ModelParams } from './provider.js';

export interface ModelChoice {
  readonly name: string;
  readonly params: ModelParams;
  /** Keep only the last N history messages; undefined: all. */
  readonly interactionMaxMessages?: number;
}

const PARAMS: Readonly<Record<string, { key: keyof ModelParams; integer: boolean }>> = {
  maxTokens: { key: 'max_tokens', integer: true },
  temperature: { key: 'temperature', integer: false },
  frequencyPenalty: { key: 'frequency_penalty', integer: false },
  presencePenalty: { key: 'presence_penalty', integer: false },
  seed: { key: 'seed', integer: true },
};

function readNumber(text: string, integer: boolean): number | undefined {
  if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text.trim())) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) return undefined;
  return value;
}

/** The model string's parts; null when it names no model (empty, or `/…` only). */
export function parseModelString(model: string): ModelChoice | null {
  const [head = '', ...segments] = model.split('/');
  const name = head.trim();
  if (name === '' || name.includes('=')) return null;
  const params: { -readonly [K in keyof ModelParams]: ModelParams[K] } = {};
  let interactionMaxMessages: number | undefined;
  for (const segment of segments) {
    const eq = segment.indexOf('=');
    if (eq <= 0) continue;
    const key = segment.slice(0, eq).trim();
    const value = segment.slice(eq + 1);
    if (key === 'interactionMaxMessages') {
      const n = readNumber(value, true);
      if (n !== undefined && n >= 1) interactionMaxMessages = n;
      continue;
    }
    const param = PARAMS[key];
    if (!param) continue;
    const n = readNumber(value, param.integer);
    if (n !== undefined) params[param.key] = n;
  }
  return {
    name,
    params,
    ...(interactionMaxMessages === undefined ? {} : { interactionMaxMessages }),
  };
}
