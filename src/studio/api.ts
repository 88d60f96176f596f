/**
 * The studio's client of Parley's public HTTP API (studio-api.md §9: the native `/v1` routes).
 * Every failure becomes an `ApiError` with a message a person can read: the server's own
 * `{"error": {code, message}}` when it sent one, else a sentence about the network or status.
 */

export interface Diagnostic {
  readonly flow: string | null;
  readonly step: string | null;
  readonly line: number;
  /** 1-based, in UTF-8 bytes of the line (studio-api.md §4.4). */
  readonly column: number;
  readonly end_line: number;
  readonly end_column: number;
  readonly message: string;
  readonly code: string;
  readonly severity: 'error' | 'warning';
}

export interface Flow {
  readonly id: string;
  readonly name: string;
  readonly description?: string | null;
  readonly commands: readonly string[];
  readonly content: string;
  readonly created_at?: string;
  readonly updated_at?: string;
}

export interface Bot {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly default_flow: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly env: Readonly<Record<string, unknown>>;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly nlu: unknown;
  readonly llm: unknown;
  readonly flows?: readonly Flow[];
}

export interface VersionSummary {
  readonly version_id: string;
  readonly engine_version: string;
  readonly created_at: string;
  readonly content_hash: string;
}

export interface Version {
  readonly id: string;
  readonly name: string;
  readonly default_flow: string | null;
  readonly created_at: string;
  readonly version_id: string;
  readonly engine_version: string;
  readonly content_hash: string;
  readonly flows: readonly Flow[];
}

export interface Validation {
  readonly valid: boolean;
  readonly errors?: readonly Diagnostic[];
  readonly warnings?: readonly Diagnostic[];
}

/** A CSML message payload (csml.md §12): `content_type` names the component. */
export interface Payload {
  readonly content_type: string;
  readonly content: unknown;
}

export interface ChatMessage {
  readonly conversation_id: string;
  readonly direction: 'SEND';
  readonly interaction_order: number;
  readonly payload: Payload;
}

/** Parley member of a chat answer: what the bot's NLU made of a text event. */
export interface Understanding {
  readonly intent: { readonly name: string; readonly confidence: number } | null;
  readonly entities: readonly {
    readonly entity: string;
    readonly value: unknown;
    readonly text: string;
    readonly start: number;
    readonly end: number;
  }[];
}

export interface ChatAnswer {
  readonly request_id: string;
  readonly interaction_id: string;
  readonly received_at: string;
  readonly conversation_end: boolean;
  readonly messages: readonly ChatMessage[];
  readonly nlu?: Understanding;
}

export interface ChatRequest {
  readonly userId: string;
  readonly payload: Payload;
  /** Start new conversations on this version instead of the latest build. */
  readonly versionId?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface ConversationSummary {
  readonly id: string;
  /** `studio`, `textbots.botflow`, `textbots.execute` or `conversations`. */
  readonly channel: string;
  readonly status: 'open' | 'closed';
  /** The client's key on its channel (for Studio chat: `<channel_id>:<user_id>`). */
  readonly user: string;
  readonly version_id: string | null;
  readonly turns: number;
  readonly created_at: string;
  readonly last_activity_at: string;
}

export interface ConversationPage {
  readonly items: readonly ConversationSummary[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  readonly next_before: string | null;
}

export interface TranscriptMessage {
  readonly seq: number;
  readonly direction: 'user' | 'bot';
  /** `user`, `bot`, or a Conversations-surface message type (`activity`, ...). */
  readonly type: string;
  readonly payload: Payload;
  readonly created_at: string;
}

export interface TranscriptPage {
  readonly items: readonly TranscriptMessage[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next_after: number | null;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** The body's `errors` (a 422 build), when there were some. */
    readonly diagnostics: readonly Diagnostic[] = [],
    readonly warnings: readonly Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  readonly error?: {
    readonly code?: unknown;
    readonly message?: unknown;
    readonly errors?: unknown;
    readonly warnings?: unknown;
  };
}

function diagnosticsOf(value: unknown): readonly Diagnostic[] {
  return Array.isArray(value) ? (value as Diagnostic[]) : [];
}

export class Api {
  constructor(
    private readonly token: string,
    private readonly base = '',
  ) {}

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError('Parley could not be reached: is the server running?', 0, 'network');
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's page, say): reported below by status.
    }
    if (!response.ok) {
      const error = (parsed as ErrorBody | null)?.error;
      const message =
        typeof error?.message === 'string'
          ? error.message
          : `The server answered ${response.status} ${response.statusText}`.trim();
      const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
      throw new ApiError(
        message,
        response.status,
        code,
        diagnosticsOf(error?.errors),
        diagnosticsOf(error?.warnings),
      );
    }
    return parsed as T;
  }

  private bot(botId: string): string {
    return `/v1/bots/${encodeURIComponent(botId)}`;
  }

  /** Checks the token: any bot-reading credential may list bots. */
  listBots(): Promise<Bot[]> {
    return this.request('GET', '/v1/bots');
  }

