/**
 * The OpenAPI 3.1 document of the registered routes (served at /openapi.json, rendered at
 * /docs), generated from the same zod schemas that validate requests, so it cannot drift from
 * what the server accepts. Request schemas describe the input side of transforms, response
 * schemas the output side; zod types that JSON Schema cannot express (custom checks, bigint)
 * become `{}`.
 */
import { z } from 'zod';

import type { RouteDef, Surface } from './route.js';

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiOptions {
  /** info.version: the package version. */
  readonly version: string;
  /** PARLEY_PUBLIC_URL when set: the one server of the document. */
  readonly serverUrl?: string | undefined;
}

const SURFACE_TAGS: Readonly<Record<Surface, { name: string; description: string }>> = {
  studio: {
    name: 'Studio',
    description: 'Bot management and chat, CSML Studio compatible, and the native admin routes',
  },
  textbots: { name: 'Textbots', description: 'Genesys Cloud Textbots compatible bot sessions' },
  oauth: { name: 'OAuth', description: 'Client-credentials access tokens' },
  conversations: {
    name: 'Conversations',
    description: 'ChatBotKit Conversations compatible API',
  },
};

const ERROR_SCHEMAS: Readonly<Record<Surface, { name: string; schema: JsonSchema }>> = {
  studio: {
    name: 'StudioError',
    schema: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            field: { type: 'string', description: 'dotted path of the offending input' },
          },
          additionalProperties: true,
        },
      },
    },
  },
  textbots: {
    name: 'TextbotsErrorBody',
    schema: {
      type: 'object',
      required: ['message', 'code', 'status', 'contextId', 'details', 'errors'],
      properties: {
        message: { type: 'string' },
        code: { type: 'string' },
        status: { type: 'integer' },
        contextId: { type: 'string' },
        messageWithParams: { type: 'string' },
        messageParams: { type: 'object', additionalProperties: { type: 'string' } },
        details: {
          type: 'array',
          items: {
            type: 'object',
            properties: { errorCode: { type: 'string' }, fieldName: { type: 'string' } },
          },
        },
        errors: { type: 'array', items: { type: 'object' } },
      },
    },
  },
  oauth: {
    name: 'OAuthError',
    schema: {
      type: 'object',
      required: ['error', 'error_description'],
      properties: { error: { type: 'string' }, error_description: { type: 'string' } },
    },
  },
  conversations: {
    name: 'ConversationsError',
    schema: {
      type: 'object',
      required: ['message', 'code'],
      properties: { message: { type: 'string' }, code: { type: 'string' } },
    },
  },
};

const SECURITY_SCHEMES: JsonSchema = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key as `<keyId>.<secret>`, an access token from POST /oauth/token, or (Studio ' +
      'routes) PARLEY_ADMIN_TOKEN',
  },
  apiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Api-Key',
    description:
      'Studio signed mode: `<keyId>|<unix seconds>` with X-Api-Signature; alone: public mode ' +
      '(POST /v1/api/chat only)',
  },
  apiSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Api-Signature',
    description: '`sha256=<hex HMAC-SHA256 of the X-Api-Key value, keyed with the key secret>`',
  },
  basic: {
    type: 'http',
    scheme: 'basic',
    description: 'Client credentials: `<keyId>:<secret>`',
  },
};

/** `/v1/bots/:botId` → `/v1/bots/{botId}`. */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

function pathParamNames(url: string): string[] {
  return [...url.matchAll(/:(\w+)/g)].map((match) => match[1] ?? '');
}

/** Moves `$defs` of one converted schema into components, renaming them under `prefix`. */
class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output', prefix: string): JsonSchema {
    let json: JsonSchema;
    try {
      json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
    } catch {
      return { description: 'not representable in JSON Schema' };
    }
    // `$schema` belongs to a document; the OpenAPI document already says which dialect.
    delete json.$schema;
    const { $defs, ...rest } = json;
    const renames = new Map<string, string>();
    if (typeof $defs === 'object' && $defs !== null) {
      for (const name of Object.keys($defs)) renames.set(name, `${prefix}_${name}`);
    }
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (typeof value !== 'object' || value === null) return value;
      const out: JsonSchema = {};
      for (const [key, member] of Object.entries(value)) {
        if (key === '$ref' && typeof member === 'string' && member.startsWith('#/$defs/')) {
          const target = renames.get(member.slice('#/$defs/'.length));
          out[key] = target === undefined ? member : `#/components/schemas/${target}`;
        } else out[key] = rewrite(member);
      }
      return out;
    };
    if (typeof $defs === 'object' && $defs !== null) {
      for (const [name, def] of Object.entries($defs)) {
        const target = renames.get(name);
        if (target !== undefined) this.components[target] = rewrite(def) as JsonSchema;
      }
    }
    return rewrite(rest) as JsonSchema;
  }
}

