/**
 * Hand-built fixtures with hand-worked answers. The property test compares the server path with
 * the client path, which share helpers (renewal windows, churn start, status mix): a bug in a
 * shared helper is invisible there and is caught here.
 */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { type DashboardAggregates, metricsFromAggregates } from '../../../src/core/dashboard/fromAggregates';
import { metricsFromLicenses } from '../../../src/core/dashboard/fromLicenses';
import { type MetricsOptions, churnFrom, churnWindow, renewalWindowOf } from '../../../src/core/dashboard/installBaseMetrics';
import { aLicense } from '../../support/builders';

const today = calendarDate('2026-03-10');
const options: MetricsOptions = { today, includeSandboxes: false, churnDays: 90 };
const d = calendarDate;

const aggregates = (over: Partial<DashboardAggregates> = {}): DashboardAggregates => ({
  live: { licenses: 40, orgs: 30 },
  liveByStatus: [
    { status: 'Active', licenses: 30, orgs: 25 },
    { status: 'Trial', licenses: 10, orgs: 9 },
  ],
  liveOrgsByEdition: [
    { edition: 'Enterprise Edition', orgs: 20 },
    { edition: null, orgs: 6 },
    { edition: '  ', orgs: 4 },
  ],
  perSeat: { seats: 500, used: 125 },
  siteLicenses: 5,
  renewalLicenses: [
    { expiration: d('2026-03-10'), licenses: 1 },
    { expiration: d('2026-04-09'), licenses: 2 },
    { expiration: d('2026-04-10'), licenses: 4 },
    { expiration: d('2026-05-09'), licenses: 8 },
    { expiration: d('2026-05-10'), licenses: 16 },
    { expiration: d('2026-06-08'), licenses: 32 },
    { expiration: d('2026-06-09'), licenses: 64 },
  ],
  renewalSeats: [
    { expiration: d('2026-03-10'), seats: 10 },
    { expiration: d('2026-04-10'), seats: 100 },
    { expiration: d('2026-06-08'), seats: 1000 },
    { expiration: d('2026-06-09'), seats: 10000 },
  ],
  liveByVersion: new Map(),
  byStatus: [
    { status: 'Active', licenses: 33 },
    { status: 'Trial', licenses: 12 },
    { status: 'Suspended', licenses: 3 },
    { status: 'Uninstalled', licenses: 7 },
    { status: 'Bogus', licenses: 1 },
  ],
  installsByMonth: [
    { year: 2025, month: 3, licenses: 99 },
    { year: 2025, month: 4, licenses: 2 },
    { year: 2026, month: 3, licenses: 5 },
  ],
  churned: 10,
  churnSource: 'history',
  eighteenCharacterIds: [],
  fifteenCharacterTwins: [],
  ...over,
});

describe('metrics from hand-built aggregates: known answers', () => {
  it('buckets renewals at their exact edges: 0–30 (today and day 30 included), 31–60, 61–90; day 91 is out', () => {
    const m = metricsFromAggregates(aggregates(), [], [], options);
    assert.deepEqual(
      m.renewals.map((b) => [b.from, b.to, b.licenses, b.seats]),
      [
        ['2026-03-10', '2026-04-09', 3, 10],
        ['2026-04-10', '2026-05-09', 12, 100],
        ['2026-05-10', '2026-06-08', 48, 1000],
      ],
    );
    assert.deepEqual(
      [d('2026-03-09'), d('2026-03-10'), d('2026-04-09'), d('2026-04-10'), d('2026-06-08'), d('2026-06-09')].map((x) => renewalWindowOf(x, today)),
      [undefined, 0, 0, 1, 2, undefined],
    );
  });

  it('counts subscribers, seats, churn and the status mix', () => {
    const m = metricsFromAggregates(aggregates(), [], [], options);
    assert.equal(m.activeSubscribers, 25);
    assert.equal(m.trialSubscribers, 5, '30 live orgs, 25 of them with a live Active license');
    assert.equal(m.liveLicenses, 40);
    assert.equal(m.seats, 500);
    assert.equal(m.usedSeats, 125);
    assert.equal(m.utilisation, 0.25);
    assert.equal(m.siteLicenses, 5);
    assert.deepEqual(m.churn, { periodDays: 90, since: '2025-12-10', churned: 10, rate: 0.2, source: 'history' });
    assert.deepEqual(
      m.statusMix.map((s) => [s.status, s.licenses]),
      [
        ['Active', 30],
        ['Trial', 10],
        ['Expired', 5],
        ['Suspended', 3],
        ['Uninstalled', 7],
        ['Other', 1],
      ],
    );
    assert.deepEqual(m.subscribersByEdition, [
      { edition: 'Enterprise Edition', subscribers: 20 },
      { edition: 'Unknown edition', subscribers: 10 },
    ]);
  });

  it('counts installs for the 12 months ending this month, oldest first', () => {
    const m = metricsFromAggregates(aggregates(), [], [], options);
    assert.equal(m.installsByMonth.length, 12);
    assert.deepEqual(m.installsByMonth[0], { month: '2025-04', installs: 2 });
    assert.deepEqual(m.installsByMonth[11], { month: '2026-03', installs: 5 });
    assert.equal(
      m.installsByMonth.reduce((s, x) => s + x.installs, 0),
      7,
      'March 2025 is 13 months back: not shown',
    );
  });

  it('corrects distinct-org counts for orgs stored under both id forms', () => {
    const m = metricsFromAggregates(
      aggregates({
        eighteenCharacterIds: [{ orgId: '00D000000000001AAA', status: 'Active', edition: 'Enterprise Edition' }],
        fifteenCharacterTwins: [{ orgId: '00D000000000001', status: 'Active', edition: 'Enterprise Edition' }],
      }),
      [],
      [],
      options,
    );
    assert.equal(m.activeSubscribers, 24);
    assert.equal(m.trialSubscribers, 5);
    assert.equal(m.subscribersByEdition[0].subscribers, 19);
  });
});

