import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { type Package } from '../../../src/core/package';
import { auditDiagnostics, auditProvisioning, resolvePackage } from '../../../src/core/provisioning/audit';
import { type Observed, type PackageInference } from '../../../src/core/provisioning/inference';
import { checkPolicies, findViolations, fixRequest } from '../../../src/core/provisioning/policies';
import { parseRulesFile } from '../../../src/core/provisioning/rulesFile';
import { aLicense } from '../../support/builders';

const today = calendarDate('2026-03-10');
const pkg = (n: number, name: string): Package => ({
  id: `a0P5g000000000${n}AAA`,
  name,
  packageId: `0335g000000000${n}AAA`,
  developerName: undefined,
  developerOrgId: undefined,
  latestVersion: undefined,
  releaseDate: undefined,
  leadManagerId: undefined,
  lastLicenseRefresh: undefined,
});
const PACKAGES = [pkg(1, 'Acme Billing'), pkg(2, 'Acme CPQ Connector'), pkg(3, 'Acme Field Service')];
const seen = <T>(value: T, count: number, of: number, confidence: Observed<T>['confidence'] = 'high'): Observed<T> => ({ value, count, of, confidence });
const inference = (p: Package, defaults: PackageInference['defaults']): PackageInference => ({
  packageId: p.id,
  packageName: p.name,
  packageKey: p.packageId,
  installs: 40,
  unchanged: 31,
  sample: 31,
  sampleFrom: undefined,
  sampleTo: undefined,
  sandboxes: { installs: 0, siteWide: 0 },
  defaults,
  confidence: 'high',
});
const parse = (text: string) => {
  const parsed = parseRulesFile(text);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
  return parsed.rules;
};
const slice = (text: string, span: { offset: number; length: number }) => text.slice(span.offset, span.offset + span.length);

