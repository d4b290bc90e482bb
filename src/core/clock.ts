import { type CalendarDate, calendarDate, calendarDateAt } from './calendarDate';

/** Where "now" and "today" come from. Injected wherever a rule depends on the date. */
export interface Clock {
  now(): Date;
  /** Today's calendar date in the user's time zone. */
  today(): CalendarDate;
  /** The instant a calendar date begins in the user's time zone (for comparing with date-times). */
  startOfDay(date: CalendarDate): Date;
}

/** Minutes the zone is ahead of UTC at an instant. */
function zoneOffsetMs(ms: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(ms / 1000) * 1000;
}

export function startOfDayIn(date: CalendarDate, timeZone?: string): Date {
  const midnightUtc = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  let guess = midnightUtc - zoneOffsetMs(midnightUtc, timeZone);
  // A second pass settles days where the offset changes (daylight saving) near midnight.
  guess = midnightUtc - zoneOffsetMs(guess, timeZone);
  return new Date(guess);
}

export function systemClock(timeZone?: string): Clock {
  return { now: () => new Date(), today: () => calendarDateAt(new Date(), timeZone), startOfDay: (date) => startOfDayIn(date, timeZone) };
}

/** A clock stopped at `today` (noon UTC); days start at UTC midnight. For tests and reproducible reports. */
export function fixedClock(today: string, now: Date = new Date(`${today}T12:00:00Z`)): Clock {
  const day = calendarDate(today);
  return { now: () => new Date(now.getTime()), today: () => day, startOfDay: (date) => startOfDayIn(date, 'UTC') };
}

/**
 * A clock whose "today" stays on one date while its time runs on: tests pin the date so that data
 * built relative to "today" (the demo's) means the same on both sides of midnight.
 */
export function pinnedDayClock(day: CalendarDate, base: Clock = systemClock()): Clock {
  return { now: () => base.now(), today: () => day, startOfDay: (date) => base.startOfDay(date) };
}
