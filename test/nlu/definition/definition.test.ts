import { describe, expect, it } from 'vitest';

import {
  DEFAULT_THRESHOLD,
  nluDefinitionProblems,
  parseNluDefinition,
} from '../../../src/nlu/definition.js';

/** The example of csml.md §18.2. */
function example(): Record<string, unknown> {
  return {
    languages: ['en'],
    threshold: 0.5,
    intents: [
      {
        name: 'book_table',
        utterances: ['book a table for {guests} people', 'I need a table'],
        slots: [{ name: 'guests', type: 'integer' }],
      },
    ],
    slotTypes: [
      {
        name: 'cuisine',
        kind: 'list',
        values: [{ value: 'italian', synonyms: ['pasta', 'pizza'] }],
      },
      { name: 'order_ref', kind: 'regex', pattern: '[A-Z]{3}-[0-9]{4}' },
    ],
  };
}

/** The example with one change made by `edit`. */
function problemsOf(edit: (d: any) => void): { field: string; message: string }[] {
  const definition = example();
  edit(definition);
  return nluDefinitionProblems(definition);
}

describe('parseNluDefinition', () => {
  it('accepts the example of the spec and types it', () => {
    const result = parseNluDefinition(example());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition.intents[0]).toEqual({
      name: 'book_table',
      utterances: ['book a table for {guests} people', 'I need a table'],
      slots: [{ name: 'guests', type: 'integer' }],
    });
    expect(result.definition.slotTypes).toEqual([
      {
        name: 'cuisine',
        kind: 'list',
        values: [{ value: 'italian', synonyms: ['pasta', 'pizza'] }],
      },
      { name: 'order_ref', kind: 'regex', pattern: '[A-Z]{3}-[0-9]{4}' },
    ]);
  });

  it('fills the defaults: languages ["en"], threshold 0.5, no slots, no slot types, no synonyms', () => {
    const result = parseNluDefinition({
      intents: [{ name: 'hello', utterances: ['hi'] }],
      slotTypes: [{ name: 'colour', kind: 'list', values: [{ value: 'red' }] }],
    });
    expect(result).toEqual({
      ok: true,
      definition: {
        languages: ['en'],
        threshold: DEFAULT_THRESHOLD,
        intents: [{ name: 'hello', utterances: ['hi'], slots: [] }],
        slotTypes: [{ name: 'colour', kind: 'list', values: [{ value: 'red', synonyms: [] }] }],
      },
    });
  });

  it('accepts a custom slot type, every built-in type and several languages', () => {
    const builtins = ['number', 'integer', 'date', 'time', 'datetime', 'duration', 'email'];
    const more = ['phone', 'url', 'currency', 'cuisine', 'order_ref'];
    expect(
      problemsOf((d) => {
        d.languages = ['fr', 'en', 'de', 'es'];
        d.intents[0].slots.push(
          ...[...builtins, ...more].map((type, i) => ({ name: `s${i}`, type })),
        );
      }),
    ).toEqual([]);
  });
});

