import * as assert from 'node:assert/strict';
import { addDays, addMonths, calendarDate, calendarDateAt, daysBetween, parseCalendarDate } from '../../src/core/calendarDate';
import { fixedClock, pinnedDayClock } from '../../src/core/clock';

describe('calendar dates', () => {
  it('parses ISO dates and rejects impossible ones', () => {
    assert.equal(parseCalendarDate('2024-02-29'), '2024-02-29');
    assert.equal(parseCalendarDate('2023-02-29'), undefined);
    assert.equal(parseCalendarDate('2024-13-01'), undefined);
    assert.equal(parseCalendarDate(''), undefined);
    assert.equal(parseCalendarDate(null), undefined);
    assert.equal(parseCalendarDate('2024-05-01T10:00:00.000+0000'), '2024-05-01');
  });

  it('adds days across month, year and DST boundaries', () => {
    assert.equal(addDays(calendarDate('2024-12-31'), 1), '2025-01-01');
    assert.equal(addDays(calendarDate('2024-03-09'), 2), '2024-03-11');
    assert.equal(daysBetween(calendarDate('2024-01-01'), calendarDate('2025-01-01')), 366);
    assert.equal(addMonths(calendarDate('2024-11-15'), 2), '2025-01-01');
    assert.equal(addMonths(calendarDate('2024-01-31'), -1), '2023-12-01');
  });

  it('takes the calendar date in the user time zone', () => {
    const instant = new Date('2024-06-30T23:30:00Z');
    assert.equal(calendarDateAt(instant, 'UTC'), '2024-06-30');
    assert.equal(calendarDateAt(instant, 'Asia/Tokyo'), '2024-07-01');
    assert.equal(calendarDateAt(instant, 'America/Los_Angeles'), '2024-06-30');
  });

  it('lets a test fix today', () => {
    assert.equal(fixedClock('2026-01-15').today(), '2026-01-15');
    assert.throws(() => fixedClock('15/01/2026'), /Not a calendar date/);
  });

  it('keeps a pinned day past midnight while its time runs on', () => {
    let ms = Date.parse('2026-12-07T23:59:59Z');
    const base = { ...fixedClock('2026-12-07'), now: () => new Date(ms) };
    const clock = pinnedDayClock(calendarDate('2026-12-07'), base);
    ms += 2_000;
    assert.equal(clock.today(), '2026-12-07');
    assert.equal(clock.now().toISOString(), '2026-12-08T00:00:01.000Z');
  });
});
