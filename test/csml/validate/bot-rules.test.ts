import { describe, expect, it } from 'vitest';
import type { BotSource } from '../../../src/csml/validate/index.js';
import { validateBot } from '../../../src/csml/validate/index.js';
import { bot, codes, ofCode } from './helpers.js';

const START = 'start:\n  say "hi"\n  goto end\n';

describe('bot-level rules', () => {
  it('reports a bot without flows', () => {
    const diagnostics = validateBot({ defaultFlow: 'main', flows: [] });
    expect(diagnostics).toEqual([
      {
        code: 'no_flows',
        severity: 'error',
        message: 'bot must have at least one flow',
        flow: null,
        step: null,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      },
    ]);
  });

  it('accepts a minimal valid bot', () => {
    expect(validateBot(bot({ main: START }))).toEqual([]);
  });

  it('reports a default flow that names no flow', () => {
    const diagnostics = validateBot(bot({ main: START }, { defaultFlow: 'nope' }));
    expect(codes(diagnostics)).toEqual(['default_flow_missing']);
    expect(diagnostics[0]!.flow).toBeNull();
    expect(diagnostics[0]!.message).toContain("'nope'");
  });

  it('matches the default flow by name case-insensitively, or by id', () => {
    expect(validateBot(bot({ Main: START }, { defaultFlow: 'MAIN' }))).toEqual([]);
    expect(validateBot(bot({ main: START }, { defaultFlow: 'id-main' }))).toEqual([]);
  });

  describe('intentFlows', () => {
    const nlu = { intents: [{ name: 'greet' }, { name: 'book' }] };

    it('accepts known intents that start existing flows (name or id)', () => {
      const source = bot(
        { main: START, booking: START },
        { nlu, settings: { intentFlows: { greet: 'MAIN', book: 'id-booking' } } },
      );
      expect(validateBot(source)).toEqual([]);
    });

    it('reports an unknown intent and an unknown flow', () => {
      const source = bot(
        { main: START },
        { nlu, settings: { intentFlows: { greet: 'missing', cancel: 'main' } } },
      );
      const diagnostics = ofCode(validateBot(source), 'invalid_intent_flow');
      expect(diagnostics).toHaveLength(2);
      expect(diagnostics.every((d) => d.flow === null && d.severity === 'error')).toBe(true);
      expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/'missing'/);
      expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/'cancel'/);
    });

    it('reports every key when the bot has no nlu', () => {
      const source = bot({ main: START }, { settings: { intentFlows: { greet: 'main' } } });
      expect(codes(validateBot(source))).toEqual(['invalid_intent_flow']);
    });

    it('reports a value that is not a string', () => {
      const source = bot({ main: START }, { nlu, settings: { intentFlows: { greet: 42 } } });
      expect(codes(validateBot(source))).toEqual(['invalid_intent_flow']);
    });

    it('ignores absent or non-object intentFlows', () => {
      expect(validateBot(bot({ main: START }, { settings: null }))).toEqual([]);
      expect(validateBot(bot({ main: START }, { settings: { intentFlows: 'x' } }))).toEqual([]);
      expect(validateBot(bot({ main: START }, { settings: { intentFlows: ['a'] } }))).toEqual([]);
      expect(validateBot(bot({ main: START }, { settings: { stepLimit: 3 } }))).toEqual([]);
    });
  });

  describe('never throws', () => {
    const odd: unknown[] = [
      null,
      undefined,
      42,
      'bot',
      [],
      {},
      { flows: null },
      { flows: 'x', defaultFlow: 3 },
      { flows: [null, 1, 'x', {}], defaultFlow: null },
      { flows: [{ name: 'main', content: null }], defaultFlow: 'main' },
      { flows: [{ name: 7, content: 42 }], defaultFlow: '7' },
      {
        flows: [{ name: 'main', content: 'start: say Button() say Component.X()' }],
        defaultFlow: 'main',
        nativeComponents: { Button: { params: 'nope' } },
        customComponents: { X: null },
        settings: { intentFlows: { a: null } },
        nlu: { intents: [null, { name: 3 }] },
      },
      { flows: [{ name: '__proto__', content: 'start:\n goto toString' }], defaultFlow: 'x' },
    ];
    for (const [i, input] of odd.entries()) {
      it(`handles odd input #${i}`, () => {
        expect(() => validateBot(input as BotSource)).not.toThrow();
        expect(Array.isArray(validateBot(input as BotSource))).toBe(true);
      });
    }

    it('handles empty and odd flow sources', () => {
      for (const content of ['', '   ', '\n\n', '{{', 'start', 'start:', '@@@', '"', '/*']) {
        expect(() => validateBot(bot({ main: content }))).not.toThrow();
      }
    });
  });
});
