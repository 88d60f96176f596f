import { describe, expect, it } from 'vitest';

import {
  botEntry,
  transcriptEntries,
  transcriptEntry,
  userEntry,
} from '../../../src/studio/playground/entries.js';
import { versionLabel } from '../../../src/studio/playground/version-label.js';

describe('chat log lines', () => {
  it('a transcript shows a clicked button by the title of the button the bot offered', () => {
    const at = '2026-11-22T09:00:00.000Z';
    const button = (title: string, payload: string) => ({
      content_type: 'button',
      content: { title, payload, accepts: [title, payload] },
    });
    const lines = transcriptEntries([
      {
        seq: 1,
        direction: 'user',
        type: 'user',
        created_at: at,
        payload: { content_type: 'text', content: { text: 'hi' } },
      },
      {
        seq: 2,
        direction: 'bot',
        type: 'bot',
        created_at: at,
        payload: {
          content_type: 'question',
          content: { title: 'Drink?', buttons: [button('Latte', 'latte'), button('Tea', 'tea')] },
        },
      },
      {
        seq: 3,
        direction: 'user',
        type: 'user',
        created_at: at,
        payload: { content_type: 'payload', content: { payload: 'tea' } },
      },
      // Nothing offered since the last user event: the payload is all there is to show.
      {
        seq: 4,
        direction: 'user',
        type: 'user',
        created_at: at,
        payload: { content_type: 'payload', content: { payload: 'latte' } },
      },
    ]);
    const shown = lines.map((line) =>
      line.who === 'user' && line.view?.kind === 'text'
        ? line.view.segments.map((s) => s.text).join('')
        : line.who,
    );
    expect(shown).toEqual(['hi', 'bot', 'Tea', 'latte']);
    expect(lines[2]).toMatchObject({ note: null });
    expect(lines[3]).toMatchObject({ note: 'button payload' });
  });

  it('a clicked button shows its title, not its payload', () => {
    expect(
      userEntry(
        'e1',
        { content_type: 'payload', content: { payload: 'order:m' } },
        { shownAs: 'Order' },
      ),
    ).toEqual({
      id: 'e1',
      who: 'user',
      view: { kind: 'text', segments: [{ kind: 'text', text: 'Order' }] },
      note: null,
      nlu: null,
      at: null,
    });
  });

  it('a stored user text brings the NLU reading it was given', () => {
    expect(
      transcriptEntry({
        seq: 3,
        direction: 'user',
        type: 'user',
        payload: {
          content_type: 'text',
          content: { text: 'six', intent: { name: 'guests', confidence: 0.7 }, entities: [] },
        },
        created_at: '2026-03-01T10:00:00.000Z',
      }),
    ).toEqual({
      id: 'seq-3',
      who: 'user',
      view: { kind: 'text', segments: [{ kind: 'text', text: 'six' }] },
      note: null,
      nlu: { intent: { name: 'guests', confidence: 0.7 }, entities: [] },
      at: '2026-03-01T10:00:00.000Z',
    });
  });

  it('a stored flow trigger is a note without a bubble', () => {
    expect(
      transcriptEntry({
        seq: 1,
        direction: 'user',
        type: 'user',
        payload: { content_type: 'flow_trigger', content: { flow_id: 'menu' } },
        created_at: '2026-03-01T10:00:00.000Z',
      }),
    ).toMatchObject({ who: 'user', view: null, note: 'triggered flow menu' });
  });

  it('bot lines say their Conversations-surface type when it is not a plain bot message', () => {
    const message = {
      seq: 4,
      direction: 'bot' as const,
      payload: { content_type: 'text', content: { text: 'calling' } },
      created_at: '2026-03-01T10:00:00.000Z',
    };
    expect(transcriptEntry({ ...message, type: 'bot' })).toMatchObject({ who: 'bot', note: null });
    expect(transcriptEntry({ ...message, type: 'activity' })).toMatchObject({
      who: 'bot',
      note: 'activity',
    });
    expect(botEntry('b', message.payload)).toEqual({
      id: 'b',
      who: 'bot',
      view: { kind: 'text', segments: [{ kind: 'text', text: 'calling' }] },
      note: null,
      at: null,
    });
  });
});

describe('version labels', () => {
  it('show the build date and the start of the content hash; the first is the newest', () => {
    const version = {
      version_id: 'v',
      engine_version: '1',
      created_at: '2026-03-01T14:05:00.000Z',
      content_hash: 'sha256:0123456789abcdef',
    };
    expect(versionLabel(version, 0, 'en-GB')).toMatch(
      /^1 Mar 2026, \d\d:\d\d · 01234567 \(newest\)$/,
    );
    expect(versionLabel({ ...version, content_hash: 'abcdef0123456' }, 2, 'en-GB')).toMatch(
      / · abcdef01$/,
    );
  });
});
