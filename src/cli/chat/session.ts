/**
 * The conversation loop of `parley chat`: one conversation on an in-memory store, opened by an
 * empty event, then one turn per input line, each turn printed as text or as one JSON line.
 */
import type { CsmlHost } from '../../csml/interpreter/host.js';
import type { Json } from '../../csml/json.js';
import { stringifyJson } from '../../csml/json.js';
import type { BotVersion } from '../../engine/bot-version.js';
import { Engine } from '../../engine/engine.js';
import type { TurnOutcome } from '../../engine/engine.js';
import { EngineError } from '../../engine/errors.js';
import type { ClientEvent } from '../../engine/events.js';
import { MemoryStore } from '../../engine/memory-store.js';
import { EXIT_INTERNAL } from '../exit-codes.js';
import { isQuit, OPENING_EVENT, resolveInput } from './input.js';
import type { LineSource } from './lines.js';
import { renderMessages } from './render.js';
import type { Choice } from './render.js';
import type { Styler } from './style.js';

export const CHAT_USER_KEY = 'chat-user';

export interface ChatSessionOptions {
  readonly version: BotVersion;
  readonly host: CsmlHost;
  readonly metadata: Readonly<Record<string, Json>>;
  readonly lines: LineSource;
  /** `text`: a readable transcript; `json`: one `{input, messages, end}` line per turn. */
  readonly format: 'text' | 'json';
  /** Print each input as `> line` (the lines were not typed at a terminal). */
  readonly echo: boolean;
  /** Pause for Typing and Wait (an interactive chat only). */
  readonly pauses: boolean;
  readonly style: Styler;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly exit: (code: number) => void;
  /** Receives a line about each turn's outcome (--verbose). */
  readonly trace?: ((line: string) => void) | undefined;
  /** Receives a line about what the NLU understood of each text turn (--debug). */
  readonly understood?: ((line: string) => void) | undefined;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

export class ChatSession {
  private readonly engine: Engine;
  /** The buttons of the last turn: what a number typed next picks. */
  private choices: readonly Choice[] = [];

  constructor(private readonly options: ChatSessionOptions) {
    this.engine = new Engine(new MemoryStore(), { host: () => options.host });
  }

  /** Runs the opening turn, then one turn per line until the lines end or `/quit`. */
  async run(): Promise<void> {
    const { lines } = this.options;
    try {
      await this.turn(null, OPENING_EVENT);
      for (;;) {
        const line = await lines.next();
        if (line === null || isQuit(line)) break;
        if (line.trim() === '') continue;
        await this.input(line);
      }
    } finally {
      lines.close();
    }
  }

  private async input(line: string): Promise<void> {
    const { out, style, format } = this.options;
    if (this.options.echo) out(`> ${line}\n`);
    const { event, choice } = resolveInput(line, this.choices);
    if (choice && format === 'text' && /^\s*[0-9]+\s*$/.test(line)) {
      out(`${style(`→ ${choice.title}`, 'dim')}\n`);
    }
    await this.turn(line, event);
  }

  private async turn(input: string | null, event: ClientEvent): Promise<void> {
    const { out, err, style } = this.options;
    let result: TurnOutcome;
    const { version } = this.options;
    try {
      result = await this.engine.converse({
        conversation: {
          orgId: 'local',
          botId: version.botId,
          channel: 'chat',
          externalKey: 'chat',
          versionId: version.id,
          userKey: CHAT_USER_KEY,
        },
        loadVersion: () => Promise.resolve(version),
        event,
        metadata: this.options.metadata,
        endCloses: true,
      });
    } catch (error) {
      if (error instanceof EngineError) {
        err(`${style(`error: ${error.message}`, 'error')}\n`);
      } else {
        const message = error instanceof Error ? error.message : String(error);
        err(`parley: internal error (please report it): ${message.split('\n')[0] ?? ''}\n`);
        this.options.exit(EXIT_INTERNAL);
      }
      return;
    }
    if (this.options.format === 'json') {
      const record: Json = {
        input,
        messages: result.turn.messages.map((m) => ({
          content_type: m.content_type,
          content: m.content,
        })),
        end: result.turn.conversationEnd,
      };
      out(`${stringifyJson(record)}\n`);
    } else {
      await this.print(result);
    }
    this.choices = result.turn.conversationEnd ? [] : renderMessages(result.turn.messages).choices;
    this.options.trace?.(describeTurn(result));
    if (this.options.understood) {
      const line = describeUnderstanding(result.turn.event.content);
      if (line !== null) this.options.understood(line);
    }
  }

  private async print(result: TurnOutcome): Promise<void> {
    const { out, style } = this.options;
    for (const item of renderMessages(result.turn.messages).items) {
      if (item.kind === 'line') out(`${style(item.text, item.style)}\n`);
      else if (this.options.pauses) await sleep(item.ms);
    }
    if (result.turn.conversationEnd) out(`${style('(conversation ended)', 'dim')}\n`);
  }
}

/** `[turn 2] flow main, step menu: waiting for input`, for --verbose. */
function describeTurn(result: TurnOutcome): string {
  const { state } = result.conversation;
  const where = state
    ? `flow ${state.flow}, step ${state.step}: waiting for input`
    : 'conversation ended';
  const count = result.turn.messages.length;
  return `[turn ${result.turn.seq}] ${count} message${count === 1 ? '' : 's'}; ${where}`;
}

/** `[nlu] intent book_table (0.93); entities: guests=4 "4"`, for --debug; null if no NLU ran. */
function describeUnderstanding(content: Json): string | null {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return null;
  const { intent, entities } = content as { readonly [key: string]: Json };
  if (intent === undefined) return null;
  let line = '[nlu] no intent';
  if (typeof intent === 'object' && intent !== null && !Array.isArray(intent)) {
    const { name, confidence } = intent as { readonly [key: string]: Json };
    line = `[nlu] intent ${typeof name === 'string' ? name : '?'} (${typeof confidence === 'number' ? confidence.toFixed(2) : '?'})`;
  }
  if (Array.isArray(entities) && entities.length > 0) {
    const shown = entities.map((e) => {
      const { entity, value, text } = e as { readonly [key: string]: Json };
      return `${typeof entity === 'string' ? entity : '?'}=${stringifyJson(value ?? null)} ${JSON.stringify(text)}`;
    });
    line += `; entities: ${shown.join(', ')}`;
  }
  return line;
}
