/**
 * One outbound HTTP exchange with the limits a server owes its operator: a timeout covering
 * connection, redirects and body, a bounded number of redirects, and a cap on the body read.
 * Failures are TransportErrors named like the reference engine's HTTP client names them
 * (`Connection Failed`, `Dns Failed`, `Network Error`, `Too Many Redirects`, …).
 */

/** How long one request may take, redirects and body included. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Response bodies are read up to this many bytes; a longer one fails the request. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
/** Redirects followed per request (the reference engine's client follows 5). */
export const MAX_REDIRECTS = 5;

export interface FetchLimits {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  timeoutMs: REQUEST_TIMEOUT_MS,
  maxResponseBytes: MAX_RESPONSE_BYTES,
  maxRedirects: MAX_REDIRECTS,
};

export interface Exchange {
  /** Upper case. */
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

export interface RawResponse {
  readonly status: number;
  /** Lower-case names, as received (repeated headers joined by `, `). */
  readonly headers: Readonly<Record<string, string>>;
  readonly bytes: Uint8Array;
}

export class TransportError extends Error {
  constructor(
    readonly kind: string,
    detail: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'TransportError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** Throws a TransportError unless `url` is an http or https URL. */
export function checkScheme(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TransportError(
      'Unknown Scheme',
      `${url.protocol.slice(0, -1)} (http and https only)`,
    );
  }
}

/** Performs `exchange`, giving up at the earlier of its timeout and `deadline` (epoch ms). */
export async function fetchLimited(
  exchange: Exchange,
  deadline: number,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
): Promise<RawResponse> {
  const timeoutMs = Math.min(limits.timeoutMs, deadline - Date.now());
  if (timeoutMs <= 0) {
    throw new TransportError('Network Error', "the turn's time for outbound requests is spent");
  }
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, timeoutMs);
  const failure = (error: unknown) =>
    controller.signal.aborted
      ? new TransportError('Network Error', `timed out after ${timeoutMs} ms`)
      : transportError(error);
  try {
    let { method, url, body } = exchange;
    let headers: Record<string, string> = { ...exchange.headers };
    for (let redirects = 0; ; redirects++) {
      checkScheme(url);
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (error) {
        throw failure(error);
      }
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || location === null) {
        const bytes = await readCapped(response, limits.maxResponseBytes).catch(
          (error: unknown) => {
            throw error instanceof TransportError ? error : failure(error);
          },
        );
        return { status: response.status, headers: headersOf(response.headers), bytes };
      }
      await response.body?.cancel();
      if (redirects >= limits.maxRedirects) {
        throw new TransportError('Too Many Redirects', `more than ${limits.maxRedirects}`);
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new TransportError('Bad URL', `redirect to ${location}`);
      }
      // Fetch standard: 303, and 301/302 after a POST, continue as a GET without a body.
      if (response.status === 303 || (response.status <= 302 && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      if (next.origin !== url.origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())),
        );
      }
      url = next;
    }
  } finally {
    clearTimeout(timer);
  }
}

function headersOf(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new TransportError('Network Error', `response body larger than ${max} bytes`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  // Node's types leave the chunk type open; fetch's body chunks are Uint8Arrays.
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);

/** fetch's `TypeError: fetch failed` says little; its cause says what failed. */
function transportError(error: unknown): TransportError {
  if (error instanceof TransportError) return error;
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code ?? '';
    if (DNS_CODES.has(code)) return new TransportError('Dns Failed', cause.message);
    if (CONNECTION_CODES.has(code)) return new TransportError('Connection Failed', cause.message);
    return new TransportError('Network Error', cause.message);
  }
  // No cause: fetch refused the request itself (a header name or value it cannot send).
  return new TransportError('Bad Request', error instanceof Error ? error.message : String(error));
}
