/**
 * The playground's payload → view mapping, fed with what the real CSML interpreter says for each
 * component (csml.md §12), plus the hand-written payloads it cannot produce (other channels'
 * user events, hostile URLs).
 */
import { describe, expect, it } from 'vitest';

import { NATIVE_COMPONENTS } from '../../../src/csml/components/native.js';
import type { ComponentSet } from '../../../src/csml/components/schema.js';
import type { CsmlHost } from '../../../src/csml/interpreter/host.js';
import { interpret } from '../../../src/csml/interpreter/interpret.js';
import type { Payload } from '../../../src/studio/api.js';
import {
  linkify,
  messageView,
  pauseMs,
  safeHref,
  safeMediaSrc,
  userEventHasBody,
  userEventNote,
  userEventView,
} from '../../../src/studio/playground/views.js';
import type { MessageView } from '../../../src/studio/playground/views.js';

const host: CsmlHost = {
  now: () => Date.UTC(2026, 0, 1),
  random: () => 0.25,
  http: (request) => {
    throw new Error(`no network: ${request.url}`);
  },
  app: () => null,
  smtp: () => null,
  log: () => undefined,
};

/** What the bot says for `flow`, as the chat route sends it. */
function said(flow: string, customComponents: ComponentSet = {}): Payload[] {
  const result = interpret({
    bot: {
      id: 'bot',
      name: 'bot',
      defaultFlow: 'main',
      flows: [{ id: 'main', name: 'main', content: flow }],
      env: {},
      nativeComponents: NATIVE_COMPONENTS,
      customComponents,
    },
    context: { memories: {}, metadata: {}, hold: null, flow: 'main', step: 'start' },
    event: { contentType: 'text', value: 'hi', content: { text: 'hi' }, secure: false },
    stepLimit: 100,
    turnTimeoutMs: 1_000,
    host,
  });
  return result.messages.map((m) => ({ content_type: m.content_type, content: m.content }));
}

function viewsOf(flow: string, customComponents: ComponentSet = {}): MessageView[] {
  return said(flow, customComponents).map(messageView);
}

function only(flow: string): MessageView {
  const views = viewsOf(flow);
  expect(views).toHaveLength(1);
  return views[0]!;
}

const button = (title: string, payload = title) => ({ title, payload, href: null });

