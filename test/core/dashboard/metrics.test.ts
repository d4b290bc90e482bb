import * as assert from 'node:assert/strict';
import { type CalendarDate, calendarDate } from '../../../src/core/calendarDate';
import { type License } from '../../../src/core/license';
import { metricsFromLicenses } from '../../../src/core/dashboard/fromLicenses';
import { orgIdOvercount } from '../../../src/core/dashboard/fromAggregates';
import { type MetricsOptions } from '../../../src/core/dashboard/installBaseMetrics';
import { type Package, type PackageVersion } from '../../../src/core/package';
import { aLicense } from '../../support/builders';

const today = calendarDate('2026-03-10');
const options: MetricsOptions = { today, includeSandboxes: false, churnDays: 90 };
const date = (d: string) => ({ kind: 'date' as const, date: calendarDate(d) });
const pkg: Package = {
  id: 'P1',
  name: 'Acme Billing',
  packageId: '033',
  developerName: undefined,
  developerOrgId: undefined,
  latestVersion: '1.10.0',
  releaseDate: undefined,
  leadManagerId: undefined,
  lastLicenseRefresh: undefined,
};
const v = (id: string, versionNumber: string, isBeta = false): PackageVersion => ({
  id,
  packageId: 'P1',
  name: versionNumber,
  versionNumber,
  versionId: undefined,
  releaseDate: undefined,
  isBeta,
  sequence: undefined,
});
const versions = [v('V9', '1.9.0'), v('V10', '1.10.0'), v('V11', '1.11.0', true)];
const lic = (o: Partial<License>) => aLicense({ packageId: 'P1', packageVersionId: 'V10', ...o });
const run = (licenses: License[], o: Partial<MetricsOptions> = {}) => metricsFromLicenses(licenses, [pkg], versions, { ...options, ...o });

