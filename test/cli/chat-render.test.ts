/** The pure parts of `parley chat`: rendering, input resolution, script lines, host, metadata. */
import { describe, expect, it } from 'vitest';

import { CsmlError } from '../../src/csml/interpreter/errors.js';
import type { HttpRequest } from '../../src/csml/interpreter/host.js';
import type { OutputMessage } from '../../src/csml/interpreter/types.js';
import type { Json } from '../../src/csml/json.js';
import { chatHost } from '../../src/engine/host.js';
import { isQuit, resolveInput } from '../../src/cli/chat/input.js';
import { arraySource, splitLines } from '../../src/cli/chat/lines.js';
import { MAX_PAUSE_MS, renderMessages } from '../../src/cli/chat/render.js';
import type { RenderItem } from '../../src/cli/chat/render.js';
import { ansiStyle, noStyle } from '../../src/cli/chat/style.js';
import { parseMetadata } from '../../src/cli/chat/metadata.js';

const msg = (content_type: string, content: Json): OutputMessage => ({ content_type, content });
const button = (title: string, payload = title): Json => ({
  content_type: 'button',
  content: { title, payload, accepts: [title, payload] },
});

/** The text of the rendered lines (pauses as `<pause N>`). */
function shown(messages: OutputMessage[]): string[] {
  return renderMessages(messages).items.map((item: RenderItem) =>
    item.kind === 'line' ? item.text : `<pause ${item.ms}>`,
  );
}

describe('renderMessages', () => {
  it('shows text, numbers and nulls; splits multi-line text', () => {
    expect(
      shown([
        msg('text', { text: 'Hello' }),
        msg('text', { text: 'a\nb' }),
        msg('text', { text: null }),
      ]),
    ).toEqual(['Hello', 'a', 'b', 'null']);
  });

  it('numbers the buttons of a question and keeps them as choices', () => {
    const turn = renderMessages([
      msg('question', { title: 'Go on?', buttons: [button('Yes', 'YES_PAYLOAD'), button('No')] }),
    ]);
    expect(turn.items).toEqual([
      { kind: 'line', text: 'Go on?', style: 'title' },
      { kind: 'line', text: '  [1] Yes', style: 'plain' },
      { kind: 'line', text: '  [2] No', style: 'plain' },
    ]);
    expect(turn.choices).toEqual([
      { title: 'Yes', payload: 'YES_PAYLOAD' },
      { title: 'No', payload: 'No' },
    ]);
  });

  it('numbers buttons across the whole turn: question, lone button, card, carousel', () => {
    const card = (title: string, b: string): Json => ({
      content_type: 'card',
      content: {
        title,
        subtitle: `about ${title}`,
        image_url: `https://x/${title}.png`,
        buttons: [button(b)],
      },
    });
    const turn = renderMessages([
      msg('question', { buttons: [button('A')] }),
      msg('button', { title: 'B', payload: 'b' }),
      msg('carousel', { cards: [card('One', 'C'), card('Two', 'D')] }),
    ]);
    expect(turn.items.map((i) => (i.kind === 'line' ? i.text : ''))).toEqual([
      '  [1] A',
      '  [2] B',
      '[card 1/2] One',
      '  about One',
      '  image: https://x/One.png',
      '  [3] C',
      '[card 2/2] Two',
      '  about Two',
      '  image: https://x/Two.png',
      '  [4] D',
    ]);
    expect(turn.choices.map((c) => c.payload)).toEqual(['A', 'b', 'C', 'D']);
  });

  it('shows a card as a text block', () => {
    expect(shown([msg('card', { title: 'Pizza', price: 12, buttons: [button('Order')] })])).toEqual(
      ['[card] Pizza', '  price: 12', '  [1] Order'],
    );
  });

  it('labels links and media', () => {
    expect(
      shown([
        msg('url', { url: 'https://a', text: 'https://a', title: 'https://a' }),
        msg('url', { url: 'https://b', text: 'Docs', title: 'Docs' }),
        msg('image', { url: 'https://i.png' }),
        msg('video', { url: 'https://v.mp4', service: 'youtube' }),
        msg('audio', { url: 'https://a.mp3' }),
        msg('file', { url: 'https://f.pdf' }),
      ]),
    ).toEqual([
      '[link] https://a',
      '[link] Docs: https://b',
      '[image] https://i.png',
      '[video] https://v.mp4 (service: youtube)',
      '[audio] https://a.mp3',
      '[file] https://f.pdf',
    ]);
  });

  it('turns typing and wait into capped pauses', () => {
    expect(
      shown([
        msg('typing', { duration: 200 }),
        msg('wait', { duration: 60_000 }),
        msg('wait', { duration: 'soon' }),
        msg('typing', { duration: 0 }),
      ]),
    ).toEqual(['<pause 200>', `<pause ${MAX_PAUSE_MS}>`]);
  });

  it('shows debug, errors, objects, arrays, Disconnect and Escalate', () => {
    const turn = renderMessages([
      msg('debug', { args: ['x', '{"a":1}'] }),
      msg('error', { error: 'boom at line 1, column 2 at flow [f]' }),
      msg('object', { a: 1, b: [true] }),
      msg('array', [1, 'two']),
      msg('disconnect', {}),
      msg('escalate', { reason: 'billing' }),
    ]);
    expect(turn.items).toEqual([
      { kind: 'line', text: '[debug] x {"a":1}', style: 'dim' },
      { kind: 'line', text: 'error: boom at line 1, column 2 at flow [f]', style: 'error' },
      { kind: 'line', text: '{"a":1,"b":[true]}', style: 'plain' },
      { kind: 'line', text: '[1,"two"]', style: 'plain' },
      { kind: 'line', text: '(the bot disconnected)', style: 'dim' },
      { kind: 'line', text: '(the bot asked for a human agent: billing)', style: 'dim' },
    ]);
  });

  it('shows unknown content types as JSON, and the buttons of custom components', () => {
    const turn = renderMessages([
      msg('http', { url: 'https://x', method: 'get' }),
      msg('Component.quickreply', { title: 'More?', buttons: [button('Yes')] }),
    ]);
    expect(turn.items.map((i) => (i.kind === 'line' ? i.text : ''))).toEqual([
      '[http] {"url":"https://x","method":"get"}',
      '[Component.quickreply] More?',
      '  [1] Yes',
    ]);
    expect(turn.choices).toEqual([{ title: 'Yes', payload: 'Yes' }]);
  });

  it('never throws on odd shapes', () => {
    const odd: OutputMessage[] = [
      msg('text', 'plain'),
      msg('question', { buttons: 'nope' }),
      msg('question', { buttons: [3, { content_type: 'button', content: {} }] }),
      msg('carousel', { cards: [null] }),
      msg('carousel', {}),
      msg('url', null),
      msg('debug', null),
      msg('error', []),
    ];
    expect(() => renderMessages(odd)).not.toThrow();
    expect(renderMessages(odd).choices).toEqual([]);
  });
});

