import { type CalendarDate } from '../../core/calendarDate';

/** Date part of a date or date-time value (date-times in UTC, the demo org's zone). */
export function toDay(value: unknown): CalendarDate | null {
  if (typeof value !== 'string' || value.length < 10) return null;
  if (value.length === 10) return value as CalendarDate;
  const ms = Date.parse(value.replace(/\+0000$/, 'Z'));
  return Number.isNaN(ms) ? null : (new Date(ms).toISOString().slice(0, 10) as CalendarDate);
}

/** Ids match on their first 15 (case-sensitive) characters. */
export function idEquals(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T/;

/**
 * Total order used by comparisons and ORDER BY: numbers numerically, text case-insensitively,
 * ids (case-sensitive by nature) by their characters.
 */
export function compareValues(a: unknown, b: unknown, caseSensitive = false): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'number' && DATETIME.test(a)) return Date.parse(a.replace(/\+0000$/, 'Z')) - b;
  const sa = caseSensitive ? String(a) : String(a).toLowerCase();
  const sb = caseSensitive ? String(b) : String(b).toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
