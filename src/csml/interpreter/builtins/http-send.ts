/**
 * `HTTP(...).send()`: the builder becomes a host request (csml.md §18.3). The answer is the
 * parsed body with info `status` and `headers`; an error status (400 and above) is an inline
 * error `<url>: status code <n>` whose null carries `status`, `headers` and the raw `body`.
 */
import { field } from './args.js';
import { asCsmlError, CsmlInfoError } from './info-error.js';
import { CsmlError } from '../errors.js';
import { displayText, fromJson, toJson } from '../format.js';
import type { CsmlHost, HttpRequest, HttpResponse } from '../host.js';
import { int, object, str } from '../value.js';
import type { Value, ValueInfo } from '../value.js';
import { stringifyJson } from '../../json.js';

const GET_VALUE =
  'not found in HTTP object. Use the HTTP() builtin to construct the correct object to make HTTP calls';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function texts(receiver: Value, key: string, required: boolean): Record<string, string> | null {
  const value = field(receiver, key);
  if (value === undefined && !required) return null;
  if (value?.kind !== 'object') throw new CsmlError(`'${key}' ${GET_VALUE}`);
  const result: Record<string, string> = {};
  for (const [name, item] of value.entries) result[name] = displayText(item);
  return result;
}

/** The builder as a host request; the URL keeps its query apart. */
export function httpRequest(receiver: Value): HttpRequest {
  const method = field(receiver, 'method');
  if (method === undefined) {
    throw new CsmlError('[send] HTTP Object is bad formatted read doc for correct usage');
  }
  if (method.kind !== 'string' || !METHODS.includes(method.value)) {
    throw new CsmlError('is not a method of HTTP');
  }
  const url = field(receiver, 'url');
  if (url?.kind !== 'string') throw new CsmlError(`'url' ${GET_VALUE}`);
  const query = texts(receiver, 'query', false);
  const headers = texts(receiver, 'header', true) ?? {};
  const body = field(receiver, 'body');
  const noVerify = field(receiver, 'disable_ssl_verify');
  return {
    method: method.value,
    url: url.value,
    headers,
    query,
    body: body === undefined ? undefined : toJson(body),
    verifySsl: !(noVerify?.kind === 'bool' && noVerify.value),
  };
}

/** The URL as the reference prints it in errors: query pairs appended without encoding. */
export function fullUrl(request: HttpRequest): string {
  const pairs = Object.entries(request.query ?? {});
  if (pairs.length === 0) return request.url;
  return `${request.url}?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

function responseInfo(response: HttpResponse): ValueInfo {
  const headers = new Map<string, Value>();
  for (const [name, value] of Object.entries(response.headers)) headers.set(name, str(value));
  return { status: int(response.status), headers: object(headers) };
}

export function sendHttp(receiver: Value, host: CsmlHost): Value {
  const request = httpRequest(receiver);
  let response: HttpResponse;
  try {
    response = host.http(request);
  } catch (e) {
    throw asCsmlError(e);
  }
  const info = responseInfo(response);
  if (response.status >= 400) {
    const body = typeof response.body === 'string' ? response.body : stringifyJson(response.body);
    throw new CsmlInfoError(`${fullUrl(request)}: status code ${response.status}`, {
      ...info,
      body: str(body),
    });
  }
  const value = fromJson(response.body);
  value.info = { ...value.info, ...info };
  return value;
}
