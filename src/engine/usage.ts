/**
 * Usage periods of studio-api.md §5.8, in UTC: the current calendar month until now, the last
 * 720 hours, and the previous calendar month. Figures come from stored messages.
 */
import type { Store, UsageFigures } from './store.js';

export interface Usage {
  readonly currentmonth: UsageFigures;
  readonly last30d: UsageFigures;
  readonly lastmonth: UsageFigures;
}

const HOURS_720 = 720 * 3_600_000;

export function usagePeriods(now: number): Record<keyof Usage, [from: number, to: number]> {
  const date = new Date(now);
  const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const lastMonthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1);
  return {
    currentmonth: [monthStart, now + 1],
    last30d: [now - HOURS_720, now + 1],
    lastmonth: [lastMonthStart, monthStart],
  };
}

export async function botUsage(
  store: Store,
  orgId: string,
  botId: string,
  now: number,
): Promise<Usage> {
  const periods = usagePeriods(now);
  const [currentmonth, last30d, lastmonth] = await Promise.all([
    store.usage(orgId, botId, ...periods.currentmonth),
    store.usage(orgId, botId, ...periods.last30d),
    store.usage(orgId, botId, ...periods.lastmonth),
  ]);
  return { currentmonth, last30d, lastmonth };
}
