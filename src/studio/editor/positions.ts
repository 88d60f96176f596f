/**
 * Positions of diagnostics. The API counts columns in UTF-8 bytes (studio-api.md §4.4, csml.md
 * §16: `é` is two columns, `😀` four); CodeMirror counts UTF-16 code units from the start of the
 * document; a person counts characters. These convert between the three, clamping positions
 * that no longer exist (the text changed since it was checked) to the nearest real place.
 */

/** The lines of a document, as CodeMirror's `Text` has them (1-based). */
export interface Lines {
  readonly lines: number;
  line(n: number): { readonly from: number; readonly text: string };
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * The UTF-16 offset in `line` of a 1-based UTF-8 byte column. A column inside a character
 * lands before it; a column past the end lands at the end.
 */
export function byteColumnToOffset(line: string, byteColumn: number): number {
  const target = Math.max(0, Math.floor(byteColumn) - 1);
  let bytes = 0;
  let offset = 0;
  for (const char of line) {
    if (bytes >= target) break;
    const size = utf8Length(char.codePointAt(0)!);
    if (bytes + size > target) break;
    bytes += size;
    offset += char.length;
  }
  return offset;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The 1-based column of a 1-based UTF-8 byte column in `line`, counted as a person counts:
 * in characters as displayed (`é`, `😀` and `👍🏽` are one each).
 */
export function byteColumnToCharColumn(line: string, byteColumn: number): number {
  const before = line.slice(0, byteColumnToOffset(line, byteColumn));
  return [...graphemes.segment(before)].length + 1;
}

/** The document offset of a 1-based line and UTF-8 byte column, clamped into the document. */
export function positionOf(doc: Lines, line: number, byteColumn: number): number {
  if (doc.lines === 0) return 0;
  const number = Math.min(Math.max(1, Math.floor(line)), doc.lines);
  const { from, text } = doc.line(number);
  return from + byteColumnToOffset(text, byteColumn);
}

export interface Span {
  readonly line: number;
  readonly column: number;
  readonly end_line: number;
  readonly end_column: number;
}

/** The document range of a diagnostic's span; `to` is never before `from`. */
export function rangeOf(doc: Lines, span: Span): { from: number; to: number } {
  const from = positionOf(doc, span.line, span.column);
  const to = positionOf(doc, span.end_line, span.end_column);
  return { from, to: Math.max(from, to) };
}
