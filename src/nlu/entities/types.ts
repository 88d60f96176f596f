/**
 * What slot extraction takes and gives (csml.md §18.2): entities of the declared slots' types,
 * found anywhere in a user's text, with normalised values and code-point offsets.
 */
import type { NluLanguage } from '../text/languages.js';

export const BUILTIN_SLOT_TYPES = [
  'number',
  'integer',
  'date',
  'time',
  'datetime',
  'duration',
  'email',
  'phone',
  'url',
  'currency',
] as const;

export type BuiltinSlotType = (typeof BUILTIN_SLOT_TYPES)[number];

export function isBuiltinSlotType(value: string): value is BuiltinSlotType {
  return (BUILTIN_SLOT_TYPES as readonly string[]).includes(value);
}

/** A `list` slot type: canonical values, each with the other ways users say it. */
export interface ListSlotType {
  readonly name: string;
  readonly kind: 'list';
  readonly values: readonly { readonly value: string; readonly synonyms: readonly string[] }[];
}

/** A `regex` slot type: the matched text is the value. */
export interface RegexSlotType {
  readonly name: string;
  readonly kind: 'regex';
  readonly pattern: string;
}

export type CustomSlotType = ListSlotType | RegexSlotType;

/** A slot of an intent: `type` is a built-in type or the name of one of the bot's slot types. */
export interface SlotRef {
  readonly name: string;
  readonly type: string;
}

export interface ExtractionContext {
  /** The turn's clock (epoch milliseconds): relative dates resolve against it. */
  readonly now: number;
  /** IANA time zone of the wall clock dates are read in; default UTC. */
  readonly timezone?: string;
  readonly language: NluLanguage;
  readonly slotTypes: readonly CustomSlotType[];
}

export interface CurrencyValue {
  readonly amount: number;
  /** ISO 4217 code. */
  readonly currency: string;
}

export type EntityValue = number | string | CurrencyValue;

export interface Entity {
  /** The slot's name. */
  readonly entity: string;
  readonly value: EntityValue;
  /** The matched text, exactly as in the input. */
  readonly text: string;
  /** Code point offsets, end exclusive: `[...input].slice(start, end).join('') === text`. */
  readonly start: number;
  readonly end: number;
}

/** A value found in the text, before overlaps are settled: offsets in UTF-16 units. */
export interface Match {
  readonly start: number;
  readonly end: number;
  readonly value: EntityValue;
}