describe('provisioning audit', () => {
  const inferences = [
    inference(PACKAGES[0], { status: seen('Trial', 31, 31), trialDays: seen(30, 31, 31), seats: seen(10, 31, 31) }),
    inference(PACKAGES[1], { status: seen('Trial', 5, 5, 'low'), trialDays: seen(21, 3, 5, 'low'), seats: seen('site', 5, 5, 'low') }),
    inference(PACKAGES[2], undefined),
  ];

  it('says where declared defaults differ from what recent installs got, on the rule in the file', () => {
    const text = `{
  "packages": {
    "acme billing": { "status": "Trial", "trialDays": 14, "seats": 10 },
    "0335g0000000002AAA": { "status": "Trial", "trialDays": 14, "seats": "site" },
    "Acme Field Service": { "status": "Active", "seats": 25, "termDays": "perpetual" }
  }
}`;
    const result = auditProvisioning(parse(text), PACKAGES, inferences);
    assert.equal(result.drift.length, 2);
    const [billing, cpq] = result.drift;
    assert.equal(billing.message, 'The last 31 installs of Acme Billing got 30-day trial; your rules say 14-day trial.');
    assert.equal(billing.severity, 'warning');
    assert.equal(slice(text, billing.span), '14');
    assert.equal(billing.span.offset, text.indexOf('14'));
    // Few or mixed installs: said, but not failing CI.
    assert.equal(cpq.severity, 'information');
    assert.match(cpq.message, /^3 of the last 5 installs of Acme CPQ Connector got 21-day trial; your rules say 14-day trial \(low confidence/);
    assert.deepEqual(
      result.notes.map((n) => [n.code, slice(text, n.span)]),
      [['noEvidence', '"Acme Field Service"']],
    );
    assert.equal(result.failed, true);
    const diagnostics = auditDiagnostics(result);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [
        ['drift.trialDays', 'warning'],
        ['drift.trialDays', 'information'],
        ['noEvidence', 'information'],
      ],
    );
  });

  it('passes when the rules match, even with low-confidence differences; fails on a rule naming no package, and on two names for one', () => {
    const matching = `{ "packages": { "Acme Billing": { "status": "Trial", "trialDays": 30, "seats": 10 }, "Acme CPQ Connector": { "status": "Trial", "trialDays": 14, "seats": "site" } } }`;
    const ok = auditProvisioning(parse(matching), PACKAGES, inferences);
    assert.equal(ok.failed, false);
    assert.deepEqual(
      ok.notes.map((n) => n.code),
      ['noRule'],
    );
    const wrong = `{ "packages": { "Acme Biling": { "status": "Trial", "trialDays": 30, "seats": 10 }, "Acme Billing": { "status": "Trial", "trialDays": 30, "seats": 10 }, "0335g0000000001AAA": { "status": "Trial", "trialDays": 30, "seats": 10 } } }`;
    const result = auditProvisioning(parse(wrong), PACKAGES, inferences);
    assert.equal(result.failed, true);
    assert.deepEqual(
      result.notes.filter((n) => n.severity === 'error').map((n) => [n.code, slice(wrong, n.span)]),
      [
        ['unknownPackage', '"Acme Biling"'],
        ['duplicatePackage', '"0335g0000000001AAA"'],
      ],
    );
  });

  it('names a package by its 033 id on its first 15 characters, case-sensitively, or by its name in any case', () => {
    assert.equal(resolvePackage('0335g0000000001', PACKAGES)?.name, 'Acme Billing');
    assert.equal(resolvePackage('0335G0000000001AAA', PACKAGES), undefined);
    assert.equal(resolvePackage('  ACME billing ', PACKAGES)?.name, 'Acme Billing');
    assert.equal(resolvePackage('Acme', PACKAGES), undefined);
  });

  it('places each policy violation on its policy, and counts them in one diagnostic per policy', () => {
    const text = `{ "policies": { "maxTrialDays": 30, "seatsNeverBelowUsed": true } }`;
    const rules = parse(text);
    const licenses = [
      aLicense({
        status: 'Trial',
        statusLabel: 'Trial',
        installDate: calendarDate('2026-03-01'),
        expiration: { kind: 'date', date: calendarDate('2026-05-01') },
      }),
      aLicense({ seats: { kind: 'perSeat', count: 5 }, usedSeats: 9 }),
      aLicense({ seats: { kind: 'perSeat', count: 5 }, usedSeats: 6 }),
    ];
    const result = auditProvisioning(rules, PACKAGES, [], findViolations(rules.policies, licenses, today));
    assert.equal(result.failed, true);
    assert.deepEqual(
      result.violations.map((v) => [v.policy, v.licenseId, slice(text, v.span)]),
      [
        ['maxTrialDays', licenses[0].id, '"maxTrialDays": 30'],
        ['seatsNeverBelowUsed', licenses[1].id, '"seatsNeverBelowUsed": true'],
        ['seatsNeverBelowUsed', licenses[2].id, '"seatsNeverBelowUsed": true'],
      ],
    );
    const policy = auditDiagnostics(result).find((d) => d.code === 'policy.seatsNeverBelowUsed');
    assert.match(policy?.message ?? '', /^2 licenses break seatsNeverBelowUsed, e\.g\. L-\d+: 5 seats but 9 in use\.$/);
  });
});

