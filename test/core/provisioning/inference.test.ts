import * as assert from 'node:assert/strict';
import { type CalendarDate, addDays, calendarDate } from '../../../src/core/calendarDate';
import { type License } from '../../../src/core/license';
import { type Package } from '../../../src/core/package';
import { type LicenseHistoryRow, confidenceOf, inferDefaults } from '../../../src/core/provisioning/inference';
import { aLicense } from '../../support/builders';

const today = calendarDate('2026-03-10');
const pkg = (id: string, name: string): Package => ({
  id,
  name,
  packageId: `033${id.slice(3)}`,
  developerName: undefined,
  developerOrgId: undefined,
  latestVersion: undefined,
  releaseDate: undefined,
  leadManagerId: undefined,
  lastLicenseRefresh: undefined,
});
const BILLING = pkg('a0P5g0000000001AAA', 'Acme Billing');
const FS = pkg('a0P5g0000000002AAA', 'Acme Field Service');

/** A new install of a package that got `defaults` on `daysAgo`. */
function install(
  p: Package,
  daysAgo: number,
  defaults: { status: 'Trial' | 'Active'; days?: number; seats: number | 'site' },
  extra: Partial<License> = {},
): License {
  const installDate = addDays(today, -daysAgo) as CalendarDate;
  return aLicense({
    packageId: p.id,
    packageName: p.name,
    installDate,
    status: defaults.status,
    statusLabel: defaults.status,
    seats: defaults.seats === 'site' ? { kind: 'site' } : { kind: 'perSeat', count: defaults.seats },
    expiration: defaults.days === undefined ? { kind: 'perpetual' } : { kind: 'date', date: addDays(installDate, defaults.days) },
    ...extra,
  });
}

