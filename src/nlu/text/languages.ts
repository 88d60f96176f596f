/** The languages Parley's NLU understands (csml.md §18.2): the first of a bot's is its default. */
export const NLU_LANGUAGES = ['en', 'fr', 'es', 'de'] as const;

export type NluLanguage = (typeof NLU_LANGUAGES)[number];

export function isNluLanguage(value: unknown): value is NluLanguage {
  return typeof value === 'string' && (NLU_LANGUAGES as readonly string[]).includes(value);
}
