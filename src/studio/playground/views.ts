/**
 * What a person sees for each CSML message (csml.md §12) and each user event (§8.1): pure data,
 * rendered by message-view.tsx, so that the mapping is tested without a browser. Bot content is
 * untrusted: text stays text, and only http(s) (and mailto for links) URLs become links.
 */
import type { Payload } from '../api.js';

export interface ButtonView {
  readonly title: string;
  /** What a click sends as a `payload` event (csml.md §8.1); the title when absent. */
  readonly payload: string;
  /** A safe URL when the button opens a page instead of answering the bot. */
  readonly href: string | null;
}

export interface CardView {
  readonly title: string;
  readonly subtitle: string | null;
  readonly text: string | null;
  readonly imageUrl: string | null;
  readonly buttons: readonly ButtonView[];
}

export type Segment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'link'; readonly text: string; readonly href: string };

export type MediaKind = 'image' | 'video' | 'audio' | 'file';

export type MessageView =
  | { readonly kind: 'text'; readonly segments: readonly Segment[] }
  /** `say null`: the message exists but says nothing. */
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'question';
      readonly title: string | null;
      readonly buttons: readonly ButtonView[];
    }
  | { readonly kind: 'buttons'; readonly buttons: readonly ButtonView[] }
  | { readonly kind: 'card'; readonly card: CardView }
  | { readonly kind: 'carousel'; readonly cards: readonly CardView[] }
  | {
      readonly kind: 'media';
      readonly media: MediaKind;
      /** Null when the URL is not one a browser may load safely (shown as text then). */
      readonly src: string | null;
      readonly url: string;
      readonly label: string;
      /**
       * The site of a page that plays the video (YouTube, Vimeo…): linked rather than
       * embedded, with the URL as label unless the bot gave a title.
       */
      readonly service: string | null;
    }
  | {
      readonly kind: 'link';
      readonly title: string;
      readonly text: string;
      readonly href: string | null;
      readonly url: string;
    }
  /** Typing and Wait: a pause before the next message, in milliseconds as CSML counts them. */
  | { readonly kind: 'pause'; readonly typing: boolean; readonly durationMs: number }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'debug'; readonly text: string }
  /** Disconnect() and Escalate() (csml.md §18.1). */
  | { readonly kind: 'handover'; readonly escalate: boolean; readonly reason: string | null }
  /** Anything else (objects, arrays, HTTP builders, custom components): shown as JSON. */
  | { readonly kind: 'json'; readonly label: string; readonly json: string };

type JsonRecord = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const MEDIA_SCHEMES = new Set(['http:', 'https:']);

/** The URL when a link to it cannot run script (no `javascript:`, `data:`…), else null. */
export function safeHref(url: string): string | null {
  return checkedUrl(url, LINK_SCHEMES);
}

/** The URL when a browser may load it as media: http(s), or an image as a `data:` URL. */
export function safeMediaSrc(url: string, media: MediaKind): string | null {
  const checked = checkedUrl(url, MEDIA_SCHEMES);
  if (checked !== null) return checked;
  // An <img> never runs script, even from SVG, so inline images are harmless.
  return media === 'image' && /^data:image\/[a-z0-9.+-]+[;,]/i.test(url.trim()) ? url.trim() : null;
}

function checkedUrl(url: string, schemes: ReadonlySet<string>): string | null {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return null;
  }
  return schemes.has(parsed.protocol) ? parsed.href : null;
}

// A URL ends before whitespace or quotes; trailing punctuation belongs to the sentence.
const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
const TRAILING = /[.,;:!?'"]+$/;

function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING, '');
  // "(see https://x.org/a)" keeps its parenthesis out; "https://x.org/a_(b)" keeps it in.
  while (/[)\]}]$/.test(url)) {
    const close = url.at(-1)!;
    const open = close === ')' ? '(' : close === ']' ? '[' : '{';
    if (url.split(open).length >= url.split(close).length) break;
    url = url.slice(0, -1).replace(TRAILING, '');
  }
  return url;
}

