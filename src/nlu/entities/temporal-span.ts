/**
 * A date and/or time expression found in a text, before it becomes `date`, `time` or
 * `datetime` entities (temporal.ts).
 */
import type { CalendarDate, ClockTime } from './clock.js';

export interface Range {
  /** UTF-16 offsets, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface TemporalSpan extends Range {
  /** The day meant: written, or for a time alone its next occurrence. */
  readonly date: CalendarDate;
  /** Whether the text says the day ("tomorrow", "3 mars") rather than only a time. */
  readonly hasDate: boolean;
  readonly time?: ClockTime;
  /** Whether the time says morning or afternoon itself ("5pm", "17h"), so no suffix may change it. */
  readonly meridiemKnown?: boolean;
  /** Where the day and the time are written when both are: "tomorrow" and "noon". */
  readonly dateRange?: Range;
  readonly timeRange?: Range;
}
