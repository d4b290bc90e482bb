/**
 * readPboLicenses against the demo LMO, through the product's connection stack (jsforce over
 * HTTP): without the PBO licensing objects it says nothing (present: false, one describe, no
 * error); with them, the fields come from describe, the rows page with queryMore, and
 * comparePboLicenses finds exactly the disagreements the demo seeded (demo.pboDisagreements) — no
 * more, no fewer — for one describe and one call per page.
 */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { comparePboLicenses } from '../../../src/core/usage/pboLicenses';
import { type PboLicensesResult, pboFieldsFrom, readPboLicenses } from '../../../src/data/lmo/pboLicenses';
import { type DemoLmo } from '../../../src/demo/http/server';
import { TODAY, openDemo, requestsOf, startDemo } from '../../support/demoOrg';

type Row = Record<string, unknown>;
const PKG_LICENSE = 'SfdcPartnerTntPkgLicense';

function present(result: PboLicensesResult) {
  if (!result.present) return assert.fail('the PBO licensing objects should be there');
  return result;
}

describe('data/lmo/pboLicenses against the demo LMO', function () {
  this.timeout(60_000);

  describe('without the PBO licensing objects', () => {
    let demo: DemoLmo;
    before(async () => {
      demo = await startDemo();
    });
    after(() => demo.close());

    it('is not there: present false, for one describe, and no error', async () => {
      const { client, session } = await openDemo(demo);
      const { result, requests } = await requestsOf(demo, session, () => readPboLicenses(client));
      assert.deepEqual(result, { present: false, apiCalls: 1 });
      assert.deepEqual(
        requests.map((r) => `${r.method} ${r.path}`),
        [`GET /services/data/v66.0/sobjects/${PKG_LICENSE}/describe`],
      );
    });
  });

  describe('with them', () => {
    let demo: DemoLmo;
    before(async () => {
      demo = await startDemo({ pboLicensing: true });
    });
    after(() => demo.close());

    it('reads every row in API 66.0 (the connection speaks 62.0), fields from describe, one describe and one call per 2,000 rows', async () => {
      const { client, session } = await openDemo(demo);
      assert.equal(client.apiVersion, '62.0');
      const { result, requests } = await requestsOf(demo, session, () => readPboLicenses(client));
      const read = present(result);
      const stored = demo.store.rows(PKG_LICENSE);
      assert.ok(stored.length > 300, `the demo has PBO rows: ${stored.length}`);
      assert.deepEqual(read.rows.map((r) => r.id).sort(), stored.map((r) => String(r.Id)).sort());
      assert.equal(read.apiCalls, 1 + Math.ceil(stored.length / 2000));
      assert.equal(requests.length, read.apiCalls);
      assert.ok(requests.every((r) => r.path.startsWith('/services/data/v66.0/')));
      assert.equal(read.apiVersion, '66.0');
      assert.deepEqual(read.fields.read, {
        managementSeats: 'ManagementProvisionedSeats',
        managementStatus: 'ManagementLicenseStatus',
        managementExpiration: 'ManagementExpirationDate',
        subscriberSeats: 'SubscriberProvisionedSeats',
        subscriberUsedSeats: 'SubscriberUsedSeats',
        subscriberStatus: 'SubscriberLicenseStatus',
        subscriberExpiration: 'SubscriberExpirationDate',
      });
      assert.equal(read.fields.tenantPackage, 'PartnerTenantPackage');
      // One row against the demo's own records: the tenant's org and the tenant package's 033.
      const sample = stored[7];
      const tenantPackage = demo.store.lookup(String(sample.PartnerTenantPackageId)) as Row;
      const tenant = demo.store.lookup(String(tenantPackage.PartnerTenantId)) as Row;
      const row = read.rows.find((r) => r.id === sample.Id);
      assert.deepEqual(
        [row?.orgId, row?.packageId, row?.managementSeats, row?.subscriberUsedSeats],
        [tenant.Tenant, tenantPackage.PartnerPackageId, sample.ManagementProvisionedSeats, sample.SubscriberUsedSeats],
      );
    });

    it('pages with queryMore at a smaller batch size: one call per page', async () => {
      const { client } = await openDemo(demo);
      const read = present(await readPboLicenses(client, { batchSize: 200 }));
      const stored = demo.store.rows(PKG_LICENSE).length;
      assert.equal(read.rows.length, stored);
      assert.equal(new Set(read.rows.map((r) => r.id)).size, stored);
      assert.equal(read.apiCalls, 1 + Math.ceil(stored / 200));
    });

    it("compared with the LMA's licenses, finds exactly the disagreements the demo seeded, in words", async () => {
      const { client, lmo } = await openDemo(demo);
      const read = present(await readPboLicenses(client));
      const licenses = await lmo.licenses({});
      assert.ok(licenses.complete);
      const packageIds = new Map((await lmo.packages()).map((p) => [p.id, p.packageId]));
      const result = comparePboLicenses(licenses.records, read.rows, { packageIds, today: calendarDate(TODAY) });

      const found = result.rows.flatMap((r) => r.disagreements.map((d) => `${r.licenseId} ${d.between} ${d.field}`)).sort();
      const seeded = demo.pboDisagreements.map((d) => `${d.licenseId} ${d.between} ${d.field}`).sort();
      assert.ok(
        ['lma-management', 'management-subscriber'].every((b) => seeded.some((s) => s.includes(b))),
        'the demo seeds both kinds',
      );
      assert.deepEqual(found, seeded);

      // Every PBO row met its license; every LMA license without one is uninstalled (the demo's own rows).
      const live = demo.store.rows('sfLma__License__c').filter((l) => l.IsDeleted !== true);
      const uninstalled = live.filter((l) => l.sfLma__Status__c === 'Uninstalled').length;
      assert.deepEqual(result.counts, {
        licenses: live.length,
        compared: demo.store.rows(PKG_LICENSE).length,
        disagreeing: new Set(demo.pboDisagreements.map((d) => d.licenseId)).size,
        noPboRow: uninstalled,
        noPackageId: 0,
        pboOnly: 0,
      });
      assert.ok(result.rows.filter((r) => r.match === 'noPboRow').every((r) => r.lma.status === 'Uninstalled'));

      // The words carry the demo's numbers.
      const seats = demo.pboDisagreements.find((d) => d.between === 'management-subscriber' && d.field === 'seats');
      const lagging = demo.pboDisagreements.find((d) => d.between === 'lma-management' && d.field === 'seats');
      assert.ok(seats && lagging);
      const words = (licenseId: string) => result.rows.find((r) => r.licenseId === licenseId)?.disagreements.map((d) => d.message);
      assert.deepEqual(words(seats.licenseId), [
        `Seats: the PBO's management side says ${String(seats.management)} seats, the PBO's subscriber side ${String(seats.subscriber)} seats.`,
      ]);
      assert.deepEqual(words(lagging.licenseId), [
        `Seats: the LMA says ${String(lagging.lma)} seats, the PBO's management side ${String(lagging.management)} seats.`,
      ]);
    });

    it('says nothing once the org no longer shows the objects', async () => {
      const { client } = await openDemo(demo);
      demo.setPboLicensing(false);
      try {
        assert.deepEqual(await readPboLicenses(client), { present: false, apiCalls: 1 });
      } finally {
        demo.setPboLicensing(true);
      }
    });
  });

  describe('pboFieldsFrom: the subscriber side by pattern', () => {
    it('reads a name Salesforce may choose, skips two that both match, and a field of the wrong type', () => {
      const f = (name: string, type: string) => ({ name, type });
      const fields = pboFieldsFrom([
        f('ManagementProvisionedSeats', 'int'),
        f('SubscriberAllowedSeats', 'double'),
        f('SubscriberAssignedSeats', 'int'),
        f('SubscriberStatus', 'picklist'),
        f('SubscriberLicenseStatus', 'picklist'),
        f('SubscriberExpiration', 'string'),
        { name: 'PartnerTenantPackageId', type: 'reference', referenceTo: ['SfdcPartnerTenantPackage'], relationshipName: 'PartnerTenantPackage' },
      ]);
      assert.deepEqual(fields.read, {
        managementSeats: 'ManagementProvisionedSeats',
        subscriberSeats: 'SubscriberAllowedSeats',
        subscriberUsedSeats: 'SubscriberAssignedSeats',
      });
      assert.deepEqual(fields.ambiguous, { subscriberStatus: ['SubscriberStatus', 'SubscriberLicenseStatus'] });
      assert.equal(fields.tenantPackage, 'PartnerTenantPackage');
    });
  });
});
