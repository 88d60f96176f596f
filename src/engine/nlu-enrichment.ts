/**
 * NLU enrichment of text events (csml.md §18.2), before flow selection and the run.
 */
import type { Json } from '../csml/json.js';
import type { NluLanguage } from '../nlu/text/languages.js';
import type { BotVersion } from './bot-version.js';
import type { ClientEvent } from './events.js';

/**
 * csml.md §18.2: a text event of a version with NLU gets `intent` and `entities` in its
 * content (replacing client-sent keys of those names). Null for other events.
 */
export function understand(
  version: BotVersion,
  event: ClientEvent,
  now: number,
  language: NluLanguage | undefined,
  /** The client's IANA time zone, for relative dates and times (UTC when absent). */
  timezone?: string,
): { event: ClientEvent; intent: string | null } | null {
  const content = event.content;
  if (!version.nlu || event.content_type !== 'text') return null;
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return null;
  const text = (content as Readonly<Record<string, Json>>).text;
  if (typeof text !== 'string') return null;
  const { intent, entities } = version.nlu.understand(text, {
    now,
    ...(language === undefined ? {} : { language }),
    ...(timezone === undefined ? {} : { timezone }),
  });
  const enriched: Record<string, Json> = { ...(content as Readonly<Record<string, Json>>) };
  enriched.intent = intent ? { name: intent.name, confidence: intent.confidence } : null;
  enriched.entities = entities.map((e) => ({
    entity: e.entity,
    value: e.value as Json,
    text: e.text,
    start: e.start,
    end: e.end,
  }));
  return { event: { content_type: 'text', content: enriched }, intent: intent?.name ?? null };
}
