/**
 * Feature parameters through the real stack (@salesforce/core/jsforce over HTTP to the demo LMO):
 * the FMA probe, distributions equal to a plain count of the demo's records in at most two calls
 * at two sizes, a license's values in one call, a guarded edit of 300 values with injected
 * failures (results, verification, journal, undo), and the demo refusing a subscriber → LMO edit.
 * Each writing test has a demo of its own.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FeatureValue } from '../../src/core/features/parameter';
import { valueRunsOf } from '../../src/core/features/valueJournal';
import { updateInBatches } from '../../src/data/lmo/collectionWriter';
import { type DemoRecord } from '../../src/demo/schema';
import { type DemoLmo } from '../../src/demo/http/server';
import { METRIC_VALUE_MESSAGE } from '../../src/demo/fmaRules';
import { FeatureValueJournal } from '../../src/storage/journal';
import { TODAY, openDemo, requestsOf, startDemo } from '../support/demoOrg';

const VALUE_OBJECT = {
  Boolean: 'sfFma__FeatureParameterBoolean__c',
  Integer: 'sfFma__FeatureParameterInteger__c',
  Date: 'sfFma__FeatureParameterDate__c',
} as const;

/** Live = Active or Trial, not expired, not a sandbox, not deleted: counted here by hand. */
function isLive(l: DemoRecord): boolean {
  const e = l.sfLma__Expiration__c as string | null;
  return (
    l.IsDeleted !== true &&
    (l.sfLma__Status__c === 'Active' || l.sfLma__Status__c === 'Trial') &&
    l.sfLma__Subscriber_Org_Is_Sandbox__c !== true &&
    (e === null || e === '1970-01-01' || e >= TODAY)
  );
}

function plainValues(demo: DemoLmo, param: DemoRecord): FeatureValue[] {
  const live = new Set(
    demo.store
      .rows('sfLma__License__c')
      .filter((l) => isLive(l) && l.sfLma__Package__c === param.sfFma__Package__c)
      .map((l) => l.Id),
  );
  return demo.store
    .rows(VALUE_OBJECT[param.sfFma__DataType__c as keyof typeof VALUE_OBJECT])
    .filter((v) => v.sfFma__FeatureParameter__c === param.Id && live.has(String(v.sfFma__License__c)))
    .map((v) => v.sfFma__Value__c as FeatureValue);
}

