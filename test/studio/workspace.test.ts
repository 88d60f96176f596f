/**
 * A bot's workspace in the studio (src/studio/bots/workspace.ts): drafts against the saved
 * flows, what a save leaves, and the bot sent to …/validate; plus the Problems panel's list
 * (src/studio/flows/problems.ts).
 */
import { describe, expect, it } from 'vitest';

import type { Bot, Diagnostic, Flow } from '../../src/studio/api.js';
import { Workspace } from '../../src/studio/bots/workspace.js';
import { problemsOf } from '../../src/studio/flows/problems.js';

const flows: Flow[] = [
  { id: 'f1', name: 'Default', commands: [], content: 'start:\n  say "a"\n' },
  { id: 'f2', name: 'Support', commands: ['/help'], content: 'start:\n  say "b"\n' },
];

const bot: Bot = {
  id: 'b1',
  name: 'Bot',
  description: null,
  default_flow: 'f2',
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
  env: {},
  settings: {},
  nlu: null,
  llm: null,
};

describe('bot workspace', () => {
  it('keeps a draft only while it differs from the saved flow', () => {
    const workspace = new Workspace(bot, flows);
    let changes = 0;
    workspace.subscribe(() => changes++);
    workspace.setDraft('f1', { content: 'start:\n  say "c"\n', commands: [] });
    expect(workspace.isDirty('f1')).toBe(true);
    expect(workspace.dirtyNames()).toEqual(['Default']);
    workspace.setDraft('f1', { content: flows[0]!.content, commands: [] });
    expect(workspace.isDirty()).toBe(false);
    workspace.setDraft('f2', { content: flows[1]!.content, commands: ['/help', '/support'] });
    expect(workspace.isDirty('f2')).toBe(true);
    expect(changes).toBe(3);
  });

  it('drops a draft once the flow is saved with it, keeps one typed during the save', () => {
    const workspace = new Workspace(bot, flows);
    workspace.setDraft('f1', { content: 'one', commands: [] });
    workspace.putFlow({ ...flows[0]!, content: 'one' });
    expect(workspace.isDirty('f1')).toBe(false);
    workspace.setDraft('f1', { content: 'two', commands: [] });
    workspace.putFlow({ ...flows[0]!, content: 'one-and-a-half' });
    expect(workspace.working(workspace.flow('f1')!).content).toBe('two');
  });

  it('validates the drafts with the saved flows, naming the default flow', () => {
    const workspace = new Workspace(bot, flows);
    workspace.setDraft('f1', { content: 'draft', commands: ['/x'] });
    expect(workspace.draftBot()).toEqual({
      flows: [
        { name: 'Default', content: 'draft', commands: ['/x'] },
        { name: 'Support', content: flows[1]!.content, commands: ['/help'] },
      ],
      default_flow: 'Support',
    });
    workspace.removeFlow('f1');
    expect(workspace.isDirty()).toBe(false);
    expect(workspace.flowNamed('SUPPORT')?.id).toBe('f2');
  });
});

describe('problems list', () => {
  const diagnostic = (over: Partial<Diagnostic>): Diagnostic => ({
    flow: 'Default',
    step: 'start',
    line: 1,
    column: 1,
    end_line: 1,
    end_column: 2,
    message: 'm',
    code: 'c',
    severity: 'error',
    ...over,
  });

  it('puts errors first, in flow order, with character columns', () => {
    const texts: Record<string, string> = { default: 'start:\n  say "é" + Foo()', support: '' };
    const problems = problemsOf(
      [
        diagnostic({ flow: 'Support', line: 1, severity: 'warning', code: 'w' }),
        diagnostic({ flow: 'Support', line: 4 }),
        diagnostic({ flow: 'default', line: 2, column: 15 }),
        diagnostic({ flow: null, code: 'no_flows' }),
      ],
      flows,
      (name) => texts[name.toLowerCase()] ?? null,
    );
    expect(problems.map((problem) => [problem.where, problem.line, problem.column])).toEqual([
      ['Bot', 1, 1],
      ['default', 2, 14],
      ['Support', 4, 1],
      ['Support', 1, 1],
    ]);
    expect(problems.map((problem) => problem.flowId)).toEqual([null, 'f1', 'f2', 'f2']);
  });
});
