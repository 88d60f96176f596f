import { expect } from 'vitest';

import { extractEntities } from '../../../src/nlu/entities/extract.js';
import type {
  CustomSlotType,
  Entity,
  EntityValue,
  ExtractionContext,
} from '../../../src/nlu/entities/types.js';
import type { NluLanguage } from '../../../src/nlu/text/languages.js';

/** Tuesday 10 March 2026, 10:00 UTC. */
export const NOW = Date.parse('2026-03-10T10:00:00Z');

export interface Options {
  readonly language?: NluLanguage;
  readonly now?: number;
  readonly timezone?: string;
  readonly slotTypes?: readonly CustomSlotType[];
}

/** Every entity must sit where its offsets say, counted in code points. */
export function expectOffsets(text: string, entities: readonly Entity[]): void {
  const chars = Array.from(text);
  for (const e of entities) {
    expect(chars.slice(e.start, e.end).join('')).toBe(e.text);
  }
}

/** Entities of slots named after their types (`{name: 'date', type: 'date'}`…). */
export function extract(text: string, types: readonly string[], options: Options = {}): Entity[] {
  const context: ExtractionContext = {
    now: options.now ?? NOW,
    language: options.language ?? 'en',
    slotTypes: options.slotTypes ?? [],
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
  };
  const entities = extractEntities(
    text,
    types.map((type) => ({ name: type, type })),
    context,
  );
  expectOffsets(text, entities);
  return entities;
}

/** [text, value] of each entity, the short form most tests compare. */
export function values(
  text: string,
  types: readonly string[],
  options: Options = {},
): [string, EntityValue][] {
  return extract(text, types, options).map((e) => [e.text, e.value]);
}