/** Text cut into plain runs and clickable links (http, https and `www.` addresses). */
export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = trimUrl(match[0]);
    const href = safeHref(url.toLowerCase().startsWith('www.') ? `https://${url}` : url);
    if (href === null || url === '') continue;
    if (match.index > last) segments.push({ kind: 'text', text: text.slice(last, match.index) });
    segments.push({ kind: 'link', text: url, href });
    last = match.index + url.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/** A nested component is wrapped `{content_type, content}` (csml.md §12); unwrap it. */
function unwrap(value: unknown, contentType: string): JsonRecord | null {
  if (!isRecord(value)) return null;
  if (value.content_type === contentType && isRecord(value.content)) return value.content;
  return 'content_type' in value ? null : value;
}

export function buttonView(value: unknown): ButtonView | null {
  const button = unwrap(value, 'button');
  if (button === null) return null;
  const title = stringOf(button.title) ?? stringOf(button.payload);
  if (title === null) return null;
  const url = stringOf(button.url);
  return {
    title,
    payload: stringOf(button.payload) ?? title,
    href: url === null ? null : safeHref(url),
  };
}

function buttonsOf(value: unknown): ButtonView[] {
  if (!Array.isArray(value)) return [];
  return value.map(buttonView).filter((button): button is ButtonView => button !== null);
}

export function cardView(value: unknown): CardView | null {
  const card = unwrap(value, 'card');
  if (card === null) return null;
  const image = stringOf(card.image_url) ?? stringOf(card.image);
  return {
    title: stringOf(card.title) ?? '',
    subtitle: nonEmpty(card.subtitle),
    text: nonEmpty(card.text) ?? nonEmpty(card.description),
    imageUrl: image === null ? null : safeMediaSrc(image, 'image'),
    buttons: buttonsOf(card.buttons),
  };
}

// JSON.stringify is typed as always giving a string, but gives undefined for undefined.
const stringify = JSON.stringify as (
  value: unknown,
  replacer: null,
  indent?: number,
) => string | undefined;

/** JSON text of any value (`undefined` as its name). */
export function jsonText(value: unknown, indent?: number): string {
  try {
    return stringify(value, null, indent) ?? String(value);
  } catch {
    return String(value);
  }
}

function json(label: string, value: unknown): MessageView {
  return { kind: 'json', label, json: jsonText(value, 2) };
}

function fileName(url: string): string {
  try {
    const path = new URL(url).pathname;
    const last = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
    return last === '' ? url : last;
  } catch {
    return url;
  }
}

const VIDEO_PAGES: readonly [RegExp, string][] = [
  [/(^|\.)(youtube\.com|youtu\.be)$/i, 'YouTube'],
  [/(^|\.)vimeo\.com$/i, 'Vimeo'],
  [/(^|\.)dailymotion\.com$/i, 'Dailymotion'],
];

/** A page that plays the video, named by its service; null for a video file. */
function videoService(url: string, service: string | null): string | null {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return service;
  }
  for (const [pattern, name] of VIDEO_PAGES) if (pattern.test(host)) return name;
  return service;
}

function mediaView(media: MediaKind, content: JsonRecord): MessageView {
  const url = stringOf(content.url);
  if (url === null) return json(media, content);
  const service = media === 'video' ? videoService(url, nonEmpty(content.service)) : null;
  const label =
    nonEmpty(content.title) ??
    nonEmpty(content.alt) ??
    nonEmpty(content.name) ??
    (media === 'image' ? 'Image sent by the bot' : service !== null ? url : fileName(url));
  return { kind: 'media', media, src: safeMediaSrc(url, media), url, label, service };
}

function durationOf(content: JsonRecord): number {
  const duration = content.duration;
  return typeof duration === 'number' && Number.isFinite(duration) && duration > 0 ? duration : 0;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : jsonText(value);
}

