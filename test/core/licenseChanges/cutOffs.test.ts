/** Changes that cut a customer off need the typed confirmation; values Salesforce cannot hold are refused with the limit named. */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { valueTypeProblem } from '../../../src/core/features/valueChanges';
import { confirmationFor } from '../../../src/core/licenseChanges/confirmation';
import { type PlanRequest, buildPlan } from '../../../src/core/licenseChanges/plan';
import { validatePlan } from '../../../src/core/licenseChanges/validation';
import { aSnapshot } from '../../support/builders';

const today = calendarDate('2026-03-10');
const org = { id: '00D5g0000LMODEMAAA', username: 'admin@acme-lmo.demo', label: 'acme-lmo' };
const license = aSnapshot();
const planOf = (change: Omit<PlanRequest['changes'][number], 'license'>) =>
  buildPlan({ changes: [{ license: license.id, ...change }] }, [license], { id: 'run-1', createdAt: 'x', org }).plan;

describe('changes that cut a customer off', () => {
  for (const [what, change, reason] of [
    ['an expiration in the past', { expiration: '2026-03-01' }, /it sets an expiration in the past, which cuts the subscriber org off at once/],
    ['seats set to 0', { seats: 0 }, /it sets a license to 0 seats/],
    ['a suspension', { status: 'Suspended' as const }, /it suspends a license/],
  ] as const)
    it(`need the typed confirmation, like a suspension: ${what}`, () => {
      const requirement = confirmationFor(planOf(change), 25, today);
      assert.equal(requirement.typed, true);
      assert.equal(requirement.expected, license.orgId);
      assert.match(requirement.prompt, reason);
    });

  it('an expiration moved later, or more seats, needs only a yes', () => {
    assert.equal(confirmationFor(planOf({ expiration: '2027-03-01' }), 25, today).typed, false);
    assert.equal(confirmationFor(planOf({ seats: 20 }), 25, today).typed, false);
  });
});

describe('values Salesforce cannot hold', () => {
  for (const expiration of ['1699-12-31', '4001-01-01', '9999-12-31'])
    it(`refuses the expiration ${expiration}, naming the range of a Salesforce date`, () => {
      const validation = validatePlan(planOf({ expiration }), today);
      assert.equal(validation.ok, false);
      const [issue] = [...validation.issues.values()][0];
      assert.equal(issue.code, 'expirationRange');
      assert.match(issue.message, /outside what a Salesforce date field holds \(1700-01-01 to 4000-12-31\)/);
    });

  it('accepts the edges of the range', () => {
    assert.equal(validatePlan(planOf({ expiration: '4000-12-31' }), today).ok, true);
  });

  it('refuses an Integer feature value beyond a 32-bit Apex Integer, naming the limits', () => {
    assert.equal(valueTypeProblem('Integer', 2_147_483_647), undefined);
    assert.equal(valueTypeProblem('Integer', -2_147_483_648), undefined);
    for (const value of [2_147_483_648, -2_147_483_649, 9_000_000_000_000]) {
      const problem = valueTypeProblem('Integer', value);
      assert.equal(problem?.code, 'integerRange');
      assert.match(problem?.message ?? '', /does not fit an Apex Integer.*\(-2,147,483,648 to 2,147,483,647\)/);
    }
  });
});
