/**
 * Entities count offsets in Unicode code points, as `[...text].slice()` does (csml.md §18.2),
 * while JavaScript strings and regular expressions index UTF-16 code units. Everything inside
 * the NLU works on code units and converts once, at the boundary, with this map.
 */
export class CodePointMap {
  /** `points[i]` = number of code points before UTF-16 index i. */
  private readonly points: Uint32Array;

  constructor(text: string) {
    this.points = new Uint32Array(text.length + 1);
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      this.points[i] = count;
      const unit = text.charCodeAt(i);
      // A high surrogate followed by a low one is one code point: its second unit is not counted.
      const pair =
        unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && isLowSurrogate(text, i + 1);
      if (pair) {
        this.points[i + 1] = count;
        i++;
      }
      count++;
    }
    this.points[text.length] = count;
  }

  /** The code point offset of a UTF-16 index (an index inside a pair maps to its code point). */
  toCodePoint(utf16Index: number): number {
    return this.points[Math.max(0, Math.min(utf16Index, this.points.length - 1))] ?? 0;
  }
}

function isLowSurrogate(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The longest prefix of `text` of at most `maxUnits` code units that does not split a pair. */
export function truncateText(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  const cut = isLowSurrogate(text, maxUnits) ? maxUnits - 1 : maxUnits;
  return text.slice(0, cut);
}
