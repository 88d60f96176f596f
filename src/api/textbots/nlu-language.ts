/**
 * The NLU language of a request (textbots-api.md X8, T4): the bot's `nlu.languages` matched
 * exactly (case-insensitive), then by primary subtag (`en-US` → `en`); absent, the bot's
 * default (the first). Languages are read from the version's stored definition, once per
 * version (versions never change).
 */
import type { Json } from '../../csml/json.js';
import type { Repos } from '../../engine/store.js';
import { textbotsError } from './wire-errors.js';

/** csml.md §18.2: `languages` defaults to `["en"]`. */
const DEFAULT_LANGUAGES: readonly string[] = ['en'];

const MAX_CACHED = 512;
const cache = new Map<string, readonly string[] | null>();

function languagesOf(nlu: Json | undefined): readonly string[] | null {
  if (typeof nlu !== 'object' || nlu === null || Array.isArray(nlu)) return null;
  const languages = (nlu as Readonly<Record<string, Json>>).languages;
  if (!Array.isArray(languages)) return DEFAULT_LANGUAGES;
  const list = (languages as readonly Json[]).filter((l): l is string => typeof l === 'string');
  return list.length > 0 ? list : DEFAULT_LANGUAGES;
}

/** The languages of a version's NLU; null when the version has no NLU. */
export async function nluLanguages(
  store: Pick<Repos, 'getVersion'>,
  orgId: string,
  botId: string,
  versionId: string,
): Promise<readonly string[] | null> {
  if (cache.has(versionId)) return cache.get(versionId) ?? null;
  const version = await store.getVersion(orgId, botId, versionId);
  const languages = languagesOf(version?.snapshot.nlu);
  cache.set(versionId, languages);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return languages;
}

/** One of the bot's languages matching `code` (X8), or null when matching cannot apply. */
export function matchLanguage(languages: readonly string[], code: string): string | null {
  const lower = code.toLowerCase();
  const exact = languages.find((l) => l.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  const primary = lower.split('-', 1)[0] ?? lower;
  return languages.find((l) => l.toLowerCase() === primary) ?? null;
}

/**
 * X8: the NLU language for `code`; 400 `bots.unsupported.language` when the bot has NLU and
 * none of its languages matches. A bot without NLU accepts any code (null).
 */
export function pickLanguage(
  languages: readonly string[] | null,
  code: string | null,
): string | null {
  if (languages === null) return null;
  if (code === null) return languages[0] ?? null;
  const match = matchLanguage(languages, code);
  if (match === null) {
    throw textbotsError(
      'bots.unsupported.language',
      `language ${JSON.stringify(code)} is not one of the bot's: ${languages.join(', ')}`,
    );
  }
  return match;
}
