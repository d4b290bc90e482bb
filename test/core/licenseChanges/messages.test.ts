/**
 * What the preview says about a guarded license change, word for word, and the edges of the rules
 * (the 90-day line, which changes re-check which rule), the plan's own checks, and the provisioning
 * policies' messages and fixes.
 */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { type PlannedChange, buildPlan, newRunId, undoDescription } from '../../../src/core/licenseChanges/plan';
import { validateChange, validatePlan, withoutRefused } from '../../../src/core/licenseChanges/validation';
import { type LicenseSnapshot, type LicenseValues } from '../../../src/core/licenseChanges/values';
import { checkPolicies, findViolations, fixRequest } from '../../../src/core/provisioning/policies';
import { aLicense, aSnapshot } from '../../support/builders';

const today = calendarDate('2026-03-10');
const change = (before: Partial<LicenseValues>, after: Partial<LicenseValues>, extra: Partial<LicenseSnapshot> = {}): PlannedChange => {
  const license = aSnapshot(before, extra);
  return { license, after: { ...license.values, ...after } };
};
const said = (c: PlannedChange) => validateChange(c, today).map((i) => [i.code, i.severity, i.message]);

describe('what the preview says about each rule', () => {
  it('refusals, word for word', () => {
    assert.deepEqual(said(change({ status: 'Uninstalled' }, { seats: 20 })), [
      ['uninstalled', 'error', "Uninstalled licenses can't be edited: the package was uninstalled from the subscriber org."],
    ]);
    assert.deepEqual(said(change({}, { seats: 20 }, { readOnly: true })), [
      [
        'readOnly',
        'warning',
        'License Type says Read-Only. Salesforce calls it a legacy field, so this is only a hint: if this is an AppExchange Checkout license, Modify License refuses the change.',
      ],
    ]);
    assert.deepEqual(said(change({ status: 'Mystery' }, { seats: 11 })), [
      ['unknownStatus', 'error', 'Unknown status "Mystery": open the license in Salesforce to change it.'],
    ]);
    assert.deepEqual(said(change({}, { status: 'Expired' })), [['statusValue', 'error', 'Status can be set to Trial, Active or Suspended, not "Expired".']]);
    assert.deepEqual(said(change({ status: 'Suspended' }, { status: 'Trial' })), [
      ['backToTrial', 'error', 'A license that has left Trial (now Suspended) can never return to Trial.'],
    ]);
    assert.deepEqual(said(change({ status: 'Trial', expiration: calendarDate('2026-03-20') }, { expiration: 'never' })), [
      ['trialNeedsExpiration', 'error', 'A trial must expire: set a date at most 90 days from today.'],
    ]);
    assert.deepEqual(said(change({}, { seats: 1.5 })), [
      ['seatsRange', 'error', 'Seats must be a whole number from 0 to 99,000,000, or a site license, not 1.5.'],
    ]);
  });

  it('warnings, word for word', () => {
    assert.deepEqual(
      said(
        change(
          { status: 'Trial', expiration: calendarDate('2026-03-20') },
          { expiration: calendarDate('2026-06-01') },
          { installDate: calendarDate('2026-01-01') },
        ),
      ),
      [['trialLongSinceInstall', 'warning', "The trial will have run 151 days since the install on 2026-01-01, more than Salesforce's 90."]],
    );
    assert.deepEqual(said(change({}, { expiration: calendarDate('2026-03-01') })), [
      ['expirationPast', 'warning', 'Expiration 2026-03-01 is in the past: the subscriber loses access at once.'],
    ]);
    assert.deepEqual(said(change({ seats: 10 }, { seats: 1 }, { usedSeats: 2 })), [
      ['seatsBelowUsed', 'warning', "1 seat but 2 in use: the subscriber's admin must take licenses away from 1 user."],
    ]);
    assert.deepEqual(said(change({ seats: 'site' }, { seats: 1 }, { usedSeats: 0 })), [
      ['siteToPerSeat', 'warning', "From a site license to 1 seat: users lose access until the subscriber's admin assigns them a seat."],
    ]);
  });

  it('a trial that ends exactly 90 days after its install is no warning; one day more is', () => {
    const trial = { status: 'Trial', expiration: calendarDate('2026-03-20') };
    const installed = { installDate: calendarDate('2026-03-01') };
    assert.deepEqual(said(change(trial, { expiration: calendarDate('2026-05-30') }, installed)), []);
    assert.deepEqual(
      said(change(trial, { expiration: calendarDate('2026-05-31') }, installed)).map(([code]) => code),
      ['trialLongSinceInstall'],
    );
  });

  it('a trial leaving Trial is no longer held to the trial rules; a license refused Trial is not warned about its date', () => {
    assert.deepEqual(said(change({ status: 'Trial', expiration: calendarDate('2026-03-20') }, { status: 'Active', expiration: 'never' })), []);
    assert.deepEqual(
      said(change({ status: 'Active', expiration: calendarDate('2026-03-01') }, { status: 'Trial', expiration: 'never' })).map(([code]) => code),
      ['backToTrial'],
    );
    assert.deepEqual(
      said(change({ status: 'Active', expiration: calendarDate('2026-03-01') }, { status: 'Trial' })).map(([code]) => code),
      ['backToTrial'],
    );
  });

  it('warns about a past expiration only when the change sets the date or the status, and only for live statuses', () => {
    const past = { expiration: calendarDate('2026-03-01') };
    assert.deepEqual(said(change(past, { seats: 12 })), []);
    assert.deepEqual(
      said(change({ status: 'Trial', ...past }, { status: 'Trial', expiration: calendarDate('2026-03-02') })).map(([code]) => code),
      ['expirationPast'],
    );
    assert.deepEqual(
      said(change({ status: 'Active', ...past }, { status: 'Suspended' })).map(([code]) => code),
      ['suspend'],
    );
  });

  it('still warns about a past expiration when another rule already spoke', () => {
    assert.deepEqual(
      said(change({ status: 'Mystery' }, { status: 'Active', expiration: calendarDate('2026-03-01') })).map(([code]) => code),
      ['unknownStatus', 'expirationPast'],
    );
  });

  it('checks seats only when the change sets them', () => {
    assert.deepEqual(said(change({ seats: 2, expiration: calendarDate('2026-12-31') }, { expiration: calendarDate('2027-12-31') }, { usedSeats: 9 })), []);
  });

  it('counts errors and warnings of a plan, and keeps the changes that only warn', () => {
    const ok = change({ seats: 10 }, { seats: 1 }, { usedSeats: 2 });
    const refused = change({ status: 'Uninstalled' }, { seats: 3 }, { id: 'a0L5g0000000002AAA', name: 'L-00002' });
    const plan = {
      kind: 'lma-workbench.licenseChangePlan' as const,
      version: 1 as const,
      id: 'p',
      createdAt: '',
      org: { id: undefined, username: 'u', label: 'u' },
      description: '',
      changes: [ok, refused],
    };
    const validation = validatePlan(plan, today);
    assert.deepEqual([validation.errors, validation.warnings, validation.ok], [1, 1, false]);
    const { plan: kept, refused: out } = withoutRefused(plan, validation);
    assert.deepEqual(
      kept.changes.map((c) => c.license.name),
      ['L-00001'],
    );
    assert.deepEqual(
      out.map((r) => [r.change.license.name, r.errors.map((e) => e.code)]),
      [['L-00002', ['uninstalled']]],
    );
    const twice = validatePlan({ ...plan, changes: [ok, ok] }, today);
    assert.equal(twice.issues.get('a0L5g0000000001AAA')?.find((i) => i.code === 'duplicate')?.message, 'L-00001 is in the plan more than once.');
  });
});

