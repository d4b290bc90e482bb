import { CalendarDate, calendarDate, calendarDateAt } from './calendarDate';

/** Where "now" and "today" come from. Injected wherever a rule depends on the date. */
export interface Clock {
  now(): Date;
  /** Today's calendar date in the user's time zone. */
  today(): CalendarDate;
}

export function systemClock(timeZone?: string): Clock {
  return { now: () => new Date(), today: () => calendarDateAt(new Date(), timeZone) };
}

export function fixedClock(today: string, now: Date = new Date(`${today}T12:00:00Z`)): Clock {
  const day = calendarDate(today);
  return { now: () => new Date(now.getTime()), today: () => day };
}
