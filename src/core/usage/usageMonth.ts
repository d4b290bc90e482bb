/**
 * Calendar months as App Analytics counts them: `YYYY-MM`, in UTC. A package usage summary covers
 * one calendar month and arrives at the start of the next one (docs/salesforce/seat-usage.md), so
 * the last month that can have a summary is the month before the current UTC month.
 */
import { type CalendarDate } from '../calendarDate';

export type UsageMonth = string & { readonly __usageMonth: unique symbol };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseUsageMonth(value: string | undefined | null): UsageMonth | undefined {
  const text = (value ?? '').trim();
  const m = MONTH.exec(text);
  if (!m || Number(m[1]) < 1970) return undefined;
  return text as UsageMonth;
}

export function usageMonth(value: string): UsageMonth {
  const month = parseUsageMonth(value);
  if (!month) throw new RangeError(`Not a month (YYYY-MM): ${JSON.stringify(value)}`);
  return month;
}

/** The month `delta` months after (negative: before) `month`. */
export function addMonths(month: UsageMonth, delta: number): UsageMonth {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}` as UsageMonth;
}

/** The month a calendar date (or an instant, read in UTC) falls in. */
export function monthOf(date: CalendarDate | Date): UsageMonth {
  const iso = typeof date === 'string' ? date : date.toISOString();
  return iso.slice(0, 7) as UsageMonth;
}

/** The last month whose summary can exist at `now`: the month before the current UTC month. */
export function lastCompleteMonth(now: Date): UsageMonth {
  return addMonths(monthOf(now), -1);
}

/** Not over yet at `now` (the current UTC month or later): Salesforce has no summary for it. */
export function isMonthOpen(month: UsageMonth, now: Date): boolean {
  return month >= monthOf(now);
}

/** The month's bounds in UTC: its first instant and the first instant of the next month. */
export function monthRangeUtc(month: UsageMonth): { readonly start: string; readonly end: string } {
  return { start: `${month}-01T00:00:00.000Z`, end: `${addMonths(month, 1)}-01T00:00:00.000Z` };
}

/** `count` months ending with `month`, oldest first. */
export function monthsEndingWith(month: UsageMonth, count: number): UsageMonth[] {
  return Array.from({ length: count }, (_, i) => addMonths(month, i - count + 1));
}
