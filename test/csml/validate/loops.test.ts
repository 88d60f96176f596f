import { describe, expect, it } from 'vitest';
import { validateBot } from '../../../src/csml/validate/index.js';
import { bot, covered, ofCode, validateFlow } from './helpers.js';

function loopMessages(diagnostics: ReturnType<typeof validateFlow>): string[] {
  return ofCode(diagnostics, 'possible_infinite_loop').map((d) => d.message);
}

describe('possible_infinite_loop', () => {
  it('warns on a goto cycle without hold, at the goto that closes it', () => {
    const source = 'start:\n  say "a"\n  goto a\na:\n  say "b"\n  goto start\n';
    const diagnostics = validateFlow(source);
    expect(diagnostics.map((d) => [d.code, d.severity, d.message, d.step, d.line])).toEqual([
      [
        'possible_infinite_loop',
        'warning',
        'possible infinite loop without hold: start -> a -> start',
        'a',
        6,
      ],
    ]);
    expect(covered(source, diagnostics[0]!)).toBe('start');
  });

  it('warns on a self loop', () => {
    expect(loopMessages(validateFlow('start:\n  goto start\n'))).toEqual([
      'possible infinite loop without hold: start -> start',
    ]);
  });

  it('does not warn when a hold comes before the goto', () => {
    expect(validateFlow('start:\n  say "a"\n  hold\n  goto start\n')).toEqual([]);
    expect(validateFlow('start:\n  goto a\na:\n  hold_secure\n  goto start\n')).toEqual([]);
  });

  it('counts a hold in an earlier branch (reference), not one after the goto', () => {
    const earlier = 'start:\n  if (event) { hold }\n  goto start\n';
    expect(loopMessages(validateFlow(earlier))).toEqual([]);
    const later = 'start:\n  goto start\n  hold\n';
    expect(loopMessages(validateFlow(later))).toHaveLength(1);
  });

  it('does not count a goto in a loop body before a hold in the same body', () => {
    const source = 'start:\n  while (true) {\n    if (event) { goto start }\n    hold\n  }\n';
    expect(loopMessages(validateFlow(source))).toHaveLength(1);
  });

  it('ignores cycles that the default start cannot reach', () => {
    const source = 'start:\n  goto end\na:\n  goto b\nb:\n  goto a\n';
    expect(validateFlow(source)).toEqual([]);
  });

  it('reaches through edges after a hold, then finds a hold-free cycle', () => {
    const source = 'start:\n  hold\n  goto a\na:\n  goto b\nb:\n  goto a\n';
    expect(loopMessages(validateFlow(source))).toEqual([
      'possible infinite loop without hold: a -> b -> a',
    ]);
  });

  it('reports each cycle once, across flows with step@flow names', () => {
    const diagnostics = validateBot(
      bot({
        main: 'start:\n  goto flow other\n',
        other: 'start:\n  goto x\nx:\n  goto start@main\n',
      }),
    );
    expect(loopMessages(diagnostics)).toEqual([
      'possible infinite loop without hold: start@main -> start@other -> x@other -> start@main',
    ]);
    expect(ofCode(diagnostics, 'possible_infinite_loop')[0]!.flow).toBe('other');
  });

  it('reports two separate cycles', () => {
    const source =
      'start:\n  goto a\na:\n  if (event) goto a\n  goto b\nb:\n  goto c\nc:\n  goto b\n';
    expect(loopMessages(validateFlow(source))).toEqual([
      'possible infinite loop without hold: a -> a',
      'possible infinite loop without hold: b -> c -> b',
    ]);
  });

  it('ignores gotos in closures, variable gotos and inserted steps', () => {
    const source = 'start:\n  do f = () { goto start }\n  goto $next\n';
    expect(loopMessages(validateFlow(source))).toEqual([]);
    const inserted = validateBot(
      bot({ main: 'insert loop from lib\nstart:\n  goto loop\n', lib: 'loop:\n  goto loop\n' }),
    );
    expect(loopMessages(inserted)).toEqual([]);
  });

  it('does not count a hold inside a closure, nor gotos inside functions', () => {
    const closureHold = 'start:\n  do f = () { hold }\n  goto start\n';
    expect(loopMessages(validateFlow(closureHold))).toHaveLength(1);
    const fnGoto = 'start:\n  say f()\nfn f():\n  goto start\n  return 1\n';
    expect(loopMessages(validateFlow(fnGoto))).toEqual([]);
  });

  it('starts from the default flow (by name or id)', () => {
    const flows = { main: 'start:\n  say "x"\n', other: 'start:\n  goto start\n' };
    expect(loopMessages(validateBot(bot(flows)))).toEqual([]);
    expect(loopMessages(validateBot(bot(flows, { defaultFlow: 'id-other' })))).toHaveLength(1);
  });

  it('handles a 5,000-step bot (a long chain closing into a cycle) quickly', () => {
    const count = 5000;
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = i === 0 ? 'start' : `s${i}`;
      const next = i === count - 1 ? 'start' : `s${i + 1}`;
      lines.push(`${name}:`, `  say "step ${i}"`, `  if (event == "x") goto end`, `  goto ${next}`);
    }
    const began = performance.now();
    const diagnostics = validateBot(
      bot({ main: lines.join('\n'), other: 'start:\n  goto flow main\n' }),
    );
    const elapsed = performance.now() - began;
    const loops = ofCode(diagnostics, 'possible_infinite_loop');
    expect(loops).toHaveLength(1);
    expect(
      loops[0]!.message.startsWith('possible infinite loop without hold: start -> s1 -> s2'),
    ).toBe(true);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(elapsed).toBeLessThan(20_000);
  });
});
