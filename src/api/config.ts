/**
 * The server's configuration, read once from environment variables (ARCHITECTURE.md
 * "Configuration": the one list; this file follows it). An empty value counts as unset. Every
 * bad value is reported at once, each naming its variable and what it expects, so that
 * `parley serve` stops before it opens anything.
 */
import path from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** PARLEY_ADMIN_TOKEN is a bearer secret: shorter ones are guessable (studio-api.md §9.4). */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

export interface LlmDefaults {
  /** PARLEY_LLM_BASE_URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly model: string | undefined;
}

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Absolute (resolved against the working directory at read time). */
  readonly dataDir: string;
  /** `sqlite:PATH` or `postgres://…`; undefined: the default SQLite file in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** undefined: generated into `<dataDir>/secret` on first start. */
  readonly secret: string | undefined;
  readonly adminToken: string | undefined;
  readonly tokenTtlSeconds: number;
  /** Requests per second per credential on Studio routes, burst equal; 0 turns it off. */
  readonly rateLimit: number;
  /** `*`, or the exact origins allowed (scheme://host[:port], no trailing slash). */
  readonly corsOrigins: '*' | readonly string[];
  /** Origin (and optional path) for signed attachment URLs, without a trailing slash. */
  readonly publicUrl: string | undefined;
  /** Absolute. */
  readonly attachmentsDir: string;
  readonly maxAttachmentBytes: number;
  readonly allowRemoteFetch: boolean;
  readonly llm: LlmDefaults;
  readonly logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** ARCHITECTURE.md: on for any value but empty, `0` and `false`. */
export function isSwitchOn(value: string | undefined): boolean {
  if (value === undefined) return false;
  const text = value.trim().toLowerCase();
  return text !== '' && text !== '0' && text !== 'false';
}

/** Reads and checks every variable; throws a ConfigError listing each bad one. */
export function readConfig(env: Env = process.env): ServerConfig {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = get(name);
    if (text === undefined) return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min} to ${max}`;
      problems.push(`${name} must be an integer ${range}, got ${JSON.stringify(text)}`);
      return fallback;
    }
    return value;
  };

  const httpUrl = (name: string): string | undefined => {
    const text = get(name);
    if (text === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      problems.push(`${name} must be an http:// or https:// URL, got ${JSON.stringify(text)}`);
      return undefined;
    }
    return url.href.replace(/\/+$/, '');
  };

  const port = integer('PORT', 3000, 0, 65535);
  const host = get('HOST') ?? '127.0.0.1';
  const dataDir = path.resolve(get('PARLEY_DATA_DIR') ?? './data');

  const databaseUrl = get('PARLEY_DATABASE_URL');
  if (databaseUrl !== undefined) {
    const sqlitePath = databaseUrl.startsWith('sqlite:') ? databaseUrl.slice(7) : undefined;
    const postgres = /^postgres(ql)?:\/\/./.test(databaseUrl);
    if (!postgres && (sqlitePath === undefined || sqlitePath === '')) {
      problems.push(
        'PARLEY_DATABASE_URL must be sqlite:PATH or a postgres:// (postgresql://) URL, got ' +
          JSON.stringify(databaseUrl.replace(/\/\/[^@/]*@/, '//…@')),
      );
    }
  }

  const adminToken = get('PARLEY_ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    problems.push(
      `PARLEY_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long ` +
        `(it has ${adminToken.length}); generate one with: openssl rand -hex 32`,
    );
  }

  const tokenTtlSeconds = integer('PARLEY_TOKEN_TTL_SECONDS', 86_400, 1, Number.MAX_SAFE_INTEGER);
  const rateLimit = integer('PARLEY_RATE_LIMIT', 50, 0, Number.MAX_SAFE_INTEGER);
  const corsOrigins = readCorsOrigins(get('PARLEY_CORS_ORIGINS'), problems);
  const publicUrl = httpUrl('PARLEY_PUBLIC_URL');
  const attachmentsDirText = get('PARLEY_ATTACHMENTS_DIR');
  const attachmentsDir =
    attachmentsDirText === undefined
      ? path.join(dataDir, 'attachments')
      : path.resolve(attachmentsDirText);
  const maxAttachmentBytes = integer(
    'PARLEY_MAX_ATTACHMENT_BYTES',
    10_485_760,
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const allowRemoteFetch = isSwitchOn(env.PARLEY_ALLOW_REMOTE_FETCH);
  const llmBaseUrl = httpUrl('PARLEY_LLM_BASE_URL') ?? 'https://api.openai.com/v1';

  const levelText = get('PARLEY_LOG_LEVEL')?.toLowerCase() ?? 'info';
  const logLevel = LOG_LEVELS.find((level) => level === levelText);
  if (logLevel === undefined) {
    problems.push(
      `PARLEY_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(levelText)}`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    secret: get('PARLEY_SECRET'),
    adminToken,
    tokenTtlSeconds,
    rateLimit,
    corsOrigins,
    publicUrl,
    attachmentsDir,
    maxAttachmentBytes,
    allowRemoteFetch,
    llm: { baseUrl: llmBaseUrl, apiKey: get('PARLEY_LLM_API_KEY'), model: get('PARLEY_LLM_MODEL') },
    logLevel: logLevel ?? 'info',
  };
}

function readCorsOrigins(text: string | undefined, problems: string[]): '*' | readonly string[] {
  if (text === undefined) return '*';
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.includes('*')) return '*';
  const origins: string[] = [];
  for (const item of items) {
    let origin: string | undefined;
    try {
      const url = new URL(item);
      // An origin is scheme://host[:port] exactly: browsers send nothing else in `Origin`.
      if (url.origin !== 'null' && url.origin === item.replace(/\/$/, '').toLowerCase()) {
        origin = url.origin;
      }
    } catch {
      origin = undefined;
    }
    if (origin === undefined) {
      problems.push(
        `PARLEY_CORS_ORIGINS must be * or a comma-separated list of origins such as ` +
          `https://app.example.com (scheme://host[:port], no path), got ${JSON.stringify(item)}`,
      );
    } else origins.push(origin);
  }
  if (items.length === 0) return '*';
  return origins;
}