  createBot(name: string): Promise<Bot> {
    return this.request('POST', '/v1/bots', { name });
  }

  getBot(botId: string): Promise<Bot> {
    return this.request('GET', this.bot(botId));
  }

  /** `changes`: the members to change (`default_flow` is a flow id). */
  updateBot(botId: string, changes: Readonly<Record<string, unknown>>): Promise<Bot> {
    return this.request('PUT', this.bot(botId), changes);
  }

  deleteBot(botId: string): Promise<void> {
    return this.request('DELETE', this.bot(botId));
  }

  listFlows(botId: string): Promise<Flow[]> {
    return this.request('GET', `${this.bot(botId)}/flows`);
  }

  createFlow(
    botId: string,
    flow: { name: string; content: string; commands?: readonly string[] },
  ): Promise<Flow> {
    return this.request('POST', `${this.bot(botId)}/flows`, flow);
  }

  updateFlow(
    botId: string,
    flowId: string,
    changes: {
      name?: string;
      content?: string;
      commands?: readonly string[];
      description?: string | null;
    },
  ): Promise<Flow> {
    return this.request('PUT', `${this.bot(botId)}/flows/${encodeURIComponent(flowId)}`, changes);
  }

  deleteFlow(botId: string, flowId: string): Promise<void> {
    return this.request('DELETE', `${this.bot(botId)}/flows/${encodeURIComponent(flowId)}`);
  }

  /** Validates the stored draft, or `draft` (a bot with `flows`) without storing anything. */
  validate(
    botId: string,
    draft?: {
      flows: readonly Pick<Flow, 'name' | 'content' | 'commands'>[];
      default_flow?: string;
    },
  ): Promise<Validation> {
    return this.request('POST', `${this.bot(botId)}/validate`, draft ?? {});
  }

  /** Builds the draft; an invalid bot throws ApiError 422 with its `diagnostics`. */
  build(botId: string): Promise<Version> {
    return this.request('POST', `${this.bot(botId)}/build`);
  }

  listVersions(
    botId: string,
    page: { limit?: number; before?: string } = {},
  ): Promise<VersionSummary[]> {
    const query = new URLSearchParams();
    if (page.limit !== undefined) query.set('limit', String(page.limit));
    if (page.before !== undefined) query.set('before', page.before);
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    return this.request('GET', `${this.bot(botId)}/builds${suffix}`);
  }

  getVersion(botId: string, versionId: string): Promise<Version> {
    return this.request(
      'GET',
      `${this.bot(botId)}/build?version_id=${encodeURIComponent(versionId)}`,
    );
  }

  chat(botId: string, request: ChatRequest): Promise<ChatAnswer> {
    return this.request('POST', `${this.bot(botId)}/chat`, {
      client: { user_id: request.userId },
      payload: request.payload,
      ...(request.versionId === undefined ? {} : { version_id: request.versionId }),
      ...(request.metadata === undefined ? {} : { metadata: request.metadata }),
    });
  }

  /** Closes the user's open conversation (the playground's restart). */
  closeConversations(botId: string, userId: string): Promise<{ closed: number }> {
    return this.request('POST', `${this.bot(botId)}/conversations/close`, { user_id: userId });
  }

  /** Every channel's conversations of the bot, newest first. */
  listConversations(
    botId: string,
    page: { limit?: number; before?: string } = {},
  ): Promise<ConversationPage> {
    const query = new URLSearchParams();
    if (page.limit !== undefined) query.set('limit', String(page.limit));
    if (page.before !== undefined) query.set('before', page.before);
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    return this.request('GET', `${this.bot(botId)}/conversations${suffix}`);
  }

  getConversation(botId: string, conversationId: string): Promise<ConversationSummary> {
    return this.request(
      'GET',
      `${this.bot(botId)}/conversations/${encodeURIComponent(conversationId)}`,
    );
  }

  /** The transcript in order: user events and bot messages. */
  listMessages(
    botId: string,
    conversationId: string,
    page: { limit?: number; after?: number } = {},
  ): Promise<TranscriptPage> {
    const query = new URLSearchParams();
    if (page.limit !== undefined) query.set('limit', String(page.limit));
    if (page.after !== undefined) query.set('after', String(page.after));
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    return this.request(
      'GET',
      `${this.bot(botId)}/conversations/${encodeURIComponent(conversationId)}/messages${suffix}`,
    );
  }

  /** The user's open Studio-chat conversation, if any (studio-api.md §7.2). */
  openConversation(botId: string, userId: string): Promise<OpenConversation> {
    return this.request('POST', `${this.bot(botId)}/conversations/open`, { user_id: userId });
  }
}

/** Answer of `POST /conversations/open` (studio-api.md §7.2). */
export interface OpenConversation {
  readonly has_open: boolean;
  readonly conversation: {
    readonly id: string;
    readonly flow_id: string | null;
    /** A step name. */
    readonly step_id: string;
    readonly status: string;
    readonly created_at: string;
    readonly last_interaction_at: string;
  } | null;
}
