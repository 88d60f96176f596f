import { describe, expect, it } from 'vitest';

import { checkBotRules, flowNameProblem } from '../../src/engine/bot-rules.js';

describe('flowNameProblem', () => {
  it('accepts letters, digits, _ and - not starting with a digit', () => {
    for (const name of ['main', 'Support_2', 'my-flow', '_x', 'café', 'Ωmega']) {
      expect(flowNameProblem(name)).toBeUndefined();
    }
  });

  it('says why a name is refused', () => {
    expect(flowNameProblem('')).toBe('it is empty');
    expect(flowNameProblem('my flow')).toBe('use only letters, digits, _ and -');
    expect(flowNameProblem('a.b')).toBe('use only letters, digits, _ and -');
    expect(flowNameProblem('2fa')).toBe('it starts with a digit');
    expect(flowNameProblem('goto')).toBe('it is a CSML reserved word');
    expect(flowNameProblem('a'.repeat(255))).toBeUndefined();
    expect(flowNameProblem('a'.repeat(256))).toBe('it is longer than 255 bytes');
    // 128 two-byte letters: 128 characters, 256 bytes.
    expect(flowNameProblem('é'.repeat(128))).toBe('it is longer than 255 bytes');
  });
});

describe('checkBotRules', () => {
  it('finds nothing in a valid bot', () => {
    expect(
      checkBotRules([
        { name: 'main', commands: ['/start', 'hello'] },
        { name: 'order', commands: [' /order '] },
        { name: 'support', commands: [] },
      ]),
    ).toEqual([]);
  });

  it('reports invalid names and case-insensitive duplicates, with the flow and its index', () => {
    expect(
      checkBotRules([
        { name: 'main', commands: [] },
        { name: 'goto', commands: [] },
        { name: 'MAIN', commands: [] },
      ]),
    ).toEqual([
      {
        code: 'invalid_flow_name',
        message: 'invalid flow name "goto": it is a CSML reserved word',
        flow: 'goto',
        index: 1,
      },
      {
        code: 'duplicate_flow_name',
        message:
          'flow name "MAIN" is already used by flow "main" (flow names are compared ignoring case)',
        flow: 'MAIN',
        index: 2,
        takenBy: 'main',
      },
    ]);
  });

  it('reports commands that are empty or too long once trimmed', () => {
    const found = checkBotRules([{ name: 'main', commands: ['  ', 'x'.repeat(256), ' ok '] }]);
    expect(found.map((f) => [f.code, f.message])).toEqual([
      [
        'invalid_command',
        'invalid command "  " in flow "main": a command has 1 to 255 bytes once trimmed',
      ],
      [
        'invalid_command',
        `invalid command "${'x'.repeat(256)}" in flow "main": a command has 1 to 255 bytes once trimmed`,
      ],
    ]);
    expect(checkBotRules([{ name: 'main', commands: [` ${'x'.repeat(255)} `] }])).toEqual([]);
  });

  it('reports commands used twice, trimmed and ignoring case, across flows and within one', () => {
    const found = checkBotRules([
      { name: 'main', commands: ['/go', '/Help'] },
      { name: 'billing', commands: [' /GO '] },
      { name: 'support', commands: ['/x', '/X'] },
    ]);
    expect(found).toEqual([
      {
        code: 'duplicate_command',
        message:
          'command "/GO" of flow "billing" is already used by flow "main" (commands are compared ignoring case)',
        flow: 'billing',
        index: 1,
        takenBy: 'main',
      },
      {
        code: 'duplicate_command',
        message:
          'command "/X" is listed twice in flow "support" (commands are compared ignoring case)',
        flow: 'support',
        index: 2,
        takenBy: 'support',
      },
    ]);
  });

  it('keeps flow order, then command order, in its findings', () => {
    const found = checkBotRules([
      { name: 'main', commands: ['/go', ''] },
      { name: 'goto', commands: [] },
      { name: 'MAIN', commands: ['/GO'] },
    ]);
    expect(found.map((f) => `${f.code}@${f.index}`)).toEqual([
      'invalid_command@0',
      'invalid_flow_name@1',
      'duplicate_flow_name@2',
      'duplicate_command@2',
    ]);
  });
});
