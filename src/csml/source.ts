/**
 * Positions in CSML source. Spans are UTF-16 offsets into the flow text (what JavaScript
 * strings index); diagnostics and runtime errors report 1-based lines and 1-based columns
 * counted in UTF-8 bytes, as the reference engine does (csml.md §2).
 */

export interface Span {
  /** UTF-16 offset of the first character. */
  readonly start: number;
  /** UTF-16 offset just past the last character. */
  readonly end: number;
}

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-8 bytes. */
  readonly column: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

/** Maps offsets to line/column; built once per source text, answers in O(log lines). */
export class LineIndex {
  private readonly lineStarts: number[];
  /** Per line: true when the line holds only ASCII, so byte column = char column. */
  private readonly asciiLine: boolean[];

  constructor(private readonly text: string) {
    const starts = [0];
    const ascii: boolean[] = [];
    let lineAscii = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        ascii.push(lineAscii);
        starts.push(i + 1);
        lineAscii = true;
      } else if (c > 127) {
        lineAscii = false;
      }
    }
    ascii.push(lineAscii);
    this.lineStarts = starts;
    this.asciiLine = ascii;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = this.lineStarts[lo]!;
    const column = this.asciiLine[lo]
      ? clamped - lineStart + 1
      : utf8Length(this.text, lineStart, clamped) + 1;
    return { line: lo + 1, column };
  }
}

/** Number of UTF-8 bytes that encode text[from, to). */
export function utf8Length(text: string, from = 0, to = text.length): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
