/** Find in the flow editor (src/studio/editor/find-matches.ts): matching ignores case and wraps around. */
import { describe, expect, it } from 'vitest';

import { findAll, findNext } from '../../src/studio/editor/find-matches.js';

describe('find in a flow', () => {
  const text = 'say "Hi"\nsay "hi again"\nSAY Hi';

  it('finds every match, whatever the case, and nothing for an empty query', () => {
    expect(findAll(text, 'say').map((match) => match.from)).toEqual([0, 9, 24]);
    expect(findAll(text, 'hi').length).toBe(3);
    expect(findAll(text, '')).toEqual([]);
  });

  it('takes the query literally', () => {
    expect(findAll('a.b axb (x)', '.')).toEqual([{ from: 1, to: 2 }]);
    expect(findAll('a.b axb (x)', '(x)')).toEqual([{ from: 8, to: 11 }]);
  });

  it('steps forwards and backwards from the selection, wrapping at the ends', () => {
    expect(findNext(text, 'say', 1, false)).toEqual({ from: 9, to: 12 });
    expect(findNext(text, 'say', 25, false)).toEqual({ from: 0, to: 3 });
    expect(findNext(text, 'say', 9, true)).toEqual({ from: 0, to: 3 });
    expect(findNext(text, 'say', 0, true)).toEqual({ from: 24, to: 27 });
    expect(findNext(text, 'nowhere', 0, false)).toBeNull();
  });

  it('matches non-ASCII text ignoring case', () => {
    expect(findAll('Élan élan', 'élan')).toEqual([
      { from: 0, to: 4 },
      { from: 5, to: 9 },
    ]);
  });
});
