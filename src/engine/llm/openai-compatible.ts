/**
 * An LlmProvider for OpenAI-compatible chat-completions APIs (conversations-api.md §7.4):
 * `POST <baseUrl>/chat/completions` with `stream: true` and `stream_options.include_usage`,
 * read as server-sent events. 429, 5xx and connection failures are retried twice with backoff
 * (0.5 s, then 1 s, or the provider's Retry-After up to 10 s), but only before the call's first
 * token: a token once shown cannot be taken back. The whole call, retries included, has a
 * time limit (120 s). A provider that answers plain JSON despite `stream` is read too.
 */
import type {
  ChatMessage,
  CompletionRequest,
  CompletionResult,
  CompletionUsage,
  LlmProvider,
  RequestedCall,
  ToolDefinition,
} from './provider.js';
import { LlmError } from './provider.js';

export interface OpenAiCompatibleOptions {
  /** `https://api.openai.com/v1`; `/chat/completions` is appended. */
  readonly baseUrl: string;
  readonly apiKey?: string | undefined;
  /** Whole call, retries included (default 120 s). */
  readonly timeoutMs?: number;
  /** Waits before the retries (default 500 ms, then 1000 ms). */
  readonly backoffMs?: readonly number[];
  /** Longest Retry-After honoured (default 10 s). */
  readonly maxRetryAfterMs?: number;
  readonly fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_BACKOFF_MS = [500, 1000] as const;
const DEFAULT_MAX_RETRY_AFTER_MS = 10_000;

interface RequestBody {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly stream: true;
  readonly stream_options: { readonly include_usage: true };
  readonly tools?: readonly ToolDefinition[];
  readonly [param: string]: unknown;
}

/** A failure worth another try: the provider said so (429, 5xx) or could not be reached. */
class Retryable extends Error {
  constructor(
    readonly error: LlmError,
    readonly retryAfterMs: number | undefined,
  ) {
    super(error.message);
  }
}

export class OpenAiCompatibleProvider implements LlmProvider {
  private readonly url: string;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const backoff = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const body: RequestBody = {
      model: request.model,
      messages: request.messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(request.tools && request.tools.length > 0 ? { tools: request.tools } : {}),
      ...request.params,
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(body, request, signal);
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        if (timeout.aborted) {
          throw new LlmError('timeout', `no complete answer within ${timeoutMs / 1000} s`);
        }
        if (!(error instanceof Retryable)) throw error;
        if (attempt >= backoff.length) throw error.error;
        const maxWait = this.options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
        const wait =
          error.retryAfterMs === undefined
            ? (backoff[attempt] ?? 0)
            : Math.min(error.retryAfterMs, maxWait);
        await sleep(wait, signal);
      }
    }
  }

  private async attempt(
    body: RequestBody,
    request: CompletionRequest,
    signal: AbortSignal,
  ): Promise<CompletionResult> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
    };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new Retryable(
        new LlmError('connection', `cannot reach ${this.url}: ${cause(error)}`),
        undefined,
      );
    }
    if (!response.ok) {
      const detail = await errorDetail(response);
      const error = new LlmError('http', `HTTP ${response.status}${detail}`, response.status);
      if (response.status === 429 || response.status >= 500) {
        throw new Retryable(error, retryAfter(response.headers.get('retry-after')));
      }
      throw error;
    }
    const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type === 'application/json') return readJson(await response.text(), request);
    return readEvents(response, request, signal);
  }
}

function cause(error: unknown): string {
  if (error instanceof Error) {
    const inner = (error as { cause?: unknown }).cause;
    return inner instanceof Error ? inner.message : error.message;
  }
  return String(error);
}

async function errorDetail(response: Response): Promise<string> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return '';
  }
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string };
    const message = typeof parsed.error === 'string' ? parsed.error : parsed.error?.message;
    if (typeof message === 'string') return `: ${message.slice(0, 200)}`;
  } catch {
    // not JSON: the text itself, shortened
  }
  return text.trim() === '' ? '' : `: ${text.trim().slice(0, 200)}`;
}

/** Retry-After in seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
function retryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Tool calls arrive in pieces, keyed by index: the first piece names them. */
interface PartialCall {
  id: string;
  name: string;
  arguments: string;
}

interface Accumulator {
  text: string;
  calls: Map<number, PartialCall>;
  finishReason: string | null;
  usage: CompletionUsage | null;
}