describe('bot messages from the CSML interpreter', () => {
  it('text keeps its line breaks and makes its web addresses links', () => {
    expect(only('start:\n  say "Hello\\nsee https://example.org/menu."\n  goto end')).toEqual({
      kind: 'text',
      segments: [
        { kind: 'text', text: 'Hello\nsee ' },
        { kind: 'link', text: 'https://example.org/menu', href: 'https://example.org/menu' },
        { kind: 'text', text: '.' },
      ],
    });
  });

  it('numbers and booleans are text; say null is an empty message', () => {
    expect(viewsOf('start:\n  say 5\n  say true\n  say null\n  goto end')).toEqual([
      { kind: 'text', segments: [{ kind: 'text', text: '5' }] },
      { kind: 'text', segments: [{ kind: 'text', text: 'true' }] },
      { kind: 'empty' },
    ]);
  });

  it('a question has its title and clickable buttons with their payloads', () => {
    const flow = `start:
  say Question("Table for how many?", buttons = [Button("Two", payload = "2"), Button("Six")])
  goto end`;
    expect(only(flow)).toEqual({
      kind: 'question',
      title: 'Table for how many?',
      buttons: [button('Two', '2'), button('Six')],
    });
  });

  it('a question without a title is only its buttons', () => {
    expect(only('start:\n  say Question(buttons = [Button("Ok")])\n  goto end')).toEqual({
      kind: 'question',
      title: null,
      buttons: [button('Ok')],
    });
  });

  it('a lone button, and an array of buttons, are rows of buttons', () => {
    expect(
      viewsOf('start:\n  say Button("Yes")\n  say [Button("A"), Button("B")]\n  goto end'),
    ).toEqual([
      { kind: 'buttons', buttons: [button('Yes')] },
      { kind: 'buttons', buttons: [button('A'), button('B')] },
    ]);
  });

  it('a button with a url opens it instead of answering', () => {
    expect(
      only('start:\n  say Button("Docs", url = "https://example.org/docs")\n  goto end'),
    ).toEqual({
      kind: 'buttons',
      buttons: [{ title: 'Docs', payload: 'Docs', href: 'https://example.org/docs' }],
    });
  });

  it('a card has its title, subtitle, image and buttons', () => {
    const flow = `start:
  say Card("Margherita", subtitle = "Tomato, mozzarella", image_url = "https://example.org/m.jpg", buttons = [Button("Order", payload = "order:m")])
  goto end`;
    expect(only(flow)).toEqual({
      kind: 'card',
      card: {
        title: 'Margherita',
        subtitle: 'Tomato, mozzarella',
        text: null,
        imageUrl: 'https://example.org/m.jpg',
        buttons: [button('Order', 'order:m')],
      },
    });
  });

  it('a carousel is its cards in order', () => {
    const flow = `start:
  do a = Card("One", buttons = [Button("Pick one", payload = "1")])
  do b = Card("Two", image_url = "javascript:alert(1)")
  say Carousel(cards = [a, b])
  goto end`;
    expect(only(flow)).toEqual({
      kind: 'carousel',
      cards: [
        {
          title: 'One',
          subtitle: null,
          text: null,
          imageUrl: null,
          buttons: [button('Pick one', '1')],
        },
        // A script URL is no image.
        { title: 'Two', subtitle: null, text: null, imageUrl: null, buttons: [] },
      ],
    });
  });

  it('images, videos, audio and files carry a loadable source and a label', () => {
    const flow = `start:
  say Image("https://example.org/cat.png")
  say Image("https://example.org/dog.png", title = "A dog")
  say Video("https://example.org/clip.mp4")
  say Video("https://www.youtube.com/watch?v=abc")
  say Audio("https://example.org/song.mp3")
  say File("https://example.org/files/menu%20card.pdf")
  goto end`;
    expect(viewsOf(flow)).toEqual([
      {
        kind: 'media',
        media: 'image',
        src: 'https://example.org/cat.png',
        url: 'https://example.org/cat.png',
        label: 'Image sent by the bot',
        service: null,
      },
      {
        kind: 'media',
        media: 'image',
        src: 'https://example.org/dog.png',
        url: 'https://example.org/dog.png',
        label: 'A dog',
        service: null,
      },
      {
        kind: 'media',
        media: 'video',
        src: 'https://example.org/clip.mp4',
        url: 'https://example.org/clip.mp4',
        label: 'clip.mp4',
        service: null,
      },
      {
        kind: 'media',
        media: 'video',
        src: 'https://www.youtube.com/watch?v=abc',
        url: 'https://www.youtube.com/watch?v=abc',
        label: 'https://www.youtube.com/watch?v=abc',
        service: 'YouTube',
      },
      {
        kind: 'media',
        media: 'audio',
        src: 'https://example.org/song.mp3',
        url: 'https://example.org/song.mp3',
        label: 'song.mp3',
        service: null,
      },
      {
        kind: 'media',
        media: 'file',
        src: 'https://example.org/files/menu%20card.pdf',
        url: 'https://example.org/files/menu%20card.pdf',
        label: 'menu card.pdf',
        service: null,
      },
    ]);
  });

  it('a media URL that is not http(s) is not loaded', () => {
    expect(only('start:\n  say Image("javascript:alert(1)")\n  goto end')).toMatchObject({
      kind: 'media',
      src: null,
      url: 'javascript:alert(1)',
    });
  });

  it('a Url is a link with its title and text', () => {
    expect(
      viewsOf(
        'start:\n  say Url("https://example.org")\n  say Url("https://example.org/b", title = "Book", text = "Book a table")\n  goto end',
      ),
    ).toEqual([
      {
        kind: 'link',
        url: 'https://example.org',
        title: 'https://example.org',
        text: 'https://example.org',
        href: 'https://example.org/',
      },
      {
        kind: 'link',
        url: 'https://example.org/b',
        title: 'Book',
        text: 'Book a table',
        href: 'https://example.org/b',
      },
    ]);
  });

  it('typing and wait are pauses, played at most 1.5 s', () => {
    const views = viewsOf('start:\n  say Typing(800)\n  say Wait(10000)\n  say "done"\n  goto end');
    expect(views.slice(0, 2)).toEqual([
      { kind: 'pause', typing: true, durationMs: 800 },
      { kind: 'pause', typing: false, durationMs: 10000 },
    ]);
    expect(views.map((view) => pauseMs(view))).toEqual([800, 1500, 0]);
    expect(pauseMs({ kind: 'pause', typing: true, durationMs: 10000 }, 200)).toBe(200);
  });

  it('errors are errors, with the interpreter’s message', () => {
    expect(only('start:\n  do x = 1 / 0\n  goto end')).toEqual({
      kind: 'error',
      message: expect.stringMatching(/at line 2, column \d+ at flow \[main\]$/),
    });
  });

  it('debug shows its arguments', () => {
    expect(only('start:\n  debug "seen {{1 + 2}}"\n  goto end')).toEqual({
      kind: 'debug',
      text: 'seen 3',
    });
  });

  it('Disconnect and Escalate are hand-overs with their reason', () => {
    expect(viewsOf('start:\n  say Escalate("billing")')).toEqual([
      { kind: 'handover', escalate: true, reason: 'billing' },
    ]);
    expect(viewsOf('start:\n  say Disconnect()')).toEqual([
      { kind: 'handover', escalate: false, reason: null },
    ]);
  });

  it('objects, plain arrays, HTTP builders and custom components are readable JSON', () => {
    const views = viewsOf(
      `start:
  say {"table": 4, "ok": true}
  say [1, "two"]
  say Component.Rating(stars = 4)
  goto end`,
      { Rating: { params: [{ stars: { required: true, type: 'Number' } }] } },
    );
    expect(views).toEqual([
      { kind: 'json', label: 'object', json: '{\n  "table": 4,\n  "ok": true\n}' },
      { kind: 'json', label: 'array', json: '[\n  1,\n  "two"\n]' },
      { kind: 'json', label: 'Component.rating', json: '{\n  "stars": 4\n}' },
    ]);
  });

  it('an unknown content type or a malformed content is JSON, never a crash', () => {
    expect(messageView({ content_type: 'quick_reply', content: { x: 1 } })).toEqual({
      kind: 'json',
      label: 'quick_reply',
      json: '{\n  "x": 1\n}',
    });
    expect(messageView({ content_type: 'card', content: 'nonsense' })).toMatchObject({
      kind: 'card',
      card: { title: '', buttons: [] },
    });
    expect(messageView({ content_type: 'url', content: null })).toMatchObject({ kind: 'json' });
    expect(messageView({ content_type: 'image', content: {} })).toMatchObject({ kind: 'json' });
    expect(messageView({ content_type: 'question', content: { buttons: 'x' } })).toEqual({
      kind: 'question',
      title: null,
      buttons: [],
    });
  });
});

