/**
 * One internal error (EngineError), four wire shapes (ARCHITECTURE.md "Conventions"):
 *
 * | surface       | body                                                        | spec                      |
 * |---------------|-------------------------------------------------------------|---------------------------|
 * | studio        | `{"error": {"code", "message", "field"?, ...details}}`      | studio-api.md §3          |
 * | textbots      | Genesys ErrorBody `{message, code, status, contextId, ...}` | textbots-api.md §2.5, §3  |
 * | oauth         | `{"error", "error_description"}`                            | textbots-api.md A1        |
 * | conversations | `{"message", "code"}`                                       | conversations-api.md §4   |
 *
 * A thrower that needs a surface's own code which the generic mapping cannot know (Textbots
 * `session.already.closed`, OAuth `unsupported_grant_type`, Conversations `BAD_GATEWAY`) sets
 * `details.wireCode`, and `details.wireStatus` if the status differs from the EngineError's;
 * both are taken out of the body. Anything thrown that is not an EngineError is a 500 whose
 * body says nothing about it (the server logs it).
 */
import type { Json } from '../csml/json.js';
import { EngineError } from '../engine/errors.js';
import type { EngineErrorCode } from '../engine/errors.js';
import type { Surface } from './route.js';
import { ValidationError } from './validation.js';

export interface RenderedError {
  readonly status: number;
  readonly body: Json;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RenderContext {
  /** Textbots `contextId`, equal to the `inin-correlation-id` header (a UUID). */
  readonly correlationId: string;
}

export type ErrorRenderer = (error: EngineError, context: RenderContext) => RenderedError;

/** Members of `details` that steer rendering and never reach the wire. */
export const WIRE_CODE = 'wireCode';
export const WIRE_STATUS = 'wireStatus';

/** Default size limit of JSON bodies (studio-api.md §1, textbots-api.md C2). */
export const DEFAULT_BODY_LIMIT = 1_048_576;

export interface ThrownError {
  readonly error: EngineError;
  /** Not an EngineError nor a request error of the framework: a bug or an outage to log. */
  readonly unexpected: boolean;
}

/** Fastify's own request errors (FST_ERR_CTP_BODY_TOO_LARGE…): 4xx with safe messages. */
function frameworkStatus(thrown: unknown): number | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const { code, statusCode } = thrown as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode > 499) return undefined;
  return statusCode;
}

export function toEngineError(thrown: unknown): ThrownError {
  if (thrown instanceof EngineError) return { error: thrown, unexpected: false };
  const status = frameworkStatus(thrown);
  if (status !== undefined) {
    const message = (thrown as Error).message;
    const code: EngineErrorCode =
      status === 413
        ? 'payload_too_large'
        : status === 415
          ? 'unsupported_media_type'
          : status === 404
            ? 'not_found'
            : 'bad_request';
    return { error: new EngineError(code, message), unexpected: false };
  }
  return { error: new EngineError('internal', 'Internal error'), unexpected: true };
}

interface Steering {
  readonly wireCode: string | undefined;
  readonly wireStatus: number | undefined;
  /** details without the steering members. */
  readonly details: Readonly<Record<string, Json>>;
}

function steering(error: EngineError): Steering {
  const { [WIRE_CODE]: code, [WIRE_STATUS]: status, ...details } = error.details ?? {};
  return {
    wireCode: typeof code === 'string' ? code : undefined,
    wireStatus: typeof status === 'number' ? status : undefined,
    details,
  };
}

function headersOf(error: EngineError, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { ...error.headers };
  const present = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(extra)) {
    if (!present.has(name.toLowerCase())) headers[name] = value;
  }
  return headers;
}

// --- Studio (studio-api.md §3) ---------------------------------------------------------------

const STUDIO_CODES: Readonly<Record<EngineErrorCode, string>> = {
  bad_request: 'bad_request',
  invalid_event: 'bad_request',
  payload_too_large: 'bad_request',
  unsupported_media_type: 'bad_request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  not_found: 'not_found',
  method_not_allowed: 'not_found',
  conflict: 'conflict',
  bot_not_built: 'conflict',
  lock_timeout: 'conflict',
  invalid_bot: 'invalid_bot',
  rate_limited: 'rate_limited',
  internal: 'internal',
  unavailable: 'internal',
};

