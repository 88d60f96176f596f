import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError, isSwitchOn, readConfig } from '../../../src/api/config.js';

describe('readConfig', () => {
  it('applies the documented defaults', () => {
    const config = readConfig({});
    expect(config).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('data'),
      databaseUrl: undefined,
      secret: undefined,
      adminToken: undefined,
      tokenTtlSeconds: 86_400,
      rateLimit: 50,
      corsOrigins: '*',
      publicUrl: undefined,
      attachmentsDir: path.resolve('data', 'attachments'),
      maxAttachmentBytes: 10_485_760,
      allowRemoteFetch: false,
      llm: { baseUrl: 'https://api.openai.com/v1', apiKey: undefined, model: undefined },
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = readConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      PARLEY_DATA_DIR: '/srv/parley',
      PARLEY_DATABASE_URL: 'postgres://u:p@db:5432/parley',
      PARLEY_SECRET: 's3cret',
      PARLEY_ADMIN_TOKEN: 'a'.repeat(32),
      PARLEY_TOKEN_TTL_SECONDS: '60',
      PARLEY_RATE_LIMIT: '0',
      PARLEY_CORS_ORIGINS: 'https://a.example, http://localhost:5173/',
      PARLEY_PUBLIC_URL: 'https://bots.example/',
      PARLEY_ATTACHMENTS_DIR: '/var/blobs',
      PARLEY_MAX_ATTACHMENT_BYTES: '1024',
      PARLEY_ALLOW_REMOTE_FETCH: 'yes',
      PARLEY_LLM_BASE_URL: 'http://localhost:11434/v1/',
      PARLEY_LLM_API_KEY: 'sk-x',
      PARLEY_LLM_MODEL: 'llama3',
      PARLEY_LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/srv/parley',
      databaseUrl: 'postgres://u:p@db:5432/parley',
      secret: 's3cret',
      adminToken: 'a'.repeat(32),
      tokenTtlSeconds: 60,
      rateLimit: 0,
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      publicUrl: 'https://bots.example',
      attachmentsDir: '/var/blobs',
      maxAttachmentBytes: 1024,
      allowRemoteFetch: true,
      llm: { baseUrl: 'http://localhost:11434/v1', apiKey: 'sk-x', model: 'llama3' },
      logLevel: 'debug',
    });
    expect(readConfig({ PARLEY_DATA_DIR: '/d' }).attachmentsDir).toBe('/d/attachments');
    expect(readConfig({ PARLEY_DATABASE_URL: 'sqlite:./x.db' }).databaseUrl).toBe('sqlite:./x.db');
    expect(readConfig({ PARLEY_CORS_ORIGINS: 'https://a.example,*' }).corsOrigins).toBe('*');
  });

  it('treats empty values as unset', () => {
    expect(readConfig({ PORT: '', PARLEY_ADMIN_TOKEN: '  ', PARLEY_LOG_LEVEL: '' })).toMatchObject({
      port: 3000,
      adminToken: undefined,
      logLevel: 'info',
    });
  });

  it('switches on for any value but empty, 0 and false', () => {
    for (const on of ['1', 'true', 'yes', 'on', 'TRUE']) expect(isSwitchOn(on)).toBe(true);
    for (const off of [undefined, '', ' ', '0', 'false', 'FALSE'])
      expect(isSwitchOn(off)).toBe(false);
  });

  it('names each bad variable and what it expects', () => {
    const bad = (env: Record<string, string>) => {
      try {
        readConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(bad({ PARLEY_ADMIN_TOKEN: 'short' })).toMatch(
      /^PARLEY_ADMIN_TOKEN must be at least 32 characters long/,
    );
    expect(bad({ PORT: '80x' })).toBe('PORT must be an integer 0 to 65535, got "80x"');
    expect(bad({ PORT: '70000' })).toMatch(/^PORT must be an integer 0 to 65535/);
    expect(bad({ PARLEY_RATE_LIMIT: '-1' })).toMatch(
      /^PARLEY_RATE_LIMIT must be an integer at least 0/,
    );
    expect(bad({ PARLEY_TOKEN_TTL_SECONDS: '0' })).toMatch(/^PARLEY_TOKEN_TTL_SECONDS/);
    expect(bad({ PARLEY_MAX_ATTACHMENT_BYTES: '1.5' })).toMatch(/^PARLEY_MAX_ATTACHMENT_BYTES/);
    expect(bad({ PARLEY_DATABASE_URL: 'mysql://x' })).toMatch(
      /^PARLEY_DATABASE_URL must be sqlite:PATH/,
    );
    expect(bad({ PARLEY_DATABASE_URL: 'sqlite:' })).toMatch(/^PARLEY_DATABASE_URL/);
    expect(bad({ PARLEY_CORS_ORIGINS: 'https://a.example/path' })).toMatch(
      /^PARLEY_CORS_ORIGINS must be \* or a comma-separated list of origins/,
    );
    expect(bad({ PARLEY_PUBLIC_URL: 'ftp://x' })).toMatch(/^PARLEY_PUBLIC_URL must be an http/);
    expect(bad({ PARLEY_LLM_BASE_URL: 'nope' })).toMatch(/^PARLEY_LLM_BASE_URL/);
    expect(bad({ PARLEY_LOG_LEVEL: 'loud' })).toBe(
      'PARLEY_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    );
    // Several at once, all named.
    const many = bad({ PORT: 'x', PARLEY_LOG_LEVEL: 'loud' });
    expect(many).toContain('PORT');
    expect(many).toContain('PARLEY_LOG_LEVEL');
  });

  it('does not print a database password in an error', () => {
    expect(() => readConfig({ PARLEY_DATABASE_URL: 'mysql://user:hunter2@db/x' })).toThrow(
      /^(?!.*hunter2)/,
    );
  });
});
