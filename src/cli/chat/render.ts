/**
 * How `parley chat` shows the messages of a turn (csml.md §12, §18.1): each message becomes
 * text lines (with a style) or a pause, and every button met in the turn becomes a numbered
 * choice that the next input can pick by number or by title.
 */
import type { OutputMessage } from '../../csml/interpreter/types.js';
import type { Json } from '../../csml/json.js';
import { stringifyJson } from '../../csml/json.js';

export type LineStyle = 'plain' | 'dim' | 'error' | 'title';

export type RenderItem =
  | { readonly kind: 'line'; readonly text: string; readonly style: LineStyle }
  | { readonly kind: 'pause'; readonly ms: number };

/** A button shown in the turn: its number is its index in the turn's list, plus one. */
export interface Choice {
  readonly title: string;
  /** What a click sends: the button's payload (its title when it has none). */
  readonly payload: string;
}

export interface RenderedTurn {
  readonly items: readonly RenderItem[];
  readonly choices: readonly Choice[];
}

/** Typing and Wait durations are milliseconds; the chat never pauses longer than this. */
export const MAX_PAUSE_MS = 1_500;

type JsonObject = { readonly [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strings as they are, anything else as compact JSON. */
function show(value: Json): string {
  return typeof value === 'string' ? value : stringifyJson(value);
}

/** The content of a `{content_type, content}` wrapper of the given type, or undefined. */
function unwrap(value: Json, type: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  if (value.content_type === type && isObject(value.content)) return value.content;
  return undefined;
}

class Renderer {
  readonly items: RenderItem[] = [];
  readonly choices: Choice[] = [];

  line(text: string, style: LineStyle = 'plain', indent = ''): void {
    for (const part of text.split(/\r?\n/)) {
      this.items.push({ kind: 'line', text: indent + part, style });
    }
  }

  message(message: OutputMessage): void {
    const type = message.content_type;
    const content = message.content;
    const fields = isObject(content) ? content : {};
    switch (type) {
      case 'text':
        this.line(show(fields.text ?? null));
        return;
      case 'question':
        if (fields.title !== undefined) this.line(show(fields.title), 'title');
        this.buttons(fields.buttons, '');
        return;
      case 'button':
        this.button(content, '');
        return;
      case 'card':
        this.card(fields, '[card]', '');
        return;
      case 'carousel':
        this.carousel(fields);
        return;
      case 'url':
        this.link(fields);
        return;
      case 'image':
      case 'video':
      case 'audio':
      case 'file':
        this.line(`[${type}] ${show(fields.url ?? null)}${extras(fields, ['url'])}`);
        return;
      case 'typing':
      case 'wait':
        this.pause(fields.duration);
        return;
      case 'debug':
        this.line(`[debug] ${debugText(content)}`, 'dim');
        return;
      case 'error':
        this.line(`error: ${show(fields.error ?? content)}`, 'error');
        return;
      case 'disconnect':
        this.line(`(the bot disconnected${reason(fields)})`, 'dim');
        return;
      case 'escalate':
        this.line(`(the bot asked for a human agent${reason(fields)})`, 'dim');
        return;
      case 'object':
      case 'array':
        this.line(stringifyJson(content));
        return;
      default:
        this.other(type, content);
    }
  }

  private pause(duration: Json | undefined): void {
    const ms = typeof duration === 'number' || typeof duration === 'bigint' ? Number(duration) : 0;
    if (ms > 0) this.items.push({ kind: 'pause', ms: Math.min(ms, MAX_PAUSE_MS) });
  }

  private link(fields: JsonObject): void {
    const url = show(fields.url ?? null);
    const label = fields.text ?? fields.title;
    const text = label === undefined ? url : show(label);
    this.line(text === url ? `[link] ${url}` : `[link] ${text}: ${url}`);
  }

  /** A list of buttons (wrapped or bare); anything else in the list is shown as JSON. */
  private buttons(list: Json | undefined, indent: string): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      this.line(show(list), 'plain', indent);
      return;
    }
    for (const item of list as readonly Json[]) this.button(item, indent);
  }

  private button(item: Json, indent: string): void {
    const button = unwrap(item, 'button') ?? (isObject(item) ? item : undefined);
    const title = button?.title;
    if (button === undefined || title === undefined) {
      this.line(`- ${show(item)}`, 'plain', indent);
      return;
    }
    const payload = button.payload;
    const choice: Choice = {
      title: show(title),
      payload: typeof payload === 'string' ? payload : show(title),
    };
    this.choices.push(choice);
    this.line(`[${this.choices.length}] ${choice.title}`, 'plain', `${indent}  `);
  }

  private card(fields: JsonObject, label: string, indent: string): void {
    const title = fields.title;
    this.line(title === undefined ? label : `${label} ${show(title)}`, 'title', indent);
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'title' || key === 'buttons') continue;
      const name = key === 'image_url' ? 'image' : key;
      this.line(
        key === 'subtitle' ? show(value) : `${name}: ${show(value)}`,
        'plain',
        `${indent}  `,
      );
    }
    this.buttons(fields.buttons, indent);
  }

  private carousel(fields: JsonObject): void {
    const cards = fields.cards;
    if (!Array.isArray(cards)) {
      this.line(`[carousel] ${stringifyJson(fields)}`);
      return;
    }
    const list = cards as readonly Json[];
    list.forEach((item, index) => {
      const card = unwrap(item, 'card') ?? (isObject(item) ? item : undefined);
      const label = `[card ${index + 1}/${list.length}]`;
      if (card === undefined) this.line(`${label} ${show(item)}`);
      else this.card(card, label, '');
    });
  }

  /** Custom components and anything new: a title and buttons when it has them, else its JSON. */
  private other(type: string, content: Json): void {
    if (isObject(content) && Array.isArray(content.buttons)) {
      const title = content.title;
      this.line(title === undefined ? `[${type}]` : `[${type}] ${show(title)}`, 'title');
      const rest = Object.entries(content).filter(([key]) => key !== 'title' && key !== 'buttons');
      for (const [key, value] of rest) this.line(`${key}: ${show(value)}`, 'plain', '  ');
      this.buttons(content.buttons, '');
      return;
    }
    this.line(`[${type}] ${stringifyJson(content)}`);
  }
}

/** ` (name: x, size: 3)`: the members other than `skip`, or nothing. */
function extras(fields: JsonObject, skip: readonly string[]): string {
  const rest = Object.entries(fields).filter(([key]) => !skip.includes(key));
  if (rest.length === 0) return '';
  return ` (${rest.map(([key, value]) => `${key}: ${show(value)}`).join(', ')})`;
}

function reason(fields: JsonObject): string {
  const text = fields.reason;
  return text === undefined || text === null || text === '' ? '' : `: ${show(text)}`;
}

/** `debug a, b` emits `{"args": ["<a>", "<b>"]}`: the texts, space separated. */
function debugText(content: Json): string {
  if (isObject(content) && Array.isArray(content.args)) {
    return (content.args as readonly Json[]).map(show).join(' ');
  }
  return stringifyJson(content);
}

/** The lines, pauses and choices of a turn's messages, in message order. */
export function renderMessages(messages: readonly OutputMessage[]): RenderedTurn {
  const renderer = new Renderer();
  for (const message of messages) renderer.message(message);
  return { items: renderer.items, choices: renderer.choices };
}
