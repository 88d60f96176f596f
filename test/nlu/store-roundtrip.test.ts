/**
 * A trained NLU stored in a version (SQLite, as a build stores it) and loaded back gives the
 * same predictions and entities as the model it was trained into (issue 5).
 */
import { describe, expect, it } from 'vitest';

import { toBotVersion } from '../../src/engine/builds.js';
import { Nlu, trainNlu } from '../../src/nlu/understand.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { seedBot, version } from '../store/fixtures.js';

const DEFINITION = {
  languages: ['en', 'fr'],
  intents: [
    {
      name: 'order',
      utterances: ['I want {count} pizzas', 'order a {size} pizza', 'je voudrais une pizza'],
      slots: [
        { name: 'count', type: 'integer' },
        { name: 'size', type: 'size' },
      ],
    },
    { name: 'hours', utterances: ['when are you open', 'opening hours', 'vous ouvrez quand'] },
    { name: 'bye', utterances: ['goodbye', 'see you', 'au revoir'] },
  ],
  slotTypes: [{ name: 'size', kind: 'list', values: [{ value: 'large', synonyms: ['big'] }] }],
};

const TEXTS = [
  'I want 3 pizzas',
  'order a big pizza',
  'are you open on sunday',
  'au revoir',
  'qwerty zxcv',
  'je voudrais deux pizzas',
];

describe('NLU model through the store', () => {
  it('predicts identically after a round trip through a stored version', async () => {
    const trained = trainNlu(DEFINITION);
    const original = new Nlu(trained);
    const store = SqliteStore.open(':memory:');
    try {
      await seedBot(store, 'org', 'bot');
      const record = version('org', 'bot', 'v1', {
        snapshot: {
          name: 'bot',
          defaultFlowId: 'f',
          flows: [
            {
              id: 'f',
              name: 'Main',
              description: null,
              commands: [],
              content: 'start:\n  goto end',
            },
          ],
          env: {},
          settings: {},
          customComponents: {},
          nlu: JSON.parse(JSON.stringify(DEFINITION)),
          nluModel: JSON.parse(JSON.stringify(trained)),
        },
      });
      await store.insertVersion(record);
      const loaded = await store.getVersion('org', 'bot', 'v1');
      const reloaded = toBotVersion(loaded!).nlu!;
      const now = Date.UTC(2026, 0, 1);
      for (const text of TEXTS) {
        expect(reloaded.understand(text, { now })).toEqual(original.understand(text, { now }));
      }
      expect(reloaded.understand('I want 3 pizzas', { now })).toMatchObject({
        intent: { name: 'order' },
        entities: [{ entity: 'count', value: 3, text: '3', start: 7, end: 8 }],
      });
    } finally {
      await store.close();
    }
  });
});
