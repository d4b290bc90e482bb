import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { type License } from '../../../src/core/license';
import { toId18 } from '../../../src/core/orgId';
import { type MonthUsage, type UsageRow, atOrBelowRatio, overThresholds, seatUsage, usageKey } from '../../../src/core/usage/seatUsage';
import { addMonths, isMonthOpen, lastCompleteMonth, monthRangeUtc, monthsEndingWith, parseUsageMonth, usageMonth } from '../../../src/core/usage/usageMonth';
import { aLicense } from '../../support/builders';

const MONTH = usageMonth('2026-03');
const PKG_A = '033000000000AAA';
const PKG_B = '033000000000BBB';
const packageIds = new Map([
  ['a0PA', `${PKG_A}IAQ`],
  ['a0PB', PKG_B],
]);
const base = { month: MONTH, today: '2026-04-10', packageIds };

const license = (seats: number | 'site', used: number | undefined, overrides: Partial<License> = {}) =>
  aLicense({
    packageId: 'a0PA',
    seats: seats === 'site' ? { kind: 'site' } : { kind: 'perSeat', count: seats },
    usedSeats: used,
    installDate: calendarDate('2025-01-01'),
    ...overrides,
  });

const counts = (entries: [License, number, string?][]) => new Map(entries.map(([l, n, pkg]) => [usageKey(l.subscriberOrgId, pkg ?? PKG_A), n]));
const row = (rows: readonly UsageRow[], l: License) => rows.find((r) => r.licenseId === l.id) ?? assert.fail(`no row for ${l.name}`);

describe('core/usage/usageMonth: months in UTC', () => {
  it('parses YYYY-MM only', () => {
    assert.equal(parseUsageMonth('2026-03'), '2026-03');
    for (const bad of ['2026-3', '2026-13', '2026-00', '26-03', '2026-03-01', '']) assert.equal(parseUsageMonth(bad), undefined, bad);
  });
  it('moves across years, and bounds a month in UTC (end = first instant of the next month)', () => {
    assert.equal(addMonths(usageMonth('2026-01'), -1), '2025-12');
    assert.equal(addMonths(usageMonth('2025-12'), 1), '2026-01');
    assert.deepEqual(monthRangeUtc(usageMonth('2025-12')), { start: '2025-12-01T00:00:00.000Z', end: '2026-01-01T00:00:00.000Z' });
    assert.deepEqual(monthsEndingWith(usageMonth('2026-02'), 3), ['2025-12', '2026-01', '2026-02']);
  });
  it('the current UTC month is open; last month is the last complete one (UTC, not the local date)', () => {
    const now = new Date('2026-04-01T00:30:00.000Z');
    assert.equal(lastCompleteMonth(now), '2026-03');
    assert.equal(isMonthOpen(usageMonth('2026-04'), now), true);
    assert.equal(isMonthOpen(usageMonth('2026-03'), now), false);
    assert.equal(lastCompleteMonth(new Date('2026-03-31T23:59:59.999Z')), '2026-02');
  });
});

describe('core/usage/seatUsage: active users against seats', () => {
  it('counts each live license against its seats and Used Licenses, with the ratio', () => {
    const a = license(10, 7);
    const result = seatUsage([a], counts([[a, 5]]), base);
    const r = row(result.rows, a);
    assert.deepEqual(r.measure, { kind: 'measured', activeUsers: 5 });
    assert.equal(r.seats, 10);
    assert.equal(r.usedLicenses, 7);
    assert.equal(r.ratio, 0.5);
    assert.equal(r.shelfware, false);
    assert.equal(r.atCap, false);
  });

  it('an org absent from the summary had no active user: 0, measured (not missing)', () => {
    const a = license(10, 2);
    const r = row(seatUsage([a], new Map(), base).rows, a);
    assert.deepEqual(r.measure, { kind: 'measured', activeUsers: 0 });
    assert.equal(r.shelfware, true);
  });

  it('matches 18-character org ids in the LMA with the 15-character ids of the summary, case-sensitively', () => {
    const org15 = '00D5g00000AbCdE';
    const a = license(10, 1, { subscriberOrgId: toId18(org15) });
    const other = license(10, 1, { subscriberOrgId: '00D5g00000ABCDE' });
    const result = seatUsage([a, other], new Map([[`${org15}|${PKG_A}`, 6]]), base);
    assert.deepEqual(row(result.rows, a).measure, { kind: 'measured', activeUsers: 6 });
    assert.deepEqual(row(result.rows, other).measure, { kind: 'measured', activeUsers: 0 });
  });

  it('keeps packages apart: the same org counted per package, with 18-character 033 ids cut to 15', () => {
    const org = '00D5g00000Same1';
    const a = license(10, 1, { subscriberOrgId: org, packageId: 'a0PA' });
    const b = license(10, 1, { subscriberOrgId: org, packageId: 'a0PB' });
    const result = seatUsage(
      [a, b],
      counts([
        [a, 9, `${PKG_A}XYZ`],
        [b, 1, PKG_B],
      ]),
      base,
    );
    assert.equal(row(result.rows, a).ratio, 0.9);
    assert.equal(row(result.rows, b).ratio, 0.1);
    assert.deepEqual(
      result.packages.map((p) => [p.packageId, p.activeUsers, p.shelfware]),
      [
        [`${PKG_A}IAQ`, 9, 0],
        [PKG_B, 1, 1],
      ],
    );
  });

  it('site licenses and unset seats get no ratio, are never shelfware or at cap', () => {
    const site = license('site', 500);
    const unset = aLicense({ packageId: 'a0PA', seats: { kind: 'unset' }, usedSeats: 3 });
    const result = seatUsage([site, unset], new Map(), base);
    for (const l of [site, unset]) {
      const r = row(result.rows, l);
      assert.equal(r.ratio, undefined);
      assert.equal(r.shelfware, false);
      assert.equal(r.atCap, false);
    }
    assert.equal(row(result.rows, site).seats, 'site');
  });
});

