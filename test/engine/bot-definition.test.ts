import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';

import type { ComponentSet } from '../../src/csml/components/schema.js';
import { NATIVE_COMPONENTS } from '../../src/csml/components/native.js';
import {
  botFileSchema,
  botSettingsSchema,
  componentSetSchema,
  definitionProblems,
  fieldName,
} from '../../src/engine/bot-definition.js';

const SHOP = path.join(import.meta.dirname, '../fixtures/bots/shop/bot.json');

/** `"field" message` lines of a failed parse, as the CLI prints them. */
function problems(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return definitionProblems(result.error).map(({ field, message }) =>
    field === '' ? message : `"${field}" ${message}`,
  );
}

describe('fieldName', () => {
  it('writes paths as JSON-minded users do', () => {
    expect(fieldName([])).toBe('');
    expect(fieldName(['flows', 0, 'commands'])).toBe('flows[0].commands');
    expect(fieldName(['env', 'MY-VAR'])).toBe('env."MY-VAR"');
    expect(fieldName(['custom_components', 'Rating', 'params', 2, 'stars'])).toBe(
      'custom_components.Rating.params[2].stars',
    );
  });
});

describe('botFileSchema', () => {
  it('reads a valid bot.json', () => {
    const json: unknown = JSON.parse(readFileSync(SHOP, 'utf8'));
    const parsed = botFileSchema.parse(json);
    expect(parsed.default_flow).toBe('main');
    expect(parsed.flows?.map((f) => f.name)).toEqual(['main', 'order', 'support']);
    expect(parsed.settings).toEqual({ stepLimit: 100, intentFlows: { track_order: 'order' } });
    expect(parsed.custom_components?.QuickReply?.params).toHaveLength(2);
  });

  it('treats null as absent where the member has a default', () => {
    expect(
      botFileSchema.safeParse({
        default_flow: 'main',
        description: null,
        env: null,
        settings: null,
        custom_components: null,
        flows: [{ name: 'main', id: null, description: null, commands: null }],
      }).success,
    ).toBe(true);
  });

  it('names each member in error, one problem each', () => {
    expect(
      problems(botFileSchema, {
        name: 42,
        flows: [{ name: 'main', commands: '/start' }, { commands: ['/a', 3] }, 'x'],
        env: [],
        settings: 3,
        custom_components: [],
      }),
    ).toEqual([
      '"name" must be a string',
      '"default_flow" is missing: it names the flow where conversations start',
      '"env" must be an object',
      '"settings" must be an object',
      '"custom_components" must be an object {"Name": {"params": [...]}}',
      '"flows[0].commands" must be an array of strings',
      '"flows[1].name" is missing',
      '"flows[1].commands[1]" must be a string',
      '"flows[2]" must be an object {name, description?, commands?}',
    ]);
    expect(problems(botFileSchema, { default_flow: 3, flows: null })).toEqual([
      '"default_flow" must be a string: the name of a flow',
      '"flows" must be an array of {name, description?, commands?}',
    ]);
    expect(problems(botFileSchema, [])).toEqual(['expected a JSON object']);
  });
});

describe('botSettingsSchema', () => {
  it('types the known keys and keeps unknown ones', () => {
    const settings = {
      stepLimit: 50,
      turnTimeoutMs: 2000,
      sessionTtlMinutes: 60,
      intentFlows: { buy: 'order' },
      appsEndpoint: 'https://apps.example.com/run',
      textbotsThing: { any: ['thing'] },
    };
    expect(botSettingsSchema.parse(settings)).toEqual(settings);
  });

  it('refuses a known key of the wrong type or range', () => {
    expect(
      problems(botSettingsSchema, {
        stepLimit: 0,
        turnTimeoutMs: 1.5,
        sessionTtlMinutes: '60',
        intentFlows: { buy: 1 },
        appsEndpoint: 'ftp://example.com',
      }),
    ).toEqual([
      '"stepLimit" must be a positive integer',
      '"turnTimeoutMs" must be a positive integer',
      '"sessionTtlMinutes" must be a positive integer',
      '"intentFlows.buy" must be a string: a flow name or id',
      '"appsEndpoint" must be an http or https URL',
    ]);
    expect(problems(botSettingsSchema, { intentFlows: [] })).toEqual([
      '"intentFlows" must be an object {"<intent name>": "<flow name or id>"}',
    ]);
  });
});

describe('componentSetSchema', () => {
  it('accepts the native components, and its output is a ComponentSet', () => {
    expect(componentSetSchema.parse(NATIVE_COMPONENTS)).toEqual(NATIVE_COMPONENTS);
    expectTypeOf(componentSetSchema.parse({})).toExtend<ComponentSet>();
  });

  it('accepts $_get and $_set ops', () => {
    const set = {
      Tag: {
        params: [
          { label: { type: 'String', required: true } },
          {
            tags: {
              type: 'Array',
              default_value: [{ $_set: ['a'] }],
              add_value: [{ $_get: 'label' }, { $_set: null }],
            },
          },
        ],
      },
    };
    expect(componentSetSchema.parse(set)).toEqual(set);
  });

  it('names each problem of a component', () => {
    expect(
      problems(componentSetSchema, {
        Rating: { params: [{ stars: { type: 'Integer', required: 'yes' } }] },
        Flat: { params: [{ name: 'stars', type: 'Number' }, {}] },
        Ops: { params: [{ x: { type: 'Null', default_value: [{ $_get: 1 }, {}], add_value: 3 } }] },
        NoParams: {},
        NotObject: [],
      }),
    ).toEqual([
      '"Rating.params[0].stars.type" must be one of Null, Bool, Number, String, Array, Object',
      '"Rating.params[0].stars.required" must be a boolean',
      '"Flat.params[0]" must be an object with exactly one key, the parameter name',
      '"Flat.params[1]" must be an object with exactly one key, the parameter name',
      '"Ops.params[0].x.default_value[0]" must be {"$_get": "<parameter name>"} or {"$_set": <JSON value>}',
      '"Ops.params[0].x.default_value[1]" must be {"$_get": "<parameter name>"} or {"$_set": <JSON value>}',
      '"Ops.params[0].x.add_value" must be an array',
      '"NoParams.params" is missing',
      '"NotObject" must be an object {"params": [...]}',
    ]);
  });
});
