/**
 * The turn's clock on a bot's wall: dates and times are what a person in the bot's time zone
 * reads on their calendar and watch, so "tomorrow" at 23:30 UTC is already the day after in
 * Paris.
 */

export interface CalendarDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
}

export interface ClockTime {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export interface WallClock {
  readonly now: number;
  readonly timeZone: string;
  /** Minutes east of UTC at `now` (Paris in winter: 60). */
  readonly offsetMinutes: number;
  readonly date: CalendarDate;
  readonly time: ClockTime;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat | undefined {
  let format = formatters.get(timeZone);
  if (format) return format;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined;
  }
  formatters.set(timeZone, format);
  return format;
}

/** Whether `timeZone` is an IANA time zone name (or "UTC") this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  return formatter(timeZone) !== undefined;
}

/**
 * The wall clock of `timeZone` at `now`. An unknown zone reads as UTC: a turn is never refused
 * for its bot's settings.
 */
export function wallClock(now: number, timeZone = 'UTC'): WallClock {
  const zone = isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  const parts = formatter(zone)!.formatToParts(new Date(now));
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const date = { year: part('year'), month: part('month'), day: part('day') };
  const time = { hour: part('hour'), minute: part('minute'), second: part('second') };
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute, time.second);
  const offsetMinutes = Math.round((asUtc - Math.floor(now / 1000) * 1000) / 60_000);
  return { now, timeZone: zone, offsetMinutes, date, time };
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** Whether day/month/year name a real calendar day (no 31 April, 29 February only in leap years). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

export function compareTimes(a: ClockTime, b: ClockTime): number {
  return (a.hour - b.hour) * 3600 + (a.minute - b.minute) * 60 + (a.second - b.second);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "YYYY-MM-DD". */
export function formatDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** "HH:MM:SS". */
export function formatTime(time: ClockTime): string {
  return `${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`;
}
