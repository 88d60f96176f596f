/**
 * CSML output as Genesys prompts (textbots-api.md O1): each message of a run maps to at most
 * one segment, `Text` for text and `RichMedia` for buttons, cards, carousels and media, with
 * ConversationMessageContent elements; what has no segment (typing, wait, objects, debug,
 * errors, Disconnect/Escalate markers, custom components) stays in the Message log only.
 * Execute writes the same segments as PostTextMessages (X5).
 */
import type { OutputMessage } from '../../csml/interpreter/types.js';
import type { Json } from '../../csml/json.js';

export interface Segment {
  readonly type: 'Text' | 'RichMedia';
  readonly text: string;
  /** Only on RichMedia. */
  readonly content?: readonly Json[];
}

type JsonRecord = Readonly<Record<string, Json>>;

function isRecord(value: Json | undefined): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A component value inside a message (`{content_type, content}`), or a bare object. */
function unwrap(value: Json | undefined): JsonRecord | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value.content;
  return typeof value.content_type === 'string' && isRecord(inner) ? inner : value;
}

function list(value: Json | undefined): readonly Json[] {
  return Array.isArray(value) ? (value as readonly Json[]) : [];
}

function quickReply(button: JsonRecord): Json {
  const title = str(button.title) ?? '';
  return {
    contentType: 'QuickReply',
    quickReply: { text: title, payload: str(button.payload) ?? title, action: 'Message' },
  };
}

function cardAction(button: JsonRecord): Json {
  const text = str(button.title) ?? '';
  const url = str(button.url);
  if (url !== undefined) return { type: 'Link', text, url };
  return { type: 'Postback', text, payload: str(button.payload) ?? text };
}

function card(content: JsonRecord): Record<string, Json> {
  const result: Record<string, Json> = { title: str(content.title) ?? '' };
  const subtitle = str(content.subtitle);
  const image = str(content.image_url);
  if (subtitle !== undefined) result.description = subtitle;
  if (image !== undefined) result.image = image;
  result.actions = list(content.buttons)
    .map(unwrap)
    .filter((b): b is JsonRecord => b !== undefined)
    .map(cardAction);
  return result;
}

const MEDIA: Readonly<Record<string, string>> = {
  image: 'Image',
  video: 'Video',
  audio: 'Audio',
  file: 'File',
};

function rich(text: string, content: Json[]): Segment {
  return { type: 'RichMedia', text, content };
}

/** The segment of one CSML message, or null when it has none. */
export function segmentOf(message: OutputMessage): Segment | null {
  const type = message.content_type;
  const content = isRecord(message.content) ? message.content : {};
  switch (type) {
    case 'text': {
      const text = content.text;
      return {
        type: 'Text',
        text: text === null || text === undefined ? '' : (str(text) ?? JSON.stringify(text)),
      };
    }
    case 'question': {
      const buttons = list(content.buttons)
        .map(unwrap)
        .filter((b): b is JsonRecord => b !== undefined);
      return rich(str(content.title) ?? '', buttons.map(quickReply));
    }
    case 'button':
      return rich(str(content.title) ?? '', [quickReply(content)]);
    case 'card': {
      const value = card(content);
      return rich(str(value.title) ?? '', [{ contentType: 'Card', card: value }]);
    }
    case 'carousel': {
      const cards = list(content.cards)
        .map(unwrap)
        .filter((c): c is JsonRecord => c !== undefined)
        .map(card);
      return rich(cards.map((c) => str(c.title) ?? '').join(', '), [
        { contentType: 'Carousel', carousel: { cards } },
      ]);
    }
    case 'image':
    case 'video':
    case 'audio':
    case 'file': {
      const url = str(content.url) ?? '';
      return rich(url, [
        { contentType: 'Attachment', attachment: { mediaType: MEDIA[type] ?? 'File', url } },
      ]);
    }
    case 'url': {
      const url = str(content.url) ?? '';
      const text = str(content.text) ?? url;
      return rich(text, [
        { contentType: 'Attachment', attachment: { mediaType: 'Link', url, text } },
      ]);
    }
    default:
      return null;
  }
}

export function segmentsOf(messages: readonly OutputMessage[]): Segment[] {
  const segments: Segment[] = [];
  for (const message of messages) {
    const segment = segmentOf(message);
    if (segment) segments.push(segment);
  }
  return segments;
}

/** A segment as a PostTextMessage (X5). */
export function replyMessageOf(segment: Segment): Json {
  if (segment.type === 'Text') return { type: 'Text', text: segment.text };
  return { type: 'Structured', text: segment.text, content: segment.content ?? [] };
}

export function segmentJson(segment: Segment): Json {
  return segment.content === undefined
    ? { type: segment.type, text: segment.text }
    : { type: segment.type, text: segment.text, content: segment.content };
}