function properties(schema: JsonSchema): { props: Record<string, JsonSchema>; required: string[] } {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return { props, required };
}

function operationId(method: string, url: string, taken: Set<string>): string {
  const words = url
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1));
  const base = method.toLowerCase() + words.join('');
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

function security(route: RouteDef): JsonSchema[] {
  if (route.auth === false) return route.surface === 'oauth' ? [{ basic: [] }] : [];
  if (route.surface !== 'studio') return [{ bearer: [] }];
  const schemes: JsonSchema[] = [{ bearer: [] }, { apiKey: [], apiSignature: [] }];
  if (route.auth.allowPublic) schemes.push({ apiKey: [] });
  return schemes;
}

function bodyIsOptional(schema: z.ZodType): boolean {
  try {
    return schema.safeParse(undefined).success;
  } catch {
    return false;
  }
}

export function openApiDocument(
  routes: readonly RouteDef[],
  options: OpenApiOptions,
): { readonly [key: string]: unknown } {
  const converter = new SchemaConverter();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const taken = new Set<string>();
  const usedTags = new Map<string, string | undefined>();

  for (const route of routes) {
    const id = operationId(route.method, route.url, taken);
    const parameters: JsonSchema[] = [];
    const paramProps = route.params
      ? properties(converter.convert(route.params, 'input', id)).props
      : {};
    for (const name of pathParamNames(route.url)) {
      parameters.push({
        name,
        in: 'path',
        required: true,
        schema: paramProps[name] ?? { type: 'string' },
      });
    }
    if (route.query) {
      const { props, required } = properties(converter.convert(route.query, 'input', id));
      for (const [name, schema] of Object.entries(props)) {
        const { description, ...rest } = schema;
        parameters.push({
          name,
          in: 'query',
          required: required.includes(name),
          schema: rest,
          ...(typeof description === 'string' ? { description } : {}),
        });
      }
    }

    const tags =
      route.tags && route.tags.length > 0 ? route.tags : [SURFACE_TAGS[route.surface].name];
    for (const tag of tags) {
      if (!usedTags.has(tag)) {
        const surfaceTag = Object.values(SURFACE_TAGS).find((t) => t.name === tag);
        usedTags.set(tag, surfaceTag?.description);
      }
    }

    const responses: Record<string, JsonSchema> = {};
    for (const [status, doc] of Object.entries(route.responses ?? {})) {
      responses[status] = {
        description: doc.description,
        ...(doc.schema
          ? {
              content: {
                'application/json': { schema: converter.convert(doc.schema, 'output', id) },
              },
            }
          : {}),
      };
    }
    if (Object.keys(responses).length === 0) responses['200'] = { description: 'Success' };
    responses.default = {
      description: 'Error',
      content: {
        'application/json': {
          schema: { $ref: `#/components/schemas/${ERROR_SCHEMAS[route.surface].name}` },
        },
      },
    };

    const operation: JsonSchema = {
      operationId: id,
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      tags: [...tags],
      security: security(route),
      ...(route.auth !== false && route.auth.anyOf
        ? { 'x-permissions': { anyOf: [...route.auth.anyOf] } }
        : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      responses,
    };
    if (route.body) {
      const media =
        route.surface === 'oauth' ? 'application/x-www-form-urlencoded' : 'application/json';
      operation.requestBody = {
        required: !bodyIsOptional(route.body),
        content: { [media]: { schema: converter.convert(route.body, 'input', id) } },
      };
    }
    const path = openApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
  }

  const schemas: Record<string, JsonSchema> = { ...converter.components };
  for (const { name, schema } of Object.values(ERROR_SCHEMAS)) schemas[name] = schema;

  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: options.version,
      description:
        'One engine, three wire-compatible APIs: Studio (CSML Studio client API and native ' +
        'admin routes), Textbots (Genesys Cloud) and Conversations (ChatBotKit). Every error ' +
        'has a JSON body in its surface’s shape; every response carries X-Request-Id.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    tags: [...usedTags].map(([name, description]) => ({
      name,
      ...(description === undefined ? {} : { description }),
    })),
    paths,
    components: { schemas, securitySchemes: SECURITY_SCHEMES },
  };
}
