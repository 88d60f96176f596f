import { describe, expect, it } from 'vitest';

import {
  chooseVersion,
  chosenVersion,
  playgroundUser,
  replaceUser,
} from '../../../src/studio/playground/session.js';
import type { KeyValueStore } from '../../../src/studio/playground/session.js';

function memoryStore(): KeyValueStore & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

describe('the playground user, kept per bot for the tab', () => {
  it('is made once, then found again (a reload continues the conversation)', () => {
    const store = memoryStore();
    let n = 0;
    const random = () => `r${++n}`;
    expect(playgroundUser(store, 'bot-a', random)).toEqual({
      userId: 'playground-r1',
      resumed: false,
    });
    expect(playgroundUser(store, 'bot-a', random)).toEqual({
      userId: 'playground-r1',
      resumed: true,
    });
    expect(playgroundUser(store, 'bot-b', random)).toEqual({
      userId: 'playground-r2',
      resumed: false,
    });
  });

  it('is replaced by a restart', () => {
    const store = memoryStore();
    playgroundUser(store, 'bot', () => 'old');
    expect(replaceUser(store, 'bot', () => 'new')).toBe('playground-new');
    expect(playgroundUser(store, 'bot', () => 'never')).toEqual({
      userId: 'playground-new',
      resumed: true,
    });
  });

  it('ignores a stored value it did not make', () => {
    const store = memoryStore();
    store.setItem('parley.playground.bot.user', 'someone-else');
    expect(playgroundUser(store, 'bot', () => 'x').userId).toBe('playground-x');
  });

  it('remembers the chosen version; "Latest build" is no choice', () => {
    const store = memoryStore();
    expect(chosenVersion(store, 'bot')).toBeNull();
    chooseVersion(store, 'bot', 'v1');
    expect(chosenVersion(store, 'bot')).toBe('v1');
    expect(chosenVersion(store, 'other')).toBeNull();
    chooseVersion(store, 'bot', null);
    expect(chosenVersion(store, 'bot')).toBeNull();
  });
});