describe('feature parameters in the LMO', function () {
  this.timeout(180_000);

  describe('reading', () => {
    for (const licenses of [1000, 20000])
      it(`computes every package's distributions in at most two calls at ${licenses.toLocaleString('en-US')} licenses, equal to a plain count of the records`, async () => {
        const demo = await startDemo({ licenses });
        try {
          const { lmo, session } = await openDemo(demo);
          const packages = await lmo.packages();
          for (const pkg of packages) {
            const { result, requests } = await requestsOf(demo, session, () => lmo.features.distributions(pkg.id));
            assert.ok(requests.length <= 2 && requests.length === result.apiCalls, `${pkg.name}: ${requests.length} calls`);
            assert.equal(result.liveLicenses, demo.store.rows('sfLma__License__c').filter((l) => isLive(l) && l.sfLma__Package__c === pkg.id).length);
            const records = demo.store.rows('sfFma__FeatureParameter__c').filter((p) => p.sfFma__Package__c === pkg.id);
            assert.equal(result.parameters.length, records.length);
            for (const { parameter, distribution: d, withoutValue } of result.parameters) {
              const values = plainValues(demo, records.find((r) => r.Id === parameter.id) as DemoRecord);
              assert.equal(withoutValue, result.liveLicenses - values.length, parameter.fullName);
              if (d.dataType === 'Boolean') {
                assert.deepEqual([d.on, d.off], [values.filter((v) => v === true).length, values.filter((v) => v === false).length], parameter.fullName);
              } else if (d.dataType === 'Integer') {
                const numbers = (values as number[]).sort((a, b) => a - b);
                assert.deepEqual([d.values, d.min, d.max], [numbers.length, numbers[0], numbers[numbers.length - 1]], parameter.fullName);
                assert.ok(d.buckets && d.buckets.length > 1, parameter.fullName);
                for (const b of d.buckets)
                  assert.equal(b.count, numbers.filter((n) => n >= b.from && n <= b.to).length, `${parameter.fullName} ${b.from}–${b.to}`);
                const median = numbers[Math.ceil(numbers.length / 2) - 1];
                assert.ok(d.median && median >= d.median.low && median <= d.median.high, `${parameter.fullName}: ${median} in ${JSON.stringify(d.median)}`);
              } else {
                const dates = (values as string[]).sort();
                assert.deepEqual(
                  [d.values, d.past, d.future, d.earliest, d.latest],
                  [dates.length, dates.filter((x) => x < TODAY).length, dates.filter((x) => x >= TODAY).length, dates[0], dates[dates.length - 1]],
                  parameter.fullName,
                );
              }
            }
          }
        } finally {
          await demo.close();
        }
      });

    it('says whether the FMA is there, and reads a license’s values with their directions in one call', async () => {
      const demo = await startDemo({ licenses: 500 });
      try {
        const { lmo, session } = await openDemo(demo);
        assert.deepEqual(await lmo.features.probe(), { installed: true });
        const license = demo.store.rows('sfLma__License__c').find((l) => l.sfLma__Version_Number__c === '2.3.0') as DemoRecord;
        const { result, requests } = await requestsOf(demo, session, () => lmo.features.licenseValues(license.Id));
        assert.equal(requests.length, 1);
        const expected = Object.values(VALUE_OBJECT).flatMap((o) => demo.store.rows(o).filter((v) => v.sfFma__License__c === license.Id));
        assert.deepEqual(result.map((v) => v.id).sort(), expected.map((v) => v.Id).sort());
        assert.ok(result.some((v) => v.direction === 'SubscriberToLmo') && result.some((v) => v.direction === 'LmoToSubscriber'));
        assert.ok(result.every((v) => v.value === expected.find((e) => e.Id === v.id)?.sfFma__Value__c));

        demo.setFmaInstalled(false);
        const missing = await lmo.features.probe();
        assert.equal(missing.installed, false);
        assert.ok(!missing.installed && missing.error.kind === 'lmaMissing' && /Feature Management App is not installed/.test(missing.error.message));
        await assert.rejects(lmo.features.distributions(license.sfLma__Package__c as string), (e: Error) => /Feature Management App/.test(e.message));
      } finally {
        await demo.close();
      }
    });
  });

  describe('editing', () => {
    let dir: string;
    let demo: DemoLmo | undefined;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'lma-features-'));
    });
    afterEach(async () => {
      await demo?.close();
      demo = undefined;
      rmSync(dir, { recursive: true, force: true });
    });

    it('edits 300 values in two batches, reports 3 injected failures per record, verifies the rest, journals everything and undoes exactly what it changed', async () => {
      demo = await startDemo({ licenses: 3000 });
      const { lmo, session } = await openDemo(demo);
      const param = demo.store.rows('sfFma__FeatureParameter__c').find((p) => p.sfFma__FullName__c === 'acmebill__InvoiceLimit') as DemoRecord;
      const values = demo.store
        .rows(VALUE_OBJECT.Integer)
        .filter((v) => v.sfFma__FeatureParameter__c === param.Id && v.IsDeleted !== true)
        .slice(0, 300);
      assert.equal(values.length, 300);
      const before = new Map(values.map((v) => [v.Id, v.sfFma__Value__c as number]));
      const failing = [values[5].Id, values[150].Id, values[299].Id];
      demo.faults.failRecords({ ids: failing });
      const built = await lmo.features.planValueChanges({
        description: 'Raise limits',
        changes: values.map((v) => ({ license: String(v.sfFma__License__c), parameter: 'InvoiceLimit', value: (v.sfFma__Value__c as number) + 50 })),
      });
      assert.deepEqual(built.unresolved, []);
      assert.equal(built.plan.changes.length, 300);
      const journal = new FeatureValueJournal(dir);

      const unconfirmed = await lmo.features.runValueChange(built.plan, { journal, confirmation: { yes: true } });
      assert.equal(unconfirmed.status, 'needsConfirmation');
      assert.ok(unconfirmed.status === 'needsConfirmation' && unconfirmed.requirement.expected === '300');

      const { result: report, requests } = await requestsOf(demo, session, () =>
        lmo.features.runValueChange(built.plan, { journal, confirmation: { yes: true, typed: '300' } }),
      );
      assert.equal(report.status, 'done');
      if (report.status !== 'done') return;
      assert.deepEqual(report.counts, { saved: 297, failed: 3, notSent: 0, verified: 297, unverified: 0 });
      assert.deepEqual(
        report.results.filter((r) => r.outcome === 'failed').map((r) => r.recordId),
        failing,
      );
      assert.match(report.results.find((r) => r.outcome === 'failed')?.errors[0].message ?? '', /unable to obtain exclusive access/);
      // Two Collections calls (200 + 100), then the re-read: one Composite call.
      assert.deepEqual(
        requests.map((r) => `${r.method} ${r.path.split('?')[0].replace(/\/v\d+\.\d\//, '/')}`),
        ['PATCH /services/data/composite/sobjects', 'PATCH /services/data/composite/sobjects', 'POST /services/data/composite'],
      );
      for (const v of values) assert.equal(v.sfFma__Value__c, (before.get(v.Id) as number) + (failing.includes(v.Id) ? 0 : 50));

      const [run] = valueRunsOf(await journal.entries());
      assert.equal(run.runId, built.plan.id);
      assert.equal(run.confirmation?.via, 'typed');
      assert.equal(run.results.size, 300);
      assert.equal([...run.verifications.values()].filter((v) => v.holdsNewValue).length, 297);
      assert.deepEqual(run.end && [run.end.saved, run.end.failed, run.end.verified], [297, 3, 297]);

      // Someone changes one value after the run: undo leaves it alone.
      values[0].sfFma__Value__c = 7;
      const undo = await lmo.features.undoPlanFor(run);
      assert.equal(undo.plan.changes.length, 296);
      assert.equal(undo.skipped.length, 1);
      const undone = await lmo.features.runValueChange(undo.plan, { journal, confirmation: { yes: true, typed: '296' } });
      assert.ok(undone.status === 'done' && undone.counts.verified === 296);
      for (const v of values.slice(1)) assert.equal(v.sfFma__Value__c, before.get(v.Id));
      assert.equal(values[0].sfFma__Value__c, 7);
    });

    it('refuses a subscriber → LMO value before sending anything; sent anyway, the demo refuses it with the FMA’s validation error', async () => {
      demo = await startDemo({ licenses: 500 });
      const { lmo, session } = await openDemo(demo);
      const param = demo.store.rows('sfFma__FeatureParameter__c').find((p) => p.sfFma__FullName__c === 'acmebill__InvoicesSentLastMonth') as DemoRecord;
      const value = demo.store.rows(VALUE_OBJECT.Integer).find((v) => v.sfFma__FeatureParameter__c === param.Id) as DemoRecord;
      const built = await lmo.features.planValueChanges({
        changes: [{ license: String(value.sfFma__License__c), parameter: 'acmebill__InvoicesSentLastMonth', value: 1 }],
      });
      const { result, requests } = await requestsOf(demo, session, () =>
        lmo.features.runValueChange(built.plan, {
          journal: new FeatureValueJournal(dir),
          confirmation: { yes: true, typed: built.plan.changes[0].target.orgId },
        }),
      );
      assert.equal(result.status, 'blocked');
      assert.deepEqual(requests, []);
      assert.ok(result.status === 'blocked' && [...result.validation.issues.values()][0][0].code === 'subscriberToLmo');

      const sent = await updateInBatches(lmo.client, [value.Id], (id) => ({ type: VALUE_OBJECT.Integer, id, fields: { sfFma__Value__c: 1 } }));
      assert.deepEqual(sent.results[0].errors, [
        { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: METRIC_VALUE_MESSAGE, fields: ['sfFma__Value__c'] },
      ]);
      assert.notEqual(value.sfFma__Value__c, 1);
    });
  });
});