function malformed(detail: string): LlmError {
  return new LlmError('malformed', `malformed stream: ${detail}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readUsage(value: unknown): CompletionUsage | null {
  if (!isRecord(value)) return null;
  const prompt = value.prompt_tokens;
  const completion = value.completion_tokens;
  if (typeof prompt !== 'number' || typeof completion !== 'number') return null;
  return { promptTokens: prompt, completionTokens: completion };
}

/** One `data:` payload of the stream. */
function applyChunk(acc: Accumulator, chunk: unknown, request: CompletionRequest): void {
  if (!isRecord(chunk)) throw malformed('an event is not a JSON object');
  if (isRecord(chunk.error)) {
    const message = typeof chunk.error.message === 'string' ? chunk.error.message : 'error event';
    throw new LlmError('http', message);
  }
  const usage = readUsage(chunk.usage);
  if (usage) acc.usage = usage;
  const choices = chunk.choices;
  if (choices === undefined || choices === null) return;
  if (!Array.isArray(choices)) throw malformed('"choices" is not an array');
  const choice: unknown = choices[0];
  if (choice === undefined) return;
  if (!isRecord(choice)) throw malformed('a choice is not an object');
  if (typeof choice.finish_reason === 'string') acc.finishReason = choice.finish_reason;
  const delta = choice.delta;
  if (delta === undefined || delta === null) return;
  if (!isRecord(delta)) throw malformed('"delta" is not an object');
  if (typeof delta.content === 'string' && delta.content !== '') {
    acc.text += delta.content;
    request.onToken?.(delta.content);
  }
  if (delta.tool_calls === undefined || delta.tool_calls === null) return;
  if (!Array.isArray(delta.tool_calls)) throw malformed('"tool_calls" is not an array');
  for (const piece of delta.tool_calls as unknown[]) {
    if (!isRecord(piece)) throw malformed('a tool call is not an object');
    const index = typeof piece.index === 'number' ? piece.index : acc.calls.size;
    let call = acc.calls.get(index);
    if (!call) {
      call = { id: '', name: '', arguments: '' };
      acc.calls.set(index, call);
    }
    if (typeof piece.id === 'string' && call.id === '') call.id = piece.id;
    const fn = piece.function;
    if (isRecord(fn)) {
      if (typeof fn.name === 'string') call.name += fn.name;
      if (typeof fn.arguments === 'string') call.arguments += fn.arguments;
    }
  }
}

function finish(acc: Accumulator): CompletionResult {
  const toolCalls: RequestedCall[] = [];
  for (const [index, call] of [...acc.calls.entries()].sort((a, b) => a[0] - b[0])) {
    if (call.name === '') throw malformed('a tool call has no function name');
    toolCalls.push({ id: call.id || `call_${index}`, name: call.name, arguments: call.arguments });
  }
  return { text: acc.text, toolCalls, finishReason: acc.finishReason, usage: acc.usage };
}

async function readEvents(
  response: Response,
  request: CompletionRequest,
  signal: AbortSignal,
): Promise<CompletionResult> {
  const body = response.body;
  if (!body) throw malformed('the answer has no body');
  const acc: Accumulator = { text: '', calls: new Map(), finishReason: null, usage: null };
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  /** One line of the stream; true at `data: [DONE]`. */
  const line = (text: string): boolean => {
    if (!text.startsWith('data:')) return false; // comments, `event:`, `id:`, separators
    const data = text.slice(5).trim();
    if (data === '[DONE]') return true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw malformed(`an event is not JSON: ${data.slice(0, 80)}`);
    }
    applyChunk(acc, parsed, request);
    return false;
  };
  const lines = async (): Promise<boolean> => {
    for await (const bytes of body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(bytes, { stream: true });
      let end: number;
      while ((end = buffer.search(/\r?\n/)) >= 0) {
        const text = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer[end] === '\r' ? 2 : 1));
        if (line(text)) return true;
      }
    }
    buffer += decoder.decode();
    return buffer.trim() !== '' && line(buffer.trim());
  };
  let done: boolean;
  try {
    done = await lines();
  } catch (error) {
    if (error instanceof LlmError || signal.aborted) throw error;
    // A connection broken mid-stream: tokens may have been shown, so no retry.
    throw new LlmError('connection', `the stream broke off: ${cause(error)}`);
  }
  if (!done && acc.finishReason === null) throw malformed('the stream ended before [DONE]');
  return finish(acc);
}

/** A non-streamed answer (`chat.completion`), for providers that ignore `stream`. */
function readJson(text: string, request: CompletionRequest): CompletionResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed('the answer is not JSON');
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.choices)) throw malformed('no "choices"');
  const choice: unknown = parsed.choices[0];
  if (!isRecord(choice) || !isRecord(choice.message)) throw malformed('no message');
  const message = choice.message;
  const acc: Accumulator = {
    text: '',
    calls: new Map(),
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    usage: readUsage(parsed.usage),
  };
  applyChunk(
    acc,
    {
      choices: [
        {
          delta: {
            content: message.content,
            tool_calls: Array.isArray(message.tool_calls)
              ? (message.tool_calls as unknown[]).map((call, index) =>
                  isRecord(call) ? { ...call, index } : call,
                )
              : undefined,
          },
        },
      ],
    },
    request,
  );
  return finish(acc);
}