describe('resolveInput', () => {
  const choices = [
    { title: 'Yes', payload: 'YES' },
    { title: 'Not now', payload: 'LATER' },
  ];

  it('sends a typed line as a text event', () => {
    expect(resolveInput(' hello ', choices)).toEqual({
      event: { content_type: 'text', content: { text: ' hello ' } },
      choice: null,
    });
  });

  it('picks a button by number or by title, as a payload event', () => {
    expect(resolveInput('2', choices).event).toEqual({
      content_type: 'payload',
      content: { payload: 'LATER' },
    });
    expect(resolveInput('  not NOW ', choices).choice).toEqual(choices[1]);
    expect(resolveInput('yes', choices).event.content).toEqual({ payload: 'YES' });
  });

  it('sends numbers out of range, and any number when there are no buttons, as text', () => {
    expect(resolveInput('3', choices).event.content_type).toBe('text');
    expect(resolveInput('0', choices).event.content_type).toBe('text');
    expect(resolveInput('1', []).event).toEqual({ content_type: 'text', content: { text: '1' } });
  });

  it('knows the quit commands', () => {
    expect(isQuit('/quit')).toBe(true);
    expect(isQuit(' /QUIT ')).toBe(true);
    expect(isQuit('/exit')).toBe(true);
    expect(isQuit('quit')).toBe(false);
  });
});

describe('script lines', () => {
  it('splits on LF and CRLF, without a last empty line', () => {
    expect(splitLines('a\r\nb\n\nc\n')).toEqual(['a', 'b', '', 'c']);
    expect(splitLines('')).toEqual([]);
  });

  it('hands out lines, then null', async () => {
    const source = arraySource(['a', 'b']);
    expect(await source.next()).toBe('a');
    source.close();
    expect(await source.next()).toBeNull();
  });
});

describe('chatHost', () => {
  const request: HttpRequest = {
    method: 'get',
    url: 'https://api.example.com/x',
    headers: {},
    query: null,
    body: undefined,
    verifySsl: true,
  };

  it('refuses HTTP, App and SMTP with the host policy error', () => {
    const host = chatHost({ appsEndpoint: 'https://apps.example.com' });
    expect(() => host.http(request)).toThrow(
      new CsmlError('request blocked by host policy: GET https://api.example.com/x'),
    );
    expect(() => host.app({ name: 'f', data: {} })).toThrow(
      'request blocked by host policy: POST https://apps.example.com',
    );
    expect(() => host.smtp({ server: { host: 'mail.example.com', port: 465 }, email: {} })).toThrow(
      'request blocked by host policy: SMTP smtp://mail.example.com:465',
    );
  });

  it('says when App has no endpoint', () => {
    expect(() => chatHost().app({ name: 'f', data: {} })).toThrow(
      'App can not be called because apps_endpoint is not set in bot',
    );
  });

  it('uses the real clock and sends logs where asked', () => {
    const logs: string[] = [];
    const host = chatHost({ log: (line) => logs.push(line) });
    const before = Date.now();
    expect(host.now()).toBeGreaterThanOrEqual(before);
    const r = host.random();
    expect(r >= 0 && r < 1).toBe(true);
    host.log('info', 'hello');
    expect(logs).toEqual(['[log info] hello']);
    expect(() => {
      chatHost().log('info', 'dropped');
    }).not.toThrow();
  });
});

describe('parseMetadata and styles', () => {
  it('accepts a JSON object only', () => {
    expect(parseMetadata('{"firstname": "Ada"}')).toEqual({ firstname: 'Ada' });
    expect(parseMetadata('[1]')).toMatch(/must be a JSON object/);
    expect(parseMetadata('null')).toMatch(/must be a JSON object/);
    expect(parseMetadata('{oops')).toMatch(/^--metadata is not valid JSON: /);
  });

  it('styles with ANSI codes or not at all', () => {
    expect(noStyle('x', 'error')).toBe('x');
    expect(ansiStyle('x', 'plain')).toBe('x');
    expect(ansiStyle('x', 'dim')).toBe('\u001b[2mx\u001b[22m');
  });
});