describe('building a change plan', () => {
  const org = { id: '00D5g0000LMODEMAAA', username: 'admin@acme-lmo.demo', label: 'acme-lmo' };
  const context = { id: 'run-1', createdAt: '2026-03-10T12:00:00.000Z', org };
  const license = aSnapshot({ expiration: calendarDate('2026-12-31') });

  it('finds the license by an id typed with spaces around it, and sets "never" as no expiration', () => {
    const built = buildPlan({ changes: [{ license: ` ${license.id} `, expiration: 'never' }] }, [license], context);
    assert.deepEqual(built.unresolved, []);
    assert.equal(built.plan.changes[0].after.expiration, 'never');
    assert.equal(built.plan.description, '');
  });

  it('sets an expiration date given as YYYY-MM-DD', () => {
    const built = buildPlan({ changes: [{ license: license.id, expiration: '2027-01-31' }] }, [license], context);
    assert.deepEqual(built.unresolved, []);
    assert.equal(built.plan.changes[0].after.expiration, '2027-01-31');
  });

  it('refuses an expiration that is a date-time or an impossible date, saying what it got', () => {
    for (const text of ['2026-04-01T00:00:00Z', '2026-02-30']) {
      const built = buildPlan({ changes: [{ license: license.id, expiration: text }] }, [license], context);
      assert.deepEqual(built.unresolved, [{ license: license.id, reason: `Expiration must be a date (YYYY-MM-DD) or "never", not "${text}".` }]);
      assert.equal(built.plan.changes.length, 0);
    }
  });

  it('names a run by its time and six random base-36 characters; an undo by the run it undoes', () => {
    const at = new Date('2026-03-10T12:34:56.789Z');
    assert.equal(
      newRunId(at, () => 0),
      '20260310T123456Z-000000',
    );
    assert.equal(
      newRunId(at, () => 0.5),
      '20260310T123456Z-i00000',
    );
    assert.equal(undoDescription({ runId: 'R1', plan: { description: '' } }), 'Undo of R1');
    assert.equal(undoDescription({ runId: 'R1', plan: { description: 'Q2 seats' } }), 'Undo of R1 (Q2 seats)');
  });
});

