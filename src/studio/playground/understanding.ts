/** One line saying what the bot's NLU made of a text event (csml.md §18.2). */
import type { Understanding } from '../api.js';
import { jsonText } from './views.js';

type Entity = Understanding['entities'][number];

function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { amount, currency } = value as Record<string, unknown>;
    // A currency slot's value (csml.md §18.2): "12.5 EUR" reads better than its JSON.
    if (typeof amount === 'number' && typeof currency === 'string') return `${amount} ${currency}`;
  }
  return jsonText(value);
}

export function entityText(entity: Entity): string {
  return `${entity.entity} = ${valueText(entity.value)}`;
}

export function percent(confidence: number): string {
  return `${Math.round(Math.min(1, Math.max(0, confidence)) * 100)}%`;
}

/** "intent: book_table 94% · guests = 6", or "no intent recognised". */
export function understandingText(nlu: Understanding): string {
  const parts = [
    nlu.intent === null
      ? 'no intent recognised'
      : `intent: ${nlu.intent.name} ${percent(nlu.intent.confidence)}`,
    ...nlu.entities.map(entityText),
  ];
  return parts.join(' · ');
}

function isEntity(value: unknown): value is Entity {
  if (typeof value !== 'object' || value === null) return false;
  const entity = value as Record<string, unknown>;
  return typeof entity.entity === 'string' && 'value' in entity;
}

/**
 * What NLU wrote into a stored text event (`event.intent`, `event.entities`), so transcripts
 * show it as the playground does; null when the event was not enriched.
 */
export function understandingOfEvent(content: unknown): Understanding | null {
  if (typeof content !== 'object' || content === null || !('intent' in content)) return null;
  const { intent, entities } = content as Record<string, unknown>;
  let parsed: Understanding['intent'] = null;
  if (intent !== null) {
    if (typeof intent !== 'object') return null;
    const { name, confidence } = intent as Record<string, unknown>;
    if (typeof name !== 'string' || typeof confidence !== 'number') return null;
    parsed = { name, confidence };
  }
  return {
    intent: parsed,
    entities: Array.isArray(entities) ? entities.filter(isEntity) : [],
  };
}
