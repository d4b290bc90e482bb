/**
 * The demo's PBO licensing objects (pboLicensing: true): absent without the option, INVALID_TYPE
 * below their API version, read-only, described with the documented fields (and the demo's
 * unconfirmed subscriber-side ones), and rows that follow the LMA's licenses but for the deliberate
 * disagreements.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';

type Row = Record<string, unknown>;

async function call(demo: DemoLmo, path: string, method = 'GET', body?: unknown) {
  const res = await fetch(`${demo.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Row & Row[] & { records: Row[] } };
}
const query = (demo: DemoLmo, version: string, soql: string) => call(demo, `/services/data/v${version}/query?q=${encodeURIComponent(soql)}`);

describe('demo PBO licensing objects', function () {
  this.timeout(60_000);
  let demo: DemoLmo;
  before(async () => {
    demo = await startDemo({ pboLicensing: true });
  });
  after(() => demo.close());

  it('exist from their API version only (SfdcPartnerTenant 65.0, the others 66.0): INVALID_TYPE below', async () => {
    for (const [object, since] of [
      ['SfdcPartnerTenant', '65.0'],
      ['SfdcPartnerTenantPackage', '66.0'],
      ['SfdcPartnerTntPkgLicense', '66.0'],
    ]) {
      const before = (Number(since) - 1).toFixed(1);
      const old = await query(demo, before, `SELECT Id FROM ${object}`);
      assert.deepEqual([old.status, old.body[0]?.errorCode], [400, 'INVALID_TYPE'], `${object} in ${before}`);
      assert.equal((await call(demo, `/services/data/v${before}/sobjects/${object}/describe`)).status, 404);
      assert.equal((await query(demo, since, `SELECT Id FROM ${object} LIMIT 1`)).status, 200, `${object} in ${since}`);
    }
  });

  it('are absent without the option', async () => {
    const plain = await startDemo();
    try {
      const r = await query(plain, '66.0', 'SELECT Id FROM SfdcPartnerTntPkgLicense');
      assert.deepEqual([r.status, r.body[0]?.errorCode], [400, 'INVALID_TYPE']);
    } finally {
      await plain.close();
    }
  });

  it('describe the documented fields and the subscriber side, read-only', async () => {
    const d = await call(demo, '/services/data/v66.0/sobjects/SfdcPartnerTntPkgLicense/describe');
    assert.equal(d.status, 200);
    assert.deepEqual([d.body.createable, d.body.updateable, d.body.deletable], [false, false, false]);
    const fields = new Map((d.body.fields as unknown as Row[]).map((f) => [f.name, f]));
    for (const name of [
      'ManagementProvisionedSeats',
      'ManagementExpirationDate',
      'ManagementLicenseStatus',
      'PartnerTenantPackageId',
      'SubscriberProvisionedSeats',
      'SubscriberLicenseStatus',
    ])
      assert.ok(fields.has(name), name);
    assert.deepEqual(
      (fields.get('ManagementLicenseStatus')?.picklistValues as Row[]).map((v) => v.value),
      ['Active', 'Free', 'Trial'],
    );
    const id = String((await query(demo, '66.0', 'SELECT Id FROM SfdcPartnerTntPkgLicense LIMIT 1')).body.records[0].Id);
    const patch = await call(demo, `/services/data/v66.0/sobjects/SfdcPartnerTntPkgLicense/${id}`, 'PATCH', { ManagementProvisionedSeats: 3 });
    assert.equal(patch.status, 400);
  });

  it('follow the LMA licenses, with the deliberate seat and status disagreements', async () => {
    const rows = (
      await query(
        demo,
        '66.0',
        'SELECT Id, ManagementProvisionedSeats, SubscriberProvisionedSeats, ManagementLicenseStatus, SubscriberLicenseStatus, PartnerTenantPackage.PartnerPackageId, PartnerTenantPackage.PartnerTenant.Tenant FROM SfdcPartnerTntPkgLicense',
      )
    ).body.records;
    const live = demo.store.rows('sfLma__License__c').filter((l) => l.IsDeleted !== true && l.sfLma__Status__c !== 'Uninstalled');
    assert.equal(rows.length, live.length);
    const differ = rows.filter((r) => r.ManagementProvisionedSeats !== r.SubscriberProvisionedSeats || r.ManagementLicenseStatus !== r.SubscriberLicenseStatus);
    const sides = demo.pboDisagreements.filter((d) => d.between === 'management-subscriber');
    assert.deepEqual(differ.map((r) => r.Id).sort(), sides.map((d) => d.pkgLicenseId).sort());
    assert.ok(sides.some((d) => d.field === 'seats') && sides.some((d) => d.field === 'status'));
    // The PBO lagging behind the LMA: both of its sides hold the old value.
    const lagging = demo.pboDisagreements.filter((d) => d.between === 'lma-management');
    assert.ok(lagging.some((d) => d.field === 'seats') && lagging.some((d) => d.field === 'expiration'));
    for (const lag of lagging) {
      const license = demo.store.lookup(lag.licenseId) as Row;
      const row = rows.find((r) => r.Id === lag.pkgLicenseId) as Row;
      if (lag.field === 'seats') assert.notEqual(row.ManagementProvisionedSeats, license.sfLma__Seats__c);
      assert.equal(lag.management, lag.subscriber);
    }
    const d = demo.pboDisagreements[0];
    const license = demo.store.lookup(d.licenseId) as Row;
    const row = rows.find((r) => r.Id === d.pkgLicenseId) as Row & { PartnerTenantPackage: Row & { PartnerTenant: Row } };
    assert.equal(String(row.PartnerTenantPackage.PartnerTenant.Tenant).slice(0, 15), String(license.sfLma__Subscriber_Org_ID__c).slice(0, 15));
    assert.equal(row.PartnerTenantPackage.PartnerPackageId, d.packageId);
  });
});