export const renderStudioError: ErrorRenderer = (error) => {
  const { wireCode, wireStatus, details } = steering(error);
  const status = wireStatus ?? error.status;
  const body: Record<string, Json> = {
    code: wireCode ?? STUDIO_CODES[error.code],
    message: error.message,
  };
  if (error.field !== undefined) body.field = error.field;
  for (const [key, value] of Object.entries(details)) {
    if (!(key in body)) body[key] = value;
  }
  const extra: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  return { status, body: { error: body }, headers: headersOf(error, extra) };
};

// --- Textbots (textbots-api.md §2.5, §3) -----------------------------------------------------

const TEXTBOTS_CODES: Readonly<Record<EngineErrorCode, string>> = {
  bad_request: 'bad.request',
  invalid_event: 'bad.request',
  payload_too_large: 'request.entity.too.large',
  unsupported_media_type: 'unsupported.media.type',
  unauthorized: 'bad.credentials',
  forbidden: 'missing.permissions',
  not_found: 'not.found',
  method_not_allowed: 'not.found',
  conflict: 'request.conflict',
  bot_not_built: 'request.conflict',
  lock_timeout: 'request.conflict',
  invalid_bot: 'bad.request',
  rate_limited: 'too.many.requests.retry.after',
  internal: 'internal.server.error',
  unavailable: 'service.unavailable',
};

/**
 * The Genesys catalogue messages Parley emits (textbots-api.md §3), `%s` filled in by
 * `textbotsMessage`. A code outside it keeps the thrower's message.
 */
export const TEXTBOTS_CATALOGUE: Readonly<Record<string, string>> = {
  'bad.request': 'The request could not be understood by the server due to malformed syntax.',
  'invalid.value': '%s',
  'constraint.validation': '%s',
  'flow.version.not.published': 'The flow version is not published',
  'invalid.input.variables': 'One or more of your input variables are invalid',
  'session.already.closed': 'The bot session is closed',
  'mismatched.turn.id': 'The turn provided is not expected',
  'unexpected.input.event': 'An unexpected input event has been submitted',
  'bots.bot.session.closed': 'The bot session is already closed and cannot be reused',
  'bots.bot.doesnt.exist':
    "This occurs if the service doesn't recognize the bot that the integration code specifies",
  'bots.unsupported.language': 'The language code is unsupported or not recognized',
  'bots.invalid.bot.argument':
    'An argument passed on to the bot was declared invalid by the bot service',
  'authentication.required': 'No authentication bearer token specified in authorization header.',
  'bad.credentials': 'Invalid login credentials.',
  'missing.permissions':
    'Unable to perform the requested action. You are missing the following permission(s): %s',
  'not.found': 'The requested resource was not found.',
  'request.conflict': 'The request conflicts with the current state of the target resource.',
  'request.entity.too.large': 'The request is over the size limit. Maximum bytes: %s',
  'unsupported.media.type':
    'Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect ' +
    'Content-Type value in the header.',
  'too.many.requests.retry.after':
    'Rate limit exceeded the maximum. Retry the request in [%s] seconds',
  'internal.server.error':
    'The server encountered an unexpected condition which prevented it from fulfilling the request.',
  'service.unavailable':
    'Service Unavailable - The server is currently unavailable (because it is overloaded or ' +
    'down for maintenance).',
};

