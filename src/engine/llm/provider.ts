/**
 * What the engine needs from a language model (ARCHITECTURE.md "Layers": the engine declares
 * the LlmProvider interface and never depends on a client library). One call is one
 * chat-completions request: messages and tools in, streamed text and tool calls out. The
 * OpenAI-compatible implementation is openai-compatible.ts; LLM turns are turn.ts.
 */

export type ChatMessage =
  | { readonly role: 'system' | 'user'; readonly content: string }
  | {
      readonly role: 'assistant';
      readonly content: string | null;
      readonly tool_calls?: readonly ToolCall[];
    }
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string };

export interface ToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

export interface ToolDefinition {
  readonly type: 'function';
  readonly function: {
    readonly name: string;
    readonly description: string;
    readonly parameters: unknown;
  };
}

/** Model parameters passed on as the API names them (conversations-api.md §7.4). */
export interface ModelParams {
  readonly max_tokens?: number;
  readonly temperature?: number;
  readonly frequency_penalty?: number;
  readonly presence_penalty?: number;
  readonly seed?: number;
}

export interface CompletionRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Absent or empty: the call offers no tools. */
  readonly tools?: readonly ToolDefinition[];
  readonly params?: ModelParams;
  /** Aborts the call (the client went away); the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Each content delta, as it arrives. */
  readonly onToken?: (token: string) => void;
}

export interface RequestedCall {
  readonly id: string;
  readonly name: string;
  /** As the model wrote it: usually JSON text. */
  readonly arguments: string;
}

export interface CompletionUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface CompletionResult {
  /** The concatenation of the call's tokens. */
  readonly text: string;
  readonly toolCalls: readonly RequestedCall[];
  /** `stop`, `length`, `tool_calls`, … as the provider said; null when it said nothing. */
  readonly finishReason: string | null;
  /** null when the provider reported none. */
  readonly usage: CompletionUsage | null;
}

export interface LlmProvider {
  complete(request: CompletionRequest): Promise<CompletionResult>;
}

export type LlmFailure = 'http' | 'timeout' | 'connection' | 'malformed';

/** The provider failed: an HTTP error after retries, a timeout, a broken or malformed stream. */
export class LlmError extends Error {
  constructor(
    readonly failure: LlmFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}
