/**
 * Calendar dates as ISO `YYYY-MM-DD` strings. The LMA stores expiration and install dates as
 * plain dates (no time, no zone), so arithmetic is done on UTC midnights to avoid DST drift.
 */
export type CalendarDate = string & { readonly __calendarDate: unique symbol };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function parseCalendarDate(value: string | null | undefined): CalendarDate | undefined {
  if (!value) return undefined;
  const m = ISO_DATE.exec(value.slice(0, 10));
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = new Date(Date.UTC(y, mo - 1, d));
  if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d) return undefined;
  return value.slice(0, 10) as CalendarDate;
}

export function calendarDate(value: string): CalendarDate {
  const parsed = parseCalendarDate(value);
  if (!parsed) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return parsed;
}

function toUtcMs(date: CalendarDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtcMs(ms: number): CalendarDate {
  return new Date(ms).toISOString().slice(0, 10) as CalendarDate;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** `YYYY-MM` of a date. */
export function monthOf(date: CalendarDate): string {
  return date.slice(0, 7);
}

/** First day of the month `months` before (negative) or after the month of `date`. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  return fromUtcMs(Date.UTC(y, m, 1));
}

/** The calendar date an instant falls on in a time zone (default: the process's zone). */
export function calendarDateAt(instant: Date, timeZone?: string): CalendarDate {
  // en-CA formats as YYYY-MM-DD.
  const text = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  return calendarDate(text);
}