describe('links in text', () => {
  it('never links a script or data URL', () => {
    expect(linkify('javascript:alert(1) data:text/html,<b>x</b>')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) data:text/html,<b>x</b>' },
    ]);
  });

  it('keeps sentence punctuation and enclosing brackets out of links', () => {
    expect(linkify('(see https://example.org/a_(b) and https://x.org/c).')).toEqual([
      { kind: 'text', text: '(see ' },
      { kind: 'link', text: 'https://example.org/a_(b)', href: 'https://example.org/a_(b)' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'https://x.org/c', href: 'https://x.org/c' },
      { kind: 'text', text: ').' },
    ]);
  });

  it('links www. addresses over https and leaves text without addresses whole', () => {
    expect(linkify('go to www.example.org!')).toEqual([
      { kind: 'text', text: 'go to ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org/' },
      { kind: 'text', text: '!' },
    ]);
    expect(linkify('no links <b>here</b>')).toEqual([
      { kind: 'text', text: 'no links <b>here</b>' },
    ]);
    expect(linkify('')).toEqual([]);
  });

  it('checks URLs by scheme', () => {
    expect(safeHref('https://a.org/x')).toBe('https://a.org/x');
    expect(safeHref('mailto:a@b.org')).toBe('mailto:a@b.org');
    expect(safeHref(' JavaScript:alert(1)')).toBeNull();
    expect(safeHref('/relative')).toBeNull();
    expect(safeMediaSrc('mailto:a@b.org', 'image')).toBeNull();
    expect(safeMediaSrc('data:image/png;base64,AAAA', 'image')).toBe('data:image/png;base64,AAAA');
    expect(safeMediaSrc('data:image/png;base64,AAAA', 'video')).toBeNull();
    expect(safeMediaSrc('data:text/html,<script>', 'image')).toBeNull();
  });
});

describe('user events', () => {
  const text: Payload = { content_type: 'text', content: { text: 'book at www.x.org' } };
  const payload: Payload = { content_type: 'payload', content: { payload: 'order:m' } };

  it('text and payloads show what was sent', () => {
    expect(userEventView(text)).toEqual({
      kind: 'text',
      segments: [
        { kind: 'text', text: 'book at ' },
        { kind: 'link', text: 'www.x.org', href: 'https://www.x.org/' },
      ],
    });
    expect(userEventView(payload)).toEqual({
      kind: 'text',
      segments: [{ kind: 'text', text: 'order:m' }],
    });
    expect(userEventNote(text)).toBeNull();
    expect(userEventNote(payload)).toBe('button payload');
  });

  it('events without a body are told by their note', () => {
    const trigger: Payload = {
      content_type: 'flow_trigger',
      content: { flow_id: 'booking', step_id: 'ask' },
    };
    expect(userEventHasBody(trigger)).toBe(false);
    expect(userEventNote(trigger)).toBe('triggered flow booking at step ask');
    expect(userEventNote({ content_type: 'secure', content: {} })).toBe(
      'secure input (not stored)',
    );
    expect(userEventHasBody({ content_type: 'no_input', content: {} })).toBe(false);
    expect(userEventNote({ content_type: 'no_input', content: {} })).toBe('no input');
  });

  it('media events show the media', () => {
    expect(
      userEventView({ content_type: 'image', content: { url: 'https://x.org/p.png' } }),
    ).toMatchObject({ kind: 'media', media: 'image', src: 'https://x.org/p.png' });
  });
});
