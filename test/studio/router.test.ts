/** The studio's hash routes (src/studio/router.ts): every page parses back from its own hash. */
import { describe, expect, it } from 'vitest';

import { hashOf, parseHash, sectionOf } from '../../src/studio/router.js';
import type { Route } from '../../src/studio/router.js';

describe('studio hash routes', () => {
  it('reads every page of the brief', () => {
    expect(parseHash('')).toEqual({ page: 'bots' });
    expect(parseHash('#/')).toEqual({ page: 'bots' });
    expect(parseHash('#/bots')).toEqual({ page: 'bots' });
    expect(parseHash('#/bots/b1')).toEqual({ page: 'flows', botId: 'b1' });
    expect(parseHash('#/bots/b1/flows')).toEqual({ page: 'flows', botId: 'b1' });
    expect(parseHash('#/bots/b1/flows/f1')).toEqual({ page: 'flow', botId: 'b1', flowId: 'f1' });
    expect(parseHash('#/bots/b1/versions')).toEqual({ page: 'versions', botId: 'b1' });
    expect(parseHash('#/bots/b1/playground')).toEqual({ page: 'playground', botId: 'b1' });
    expect(parseHash('#/bots/b1/settings')).toEqual({ page: 'settings', botId: 'b1' });
    expect(parseHash('#/bots/b1/conversations')).toEqual({
      page: 'conversations',
      botId: 'b1',
      conversationId: null,
    });
    expect(parseHash('#/bots/b1/conversations/c1/')).toEqual({
      page: 'conversations',
      botId: 'b1',
      conversationId: 'c1',
    });
  });

  it('round-trips ids that need escaping', () => {
    const routes: Route[] = [
      { page: 'bots' },
      { page: 'flow', botId: 'a/b c', flowId: 'é#?' },
      { page: 'conversations', botId: 'b', conversationId: '100%' },
      { page: 'conversations', botId: 'b', conversationId: null },
      { page: 'settings', botId: 'x' },
    ];
    for (const route of routes) expect(parseHash(hashOf(route))).toEqual(route);
  });

  it('says not found rather than guessing', () => {
    for (const hash of [
      '#/nope',
      '#/bots/b1/unknown',
      '#/bots/b1/versions/extra',
      '#/bots/b1/flows/f1/more',
      '#/bots/%E0%A4%A',
      '#/bots//flows',
    ]) {
      expect(parseHash(hash), hash).toEqual({ page: 'not_found', hash });
    }
  });

  it('puts the flow editor under Flows in the nav', () => {
    expect(sectionOf({ page: 'flow', botId: 'b', flowId: 'f' })).toBe('flows');
    expect(sectionOf({ page: 'conversations', botId: 'b', conversationId: 'c' })).toBe(
      'conversations',
    );
  });
});
