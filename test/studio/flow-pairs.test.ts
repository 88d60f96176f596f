/** The flows of two versions paired for the diff (src/studio/versions/flow-pairs.ts). */
import { describe, expect, it } from 'vitest';

import { pairFlows } from '../../src/studio/versions/flow-pairs.js';

const flow = (id: string, name: string, content: string, commands: string[] = []) => ({
  id,
  name,
  content,
  commands,
});

describe('pairing the flows of two versions', () => {
  it('marks flows added, removed, changed and unchanged', () => {
    const pairs = pairFlows(
      [flow('1', 'Default', 'a'), flow('2', 'Gone', 'g'), flow('3', 'Same', 's')],
      [flow('1', 'Default', 'b'), flow('3', 'Same', 's'), flow('4', 'New', 'n', ['/new'])],
    );
    expect(pairs.map((pair) => [pair.name, pair.kind])).toEqual([
      ['Default', 'changed'],
      ['Same', 'unchanged'],
      ['New', 'added'],
      ['Gone', 'removed'],
    ]);
    expect(pairs[2]!.before).toBeNull();
    expect(pairs[3]!.after).toBeNull();
  });

  it('follows a flow through a rename by its id, even when another took its old name', () => {
    const pairs = pairFlows(
      [flow('1', 'Support', 'x')],
      [flow('1', 'Help', 'x'), flow('2', 'Support', 'y')],
    );
    expect(pairs.map((pair) => [pair.name, pair.kind, pair.renamedFrom])).toEqual([
      ['Help', 'changed', 'Support'],
      ['Support', 'added', null],
    ]);
  });

  it('pairs flows without ids by name regardless of case, and sees command changes', () => {
    const pairs = pairFlows(
      [{ name: 'default', content: 'a', commands: ['/a'] }],
      [{ name: 'Default', content: 'a', commands: ['/b'] }],
    );
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({
      kind: 'changed',
      commandsChanged: true,
      renamedFrom: 'default',
    });
  });
});
