/**
 * Reserved words and keywords (csml.md §2). Reserved-word checks compare ASCII-lowercased
 * text; statement keywords are exact lowercase whole words.
 */

/** Cannot be assigned or declared: `do x =`, `as x`, `remember x`, loop variables, step names. */
export const ASSIGNMENT_RESERVED: ReadonlySet<string> = new Set([
  'foreach',
  'while',
  'if',
  'else',
  'import',
  'as',
  'do',
  'event',
  'flow',
  'step',
  'say',
  'use',
  'hold',
  'goto',
  'match',
  'remember',
  'forget',
  '_metadata',
  '_memory',
  '_env',
  'true',
  'false',
  'null',
  'break',
]);

/** Cannot be read as a variable. */
export const USAGE_RESERVED: ReadonlySet<string> = new Set([
  'foreach',
  'while',
  'if',
  'else',
  'import',
  'const',
  'insert',
  'as',
  'do',
  'flow',
  'step',
  'say',
  'use',
  'hold',
  'goto',
  'match',
  'remember',
  'forget',
  'break',
]);

/** Words that begin a statement. */
export type StatementKeyword =
  | 'say'
  | 'do'
  | 'remember'
  | 'forget'
  | 'hold'
  | 'hold_secure'
  | 'goto'
  | 'previous'
  | 'if'
  | 'foreach'
  | 'while'
  | 'break'
  | 'continue'
  | 'debug'
  | 'log'
  | 'return'
  | 'use';

export const STATEMENT_KEYWORDS: ReadonlySet<string> = new Set<StatementKeyword>([
  'say',
  'do',
  'remember',
  'forget',
  'hold',
  'hold_secure',
  'goto',
  'previous',
  'if',
  'foreach',
  'while',
  'break',
  'continue',
  'debug',
  'log',
  'return',
  'use',
]);

/** Built-in functions other than components (csml.md §9). */
export const BUILTIN_FUNCTIONS: ReadonlySet<string> = new Set([
  'OneOf',
  'Shuffle',
  'Length',
  'Find',
  'Random',
  'Floor',
  'Fn',
  'App',
  'HTTP',
  'Object',
  'Debug',
  'UUID',
  'Base64',
  'Hex',
  'JWT',
  'Crypto',
  'Time',
  'SMTP',
  'Exists',
  'Or',
]);

/** The namespace of custom components: `Component.Name(…)`. */
export const COMPONENT_NAMESPACE = 'Component';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;

export function isAssignmentReserved(word: string): boolean {
  return ASSIGNMENT_RESERVED.has(asciiLower(word));
}

export function isUsageReserved(word: string): boolean {
  return USAGE_RESERVED.has(asciiLower(word));
}

/**
 * The reference engine refuses identifiers that Rust's `f64::from_str` accepts: decimal
 * numbers with optional sign, fraction and exponent, and `inf`, `infinity`, `nan` in any case.
 */
export function looksLikeNumber(word: string): boolean {
  // Every such text starts with a digit, a sign, a dot, or the i/n of inf/nan.
  const c = word.charCodeAt(0) | 0x20;
  const plausible =
    (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x69 || c === 0x6e;
  if (!plausible) return false;
  return /^[+-]?(?:inf|infinity|nan|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)$/i.test(word);
}

const LONGEST_RESERVED = 9;

function asciiLower(word: string): string {
  // Longer words are never reserved: skip the lowering.
  if (word.length > LONGEST_RESERVED) return '';
  return /[A-Z]/.test(word) ? word.replace(/[A-Z]/g, (c) => c.toLowerCase()) : word;
}