describe('install-base metrics (docs/salesforce/metrics.md definitions)', () => {
  it('counts active and trial subscribers as distinct orgs, joining 15- and 18-character ids', () => {
    const m = run([
      lic({ subscriberOrgId: '00D000000000001', status: 'Active' }),
      lic({ subscriberOrgId: '00D000000000001AAA', status: 'Trial' }),
      lic({ subscriberOrgId: '00D000000000002', status: 'Trial' }),
      lic({ subscriberOrgId: '00D000000000003', status: 'Trial', expiration: date('2026-03-09') }),
    ]);
    assert.equal(m.activeSubscribers, 1);
    assert.equal(m.trialSubscribers, 1, 'org 1 has a live Active license; org 3 expired yesterday');
    assert.equal(m.liveLicenses, 3);
  });

  it('treats expiring today as live, expired yesterday as not, empty and 1970-01-01 as perpetual', () => {
    const m = run([lic({ expiration: date('2026-03-10') }), lic({ expiration: date('2026-03-09') }), lic({ expiration: { kind: 'perpetual' } })]);
    assert.equal(m.liveLicenses, 2);
    assert.deepEqual(
      m.statusMix.map((s) => [s.status, s.licenses]),
      [
        ['Active', 2],
        ['Trial', 0],
        ['Expired', 1],
        ['Suspended', 0],
        ['Uninstalled', 0],
      ],
    );
  });

  it('excludes sandboxes unless asked', () => {
    const licenses = [lic({ isSandbox: true, seats: { kind: 'site' } }), lic({})];
    assert.equal(run(licenses).liveLicenses, 1);
    assert.equal(run(licenses, { includeSandboxes: true }).liveLicenses, 2);
  });

  it('sums seats and used seats of live per-seat licenses only; site licenses are counted apart; null seats are neither', () => {
    const m = run([
      lic({ seats: { kind: 'perSeat', count: 10 }, usedSeats: 4 }),
      lic({ seats: { kind: 'perSeat', count: 0 }, usedSeats: 0 }),
      lic({ seats: { kind: 'site' }, usedSeats: 300 }),
      lic({ seats: { kind: 'unset' }, usedSeats: 7 }),
      lic({ status: 'Suspended', seats: { kind: 'perSeat', count: 50 }, usedSeats: 50 }),
    ]);
    assert.equal(m.seats, 10);
    assert.equal(m.usedSeats, 4);
    assert.equal(m.utilisation, 0.4);
    assert.equal(m.siteLicenses, 1);
    assert.equal(run([lic({ seats: { kind: 'site' } })]).utilisation, undefined, 'no seats, no utilisation');
  });

  it('buckets renewals 0–30 (today included), 31–60 and 61–90 days, with seats, skipping perpetual and dead licenses', () => {
    const at = (days: number): CalendarDate => calendarDate(new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10));
    const m = run([
      lic({ expiration: date(at(0)), seats: { kind: 'perSeat', count: 5 } }),
      lic({ expiration: date(at(30)), seats: { kind: 'site' } }),
      lic({ expiration: date(at(31)), seats: { kind: 'perSeat', count: 7 } }),
      lic({ expiration: date(at(90)), seats: { kind: 'perSeat', count: 1 } }),
      lic({ expiration: date(at(91)), seats: { kind: 'perSeat', count: 100 } }),
      lic({ expiration: { kind: 'perpetual' } }),
      lic({ status: 'Uninstalled', expiration: date(at(10)) }),
    ]);
    assert.deepEqual(
      m.renewals.map((b) => [b.label, b.from, b.to, b.licenses, b.seats]),
      [
        ['0–30 days', '2026-03-10', '2026-04-09', 2, 5],
        ['31–60 days', '2026-04-10', '2026-05-09', 1, 7],
        ['61–90 days', '2026-05-10', '2026-06-08', 1, 1],
      ],
    );
  });

  it('approximates churn by the last change of Uninstalled and Suspended licenses within the period, and its rate', () => {
    const m = run([
      lic({ status: 'Uninstalled', lastModified: '2026-02-01T10:00:00.000+0000' }),
      lic({ status: 'Suspended', lastModified: '2025-12-10T00:00:00.000+0000' }),
      lic({ status: 'Uninstalled', lastModified: '2025-12-09T23:59:59.000+0000' }),
      lic({ status: 'Active' }),
      lic({ status: 'Active' }),
    ]);
    assert.equal(m.churn.since, '2025-12-10');
    assert.equal(m.churn.churned, 2);
    assert.equal(m.churn.rate, 0.5);
    assert.equal(run([], {}).churn.rate, undefined);
  });

  it('measures version adoption per package, latest = newest released by number (1.10 > 1.9, beta skipped)', () => {
    const m = run([
      lic({ packageVersionId: 'V9' }),
      lic({ packageVersionId: 'V10' }),
      lic({ packageVersionId: 'V10' }),
      lic({ packageVersionId: 'V11', status: 'Trial' }),
    ]);
    const [a] = m.versionAdoption;
    assert.equal(a.latestVersion, '1.10.0');
    assert.equal(a.live, 4);
    assert.equal(a.shareOnLatest, 0.5);
    assert.deepEqual(
      a.versions.map((x) => [x.versionNumber, x.live]),
      [
        ['1.9.0', 1],
        ['1.10.0', 2],
        ['1.11.0', 1],
      ],
    );
  });

  it('counts installs by month over the last 12 months, any status', () => {
    const m = run([
      lic({ installDate: calendarDate('2026-03-01'), status: 'Uninstalled' }),
      lic({ installDate: calendarDate('2025-04-30') }),
      lic({ installDate: calendarDate('2025-03-31') }),
    ]);
    assert.equal(m.installsByMonth.length, 12);
    assert.deepEqual(m.installsByMonth[0], { month: '2025-04', installs: 1 });
    assert.deepEqual(m.installsByMonth[11], { month: '2026-03', installs: 1 });
  });

  it('counts subscribers by edition as distinct orgs with a live license', () => {
    const m = run([
      lic({ subscriberOrgId: '00D000000000001', orgEdition: 'Enterprise Edition' }),
      lic({ subscriberOrgId: '00D000000000001AAA', orgEdition: 'Enterprise Edition', packageVersionId: 'V9' }),
      lic({ subscriberOrgId: '00D000000000002', orgEdition: undefined }),
      lic({ subscriberOrgId: '00D000000000003', orgEdition: 'Developer Edition', status: 'Uninstalled' }),
    ]);
    assert.deepEqual(m.subscribersByEdition, [
      { edition: 'Enterprise Edition', subscribers: 1 },
      { edition: 'Unknown edition', subscribers: 1 },
    ]);
  });

  it('scopes everything to one package when asked', () => {
    const other = aLicense({ packageId: 'P2', packageVersionId: 'X1' });
    assert.equal(run([lic({}), other], { packageId: 'P1' }).liveLicenses, 1);
  });

  it('finds exactly the orgs COUNT_DISTINCT over-counted because of 18-character ids', () => {
    const over = orgIdOvercount(
      [
        { orgId: '00D000000000001AAA', status: 'Active', edition: 'Enterprise Edition' },
        { orgId: '00D000000000002AAA', status: 'Trial', edition: 'Enterprise Edition' },
        { orgId: '00D000000000003AAA', status: 'Active', edition: null },
      ],
      [
        { orgId: '00D000000000001', status: 'Active', edition: 'Enterprise Edition' },
        { orgId: '00D000000000002', status: 'Active', edition: 'Unlimited Edition' },
      ],
    );
    assert.equal(over.live, 2);
    assert.equal(over.active, 1);
    assert.deepEqual([...over.byEdition], [['Enterprise Edition', 1]]);
  });
});
