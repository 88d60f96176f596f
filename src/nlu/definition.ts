/**
 * The bot's `nlu` definition (csml.md §18.2): its shape as a zod schema, the rules that tie its
 * parts together (slot types that exist, unique names, `{slot}` markers naming declared slots,
 * usable patterns), and the typed, defaulted `NluDefinition` the classifier and slot
 * extraction read. Problems carry the member at fault relative to the definition
 * (`intents[2].slots[0].type`; the API prefixes `nlu.`) and a phrase that follows it.
 */
import { z } from 'zod';

import { compileSlotPattern } from './entities/regex.js';
import { BUILTIN_SLOT_TYPES, isBuiltinSlotType } from './entities/types.js';
import type { CustomSlotType, SlotRef } from './entities/types.js';
import { foldText } from './text/fold.js';
import { NLU_LANGUAGES, isNluLanguage } from './text/languages.js';
import type { NluLanguage } from './text/languages.js';
import { tokenize } from './text/tokens.js';

export interface NluIntent {
  readonly name: string;
  readonly utterances: readonly string[];
  readonly slots: readonly SlotRef[];
}

export interface NluDefinition {
  /** The first is the bot's default language. */
  readonly languages: readonly NluLanguage[];
  /** Confidence below which no intent is reported, 0..1. */
  readonly threshold: number;
  readonly intents: readonly NluIntent[];
  readonly slotTypes: readonly CustomSlotType[];
}

export interface NluDefinitionProblem {
  /** Member path relative to the definition, e.g. `intents[2].slots[0].type`; '' for itself. */
  readonly field: string;
  readonly message: string;
}

export const DEFAULT_LANGUAGES: readonly NluLanguage[] = ['en'];
export const DEFAULT_THRESHOLD = 0.5;
const NAME_LIMIT = 100;
const TEXT_LIMIT = 1000;

/** Error option: `is missing` for an absent member, else `must be <what>`. */
function must(what: string) {
  return {
    error: (issue: { readonly input: unknown }) =>
      issue.input === undefined ? 'is missing' : `must be ${what}`,
  };
}

const name = z
  .string(must('a string'))
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(NAME_LIMIT, { error: `must be at most ${NAME_LIMIT} characters long` });

const text = z
  .string(must('a string'))
  .max(TEXT_LIMIT, { error: `must be at most ${TEXT_LIMIT} characters long` });

const slotSchema = z.object(
  {
    name: name.regex(/^[A-Za-z_][A-Za-z0-9_]*$/u, {
      error: 'must start with a letter or "_" and hold only letters, digits and "_"',
    }),
    type: z.string(must('a string: a built-in type or the name of one of slotTypes')),
  },
  must('an object {name, type}'),
);

const intentSchema = z.object(
  {
    name,
    utterances: z.array(text, must('an array of strings')).optional(),
    slots: z.array(slotSchema, must('an array of {name, type}')).optional(),
  },
  must('an object {name, utterances, slots?}'),
);

const listValueSchema = z.object(
  {
    value: text,
    synonyms: z.array(text, must('an array of strings')).optional(),
  },
  must('an object {value, synonyms?}'),
);

const slotTypeSchema = z.object(
  {
    name,
    kind: z.enum(['list', 'regex'], must('"list" or "regex"')),
    values: z.array(listValueSchema, must('an array of {value, synonyms?}')).optional(),
    pattern: z.string(must('a string')).optional(),
  },
  must('an object {name, kind: "list", values} or {name, kind: "regex", pattern}'),
);

/** The shape of an `nlu` definition; {@link nluDefinitionProblems} adds the rules across it. */
export const nluDefinitionSchema = z.object(
  {
    languages: z.array(z.string(must('a string')), must('an array of language codes')).optional(),
    threshold: z.number(must('a number between 0 and 1')).optional(),
    intents: z.array(intentSchema, must('an array of intents')),
    slotTypes: z.array(slotTypeSchema, must('an array of slot types')).optional(),
  },
  must('an object (the NLU definition) or null'),
);

