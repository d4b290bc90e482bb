import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { type ChangePlan, type PlannedChange } from '../../../src/core/licenseChanges/plan';
import { type IssueCode, validateChange, validatePlan } from '../../../src/core/licenseChanges/validation';
import { type LicenseSnapshot, type LicenseValues } from '../../../src/core/licenseChanges/values';
import { aSnapshot } from '../../support/builders';

const today = calendarDate('2026-03-10');

const change = (before: Partial<LicenseValues>, after: Partial<LicenseValues>, extra: Partial<LicenseSnapshot> = {}): PlannedChange => {
  const license = aSnapshot(before, extra);
  return { license, after: { ...license.values, ...after } };
};
const codes = (c: PlannedChange): IssueCode[] => validateChange(c, today).map((i) => i.code);
const errors = (c: PlannedChange): IssueCode[] =>
  validateChange(c, today)
    .filter((i) => i.severity === 'error')
    .map((i) => i.code);

describe("Salesforce's Modify License rules, before anything is sent", () => {
  it('Uninstalled licenses cannot be edited; other statuses can', () => {
    assert.deepEqual(errors(change({ status: 'Uninstalled' }, { seats: 20 })), ['uninstalled']);
    assert.deepEqual(errors(change({ status: 'Suspended' }, { seats: 20 })), []);
  });

  it('License Type Read-Only (a legacy field) is a warning, never a refusal: the plan goes on', () => {
    assert.deepEqual(errors(change({}, { seats: 20 }, { readOnly: true })), []);
    assert.deepEqual(
      validateChange(change({}, { seats: 20 }, { readOnly: true }), today).map((i) => [i.code, i.severity]),
      [['readOnly', 'warning']],
    );
    assert.deepEqual(validateChange(change({}, { seats: 20 }, { readOnly: false }), today), []);
  });

  it('Status can be set to Trial, Active or Suspended only', () => {
    assert.deepEqual(errors(change({ status: 'Trial', expiration: calendarDate('2026-03-31') }, { status: 'Active' })), []);
    assert.deepEqual(errors(change({}, { status: 'Uninstalled' })), ['statusValue']);
    assert.deepEqual(errors(change({}, { status: 'Expired' })), ['statusValue']);
    assert.deepEqual(errors(change({ status: 'Mystery' }, { seats: 3 })), ['unknownStatus']);
  });

  it('a license that has left Trial never returns to it', () => {
    assert.deepEqual(errors(change({ status: 'Active', expiration: calendarDate('2026-04-01') }, { status: 'Trial' })), ['backToTrial']);
    assert.deepEqual(errors(change({ status: 'Suspended', expiration: calendarDate('2026-04-01') }, { status: 'Trial' })), ['backToTrial']);
    // Staying a trial (with a new date) is fine.
    assert.deepEqual(errors(change({ status: 'Trial', expiration: calendarDate('2026-03-20') }, { expiration: calendarDate('2026-04-20') })), []);
  });

  it('a trial lasts at most 90 days from today, and must expire', () => {
    const trial = { status: 'Trial', expiration: calendarDate('2026-03-20') };
    assert.deepEqual(errors(change(trial, { expiration: calendarDate('2026-06-08') })), []);
    assert.deepEqual(errors(change(trial, { expiration: calendarDate('2026-06-09') })), ['trialTooLong']);
    assert.deepEqual(errors(change(trial, { expiration: 'never' })), ['trialNeedsExpiration']);
    const long = validateChange(change(trial, { expiration: calendarDate('2026-06-09') }), today)[0];
    assert.equal(long.message, 'A trial lasts at most 90 days: 2026-06-09 is 91 days from today (latest 2026-06-08).');
    assert.equal(long.field, 'expiration');
    // Changing a trial's seats only does not re-check its (legacy) length.
    assert.deepEqual(errors(change({ status: 'Trial', expiration: calendarDate('2026-12-31') }, { seats: 12 })), []);
  });

  it('warns when a trial will have run more than 90 days since its install', () => {
    const c = change(
      { status: 'Trial', expiration: calendarDate('2026-03-20') },
      { expiration: calendarDate('2026-05-01') },
      { installDate: calendarDate('2026-01-15') },
    );
    assert.deepEqual(codes(c), ['trialLongSinceInstall']);
    assert.deepEqual(codes(change({ status: 'Trial', expiration: calendarDate('2026-03-20') }, { expiration: calendarDate('2026-05-01') })), []);
  });

  it('seats are a whole number from 0 to 99,000,000, or a site license', () => {
    for (const ok of [0, 1, 99_000_000, 'site'] as const) assert.deepEqual(errors(change({}, { seats: ok })), [], String(ok));
    for (const bad of [-1, -5, 1.5, 99_000_001, null, Number.NaN]) assert.deepEqual(errors(change({}, { seats: bad })), ['seatsRange'], String(bad));
  });

  it('warns on seats below those in use, and on a site license becoming per-seat', () => {
    assert.deepEqual(codes(change({}, { seats: 3 }, { usedSeats: 4 })), ['seatsBelowUsed']);
    assert.deepEqual(codes(change({}, { seats: 4 }, { usedSeats: 4 })), []);
    assert.deepEqual(codes(change({ seats: 'site' }, { seats: 500 }, { usedSeats: 12 })), ['siteToPerSeat']);
    assert.match(validateChange(change({}, { seats: 3 }, { usedSeats: 4 }), today)[0].message, /take licenses away from 1 user\.$/);
  });

  it('explains that Suspended blocks every user', () => {
    const issues = validateChange(change({}, { status: 'Suspended' }), today);
    assert.deepEqual(
      issues.map((i) => [i.code, i.severity]),
      [['suspend', 'warning']],
    );
    assert.match(issues[0].message, /blocks every user of the package in the subscriber org \(Blue Logistics Inc\.\)/);
  });

  it('warns when a live license would expire in the past', () => {
    assert.deepEqual(codes(change({}, { expiration: calendarDate('2026-03-09') })), ['expirationPast']);
    assert.deepEqual(codes(change({}, { expiration: calendarDate('2026-03-10') })), []);
    assert.deepEqual(codes(change({ status: 'Suspended', expiration: calendarDate('2025-01-01') }, { status: 'Active' })), ['expirationPast']);
    assert.deepEqual(codes(change({}, { expiration: 'never' })), []);
  });

  it('blocks a plan with any error, counting errors and warnings', () => {
    const plan = (changes: PlannedChange[]): ChangePlan => ({
      kind: 'lma-workbench.licenseChangePlan',
      version: 1,
      id: 'run',
      createdAt: '2026-03-10T12:00:00Z',
      org: { id: undefined, username: 'me', label: 'LMO' },
      description: '',
      changes,
    });
    const fine = validatePlan(plan([change({}, { status: 'Suspended' })]), today);
    assert.deepEqual([fine.ok, fine.errors, fine.warnings], [true, 0, 1]);
    const twice = change({}, { seats: 20 });
    const bad = validatePlan(plan([twice, twice, change({ status: 'Uninstalled' }, { seats: 1 }, { id: 'a0L5g0000000002AAA' })]), today);
    assert.deepEqual([bad.ok, bad.errors], [false, 2]);
  });
});
