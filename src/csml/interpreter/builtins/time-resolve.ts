/**
 * Turning parsed fields into a date and a time of day, as chrono's `Parsed` does: the year
 * from `%Y` or `%C`+`%y` (a lone `%y` means 1970–2069), then year-month-day, year-ordinal,
 * year-week-weekday or ISO year-week-weekday; every other given field must agree.
 */
import { civilFromDays, daysFromCivil, daysInMonth, isLeapYear } from './time-zone.js';

export interface Parsed {
  year?: number;
  yearDiv100?: number;
  yearMod100?: number;
  isoYear?: number;
  isoYearMod100?: number;
  month?: number;
  day?: number;
  ordinal?: number;
  weekFromSun?: number;
  weekFromMon?: number;
  isoWeek?: number;
  /** Days from Monday. */
  weekday?: number;
  hourDiv12?: number;
  hourMod12?: number;
  minute?: number;
  second?: number;
  nanosecond?: number;
  timestamp?: number;
  offset?: number;
}

function resolveYear(y?: number, q?: number, r?: number): number | null | undefined {
  if (r !== undefined && (r < 0 || r > 99)) return undefined;
  if (y !== undefined) {
    if (q === undefined && r === undefined) return y;
    if (y < 0) return undefined;
    const ok = (q ?? Math.floor(y / 100)) === Math.floor(y / 100) && (r ?? y % 100) === y % 100;
    return ok ? y : undefined;
  }
  if (q !== undefined && r !== undefined) return q < 0 ? undefined : q * 100 + r;
  if (q === undefined && r !== undefined) return r + (r < 70 ? 2000 : 1900);
  if (q !== undefined) return undefined;
  return null;
}

/** Days from Monday of a day number. */
function weekdayOf(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

function isoWeekDays(isoYear: number, week: number, weekday: number): number | undefined {
  const jan4 = daysFromCivil(isoYear, 1, 4);
  const weekOneMonday = jan4 - weekdayOf(jan4);
  const days = weekOneMonday + (week - 1) * 7 + weekday;
  const nextJan4 = daysFromCivil(isoYear + 1, 1, 4);
  if (week < 1 || days >= nextJan4 - weekdayOf(nextJan4)) return undefined;
  return days;
}

function isoOf(days: number): [number, number] {
  const { year } = civilFromDays(days);
  for (const candidate of [year + 1, year, year - 1]) {
    const jan4 = daysFromCivil(candidate, 1, 4);
    const start = jan4 - weekdayOf(jan4);
    if (days >= start) return [candidate, Math.floor((days - start) / 7) + 1];
  }
  return [year, 0];
}

function weekBased(
  year: number,
  week: number,
  weekday: number,
  fromSunday: boolean,
): number | undefined {
  if (week > 53) return undefined;
  const newYear = daysFromCivil(year, 1, 1);
  const jan1 = fromSunday ? (weekdayOf(newYear) + 1) % 7 : weekdayOf(newYear);
  const first = (7 - jan1) % 7;
  const day = fromSunday ? (weekday + 1) % 7 : weekday;
  const days = newYear + first + (week - 1) * 7 + day;
  return civilFromDays(days).year === year ? days : undefined;
}

/** Days since the epoch, or undefined when the fields do not make one date. */
export function resolveDate(p: Parsed): number | undefined {
  const year = resolveYear(p.year, p.yearDiv100, p.yearMod100);
  const isoYear = resolveYear(p.isoYear, undefined, p.isoYearMod100);
  if (year === undefined || isoYear === undefined) return undefined;
  let days: number | undefined;
  if (year !== null && p.month !== undefined && p.day !== undefined) {
    if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysInMonth(year, p.month)) {
      return undefined;
    }
    days = daysFromCivil(year, p.month, p.day);
  } else if (year !== null && p.ordinal !== undefined) {
    if (p.ordinal < 1 || p.ordinal > (isLeapYear(year) ? 366 : 365)) return undefined;
    days = daysFromCivil(year, 1, 1) + p.ordinal - 1;
  } else if (year !== null && p.weekFromSun !== undefined && p.weekday !== undefined) {
    days = weekBased(year, p.weekFromSun, p.weekday, true);
  } else if (year !== null && p.weekFromMon !== undefined && p.weekday !== undefined) {
    days = weekBased(year, p.weekFromMon, p.weekday, false);
  } else if (isoYear !== null && p.isoWeek !== undefined && p.weekday !== undefined) {
    days = isoWeekDays(isoYear, p.isoWeek, p.weekday);
  }
  if (days === undefined) return undefined;
  const civil = civilFromDays(days);
  const [iy, iw] = isoOf(days);
  const agrees =
    (year === null || civil.year === year) &&
    (p.month === undefined || p.month === civil.month) &&
    (p.day === undefined || p.day === civil.day) &&
    (p.ordinal === undefined || p.ordinal === days - daysFromCivil(civil.year, 1, 1) + 1) &&
    (p.weekday === undefined || p.weekday === weekdayOf(days)) &&
    (isoYear === null || isoYear === iy) &&
    (p.isoWeek === undefined || p.isoWeek === iw);
  return agrees ? days : undefined;
}

/** Milliseconds into the day, or undefined (hour and minute are required). */
export function resolveTime(p: Parsed): number | undefined {
  const { hourDiv12: div, hourMod12: mod, minute } = p;
  if (div === undefined || div > 1 || mod === undefined || mod > 11) return undefined;
  if (minute === undefined || minute > 59) return undefined;
  const second = p.second ?? 0;
  if (second > 60) return undefined;
  const nano = p.nanosecond ?? 0;
  if (p.nanosecond !== undefined && (p.second === undefined || nano > 999_999_999)) {
    return undefined;
  }
  return ((div * 12 + mod) * 60 + minute) * 60_000 + second * 1000 + Math.floor(nano / 1e6);
}