type NluDefinitionInput = z.infer<typeof nluDefinitionSchema>;

/** `intents[2].slots[0].type`. */
function fieldName(path: readonly PropertyKey[]): string {
  let field = '';
  for (const key of path) {
    if (typeof key === 'number') field += `[${key}]`;
    else {
      const part = /^[A-Za-z_$][\w$]*$/u.test(String(key))
        ? String(key)
        : JSON.stringify(String(key));
      field = field === '' ? part : `${field}.${part}`;
    }
  }
  return field;
}

const MARKER = /\{([^{}]*)\}/gu;

/** Finds each name's first place and reports the later ones. */
function duplicates(
  names: readonly string[],
  field: (index: number) => string,
  what: string,
  problems: NluDefinitionProblem[],
): void {
  const first = new Map<string, number>();
  names.forEach((n, index) => {
    const earlier = first.get(n);
    if (earlier === undefined) first.set(n, index);
    else {
      problems.push({
        field: field(index),
        message: `duplicate ${what} name "${n}" (also at ${field(earlier)})`,
      });
    }
  });
}

function languageProblems(input: NluDefinitionInput, problems: NluDefinitionProblem[]): void {
  const languages = input.languages;
  if (languages === undefined) return;
  if (languages.length === 0) {
    problems.push({ field: 'languages', message: 'must list at least one language' });
  }
  const supported = NLU_LANGUAGES.join(', ');
  languages.forEach((language, i) => {
    if (!isNluLanguage(language)) {
      problems.push({
        field: `languages[${i}]`,
        message: `"${language}" is not a supported language: use one of ${supported}`,
      });
    } else if (languages.indexOf(language) !== i) {
      problems.push({ field: `languages[${i}]`, message: `"${language}" is listed twice` });
    }
  });
}

function intentProblems(input: NluDefinitionInput, problems: NluDefinitionProblem[]): void {
  if (input.intents.length === 0) {
    problems.push({
      field: 'intents',
      message: 'must contain at least one intent (an NLU definition without intents is null)',
    });
  }
  duplicates(
    input.intents.map((i) => i.name),
    (i) => `intents[${i}].name`,
    'intent',
    problems,
  );
  const customTypes = new Set((input.slotTypes ?? []).map((t) => t.name));
  input.intents.forEach((intent, i) => {
    const at = `intents[${i}]`;
    const slots = intent.slots ?? [];
    duplicates(
      slots.map((s) => s.name),
      (k) => `${at}.slots[${k}].name`,
      'slot',
      problems,
    );
    slots.forEach((slot, k) => {
      if (!isBuiltinSlotType(slot.type) && !customTypes.has(slot.type)) {
        problems.push({
          field: `${at}.slots[${k}].type`,
          message: `unknown slot type "${slot.type}": use a built-in type (${BUILTIN_SLOT_TYPES.join(', ')}) or the name of one of slotTypes`,
        });
      }
    });
    const utterances = intent.utterances ?? [];
    if (utterances.length === 0) {
      problems.push({
        field: `${at}.utterances`,
        message: 'must contain at least one utterance: an intent is learnt from its examples',
      });
    }
    const declared = new Set(slots.map((s) => s.name));
    utterances.forEach((utterance, j) => {
      if (utterance.trim() === '') {
        problems.push({ field: `${at}.utterances[${j}]`, message: 'must not be empty' });
        return;
      }
      for (const marker of utterance.matchAll(MARKER)) {
        const slot = (marker[1] ?? '').trim();
        if (!declared.has(slot)) {
          problems.push({
            field: `${at}.utterances[${j}]`,
            message: `{${slot}} names no slot of this intent${declared.size > 0 ? ` (its slots: ${[...declared].join(', ')})` : ''}`,
          });
        }
      }
    });
  });
}

