/**
 * What the NLU found in a run's text event (csml.md §18.2: `event.intent`, `event.entities`),
 * as execute reports it (textbots-api.md X6).
 */
import type { Json } from '../../csml/json.js';
import { stringifyJson } from '../../csml/json.js';
import type { ClientEvent } from '../../engine/events.js';

type JsonRecord = Readonly<Record<string, Json>>;

function isRecord(value: Json | undefined): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The detected intent's name; null without one (or for events the NLU does not see). */
export function intentOf(event: ClientEvent): string | null {
  if (!isRecord(event.content)) return null;
  const intent = event.content.intent;
  if (!isRecord(intent)) return null;
  return typeof intent.name === 'string' ? intent.name : null;
}

/** A slot value as a string (X6): strings as they are, everything else as compact JSON. */
function slotText(value: Json): string {
  return typeof value === 'string' ? value : stringifyJson(value);
}

/** Slot name → its first value in the text, as a string. */
export function slotsOf(event: ClientEvent): Record<string, string> {
  const slots: Record<string, string> = {};
  if (!isRecord(event.content)) return slots;
  const entities = event.content.entities;
  if (!Array.isArray(entities)) return slots;
  for (const entity of entities as readonly Json[]) {
    if (!isRecord(entity) || typeof entity.entity !== 'string') continue;
    if (Object.hasOwn(slots, entity.entity)) continue;
    Object.defineProperty(slots, entity.entity, {
      value: slotText(entity.value ?? null),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return slots;
}