/** AuthError (auth/auth-error.ts) members, read structurally so this file does not depend on it. */
function authReason(error: EngineError): string | undefined {
  const reason = (error as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : undefined;
}

function requiredPermissions(error: EngineError): readonly string[] {
  const required: unknown =
    (error as { required?: unknown }).required ?? error.details?.permissions;
  return Array.isArray(required) ? required.filter((p): p is string => typeof p === 'string') : [];
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

export const renderTextbotsError: ErrorRenderer = (error, context) => {
  const { wireCode, wireStatus, details } = steering(error);
  const status = wireStatus ?? error.status;
  let code = wireCode ?? TEXTBOTS_CODES[error.code];
  if (wireCode === undefined && error.code === 'unauthorized' && authReason(error) === 'missing') {
    code = 'authentication.required';
  }
  const template = TEXTBOTS_CATALOGUE[code];
  const body: Record<string, Json> = { message: error.message, code, status };
  if (template !== undefined) {
    let param = error.message;
    if (code === 'request.entity.too.large') {
      const limit = details.limit;
      param = String(typeof limit === 'number' ? limit : DEFAULT_BODY_LIMIT);
    } else if (code === 'too.many.requests.retry.after') {
      param = headerValue(error.headers ?? {}, 'retry-after') ?? '1';
    } else if (code === 'missing.permissions') {
      param = `[${requiredPermissions(error).join(', ')}]`;
      body.messageParams = { permissions: param };
      body.messageWithParams = template.replace('%s', '{permissions}');
    }
    body.message = template.replace('%s', param);
  }
  body.contextId = context.correlationId;
  const problems =
    error instanceof ValidationError
      ? error.problems.filter((p) => p.field !== '')
      : error.field === undefined
        ? []
        : [{ field: error.field }];
  body.details = problems.map((p) => ({ errorCode: code, fieldName: p.field }));
  body.errors = [];
  return {
    status,
    body,
    headers: headersOf(error, { 'inin-correlation-id': context.correlationId }),
  };
};

// --- OAuth token endpoint (textbots-api.md A1, RFC 6749 §5.2) --------------------------------

export const renderOAuthError: ErrorRenderer = (error) => {
  const { wireCode, wireStatus } = steering(error);
  let code: string;
  let status = error.status;
  const extra: Record<string, string> = { 'Cache-Control': 'no-store' };
  switch (error.code) {
    case 'unauthorized':
      code = 'invalid_client';
      extra['WWW-Authenticate'] = 'Basic';
      break;
    case 'forbidden':
      code = 'unauthorized_client';
      status = 400;
      break;
    case 'internal':
    case 'unavailable':
      code = 'server_error';
      break;
    case 'bad_request':
    case 'invalid_event':
    case 'payload_too_large':
    case 'unsupported_media_type':
    case 'not_found':
    case 'method_not_allowed':
    case 'conflict':
    case 'bot_not_built':
    case 'lock_timeout':
    case 'invalid_bot':
    case 'rate_limited':
      code = 'invalid_request';
      break;
  }
  return {
    status: wireStatus ?? status,
    body: { error: wireCode ?? code, error_description: error.message },
    headers: headersOf(error, extra),
  };
};

// --- Conversations (conversations-api.md §4) -------------------------------------------------

const CONVERSATIONS: Readonly<Record<EngineErrorCode, readonly [number, string]>> = {
  bad_request: [400, 'BAD_REQUEST'],
  invalid_event: [400, 'BAD_REQUEST'],
  payload_too_large: [413, 'CONTENT_TOO_LARGE'],
  // The surface reads every body as JSON (§2.2): a media type never refuses one.
  unsupported_media_type: [400, 'BAD_REQUEST'],
  unauthorized: [401, 'NOT_AUTHENTICATED'],
  forbidden: [403, 'NOT_AUTHORIZED'],
  not_found: [404, 'NOT_FOUND'],
  method_not_allowed: [405, 'METHOD_NOT_ALLOWED'],
  conflict: [409, 'CONFLICT'],
  bot_not_built: [409, 'CONFLICT'],
  // The SDK retries 503, and a timed-out turn stored nothing (ARCHITECTURE.md "One turn").
  lock_timeout: [503, 'SERVICE_UNAVAILABLE'],
  // Deterministic: never 5xx or 429 (§4), which the SDK would retry.
  invalid_bot: [400, 'BAD_REQUEST'],
  rate_limited: [429, 'TOO_MANY_REQUESTS'],
  internal: [500, 'INTERNAL_SERVER_ERROR'],
  unavailable: [503, 'SERVICE_UNAVAILABLE'],
};

/** Fixed messages (§3): an authentication failure does not say which check failed. */
const CONVERSATIONS_MESSAGES: Readonly<Partial<Record<EngineErrorCode, string>>> = {
  unauthorized: 'Not authenticated',
  forbidden: 'Not authorized',
  internal: 'Something went wrong',
};

export const renderConversationsError: ErrorRenderer = (error) => {
  const { wireCode, wireStatus } = steering(error);
  const [status, code] = CONVERSATIONS[error.code];
  const message = CONVERSATIONS_MESSAGES[error.code] ?? error.message;
  return {
    status: wireStatus ?? status,
    body: { message, code: wireCode ?? code },
    headers: headersOf(error),
  };
};

const RENDERERS: Readonly<Record<Surface, ErrorRenderer>> = {
  studio: renderStudioError,
  textbots: renderTextbotsError,
  oauth: renderOAuthError,
  conversations: renderConversationsError,
};

export function renderError(
  surface: Surface,
  error: EngineError,
  context: RenderContext,
): RenderedError {
  return RENDERERS[surface](error, context);
}
