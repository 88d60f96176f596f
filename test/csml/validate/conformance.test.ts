import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateBot } from '../../../src/csml/validate/index.js';

const ROOT = '/work/shared/conformance/csml/interpreter/CSML';

function csmlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...csmlFiles(path));
    else if (entry.name.endsWith('.csml')) files.push(path);
  }
  return files.sort();
}

describe('conformance flows', () => {
  const files = csmlFiles(ROOT);

  it('finds the conformance flows', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  // Many of these flows goto missing steps on purpose: only "does not throw" is asserted.
  it.each(files.map((file) => [file.slice(ROOT.length + 1), file]))('validates %s', (_, file) => {
    const content = readFileSync(file, 'utf8');
    const diagnostics = validateBot({
      defaultFlow: 'flow',
      flows: [{ id: 'id', name: 'flow', content }],
    });
    expect(Array.isArray(diagnostics)).toBe(true);
    for (const d of diagnostics) {
      expect(d.flow === null || d.flow === 'flow').toBe(true);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.message).not.toContain('\n');
    }
  });
});