function listProblems(
  values: NonNullable<NluDefinitionInput['slotTypes']>[number]['values'],
  at: string,
  problems: NluDefinitionProblem[],
): void {
  if (values === undefined || values.length === 0) {
    problems.push({ field: `${at}.values`, message: 'must contain at least one value' });
    return;
  }
  duplicates(
    values.map((v) => v.value),
    (v) => `${at}.values[${v}].value`,
    'value',
    problems,
  );
  // Each way of saying a value must say only that value, or matching could not choose.
  const owner = new Map<string, string>();
  values.forEach((entry, v) => {
    const said = [
      [`${at}.values[${v}].value`, entry.value] as const,
      ...(entry.synonyms ?? []).map((s, k) => [`${at}.values[${v}].synonyms[${k}]`, s] as const),
    ];
    for (const [field, phrase] of said) {
      if (tokenize(phrase).length === 0) {
        problems.push({ field, message: 'must contain a word' });
        continue;
      }
      const key = foldText(phrase).trim();
      const other = owner.get(key);
      if (other !== undefined && other !== entry.value) {
        problems.push({ field, message: `"${phrase}" already stands for the value "${other}"` });
      } else {
        owner.set(key, entry.value);
      }
    }
  });
}

function slotTypeProblems(input: NluDefinitionInput, problems: NluDefinitionProblem[]): void {
  const slotTypes = input.slotTypes ?? [];
  duplicates(
    slotTypes.map((t) => t.name),
    (k) => `slotTypes[${k}].name`,
    'slot type',
    problems,
  );
  slotTypes.forEach((slotType, k) => {
    const at = `slotTypes[${k}]`;
    if (isBuiltinSlotType(slotType.name)) {
      problems.push({
        field: `${at}.name`,
        message: `"${slotType.name}" is a built-in type: choose another name`,
      });
    }
    if (slotType.kind === 'list') {
      listProblems(slotType.values, at, problems);
      return;
    }
    if (slotType.pattern === undefined) {
      problems.push({ field: `${at}.pattern`, message: 'is missing' });
      return;
    }
    const compiled = compileSlotPattern(slotType.pattern);
    if (!compiled.ok) problems.push({ field: `${at}.pattern`, message: compiled.problem });
  });
}

function toDefinition(input: NluDefinitionInput): NluDefinition {
  return {
    languages: (input.languages ?? DEFAULT_LANGUAGES).filter(isNluLanguage),
    threshold: input.threshold ?? DEFAULT_THRESHOLD,
    intents: input.intents.map((intent) => ({
      name: intent.name,
      utterances: intent.utterances ?? [],
      slots: intent.slots ?? [],
    })),
    slotTypes: (input.slotTypes ?? []).map((t): CustomSlotType =>
      t.kind === 'list'
        ? {
            name: t.name,
            kind: 'list',
            values: (t.values ?? []).map((v) => ({ value: v.value, synonyms: v.synonyms ?? [] })),
          }
        : { name: t.name, kind: 'regex', pattern: t.pattern ?? '' },
    ),
  };
}

export type NluDefinitionResult =
  | { readonly ok: true; readonly definition: NluDefinition }
  | { readonly ok: false; readonly problems: readonly NluDefinitionProblem[] };

/**
 * Reads an `nlu` member (not null: null means no NLU). Every problem is reported, the shape's
 * first; the rules across members are checked once the shape is right.
 */
export function parseNluDefinition(input: unknown): NluDefinitionResult {
  const parsed = nluDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        field: fieldName(issue.path),
        message: issue.message,
      })),
    };
  }
  const problems: NluDefinitionProblem[] = [];
  languageProblems(parsed.data, problems);
  const threshold = parsed.data.threshold;
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
    problems.push({ field: 'threshold', message: 'must be between 0 and 1' });
  }
  intentProblems(parsed.data, problems);
  slotTypeProblems(parsed.data, problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, definition: toDefinition(parsed.data) };
}

/** The problems of an `nlu` member; empty when it is a valid definition. */
export function nluDefinitionProblems(input: unknown): NluDefinitionProblem[] {
  const result = parseNluDefinition(input);
  return result.ok ? [] : [...result.problems];
}