describe('inferring package defaults from recent installs', () => {
  it('reads the defaults off unchanged production installs, with the evidence, leaving out modified licenses, sandboxes and Checkout-like ones', () => {
    const installs: License[] = [];
    const history: LicenseHistoryRow[] = [];
    // 30 Acme Billing installs with the defaults: Trial, 30 days, 10 seats.
    for (let i = 0; i < 30; i++) installs.push(install(BILLING, i + 1, { status: 'Trial', days: 30, seats: 10 }));
    // 12 that someone changed since (converted, extended): their history says so.
    for (let i = 0; i < 12; i++) {
      const l = install(BILLING, i + 2, { status: 'Active', days: 365, seats: 50 });
      installs.push(l);
      history.push({ licenseId: l.id, field: 'created' }, { licenseId: l.id, field: i % 2 ? 'sfLma__Status__c' : 'sfLma__Expiration__c' });
    }
    // A version upgrade does not change the defaults a license shows: it still counts.
    const upgraded = install(BILLING, 3, { status: 'Trial', days: 30, seats: 10 });
    installs.push(upgraded);
    history.push({ licenseId: upgraded.id.slice(0, 15), field: 'sfLma__Package_Version__c' });
    // Sandboxes: site-wide whatever the defaults; reported apart.
    for (let i = 0; i < 6; i++) installs.push(install(BILLING, i + 1, { status: 'Trial', days: 30, seats: 'site' }, { isSandbox: true }));
    // Checkout-like purchases: Active, site-wide, a year, no history.
    for (let i = 0; i < 2; i++) installs.push(install(BILLING, i + 4, { status: 'Active', days: 365, seats: 'site' }));

    const [billing, fs] = inferDefaults([BILLING, FS], installs, history);
    assert.equal(billing.installs, 45);
    assert.equal(billing.unchanged, 33);
    assert.deepEqual(billing.sandboxes, { installs: 6, siteWide: 6 });
    const d = billing.defaults;
    assert.ok(d);
    assert.deepEqual(d.status, { value: 'Trial', count: 31, of: 33, confidence: 'high' });
    assert.deepEqual(d.trialDays, { value: 30, count: 31, of: 31, confidence: 'high' });
    assert.deepEqual(d.seats, { value: 10, count: 31, of: 33, confidence: 'high' });
    assert.equal(d.termDays, undefined);
    assert.equal(billing.confidence, 'high');
    // A package with no installs in the window has nothing to infer.
    assert.equal(fs.defaults, undefined);
    assert.equal(fs.confidence, undefined);
  });

  it('takes the most recent installs first, so a change of defaults shows as soon as the sample is new installs', () => {
    const installs: License[] = [];
    // 40 older installs got 14-day trials; the 20 newest got 30-day trials.
    for (let i = 0; i < 40; i++) installs.push(install(BILLING, 60 + i, { status: 'Trial', days: 14, seats: 5 }));
    for (let i = 0; i < 20; i++) installs.push(install(BILLING, 1 + i, { status: 'Trial', days: 30, seats: 5 }));
    const [recent] = inferDefaults([BILLING], installs, [], { sampleSize: 20 });
    assert.equal(recent.defaults?.trialDays?.value, 30);
    assert.equal(recent.sample, 20);
    assert.equal(recent.sampleTo, addDays(today, -1));
    const [all] = inferDefaults([BILLING], installs, [], { sampleSize: 60 });
    assert.equal(all.defaults?.trialDays?.value, 14);
    assert.equal(all.defaults?.trialDays?.confidence, 'low');
  });

  it('breaks a tie in favour of the most recent installs, whatever order the installs were read in', () => {
    // Three older installs got 14-day trials of 5 seats; the three newest got 30-day trials of 10.
    const older = [10, 11, 12].map((d) => install(BILLING, d, { status: 'Trial', days: 14, seats: 5 }));
    const newer = [1, 2, 3].map((d) => install(BILLING, d, { status: 'Trial', days: 30, seats: 10 }));
    for (const installs of [
      [...older, ...newer],
      [...newer, ...older],
      [older[0], newer[2], older[1], newer[0], older[2], newer[1]],
    ]) {
      const [b] = inferDefaults([BILLING], installs, []);
      assert.deepEqual(b.defaults?.trialDays, { value: 30, count: 3, of: 6, confidence: 'low' });
      assert.deepEqual(b.defaults?.seats, { value: 10, count: 3, of: 6, confidence: 'low' });
    }
    // A tie of statuses: the newest install is Active, so Active it is (with its term).
    const statuses = [
      install(FS, 4, { status: 'Trial', days: 30, seats: 5 }),
      install(FS, 3, { status: 'Trial', days: 30, seats: 5 }),
      install(FS, 2, { status: 'Active', days: 365, seats: 5 }),
      install(FS, 1, { status: 'Active', days: 365, seats: 5 }),
    ];
    for (const installs of [statuses, [...statuses].reverse()]) {
      const [fs] = inferDefaults([FS], installs, []);
      assert.deepEqual(fs.defaults?.status, { value: 'Active', count: 2, of: 4, confidence: 'low' });
      assert.deepEqual(fs.defaults?.termDays, { value: 365, count: 2, of: 2, confidence: 'low' });
      assert.equal(fs.defaults?.trialDays, undefined);
    }
  });

  it('tells perpetual Active defaults from Active ones with a term, and seats from site-wide', () => {
    const installs = [
      ...Array.from({ length: 8 }, (_, i) => install(FS, i + 1, { status: 'Active', seats: 25 })),
      install(FS, 10, { status: 'Active', days: 365, seats: 25 }),
    ];
    const [fs] = inferDefaults([FS], installs, []);
    assert.deepEqual(fs.defaults?.status, { value: 'Active', count: 9, of: 9, confidence: 'medium' });
    assert.deepEqual(fs.defaults?.termDays, { value: 'perpetual', count: 8, of: 9, confidence: 'medium' });
    assert.deepEqual(fs.defaults?.seats, { value: 25, count: 9, of: 9, confidence: 'medium' });
    assert.equal(fs.defaults?.trialDays, undefined);
  });

  it('grades confidence by how many installs agree and how many there are', () => {
    assert.equal(confidenceOf(10, 10), 'high');
    assert.equal(confidenceOf(9, 10), 'high');
    assert.equal(confidenceOf(8, 10), 'medium');
    assert.equal(confidenceOf(9, 9), 'medium');
    assert.equal(confidenceOf(4, 4), 'low');
    assert.equal(confidenceOf(6, 10), 'low');
    assert.equal(confidenceOf(0, 0), 'low');
  });
});