describe('provisioning policies, as the audit words them', () => {
  const all = { maxTrialDays: 30, seatsNeverBelowUsed: true, sandboxesSiteWide: true, expiredGraceDays: 30, seatsAlwaysSet: true, maxSeats: 100 };
  const messages = (license: ReturnType<typeof aLicense>) => checkPolicies(all, license, today).map((v) => [v.policy, v.message, v.fix]);

  it('each policy’s message and fix', () => {
    assert.deepEqual(messages(aLicense({ isSandbox: true, seats: { kind: 'perSeat', count: 1 } })), [
      ['sandboxesSiteWide', 'Sandbox license with 1 seat; sandbox licenses should be site-wide.', { seats: 'site' }],
    ]);
    assert.deepEqual(
      messages(aLicense({ status: 'Trial', statusLabel: 'Trial', installDate: calendarDate('2026-03-01'), expiration: { kind: 'perpetual' } })),
      [['maxTrialDays', 'Trial that does not expire; trials may last at most 30 days.', { expiration: '2026-03-31' }]],
    );
    assert.deepEqual(
      messages(
        aLicense({
          status: 'Trial',
          statusLabel: 'Trial',
          installDate: calendarDate('2026-03-01'),
          expiration: { kind: 'date', date: calendarDate('2026-04-01') },
        }),
      ),
      [['maxTrialDays', 'Trial of 31 days (installed 2026-03-01, expires 2026-04-01); trials may last at most 30 days.', { expiration: '2026-03-31' }]],
    );
    assert.deepEqual(messages(aLicense({ expiration: { kind: 'date', date: calendarDate('2026-01-01') } })), [
      ['expiredGraceDays', 'Expired 2026-01-01 (68 days ago) and still Active; renew or suspend it within 30 days of expiry.', { status: 'Suspended' }],
    ]);
    assert.deepEqual(messages(aLicense({ seats: { kind: 'unset' } })), [['seatsAlwaysSet', 'Live Active license with no seats set.', undefined]]);
    assert.deepEqual(messages(aLicense({ seats: { kind: 'perSeat', count: 101 }, usedSeats: 1 })), [
      ['maxSeats', '101 seats, more than the 100 the policy allows (a typo?).', undefined],
    ]);
    assert.deepEqual(
      checkPolicies({ ...all, expiredGraceDays: 1 }, aLicense({ expiration: { kind: 'date', date: calendarDate('2026-03-08') } }), today).map((v) => v.message),
      ['Expired 2026-03-08 (2 days ago) and still Active; renew or suspend it within 1 day of expiry.'],
    );
  });

  it('a license at exactly the seat cap passes; unset seats on a license that is not live, or without the policy, pass', () => {
    assert.deepEqual(messages(aLicense({ seats: { kind: 'perSeat', count: 100 }, usedSeats: 1 })), []);
    assert.deepEqual(messages(aLicense({ status: 'Suspended', statusLabel: 'Suspended', seats: { kind: 'unset' } })), []);
    assert.deepEqual(checkPolicies({ maxSeats: 100 }, aLicense({ seats: { kind: 'unset' } }), today), []);
  });

  it('one violation per license and policy, whether the id has 15 or 18 characters; fixes of one license merged', () => {
    const license = aLicense({ seats: { kind: 'perSeat', count: 5 }, usedSeats: 9, expiration: { kind: 'date', date: calendarDate('2026-01-01') } });
    const short = { ...license, id: license.id.slice(0, 15) };
    const violations = findViolations(all, [license, short], today);
    assert.deepEqual(
      violations.map((v) => v.policy),
      ['expiredGraceDays'],
    );
    const live = aLicense({ seats: { kind: 'perSeat', count: 5 }, usedSeats: 9 });
    const both = [...checkPolicies(all, live, today), ...checkPolicies({ maxSeats: 1 }, { ...live, id: live.id.slice(0, 15) }, today)];
    const sandbox = checkPolicies(all, { ...live, isSandbox: true, id: live.id.slice(0, 15) }, today);
    const { request, unfixable } = fixRequest([...both, ...sandbox]);
    assert.equal(request.description, 'Fix provisioning policy violations');
    assert.deepEqual(request.changes, [{ seats: 9, license: live.id.slice(0, 15) }]);
    assert.deepEqual(
      unfixable.map((v) => v.policy),
      ['maxSeats'],
    );
  });
});
