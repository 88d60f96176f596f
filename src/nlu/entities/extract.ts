/**
 * Slot extraction (csml.md §18.2): the entities of the given slots' types anywhere in a user's
 * text, each with its normalised value, matched text and code-point offsets, in text order.
 *
 * Every type proposes its matches; where matches overlap, the longer one wins ("tomorrow at
 * noon" over "noon", "$5.50" over "5.50"), and between equally long ones the more specific
 * type (custom types first, then email, url, currency, datetime, date, time, phone, duration,
 * integer, number). When several slots share a type, its matches go to them in declaration
 * order, the k-th match to the k-th slot ("from Monday to Friday" with `from` and `to`), the
 * extra ones to the last.
 */
import type { NluLanguage } from '../text/languages.js';
import { CodePointMap, truncateText } from '../text/offsets.js';
import { tokenize } from '../text/tokens.js';
import type { Token } from '../text/tokens.js';
import { wallClock } from './clock.js';
import { findCurrencies } from './currency.js';
import { findDurations } from './duration.js';
import { findListValues } from './list.js';
import { findNumbers } from './numbers.js';
import type { NumberMatch } from './numbers.js';
import { findPhones } from './phone.js';
import { findPatternMatches } from './regex.js';
import { findTemporalSpans, temporalMatches } from './temporal.js';
import type { TemporalSpan } from './temporal-span.js';
import { isBuiltinSlotType } from './types.js';
import type { BuiltinSlotType, Entity, ExtractionContext, Match, SlotRef } from './types.js';
import { findEmails, findUrls } from './web.js';

/** Longer messages are read up to here: what a chat message holds, bounded work per turn. */
export const MAX_TEXT_LENGTH = 2000;

const PRIORITY: Readonly<Record<BuiltinSlotType | 'regex' | 'list', number>> = {
  regex: 12,
  list: 11,
  email: 10,
  url: 9,
  currency: 8,
  datetime: 7,
  date: 6,
  time: 5,
  phone: 4,
  duration: 3,
  integer: 2,
  number: 1,
};

interface Candidate extends Match {
  readonly type: string;
  readonly priority: number;
  readonly cost: number;
}

/** What several types read from the same text, computed once and only when needed. */
class Reading {
  private tokenList: Token[] | undefined;
  private numberList: NumberMatch[] | undefined;
  private spanList: TemporalSpan[] | undefined;

  constructor(
    readonly text: string,
    readonly context: ExtractionContext,
  ) {}

  get language(): NluLanguage {
    return this.context.language;
  }

  get tokens(): Token[] {
    this.tokenList ??= tokenize(this.text, this.language);
    return this.tokenList;
  }

  get numbers(): NumberMatch[] {
    this.numberList ??= findNumbers(this.text, this.tokens, this.language);
    return this.numberList;
  }

  get spans(): TemporalSpan[] {
    this.spanList ??= findTemporalSpans(
      this.text,
      this.language,
      wallClock(this.context.now, this.context.timezone),
    );
    return this.spanList;
  }
}

function builtinMatches(reading: Reading, type: BuiltinSlotType): Match[] {
  switch (type) {
    case 'number':
      return reading.numbers;
    case 'integer':
      return reading.numbers.filter((n) => Number.isSafeInteger(n.value));
    case 'date':
    case 'time':
    case 'datetime':
      return temporalMatches(reading.spans, type);
    case 'duration':
      return findDurations(reading.text, reading.tokens, reading.numbers, reading.language);
    case 'email':
      return findEmails(reading.text);
    case 'phone':
      return findPhones(reading.text);
    case 'url':
      return findUrls(reading.text);
    case 'currency':
      return findCurrencies(reading.text, reading.numbers, reading.language);
  }
}

function candidatesOf(reading: Reading, type: string): Candidate[] {
  if (isBuiltinSlotType(type)) {
    const priority = PRIORITY[type];
    return builtinMatches(reading, type).map((m) => ({ ...m, type, priority, cost: 0 }));
  }
  const custom = reading.context.slotTypes.find((t) => t.name === type);
  if (!custom) return [];
  switch (custom.kind) {
    case 'list':
      return findListValues(reading.text, reading.tokens, custom, reading.language).map((m) => ({
        start: m.start,
        end: m.end,
        value: m.value,
        type,
        priority: PRIORITY.list,
        cost: m.cost,
      }));
    case 'regex':
      return findPatternMatches(reading.text, custom.pattern).map((m) => ({
        ...m,
        type,
        priority: PRIORITY.regex,
        cost: 0,
      }));
  }
}

/** Keeps the longest, most specific, closest matches that do not overlap. */
function settle(candidates: readonly Candidate[]): Candidate[] {
  const ordered = [...candidates].sort(
    (x, y) =>
      y.end - y.start - (x.end - x.start) ||
      y.priority - x.priority ||
      x.cost - y.cost ||
      x.start - y.start,
  );
  const kept: Candidate[] = [];
  for (const candidate of ordered) {
    if (candidate.end <= candidate.start) continue;
    if (!kept.some((k) => k.start < candidate.end && candidate.start < k.end)) kept.push(candidate);
  }
  return kept.sort((x, y) => x.start - y.start);
}

/**
 * The entities of `slots` in `text`. Slots whose type is neither built-in nor one of
 * `context.slotTypes` find nothing (definition.ts refuses them before a model is built).
 */
export function extractEntities(
  text: string,
  slots: readonly SlotRef[],
  context: ExtractionContext,
): Entity[] {
  if (slots.length === 0 || text === '') return [];
  const input = truncateText(text, MAX_TEXT_LENGTH);
  const reading = new Reading(input, context);
  const types = [...new Set(slots.map((s) => s.type))];
  const kept = settle(types.flatMap((type) => candidatesOf(reading, type)));

  const map = new CodePointMap(input);
  const seen = new Map<string, number>();
  return kept.map((match) => {
    const sharing = slots.filter((s) => s.type === match.type);
    const index = seen.get(match.type) ?? 0;
    seen.set(match.type, index + 1);
    const slot = sharing[Math.min(index, sharing.length - 1)]!;
    return {
      entity: slot.name,
      value: match.value,
      text: input.slice(match.start, match.end),
      start: map.toCodePoint(match.start),
      end: map.toCodePoint(match.end),
    };
  });
}
