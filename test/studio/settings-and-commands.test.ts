/**
 * The settings page's JSON fields (src/studio/settings/json-object.ts) and the commands chip
 * input's parsing (src/studio/flows/commands.ts).
 */
import { describe, expect, it } from 'vitest';

import { addCommands, splitCommands } from '../../src/studio/flows/commands.js';
import { parseJsonObject, settingsChange } from '../../src/studio/settings/json-object.js';

describe('JSON object fields', () => {
  it('takes objects, and an empty field as {}', () => {
    expect(parseJsonObject('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonObject('  ')).toEqual({ ok: true, value: {} });
  });

  it('says why anything else is refused', () => {
    const broken = parseJsonObject('{"a": 1,');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).toMatch(/^Not valid JSON: /);
    expect(parseJsonObject('[1]')).toEqual({
      ok: false,
      error: 'Must be a JSON object ({ … }), not an array.',
    });
    expect(parseJsonObject('null')).toMatchObject({ error: expect.stringContaining('not null') });
    expect(parseJsonObject('"x"')).toMatchObject({ error: expect.stringContaining('a string') });
  });

  it('removes the settings keys taken out (the server merges key by key)', () => {
    expect(settingsChange({ stepLimit: 10, old: true }, { stepLimit: 20 })).toEqual({
      stepLimit: 20,
      old: null,
    });
  });
});

describe('commands typed as chips', () => {
  it('splits at commas and trims', () => {
    expect(splitCommands(' /help, menu ,, ')).toEqual(['/help', 'menu']);
  });

  it('adds each command once, regardless of case', () => {
    expect(addCommands(['/help'], ['/HELP', 'menu', 'Menu'])).toEqual(['/help', 'menu']);
  });
});
