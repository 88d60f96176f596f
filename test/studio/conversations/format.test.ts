import { describe, expect, it } from 'vitest';

import {
  channelLabel,
  listHash,
  relativeTime,
  shortId,
  transcriptHash,
  userLabel,
} from '../../../src/studio/conversations/format.js';

describe('the conversation list', () => {
  it('names channels', () => {
    expect(channelLabel('studio')).toBe('Studio chat');
    expect(channelLabel('textbots.botflow')).toBe('Textbots (bot flow)');
    expect(channelLabel('textbots.execute')).toBe('Textbots (execute)');
    expect(channelLabel('conversations')).toBe('Conversations API');
    expect(channelLabel('sms')).toBe('sms');
  });

  it('shows a Studio chat user by its user id', () => {
    expect(userLabel('studio', 'admin:playground-1a2b')).toBe('playground-1a2b');
    expect(userLabel('studio', 'key-id:user:with:colons')).toBe('user:with:colons');
    expect(userLabel('conversations', 'abc:def')).toBe('abc:def');
  });

  it('tells times relative to now', () => {
    const now = Date.parse('2026-03-10T12:00:00.000Z');
    const ago = (ms: number) => relativeTime(new Date(now - ms).toISOString(), now);
    expect(ago(5_000)).toBe('just now');
    expect(ago(-5_000)).toBe('just now');
    expect(ago(60_000)).toBe('1 minute ago');
    expect(ago(59 * 60_000)).toBe('59 minutes ago');
    expect(ago(3 * 3_600_000)).toBe('3 hours ago');
    expect(ago(30 * 3_600_000)).toBe('yesterday');
    expect(ago(4 * 86_400_000)).toBe('4 days ago');
    expect(ago(45 * 86_400_000)).toBe('2026-01-24');
    expect(relativeTime('not a date', now)).toBe('not a date');
  });

  it('links transcripts by hash', () => {
    expect(transcriptHash('b1', 'c1')).toBe('#/bots/b1/conversations/c1');
    expect(listHash('b1')).toBe('#/bots/b1/conversations');
    expect(shortId('01a20265-1234-7000-8000-00000abcdef9')).toBe('0abcdef9');
    expect(shortId('short')).toBe('short');
  });
});