describe('core/usage/seatUsage: shelfware at the threshold', () => {
  it('exactly at the threshold is shelfware; one user more is not (20 % of 10 seats = 2)', () => {
    const at = license(10, 9);
    const over = license(10, 9);
    const result = seatUsage(
      [at, over],
      counts([
        [at, 2],
        [over, 3],
      ]),
      base,
    );
    assert.equal(row(result.rows, at).shelfware, true);
    assert.equal(row(result.rows, over).shelfware, false);
  });

  it('no floating-point drift at the boundary: 3 of 15 seats at 20 % is shelfware, 7 of 10 at 70 % too', () => {
    assert.equal(atOrBelowRatio(3, 15, 0.2), true);
    assert.equal(atOrBelowRatio(7, 10, 0.7), true);
    assert.equal(atOrBelowRatio(4, 15, 0.2), false);
    const l = license(15, 1);
    assert.equal(row(seatUsage([l], counts([[l, 3]]), base).rows, l).shelfware, true);
  });

  it('a 0 threshold keeps only licenses with no active user', () => {
    const none = license(10, 0);
    const one = license(10, 0);
    const result = seatUsage([none, one], counts([[one, 1]]), { ...base, shelfwareMaxRatio: 0 });
    assert.deepEqual(
      result.shelfware.map((r) => r.licenseId),
      [none.id],
    );
  });

  it('paid seats only: a license with 0 seats, a trial or a suspended license is not shelfware', () => {
    const zero = license(0, 0);
    const trial = license(10, 0, { status: 'Trial', statusLabel: 'Trial' });
    const suspended = license(10, 0, { status: 'Suspended', statusLabel: 'Suspended' });
    const result = seatUsage([zero, trial, suspended], new Map(), base);
    assert.deepEqual(result.shelfware, []);
    assert.equal(
      result.rows.find((r) => r.licenseId === suspended.id),
      undefined,
      'not live: not a row',
    );
  });

  it('CI threshold: findings only when shelfware is above the number allowed', () => {
    const ls = [license(10, 0), license(10, 0)];
    const result = seatUsage(ls, new Map(), base);
    assert.deepEqual(overThresholds(result, { maxShelfware: 2 }), []);
    assert.equal(overThresholds(result, { maxShelfware: 1 }).length, 1);
    assert.deepEqual(overThresholds(result, {}), []);
  });
});

describe('core/usage/seatUsage: at cap', () => {
  it('Used Licenses equal to Seats is at cap, over too, one under is not', () => {
    const equal = license(10, 10);
    const over = license(10, 11);
    const under = license(10, 9);
    const result = seatUsage([equal, over, under], new Map(), base);
    assert.deepEqual(
      result.atCap.map((r) => r.licenseId),
      [equal.id, over.id],
    );
  });
  it('a trial at cap is at cap (Used Licenses come from the LMA, not the summary)', () => {
    const trial = license(5, 5, { status: 'Trial', statusLabel: 'Trial' });
    assert.equal(row(seatUsage([trial], new Map(), base).rows, trial).atCap, true);
  });
});

