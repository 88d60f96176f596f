/**
 * Outbound requests performed for real (`PARLEY_ALLOW_REMOTE_FETCH`, ARCHITECTURE.md
 * Configuration): `HTTP().send()` and `App()` as the reference engine makes them (csml.md §10.7,
 * §18.3), with the limits of outbound-fetch.ts. The interpreter is synchronous, so each request
 * is answered by a NeedsFetch that the engine performs between two runs (replay-host.ts).
 *
 * SMTP().send() stays refused: Parley does not send mail.
 *
 * `.disable_ssl_verify()` is not honoured: certificates are always verified (the reference
 * engine, too, verifies unless its operator sets DISABLE_SSL_VERIFY, which Parley has no
 * equivalent of).
 */
import { CsmlError } from '../csml/interpreter/errors.js';
import { fullUrl } from '../csml/interpreter/builtins/http-send.js';
import { CsmlInfoError } from '../csml/interpreter/builtins/info-error.js';
import { toJson } from '../csml/interpreter/format.js';
import type { AppCall, HttpRequest, HttpResponse } from '../csml/interpreter/host.js';
import { jsonTextToValue } from '../csml/interpreter/methods/json-text.js';
import { int, object, str } from '../csml/interpreter/value.js';
import type { Value, ValueInfo } from '../csml/interpreter/value.js';
import type { Json } from '../csml/json.js';
import { stringifyJson } from '../csml/json.js';
import { smtpUrl } from './host.js';
import type { AppClient, Outbound } from './host.js';
import {
  checkScheme,
  DEFAULT_FETCH_LIMITS,
  fetchLimited,
  TransportError,
} from './outbound-fetch.js';
import type { FetchLimits, RawResponse } from './outbound-fetch.js';
import { NeedsFetch } from './replay-host.js';

const NOT_UTF8 = 'Invalid Response format, please send a json or a valid UTF-8 sequence';
const APP_HEADERS = { 'content-type': 'application/json', accept: 'application/json,text/*' };

/** `response.info`: what the flow reads with `get_info()` after a call (csml.md §10.7). */
function infoOf(response: RawResponse, body: string): ValueInfo {
  const headers = new Map<string, Value>();
  for (const [name, value] of Object.entries(response.headers)) headers.set(name, str(value));
  return { status: int(response.status), headers: object(headers), body: str(body) };
}

function text(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The body as the reference reads it: JSON when it parses, else the text. */
function parsedBody(body: string): Json {
  const value = jsonTextToValue(body);
  return value === null ? body : toJson(value);
}

/** The URL to request: the reference appends the query unencoded, then parses the result. */
function requestUrl(request: HttpRequest): URL {
  const full = fullUrl(request);
  let url: URL;
  try {
    url = new URL(full);
  } catch {
    throw new CsmlError(`${full}: Bad URL: not an absolute URL`);
  }
  try {
    checkScheme(url);
  } catch (error) {
    if (error instanceof TransportError) throw new CsmlError(`${full}: ${error.message}`);
    throw error;
  }
  return url;
}

async function sendHttp(
  request: HttpRequest,
  url: URL,
  deadline: number,
  limits: FetchLimits,
): Promise<HttpResponse> {
  const method = request.method.toUpperCase();
  const headers: Record<string, string> = { ...request.headers };
  // fetch cannot send a body with GET (the builder's quirk can leave one there, csml.md §10.7).
  const body =
    request.body === undefined || method === 'GET' ? undefined : stringifyJson(request.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  let response: RawResponse;
  try {
    response = await fetchLimited({ method, url, headers, body }, deadline, limits);
  } catch (error) {
    if (error instanceof TransportError)
      throw new CsmlError(`${fullUrl(request)}: ${error.message}`);
    throw error;
  }
  const decoded = text(response.bytes);
  const headersOut = response.headers;
  // An error status keeps the raw text: the interpreter gives it to the flow as `body`.
  if (response.status >= 400) {
    return { status: response.status, headers: headersOut, body: decoded ?? NOT_UTF8 };
  }
  if (decoded === null) {
    throw new CsmlInfoError('failed to read response as JSON', infoOf(response, NOT_UTF8));
  }
  return { status: response.status, headers: headersOut, body: parsedBody(decoded) };
}

async function callApp(
  call: AppCall,
  endpoint: URL,
  client: AppClient,
  deadline: number,
  limits: FetchLimits,
): Promise<Json> {
  const payload: Json = { client: { ...client }, function_id: call.name, data: call.data };
  let response: RawResponse;
  try {
    response = await fetchLimited(
      { method: 'POST', url: endpoint, headers: APP_HEADERS, body: stringifyJson(payload) },
      deadline,
      limits,
    );
  } catch (error) {
    // The reference hides the apps endpoint from the flow's error messages.
    if (error instanceof TransportError) throw new CsmlError('Apps service: error');
    throw error;
  }
  const decoded = text(response.bytes);
  if (response.status >= 400) {
    throw new CsmlInfoError(
      `Apps service: status code ${response.status}`,
      infoOf(response, decoded ?? NOT_UTF8),
    );
  }
  if (decoded === null) {
    throw new CsmlInfoError('failed to read response as JSON', infoOf(response, NOT_UTF8));
  }
  const value = jsonTextToValue(decoded);
  const data = value?.kind === 'object' ? value.entries.get('data') : undefined;
  if (data === undefined) throw new CsmlError("bad format: no 'data' in HTTP response");
  return toJson(data);
}

export interface RemoteOutboundOptions {
  readonly limits?: Partial<FetchLimits>;
}

/** An Outbound that performs HTTP and App requests (through NeedsFetch) and refuses SMTP. */
export function remoteOutbound(options: RemoteOutboundOptions = {}): Outbound {
  const limits: FetchLimits = { ...DEFAULT_FETCH_LIMITS, ...options.limits };
  return {
    http(request) {
      const url = requestUrl(request);
      return throwNeedsFetch(`${request.method.toUpperCase()} ${fullUrl(request)}`, (deadline) =>
        sendHttp(request, url, deadline, limits),
      );
    },
    app(call, endpoint, client) {
      let url: URL;
      try {
        url = new URL(endpoint);
        checkScheme(url);
      } catch {
        throw new CsmlError('Apps service: error');
      }
      return throwNeedsFetch(`POST ${endpoint}`, (deadline) =>
        callApp(call, url, client, deadline, limits),
      );
    },
    smtp(message) {
      throw new CsmlError(
        `request blocked by host policy: SMTP ${smtpUrl(message)} (Parley does not send mail)`,
      );
    },
  };
}

function throwNeedsFetch(
  target: string,
  perform: (deadline: number) => Promise<HttpResponse | Json>,
): never {
  throw new NeedsFetch(target, perform);
}