describe('provisioning policies', () => {
  const all = { maxTrialDays: 30, seatsNeverBelowUsed: true, sandboxesSiteWide: true, expiredGraceDays: 30, seatsAlwaysSet: true, maxSeats: 10_000 };
  const codes = (license: ReturnType<typeof aLicense>) => checkPolicies(all, license, today).map((v) => v.policy);
  const date = (d: string) => ({ kind: 'date' as const, date: calendarDate(d) });

  it('maxTrialDays: a live trial longer than the policy, or one that does not expire', () => {
    const trial = { status: 'Trial' as const, statusLabel: 'Trial', installDate: calendarDate('2026-03-01') };
    assert.deepEqual(codes(aLicense({ ...trial, expiration: date('2026-03-31') })), []);
    assert.deepEqual(codes(aLicense({ ...trial, expiration: date('2026-04-01') })), ['maxTrialDays']);
    assert.deepEqual(codes(aLicense({ ...trial, expiration: { kind: 'perpetual' } })), ['maxTrialDays']);
    // An expired trial is no longer live: expiredGraceDays is the rule for it.
    assert.deepEqual(codes(aLicense({ ...trial, installDate: calendarDate('2025-01-01'), expiration: date('2025-12-01') })), ['expiredGraceDays']);
    assert.match(
      checkPolicies(all, aLicense({ ...trial, expiration: date('2026-04-15') }), today)[0].message,
      /^Trial of 45 days \(installed 2026-03-01, expires 2026-04-15\)/,
    );
  });

  it('seatsNeverBelowUsed, seatsAlwaysSet and maxSeats: live per-seat licenses only', () => {
    assert.deepEqual(codes(aLicense({ seats: { kind: 'perSeat', count: 5 }, usedSeats: 5 })), []);
    assert.deepEqual(codes(aLicense({ seats: { kind: 'perSeat', count: 5 }, usedSeats: 6 })), ['seatsNeverBelowUsed']);
    assert.deepEqual(codes(aLicense({ seats: { kind: 'site' }, usedSeats: 600 })), []);
    assert.deepEqual(codes(aLicense({ seats: { kind: 'unset' }, usedSeats: 3 })), ['seatsAlwaysSet']);
    assert.deepEqual(codes(aLicense({ seats: { kind: 'perSeat', count: 10_001 }, usedSeats: 1 })), ['maxSeats']);
    assert.deepEqual(codes(aLicense({ status: 'Suspended', statusLabel: 'Suspended', seats: { kind: 'perSeat', count: 5 }, usedSeats: 9 })), []);
  });

  it('expiredGraceDays: expired longer than the grace and still Active or Trial', () => {
    assert.deepEqual(codes(aLicense({ expiration: date('2026-02-08') })), []);
    assert.deepEqual(codes(aLicense({ expiration: date('2026-02-07') })), ['expiredGraceDays']);
    assert.deepEqual(codes(aLicense({ status: 'Suspended', statusLabel: 'Suspended', expiration: date('2025-01-01') })), []);
  });

  it('sandboxesSiteWide: sandboxes are checked against that policy only', () => {
    const sandbox = { isSandbox: true, usedSeats: 50 };
    assert.deepEqual(codes(aLicense({ ...sandbox, seats: { kind: 'site' } })), []);
    assert.deepEqual(codes(aLicense({ ...sandbox, seats: { kind: 'perSeat', count: 5 } })), ['sandboxesSiteWide']);
    assert.deepEqual(codes(aLicense({ ...sandbox, seats: { kind: 'perSeat', count: 5 }, status: 'Uninstalled', statusLabel: 'Uninstalled' })), []);
  });

  it('checks nothing when no policy is set, and reports a license once per policy', () => {
    const breaking = aLicense({ seats: { kind: 'perSeat', count: 5 }, usedSeats: 6 });
    assert.deepEqual(checkPolicies({}, breaking, today), []);
    assert.equal(findViolations(all, [breaking, breaking], today).length, 1);
  });

  it('proposes the fix that follows from each policy, merged per license; the others need a decision', () => {
    const trial = aLicense({
      status: 'Trial',
      statusLabel: 'Trial',
      installDate: calendarDate('2026-03-01'),
      expiration: date('2026-05-01'),
      seats: { kind: 'perSeat', count: 5 },
      usedSeats: 8,
    });
    const oldTrial = aLicense({ status: 'Trial', statusLabel: 'Trial', installDate: calendarDate('2026-01-01'), expiration: { kind: 'perpetual' } });
    const sandbox = aLicense({ isSandbox: true, seats: { kind: 'perSeat', count: 3 } });
    const expiredActive = aLicense({ expiration: date('2025-12-01') });
    const expiredTrial = aLicense({ status: 'Trial', statusLabel: 'Trial', installDate: calendarDate('2025-10-01'), expiration: date('2025-12-01') });
    const unset = aLicense({ seats: { kind: 'unset' } });
    const { request, unfixable } = fixRequest(findViolations(all, [trial, oldTrial, sandbox, expiredActive, expiredTrial, unset], today));
    assert.deepEqual(request.changes, [
      { license: trial.id, expiration: '2026-03-31', seats: 8 },
      // A trial already past the policy's length ends today, not on a day already gone.
      { license: oldTrial.id, expiration: '2026-03-10' },
      { license: sandbox.id, seats: 'site' },
      { license: expiredActive.id, status: 'Suspended' },
    ]);
    assert.deepEqual(
      unfixable.map((v) => [v.licenseId, v.policy]),
      [
        [expiredTrial.id, 'expiredGraceDays'],
        [unset.id, 'seatsAlwaysSet'],
      ],
    );
  });
});
