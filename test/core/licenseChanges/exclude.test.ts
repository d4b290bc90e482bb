import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { confirmationFor } from '../../../src/core/licenseChanges/confirmation';
import { type LicenseSnapshot } from '../../../src/core/licenseChanges/values';
import { buildPlan, excludeFromPlan } from '../../../src/core/licenseChanges/plan';
import { validatePlan } from '../../../src/core/licenseChanges/validation';
import { aSnapshot } from '../../support/builders';

const today = calendarDate('2026-03-10');
const context = { id: 'run-1', createdAt: '2026-03-10T12:00:00.000Z', org: { id: '00D5g0000LMODEMAAA', username: 'admin@acme-lmo.demo', label: 'acme-lmo' } };
const snapshot = (n: number): LicenseSnapshot =>
  aSnapshot({}, { id: `a0L5g${String(n).padStart(10, '0')}AAA`, name: `L-${String(n).padStart(5, '0')}`, orgId: `00D5g${String(n).padStart(10, '0')}` });

describe('leaving licenses out of a plan', () => {
  const licenses = [snapshot(1), snapshot(2), snapshot(3)];
  // The second asks an active license back to Trial: a Modify License rule refuses it.
  const { plan } = buildPlan(
    {
      changes: [
        { license: licenses[0].id, seats: 20 },
        { license: licenses[1].id, status: 'Trial' },
        { license: licenses[2].id, seats: 30 },
      ],
    },
    licenses,
    context,
  );

  it('drops the refused license, records it as excluded, and the same validation then passes', () => {
    assert.equal(validatePlan(plan, today).ok, false);
    // Matched on the first 15 characters, as everywhere else.
    const kept = excludeFromPlan(plan, [licenses[1].id.slice(0, 15)]);
    assert.deepEqual(
      kept.changes.map((c) => c.license.name),
      ['L-00001', 'L-00003'],
    );
    assert.deepEqual(kept.excluded, [{ licenseId: licenses[1].id, licenseName: 'L-00002' }]);
    const validation = validatePlan(kept, today);
    assert.deepEqual([validation.ok, validation.errors], [true, 0]);
    assert.match(confirmationFor(kept, 25, today).prompt, /^Change 2 licenses in acme-lmo\?$/);
    assert.equal(plan.changes.length, 3, 'the plan it came from is left as it was');
  });

  it('adds to what was excluded before, once per license; an unknown id changes nothing', () => {
    const once = excludeFromPlan(plan, [licenses[1].id]);
    const twice = excludeFromPlan(once, [licenses[0].id, licenses[1].id]);
    assert.deepEqual(
      twice.excluded?.map((e) => e.licenseName),
      ['L-00002', 'L-00001'],
    );
    assert.equal(excludeFromPlan(plan, ['a0L5g9999999999AAA']), plan);
    assert.equal('excluded' in plan, false, 'a plan with nothing left out journals as before');
  });

  it('leaves no change to send when every license is excluded', () => {
    const none = excludeFromPlan(
      plan,
      licenses.map((l) => l.id),
    );
    assert.deepEqual([none.changes.length, none.excluded?.length], [0, 3]);
  });
});