/** The view of one message the bot sent. */
export function messageView(payload: Payload): MessageView {
  const type = payload.content_type;
  const raw = payload.content;
  const content: JsonRecord = isRecord(raw) ? raw : {};
  switch (type) {
    case 'text': {
      const text = content.text;
      if (text === null || text === undefined) return { kind: 'empty' };
      return { kind: 'text', segments: linkify(textOf(text)) };
    }
    case 'question':
      return {
        kind: 'question',
        title: nonEmpty(content.title),
        buttons: buttonsOf(content.buttons),
      };
    case 'button': {
      const button = buttonView(content);
      return button === null ? json(type, raw) : { kind: 'buttons', buttons: [button] };
    }
    case 'card': {
      const card = cardView(content);
      return card === null ? json(type, raw) : { kind: 'card', card };
    }
    case 'carousel': {
      const cards = Array.isArray(content.cards) ? content.cards : [];
      return {
        kind: 'carousel',
        cards: cards.map(cardView).filter((card): card is CardView => card !== null),
      };
    }
    case 'image':
    case 'video':
    case 'audio':
    case 'file':
      return mediaView(type, content);
    case 'url': {
      const url = stringOf(content.url);
      if (url === null) return json(type, raw);
      return {
        kind: 'link',
        url,
        title: nonEmpty(content.title) ?? url,
        text: nonEmpty(content.text) ?? url,
        href: safeHref(url),
      };
    }
    case 'typing':
    case 'wait':
      return { kind: 'pause', typing: type === 'typing', durationMs: durationOf(content) };
    case 'error':
      return { kind: 'error', message: textOf(content.error ?? raw) };
    case 'debug': {
      const args = Array.isArray(content.args) ? content.args.map(textOf) : [textOf(raw)];
      return { kind: 'debug', text: args.join(' ') };
    }
    case 'disconnect':
    case 'escalate':
      return { kind: 'handover', escalate: type === 'escalate', reason: nonEmpty(content.reason) };
    case 'array':
    case 'object': {
      // `say [Button("a"), Button("b")]`: a row of buttons, as the author meant.
      if (Array.isArray(raw) && raw.length > 0) {
        const buttons = buttonsOf(raw);
        if (buttons.length === raw.length && raw.every(looksLikeButton)) {
          return { kind: 'buttons', buttons };
        }
      }
      return json(type, raw);
    }
    default:
      return json(type, raw);
  }
}

function looksLikeButton(value: unknown): boolean {
  const button = unwrap(value, 'button');
  return button !== null && typeof button.title === 'string' && 'payload' in button;
}

/** The view of an event the user sent (a transcript's user messages). */
export function userEventView(payload: Payload): MessageView {
  const raw = payload.content;
  const content: JsonRecord = isRecord(raw) ? raw : {};
  switch (payload.content_type) {
    case 'text':
      return { kind: 'text', segments: linkify(textOf(content.text ?? '')) };
    case 'payload':
    case 'regex':
      return { kind: 'text', segments: [{ kind: 'text', text: textOf(content.payload ?? '') }] };
    case 'image':
    case 'video':
    case 'audio':
    case 'file':
      return mediaView(payload.content_type, content);
    case 'url': {
      const url = stringOf(content.url) ?? '';
      return { kind: 'link', url, title: url, text: url, href: safeHref(url) };
    }
    default:
      return json(payload.content_type, raw);
  }
}

/** A short line for user events that are not something the user typed, else null. */
export function userEventNote(payload: Payload): string | null {
  const content: JsonRecord = isRecord(payload.content) ? payload.content : {};
  switch (payload.content_type) {
    case 'payload':
      return 'button payload';
    case 'regex':
      return 'regex event';
    case 'flow_trigger': {
      const flow = stringOf(content.flow_id) ?? '?';
      const step = stringOf(content.step_id);
      return `triggered flow ${flow}${step === null ? '' : ` at step ${step}`}`;
    }
    case 'secure':
      return 'secure input (not stored)';
    case 'no_input':
      return 'no input';
    case 'no_match':
      return 'no match';
    default:
      return null;
  }
}

/** Whether a user event has anything to show in a bubble beyond its note. */
export function userEventHasBody(payload: Payload): boolean {
  return !['flow_trigger', 'secure', 'no_input', 'no_match'].includes(payload.content_type);
}

/** How long a pause is played: as the bot asked, but at most `capMs`, so that a person trying
 * a flow is not kept waiting by a `Typing(10000)` meant for a real channel. */
export function pauseMs(view: MessageView, capMs = 1500): number {
  return view.kind === 'pause' ? Math.min(view.durationMs, capMs) : 0;
}
