/**
 * The bot settings this facade reads (textbots-api.md §4.1), from the version a session is
 * pinned to. Settings are free JSON on the bot; a value of the wrong type counts as unset.
 */
import type { BotVersion } from '../../engine/bot-version.js';
import { DEFAULT_SESSION_TTL_MINUTES } from '../../engine/engine.js';

export interface TextbotsSettings {
  readonly noInputTimeoutMs: number;
  readonly maxNoInputRetries: number;
  readonly maxNoMatchRetries: number;
  readonly noInputApology: string;
  readonly noMatchApology: string;
  readonly recognitionEventsToFlow: boolean;
  readonly sessionTtlMinutes: number;
  readonly defaultLanguage: string;
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : fallback;
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

export function textbotsSettings(version: BotVersion): TextbotsSettings {
  const settings = version.settings as Readonly<Record<string, unknown>>;
  const ttl = count(settings.sessionTtlMinutes, DEFAULT_SESSION_TTL_MINUTES);
  return {
    // int32 on the wire.
    noInputTimeoutMs: Math.min(count(settings.noInputTimeoutMs, 60_000), 2_147_483_647),
    maxNoInputRetries: count(settings.maxNoInputRetries, 3),
    maxNoMatchRetries: count(settings.maxNoMatchRetries, 3),
    noInputApology: text(settings.noInputApology, "Sorry, I didn't get any input."),
    noMatchApology: text(settings.noMatchApology, "Sorry, I didn't understand that."),
    recognitionEventsToFlow: settings.recognitionEventsToFlow === true,
    sessionTtlMinutes: ttl > 0 ? ttl : DEFAULT_SESSION_TTL_MINUTES,
    defaultLanguage: text(settings.defaultLanguage, '') || 'en-us',
  };
}
