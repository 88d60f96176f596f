import { MemoryStore } from '../../src/engine/memory-store.js';
import { storeSuite } from './store-suite.js';

storeSuite('MemoryStore', () => {
  const store = new MemoryStore();
  return {
    store,
    turns: (id) => Promise.resolve(store.turns(id)),
  };
});
