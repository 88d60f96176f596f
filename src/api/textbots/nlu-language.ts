/**
 * The NLU language of a request (textbots-api.md X8, T4): one of the bot's `nlu.languages`,
 * matched exactly (case-insensitive), then by primary subtag (`en-US` → `en`); absent, the
 * bot's default (the first).
 */
import type { BotVersion } from '../../engine/bot-version.js';
import type { NluLanguage } from '../../nlu/text/languages.js';
import { textbotsError } from './wire-errors.js';

/** The languages of a version's NLU; null when the version has no NLU. */
export function nluLanguages(version: BotVersion): readonly NluLanguage[] | null {
  return version.nlu?.languages ?? null;
}

/** The one of `languages` that `code` names, or null. */
export function matchLanguage(languages: readonly NluLanguage[], code: string): NluLanguage | null {
  const lower = code.toLowerCase();
  const exact = languages.find((l) => l.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  const primary = lower.split('-', 1)[0] ?? lower;
  return languages.find((l) => l.toLowerCase() === primary) ?? null;
}

/**
 * X8: the NLU language for `code` (absent: the default); 400 `bots.unsupported.language` when
 * the bot has NLU and none of its languages matches. A bot without NLU accepts any code.
 */
export function pickLanguage(
  languages: readonly NluLanguage[] | null,
  code: string | null,
): NluLanguage | undefined {
  if (languages === null) return undefined;
  if (code === null) return languages[0];
  const match = matchLanguage(languages, code);
  if (match === null) {
    throw textbotsError(
      'bots.unsupported.language',
      `language ${JSON.stringify(code)} is not one of the bot's: ${languages.join(', ')}`,
    );
  }
  return match;
}
