import { describe, expect, it } from 'vitest';
import { validateBot } from '../../../src/csml/validate/index.js';
import { bot, covered, ofCode, validateFlow } from './helpers.js';

function gotoFindings(flows: Record<string, string>): [string, string, string | null][] {
  return validateBot(bot(flows))
    .filter((d) => d.code === 'unknown_step' || d.code === 'unknown_flow')
    .map((d) => [d.code, d.message, d.flow]);
}

describe('static goto targets', () => {
  it('accepts every form that reaches an existing step', () => {
    const main = [
      'start:',
      '  hold',
      '  if (event == "1") goto a',
      '  if (event == "2") goto step a',
      '  if (event == "3") goto flow other',
      '  if (event == "4") goto b@other',
      '  if (event == "5") goto @OTHER',
      '  if (event == "6") goto a@',
      '  if (event == "7") goto @',
      '  if (event == "8") goto b@id-other',
      '  goto end',
      'a:',
      '  goto end@nowhere',
    ].join('\n');
    expect(validateBot(bot({ main, other: 'start:\n  say "o"\nb:\n  say "b"\n' }))).toEqual([]);
  });

  it('reports an unknown step of the current flow, at the target', () => {
    const source = 'start:\n  goto nowhere\n';
    const diagnostics = validateFlow(source);
    expect(diagnostics.map((d) => [d.code, d.message, d.step])).toEqual([
      ['unknown_step', "step 'nowhere' does not exist in flow 'main'", 'start'],
    ]);
    expect(covered(source, diagnostics[0]!)).toBe('nowhere');
  });

  it('reports unknown steps in every form', () => {
    const findings = gotoFindings({
      main: [
        'start:',
        '  if (event == "1") goto step x',
        '  if (event == "2") goto y@other',
        '  if (event == "3") goto z@',
        '  goto end',
      ].join('\n'),
      other: 'start:\n  say "o"\n',
    });
    expect(findings).toEqual([
      ['unknown_step', "step 'x' does not exist in flow 'main'", 'main'],
      ['unknown_step', "step 'y' does not exist in flow 'other'", 'main'],
      ['unknown_step', "step 'z' does not exist in flow 'main'", 'main'],
    ]);
  });

  it('reports an unknown flow', () => {
    const source = 'start:\n  if (event) goto flow nope\n  goto a@nada\n';
    const diagnostics = validateFlow(source);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['unknown_flow', "flow 'nope' does not exist in bot"],
      ['unknown_flow', "flow 'nada' does not exist in bot"],
    ]);
    expect(covered(source, diagnostics[1]!)).toBe('a@nada');
  });

  it('reports start of a flow that has steps but no start', () => {
    const findings = gotoFindings({
      main: 'start:\n  goto flow other\n',
      other: 'x:\n  say "x"\n',
    });
    expect(findings).toEqual([
      ['unknown_step', "step 'start' does not exist in flow 'other'", 'main'],
    ]);
  });

  it('accepts start of a flow without any step (runtime falls back to the default flow)', () => {
    const findings = gotoFindings({
      main: 'start:\n  goto flow lib\n',
      lib: 'fn f():\n  return 1\n',
    });
    expect(findings).toEqual([]);
  });

  it('skips variable and bot targets', () => {
    const source = [
      'start:',
      '  if (event == "1") goto $x',
      '  if (event == "2") goto step $x.y',
      '  if (event == "3") goto flow $f',
      '  if (event == "4") goto nope@$f',
      '  if (event == "5") goto $s@nope',
      '  if (event == "6") goto nope@nope in otherbot',
      '  goto end',
    ].join('\n');
    expect(validateFlow(source)).toEqual([]);
  });

  it('checks gotos in nested blocks, and inside functions too', () => {
    const source = [
      'start:',
      '  foreach (x) in [1] {',
      '    while (true) { if (x) { goto deep } }',
      '  }',
      'fn f():',
      '  goto infn',
    ].join('\n');
    const diagnostics = validateFlow(source);
    expect(ofCode(diagnostics, 'unknown_step').map((d) => [d.message, d.step])).toEqual([
      ["step 'deep' does not exist in flow 'main'", 'start'],
      ["step 'infn' does not exist in flow 'main'", null],
    ]);
  });
});
