/**
 * Provisioning rules against the demo LMO through the real stack: the defaults read off recent
 * installs are the ones the demo's packages were generated with; the cost does not grow with
 * the install base; the server-filtered audit finds exactly the licenses a full scan finds.
 */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { defaultsOf } from '../../src/core/provisioning/inference';
import { findViolations } from '../../src/core/provisioning/policies';
import { DEMO_PACKAGES } from '../../src/demo/catalog';
import { type DemoLmo } from '../../src/demo/http/server';
import { TODAY, openDemo, requestsOf, startDemo } from '../support/demoOrg';

describe('provisioning rules against an LMO', function () {
  this.timeout(120_000);
  let demo: DemoLmo;
  before(async () => {
    demo = await startDemo({ licenses: 5000 });
  });
  after(() => demo.close());

  it("infers each package's Partner Console defaults from its recent unchanged installs", async () => {
    const { lmo } = await openDemo(demo);
    const { inferences, windowFrom } = await lmo.inferDefaults();
    assert.equal(windowFrom, '2025-09-11');
    assert.deepEqual(
      inferences.map((i) => i.packageName),
      DEMO_PACKAGES.map((p) => p.name).sort(),
    );
    for (const spec of DEMO_PACKAGES) {
      const inference = inferences.find((i) => i.packageName === spec.name);
      assert.ok(inference?.defaults, spec.name);
      const expected = {
        status: spec.defaults.status,
        ...(spec.defaults.status === 'Trial' ? { trialDays: spec.defaults.trialDays } : {}),
        seats: spec.defaults.seats,
        ...(spec.defaults.status === 'Active' ? { termDays: spec.defaults.termDays ?? 'perpetual' } : {}),
      };
      assert.deepEqual(defaultsOf(inference.defaults), expected, spec.name);
      assert.equal(inference.confidence, 'high', spec.name);
      // The noise was there and was left out: modified licenses, sandboxes.
      assert.ok(inference.unchanged < inference.installs, `${spec.name}: some recent installs were changed since`);
      assert.ok(inference.sandboxes.installs > 0 && inference.sandboxes.siteWide >= inference.sandboxes.installs * 0.8, `${spec.name}: sandboxes apart`);
    }
  });

  it('costs the same at 3,000 and 12,000 licenses when the installs read are capped: it grows with new installs, not the install base', async () => {
    const big = await startDemo({ licenses: 12_000, username: 'admin@big-lmo.demo' });
    try {
      const calls = async (d: DemoLmo) => {
        const { lmo, session } = await openDemo(d);
        const { requests } = await requestsOf(d, session, () => lmo.inferDefaults({ windowDays: 60, perPackage: 60 }));
        return requests.length;
      };
      const small = await startDemo({ licenses: 3000, username: 'admin@small-lmo.demo' });
      try {
        const [a, b] = [await calls(small), await calls(big)];
        assert.equal(a, b);
        // The packages, their installs (one Composite call), their history (one Composite call).
        assert.equal(a, 3);
      } finally {
        await small.close();
      }
    } finally {
      await big.close();
    }
  });

  it('finds, through server-side filters, exactly the policy violations a scan of every license finds', async () => {
    const { lmo, session } = await openDemo(demo);
    const policies = { maxTrialDays: 30, seatsNeverBelowUsed: true, sandboxesSiteWide: true, expiredGraceDays: 30, seatsAlwaysSet: true, maxSeats: 500 };
    const { result, requests } = await requestsOf(demo, session, () => lmo.policyViolations(policies));
    assert.equal(result.complete, true);
    const all = await lmo.licenses({});
    const expected = findViolations(policies, all.records, calendarDate(TODAY));
    const key = (v: { policy: string; licenseId: string }) => `${v.policy} ${v.licenseId}`;
    assert.deepEqual(result.violations.map(key).sort(), expected.map(key).sort());
    for (const policy of Object.keys(policies))
      assert.ok(
        expected.some((v) => v.policy === policy),
        `the demo has a license breaking ${policy}`,
      );
    // One Composite call for every policy's first page, then pages of the larger candidate lists.
    assert.equal(requests[0].method, 'POST');
    assert.ok(requests.length < all.records.length / 2000 + 3, `${requests.length} calls`);
  });

  it('lists the licenses in the Recycle Bin, newest deletion first, in one call', async () => {
    const { lmo, session } = await openDemo(demo);
    const { result, requests } = await requestsOf(demo, session, () => lmo.deletedLicenses());
    const expected = demo.store
      .rows('sfLma__License__c')
      .filter((l) => l.IsDeleted === true)
      .map((l) => l.Id);
    assert.ok(expected.length > 0, 'the demo has deleted licenses');
    assert.deepEqual(result.map((d) => d.license.id).sort(), [...expected].sort());
    const dates = result.map((d) => d.deletedAt ?? '');
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.equal(requests.length, 1);
    assert.match(requests[0].path, /\/queryAll\?q=/);
  });
});