describe('definition problems', () => {
  it('an unknown slot type', () => {
    expect(problemsOf((d) => (d.intents[0].slots[0].type = 'colour'))).toEqual([
      {
        field: 'intents[0].slots[0].type',
        message: expect.stringMatching(
          /^unknown slot type "colour": use a built-in type \(number, /u,
        ),
      },
    ]);
  });

  it('an intent without utterances, missing or empty', () => {
    const expected = [
      {
        field: 'intents[0].utterances',
        message: 'must contain at least one utterance: an intent is learnt from its examples',
      },
    ];
    expect(problemsOf((d) => (d.intents[0].utterances = []))).toEqual(expected);
    expect(problemsOf((d) => delete d.intents[0].utterances)).toEqual(expected);
  });

  it('an empty utterance', () => {
    expect(problemsOf((d) => d.intents[0].utterances.push('  '))).toEqual([
      { field: 'intents[0].utterances[2]', message: 'must not be empty' },
    ]);
  });

  it('duplicate intent, slot and slot type names', () => {
    expect(
      problemsOf((d) => {
        d.intents.push(
          { name: 'other', utterances: ['x'] },
          { name: 'book_table', utterances: ['y'] },
        );
      }),
    ).toEqual([
      {
        field: 'intents[2].name',
        message: 'duplicate intent name "book_table" (also at intents[0].name)',
      },
    ]);
    expect(problemsOf((d) => d.intents[0].slots.push({ name: 'guests', type: 'number' }))).toEqual([
      {
        field: 'intents[0].slots[1].name',
        message: 'duplicate slot name "guests" (also at intents[0].slots[0].name)',
      },
    ]);
    expect(
      problemsOf((d) => d.slotTypes.push({ name: 'cuisine', kind: 'regex', pattern: 'x' })),
    ).toEqual([
      {
        field: 'slotTypes[2].name',
        message: 'duplicate slot type name "cuisine" (also at slotTypes[0].name)',
      },
    ]);
  });

  it('a {slot} marker naming no declared slot', () => {
    expect(problemsOf((d) => d.intents[0].utterances.push('for {people} at {time}'))).toEqual([
      {
        field: 'intents[0].utterances[2]',
        message: '{people} names no slot of this intent (its slots: guests)',
      },
      {
        field: 'intents[0].utterances[2]',
        message: '{time} names no slot of this intent (its slots: guests)',
      },
    ]);
  });

  it('a regex that does not compile, or could backtrack exponentially', () => {
    const [bad] = problemsOf((d) => (d.slotTypes[1].pattern = '[A-Z'));
    expect(bad?.field).toBe('slotTypes[1].pattern');
    expect(bad?.message).toMatch(/^is not a valid regular expression: /u);
    const [nested] = problemsOf((d) => (d.slotTypes[1].pattern = '(a+)+b'));
    expect(nested?.field).toBe('slotTypes[1].pattern');
    expect(nested?.message).toMatch(/exponential/u);
    expect(problemsOf((d) => delete d.slotTypes[1].pattern)).toEqual([
      { field: 'slotTypes[1].pattern', message: 'is missing' },
    ]);
  });

  it('a threshold out of 0..1', () => {
    for (const threshold of [-0.1, 1.5]) {
      expect(problemsOf((d) => (d.threshold = threshold))).toEqual([
        { field: 'threshold', message: 'must be between 0 and 1' },
      ]);
    }
    expect(problemsOf((d) => (d.threshold = 'high'))).toEqual([
      { field: 'threshold', message: 'must be a number between 0 and 1' },
    ]);
    expect(problemsOf((d) => (d.threshold = 0))).toEqual([]);
    expect(problemsOf((d) => (d.threshold = 1))).toEqual([]);
  });

  it('languages not among en, fr, es, de; listed twice; none', () => {
    expect(problemsOf((d) => (d.languages = ['en', 'it', 'en']))).toEqual([
      {
        field: 'languages[1]',
        message: '"it" is not a supported language: use one of en, fr, es, de',
      },
      { field: 'languages[2]', message: '"en" is listed twice' },
    ]);
    expect(problemsOf((d) => (d.languages = []))).toEqual([
      { field: 'languages', message: 'must list at least one language' },
    ]);
  });

  it('a slot type named like a built-in type, and a list without values', () => {
    expect(problemsOf((d) => d.slotTypes.push({ name: 'date', kind: 'list', values: [] }))).toEqual(
      [
        { field: 'slotTypes[2].name', message: '"date" is a built-in type: choose another name' },
        { field: 'slotTypes[2].values', message: 'must contain at least one value' },
      ],
    );
  });

  it('a list phrase standing for two values, or holding no word', () => {
    expect(
      problemsOf((d) =>
        d.slotTypes[0].values.push({ value: 'pizzeria', synonyms: ['Pizza', '!!!'] }),
      ),
    ).toEqual([
      {
        field: 'slotTypes[0].values[1].synonyms[0]',
        message: '"Pizza" already stands for the value "italian"',
      },
      { field: 'slotTypes[0].values[1].synonyms[1]', message: 'must contain a word' },
    ]);
  });

  it('a slot name that cannot be written as a {marker}', () => {
    expect(problemsOf((d) => (d.intents[0].slots[0].name = 'two words'))).toEqual([
      {
        field: 'intents[0].slots[0].name',
        message: 'must start with a letter or "_" and hold only letters, digits and "_"',
      },
    ]);
  });

  it('no intents', () => {
    expect(problemsOf((d) => (d.intents = []))).toEqual([
      {
        field: 'intents',
        message: 'must contain at least one intent (an NLU definition without intents is null)',
      },
    ]);
  });

  it('members of the wrong shape, each with its path', () => {
    expect(nluDefinitionProblems('nlu')).toEqual([
      { field: '', message: 'must be an object (the NLU definition) or null' },
    ]);
    expect(nluDefinitionProblems({})).toEqual([{ field: 'intents', message: 'is missing' }]);
    expect(
      problemsOf((d) => {
        d.intents[0].slots[0] = { name: 'guests' };
        d.intents[0].utterances[1] = 3;
        d.slotTypes[0].kind = 'enum';
      }),
    ).toEqual([
      { field: 'intents[0].utterances[1]', message: 'must be a string' },
      {
        field: 'intents[0].slots[0].type',
        message: 'is missing',
      },
      { field: 'slotTypes[0].kind', message: 'must be "list" or "regex"' },
    ]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf((d) => {
      d.threshold = 2;
      d.intents[0].slots[0].type = 'colour';
      d.intents[0].utterances.push('{nope}');
      d.slotTypes[1].pattern = '(';
    });
    expect(problems.map((p) => p.field)).toEqual([
      'threshold',
      'intents[0].slots[0].type',
      'intents[0].utterances[2]',
      'slotTypes[1].pattern',
    ]);
  });
});
