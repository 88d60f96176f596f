/**
 * The studio's conversion of the API's UTF-8 byte columns (studio-api.md §4.4) into CodeMirror
 * offsets and character columns (src/studio/editor/positions.ts), against CodeMirror's own Text.
 */
import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';

import {
  byteColumnToCharColumn,
  byteColumnToOffset,
  positionOf,
  rangeOf,
} from '../../src/studio/editor/positions.js';

describe('byte columns to CodeMirror offsets', () => {
  it('is the identity on ASCII', () => {
    expect(byteColumnToOffset('  say Questoin("x")', 7)).toBe(6);
    expect(byteColumnToOffset('abc', 1)).toBe(0);
    expect(byteColumnToOffset('abc', 4)).toBe(3);
  });

  it('counts é as two bytes and an emoji as four bytes but two UTF-16 units', () => {
    // `é` (2 bytes) and `😀` (4 bytes, a surrogate pair) before the error.
    const line = '  say "é😀" + Foo(1)';
    const byteColumn = Buffer.byteLength(line.slice(0, line.indexOf('Foo')), 'utf8') + 1;
    expect(byteColumn).toBe(18);
    const offset = byteColumnToOffset(line, byteColumn);
    expect(line.slice(offset, offset + 3)).toBe('Foo');
    expect(offset).toBe(14);
    // A person counts one character for each: `F` is the 14th character.
    expect(byteColumnToCharColumn(line, byteColumn)).toBe(14);
  });

  it('never splits a character: a column inside one lands before it', () => {
    const line = 'a😀b';
    expect(byteColumnToOffset(line, 2)).toBe(1);
    expect(byteColumnToOffset(line, 3)).toBe(1);
    expect(byteColumnToOffset(line, 5)).toBe(1);
    expect(byteColumnToOffset(line, 6)).toBe(3);
    expect(byteColumnToOffset('é', 2)).toBe(0);
  });

  it('counts displayed characters for people: a skin-toned thumb is one', () => {
    const line = 'a👍🏽b';
    const byteColumn = Buffer.byteLength('a👍🏽', 'utf8') + 1;
    expect(byteColumnToOffset(line, byteColumn)).toBe(5);
    expect(byteColumnToCharColumn(line, byteColumn)).toBe(3);
  });

  it('clamps columns past the end of the line and below 1', () => {
    expect(byteColumnToOffset('é', 99)).toBe(1);
    expect(byteColumnToOffset('abc', 0)).toBe(0);
    expect(byteColumnToOffset('', 5)).toBe(0);
  });
});

describe('diagnostic spans in a document', () => {
  const doc = Text.of(['start:', '  say "Ça va 😀" + Questoin(1)', '  goto end']);

  it('finds the span of an error after non-ASCII text', () => {
    const line = doc.line(2).text;
    const column = Buffer.byteLength(line.slice(0, line.indexOf('Questoin')), 'utf8') + 1;
    const range = rangeOf(doc, { line: 2, column, end_line: 2, end_column: column + 8 });
    expect(doc.sliceString(range.from, range.to)).toBe('Questoin');
  });

  it('spans lines', () => {
    const range = rangeOf(doc, { line: 1, column: 1, end_line: 3, end_column: 7 });
    expect(doc.sliceString(range.from, range.to)).toBe(`start:\n${doc.line(2).text}\n  goto`);
  });

  it('clamps lines that no longer exist and reversed spans', () => {
    expect(positionOf(doc, 99, 1)).toBe(doc.line(3).from);
    expect(positionOf(doc, 0, 1)).toBe(0);
    const range = rangeOf(doc, { line: 3, column: 5, end_line: 1, end_column: 1 });
    expect(range.to).toBe(range.from);
  });
});
