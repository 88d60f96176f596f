import { describe, expect, it } from 'vitest';

import { KeyedMutex, MemoryStore, Mutex } from '../../src/engine/memory-store.js';
import { storeSuite } from './store-suite.js';

storeSuite('MemoryStore', () => {
  const store = new MemoryStore();
  return {
    store,
    turns: (id) => Promise.resolve(store.turns(id)),
    addBot: () => Promise.resolve(),
  };
});

describe('Mutex', () => {
  it('grants in request order and lets a waiter give up at its deadline', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const first = await mutex.acquire();
    const second = mutex.acquire().then((release) => {
      order.push('second');
      return release;
    });
    const impatient = mutex.acquire(Date.now() + 20);
    const third = mutex.acquire().then((release) => {
      order.push('third');
      return release;
    });
    expect(await impatient).toBeNull();
    first!();
    (await second)!();
    (await third)!();
    expect(order).toEqual(['second', 'third']);
    expect(mutex.idle).toBe(true);
  });

  it('KeyedMutex forgets keys nobody holds or awaits', async () => {
    const locks = new KeyedMutex();
    const release = await locks.acquire('a');
    expect(await locks.acquire('a', Date.now() + 5)).toBeNull();
    expect(locks.size).toBe(1);
    release!();
    release!(); // a second release does nothing
    expect(locks.size).toBe(0);
  });
});