describe('churn from License history: known answers', () => {
  it('counts each license once when its status changed to Uninstalled or Suspended in the period, from the first instant of its first day', () => {
    const [a, b, c, e] = [
      aLicense({ status: 'Uninstalled' }),
      aLicense({ status: 'Suspended' }),
      aLicense({ status: 'Uninstalled' }),
      aLicense({ status: 'Active' }),
    ];
    const other = aLicense({ status: 'Uninstalled', packageId: 'OTHER' });
    const history = [
      { licenseId: a.id, newStatus: 'Uninstalled', at: '2025-12-10T00:00:00.000+0000' },
      { licenseId: b.id, newStatus: 'Suspended', at: '2025-12-09T23:59:59.000+0000' },
      { licenseId: c.id, newStatus: 'Suspended', at: '2026-01-05T10:00:00.000+0000' },
      { licenseId: c.id, newStatus: 'Uninstalled', at: '2026-02-05T10:00:00.000+0000' },
      { licenseId: e.id, newStatus: 'Active', at: '2026-02-01T10:00:00.000+0000' },
      { licenseId: e.id, newStatus: 'Suspended', at: '2026-01-01T10:00:00.000+0000' },
      { licenseId: other.id, newStatus: 'Uninstalled', at: '2026-02-01T10:00:00.000+0000' },
    ];
    const scoped: MetricsOptions = { ...options, packageId: a.packageId };
    const m = metricsFromLicenses([a, b, c, e, other], [], [], scoped, history);
    // a (on the first instant), c (once, though twice), e (suspended then reactivated: it churned in the period).
    assert.equal(m.churn.churned, 3);
    assert.equal(m.churn.source, 'history');
    assert.equal(m.churn.rate, 3 / 4, 'churned / (churned + live): e is live again');
    assert.equal(churnFrom(scoped), '2025-12-10T00:00:00.000Z');
    // The period starts at midnight in the user's zone when the caller says so.
    const tokyo = metricsFromLicenses([a, b, c, e], [], [], { ...scoped, churnFrom: '2025-12-09T15:00:00.000Z' }, history);
    assert.equal(tokyo.churn.churned, 4, 'in Tokyo, b changed on the first day of the period');
  });
});

describe('as of today: nothing after today ends is counted (known answers)', () => {
  // Today is 2026-03-10; a day later the numbers would differ, and they must not as of the 10th.
  const [a, b, c] = [aLicense({ status: 'Uninstalled' }), aLicense({ status: 'Suspended' }), aLicense({ status: 'Uninstalled' })];
  const live = aLicense({ status: 'Active' });

  it('churn from License history: a change after the end of today is not churn as of today', () => {
    const history = [
      { licenseId: a.id, newStatus: 'Uninstalled', at: '2026-03-10T23:59:59.000+0000' },
      { licenseId: b.id, newStatus: 'Suspended', at: '2026-03-11T00:00:00.000+0000' },
      { licenseId: c.id, newStatus: 'Uninstalled', at: '2026-03-14T09:00:00.000+0000' },
    ];
    const m = metricsFromLicenses([a, b, c, live], [], [], options, history);
    assert.equal(m.churn.churned, 1, 'a changed on the last second of today; b and c after it');
    assert.deepEqual(churnWindow(options), { from: '2025-12-10T00:00:00.000Z', until: '2026-03-11T00:00:00.000Z' });
    // The day ends at midnight in the user's zone when the caller says so (Tokyo: 15:00 UTC).
    const tokyo = metricsFromLicenses([a, b, c, live], [], [], { ...options, asOfEnd: '2026-03-10T15:00:00.000Z' }, history);
    assert.equal(tokyo.churn.churned, 0, 'in Tokyo, a changed on the 11th');
  });

  it('churn from LastModifiedDate (history unreadable): a license last changed after today is not counted', () => {
    const m = metricsFromLicenses(
      [
        aLicense({ status: 'Uninstalled', lastModified: '2026-03-10T12:00:00.000+0000' }),
        aLicense({ status: 'Uninstalled', lastModified: '2026-03-11T00:00:00.000+0000' }),
        live,
      ],
      [],
      [],
      options,
    );
    assert.equal(m.churn.churned, 1);
  });

  it('installs by month stop at today, and a license created after today is in no number', () => {
    const m = metricsFromLicenses(
      [
        aLicense({ installDate: d('2026-03-10') }),
        aLicense({ installDate: d('2026-03-11'), createdDate: '2026-03-10T08:00:00.000+0000' }),
        aLicense({ installDate: d('2026-03-20'), createdDate: '2026-03-20T08:00:00.000+0000' }),
      ],
      [],
      [],
      options,
    );
    assert.deepEqual(m.installsByMonth[11], { month: '2026-03', installs: 1 });
    assert.equal(m.liveLicenses, 2, 'the license created on the 20th did not exist on the 10th');
    assert.equal(
      m.statusMix.reduce((n, s) => n + s.licenses, 0),
      2,
    );
  });
});