describe('core/usage/seatUsage: what the summaries do not cover', () => {
  it('sandbox licenses are counted apart, not rows; trial licenses and trial orgs are "not measured", never unused', () => {
    const sandbox = license(10, 0, { isSandbox: true });
    const trial = license(10, 0, { status: 'Trial', statusLabel: 'Trial' });
    const trialOrg = license(10, 0, { orgStatus: 'TRIAL' });
    const result = seatUsage([sandbox, trial, trialOrg], new Map(), base);
    assert.equal(result.excluded.sandbox, 1);
    assert.equal(result.excluded.trial, 2);
    assert.equal(result.rows.length, 2);
    for (const l of [trial, trialOrg]) {
      const r = row(result.rows, l);
      assert.deepEqual(r.measure, { kind: 'notMeasured', reason: 'trial' });
      assert.equal(r.ratio, undefined);
      assert.equal(r.shelfware, false);
    }
  });

  it('licenses of a package not in the request, or without a 033 id, are not measured', () => {
    const b = license(10, 0, { packageId: 'a0PB' });
    const noId = license(10, 0, { packageId: 'a0PX' });
    const result = seatUsage([b, noId], new Map(), { ...base, measuredPackages: [PKG_A] });
    assert.deepEqual(row(result.rows, b).measure, { kind: 'notMeasured', reason: 'packageNotMeasured' });
    assert.deepEqual(row(result.rows, noId).measure, { kind: 'notMeasured', reason: 'noPackageId' });
    assert.equal(result.shelfware.length, 0);
    assert.equal(result.excluded.notMeasured, 2);
  });

  it('expired and uninstalled licenses are not live: no row', () => {
    const expired = license(10, 0, { expiration: { kind: 'date', date: calendarDate('2026-04-09') } });
    const uninstalled = license(10, 0, { status: 'Uninstalled', statusLabel: 'Uninstalled' });
    assert.deepEqual(seatUsage([expired, uninstalled], new Map(), base).rows, []);
  });
});

describe('core/usage/seatUsage: dormant', () => {
  const month = (m: string, entries: [License, number][]): MonthUsage => ({ month: usageMonth(m), activeUsers: counts(entries) });

  it('no use in each of the last 3 months (the studied one included) is dormant; use in any of them is not', () => {
    const idle = license(10, 1);
    const usedInJanuary = license(10, 1);
    const result = seatUsage([idle, usedInJanuary], new Map(), {
      ...base,
      history: [month('2026-01', [[usedInJanuary, 1]]), month('2026-02', []), month('2025-12', [[idle, 4]])],
    });
    assert.equal(result.dormant.kind, 'ready');
    assert.deepEqual(result.dormant.kind === 'ready' && result.dormant.months, ['2026-01', '2026-02', '2026-03']);
    assert.equal(row(result.rows, idle).dormant, true, 'December is outside the 3 months');
    assert.equal(row(result.rows, usedInJanuary).dormant, false);
  });

  it('says "not enough history" (and names the missing months) instead of guessing', () => {
    const idle = license(10, 1);
    const result = seatUsage([idle], new Map(), { ...base, history: [month('2026-02', [])] });
    assert.deepEqual(result.dormant, { kind: 'notEnoughHistory', months: ['2026-01', '2026-02', '2026-03'], missing: ['2026-01'] });
    assert.equal(row(result.rows, idle).dormant, undefined);
  });

  it('--dormant-months 1 needs only the studied month', () => {
    const idle = license(10, 1);
    const result = seatUsage([idle], new Map(), { ...base, dormantMonths: 1 });
    assert.equal(result.dormant.kind, 'ready');
    assert.equal(row(result.rows, idle).dormant, true);
  });

  it('a license installed inside the window is not dormant (it has not had N months); installed on the first day is', () => {
    const recent = license(10, 1, { installDate: calendarDate('2026-01-02') });
    const onTheDay = license(10, 1, { installDate: calendarDate('2026-01-01') });
    const result = seatUsage([recent, onTheDay], new Map(), { ...base, history: [month('2026-01', []), month('2026-02', [])] });
    assert.equal(row(result.rows, recent).dormant, false);
    assert.equal(row(result.rows, onTheDay).dormant, true);
  });

  it('a not-measured license is never dormant', () => {
    const trial = license(10, 1, { status: 'Trial', statusLabel: 'Trial' });
    const result = seatUsage([trial], new Map(), { ...base, dormantMonths: 1 });
    assert.equal(row(result.rows, trial).dormant, undefined);
    assert.deepEqual(result.dormant.kind === 'ready' && result.dormant.rows, []);
  });

  it('refuses thresholds out of range', () => {
    assert.throws(() => seatUsage([], new Map(), { ...base, shelfwareMaxRatio: 1.5 }), RangeError);
    assert.throws(() => seatUsage([], new Map(), { ...base, dormantMonths: 0 }), RangeError);
  });
});
