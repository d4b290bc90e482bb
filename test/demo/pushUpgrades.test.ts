/**
 * The demo's push upgrades on the wire: the seeded requests (a 2GP and a 1GP package; one clean,
 * one failed with several error types, one in progress) agree with the LMO's licenses and its
 * PackageSubscriber rows; the queries `sf package push-upgrade list|report` send get what the
 * oracle says; the request's "Canceled" and the job's "Cancelled"; the demo refuses what Salesforce
 * refuses; and a simulated push advances over time to its end.
 */
import * as assert from 'node:assert/strict';
import { compareVersionNumbers } from '../../src/core/versionNumber';
import { DEMO_DEV_HUB_ORG_ID } from '../../src/demo/generator';
import { type DemoLmo } from '../../src/demo/http/server';
import { type DemoPushRequest } from '../../src/demo/pushUpgrades';
import { startDemo } from '../support/demoOrg';
import { eventually } from '../support/eventually';

type Row = Record<string, unknown>;
const BILLING = '0335g0000000001AAA';
const INSIGHTS = '0335g0000000004AAA';
const id15 = (v: unknown) => String(v ?? '').slice(0, 15);

function client(demo: DemoLmo) {
  const call = async (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
    const res = await fetch(`${demo.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${init.token ?? demo.accessToken}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Row & Row[] & { records: Row[]; totalSize: number } };
  };
  const query = (soql: string) => call(`/services/data/v66.0/query?q=${encodeURIComponent(soql)}`);
  const records = async (soql: string) => {
    const r = await query(soql);
    assert.equal(r.status, 200, `${soql}: ${JSON.stringify(r.body)}`);
    return r.body.records;
  };
  const control = (body: object) => call('/__demo/control', { method: 'POST', body, token: demo.controlToken });
  return { call, query, records, control };
}

const byStatus = (r: DemoPushRequest) => r.jobs.reduce<Record<string, number>>((m, j) => ({ ...m, [j.status]: (m[j.status] ?? 0) + 1 }), {});

describe('demo push upgrades', function () {
  this.timeout(60_000);
  let demo: DemoLmo;
  let api: ReturnType<typeof client>;
  before(async () => {
    demo = await startDemo({ licenses: 1000 });
    api = client(demo);
  });
  after(() => demo.close());

  it('seeds, for a 2GP and a 1GP package, one request Succeeded clean, one Failed and one In Progress', () => {
    const requests = demo.pushUpgrades.requests();
    for (const [packageId, generation] of [
      [BILLING, '2gp'],
      [INSIGHTS, '1gp'],
    ] as const) {
      const mine = requests.filter((r) => r.packageId === packageId);
      assert.deepEqual(mine.map((r) => [r.generation, r.status]).sort(), [
        [generation, 'Failed'],
        [generation, 'In Progress'],
        [generation, 'Succeeded'],
      ]);
      const clean = mine.find((r) => r.status === 'Succeeded') as DemoPushRequest;
      assert.ok(clean.jobs.length >= 3 && clean.jobs.every((j) => j.status === 'Succeeded' && j.errors.length === 0));
      const running = mine.find((r) => r.status === 'In Progress') as DemoPushRequest;
      assert.ok(byStatus(running)['Succeeded'] && byStatus(running)['In Progress'] && byStatus(running)['Pending'], JSON.stringify(byStatus(running)));
    }
    const failed = requests.find((r) => r.packageId === BILLING && r.status === 'Failed') as DemoPushRequest;
    assert.deepEqual(byStatus(failed), { Failed: 11, Succeeded: 4, Cancelled: 2, Pending: 1, Created: 1 });
    const errors = failed.jobs.flatMap((j) => j.errors);
    const count = (type: string) => errors.filter((e) => e.type === type).length;
    assert.deepEqual([count('ApexTestFailure'), count('LimitExceeded'), count('DeployError'), count('FeatureMissing')], [6, 3, 1, 1]);
    assert.equal(new Set(errors.filter((e) => e.type === 'ApexTestFailure').map((e) => e.title)).size, 1, 'the Apex test failures share one title');
    // Org keys stored both ways.
    assert.deepEqual([...new Set(failed.jobs.map((j) => j.orgKey.length))].sort(), [15, 18]);
  });

  it("job org keys are the package's subscriber orgs in the LMO; one failed org is on the target version now, the others are not", async () => {
    for (const request of demo.pushUpgrades.requests().filter((r) => r.status === 'Failed')) {
      const subscribers = await api.records(`SELECT OrgKey FROM PackageSubscriber WHERE MetadataPackageId = '${request.packageId}' AND InstalledStatus = 'i'`);
      const installed = new Set(subscribers.map((s) => id15(s.OrgKey)));
      for (const job of request.jobs) assert.ok(installed.has(id15(job.orgKey)), `${job.orgKey} has ${request.packageName} installed`);
      const failedOrgs = request.jobs.filter((j) => j.status === 'Failed').map((j) => id15(j.orgKey));
      const licenses = await api.records(
        `SELECT sfLma__Subscriber_Org_ID__c, sfLma__Version_Number__c FROM sfLma__License__c WHERE sfLma__Package__r.sfLma__Package_ID__c = '${request.packageId}' AND sfLma__Subscriber_Org_ID__c IN ('${failedOrgs.join("','")}')`,
      );
      const onTarget = licenses
        .filter((l) => compareVersionNumbers(String(l.sfLma__Version_Number__c), request.versionNumber) >= 0)
        .map((l) => id15(l.sfLma__Subscriber_Org_ID__c));
      assert.equal(new Set(onTarget).size, 1, `${request.packageName}: one failed org is on ${request.versionNumber} now`);
      assert.equal(onTarget[0], failedOrgs[0]);
    }
  });

  it('answers the queries `sf package push-upgrade list|report` send with what the oracle holds', async () => {
    const failed = demo.pushUpgrades.requests().find((r) => r.packageId === BILLING && r.status === 'Failed') as DemoPushRequest;
    const list = await api.records(
      `SELECT Id, PackageVersionId, PackageVersion.Name, PackageVersion.MajorVersion, PackageVersion.MinorVersion, Status, ScheduledStartTime, StartTime, EndTime, IsMigration FROM PackagePushRequest WHERE PackageVersion.MetadataPackageId = '${BILLING}' AND Status = 'Failed' AND ScheduledStartTime >= 2020-01-01T00:00:00.000Z`,
    );
    assert.deepEqual(
      list.map((r) => [r.Id, r.PackageVersionId, (r.PackageVersion as Row).MajorVersion, (r.PackageVersion as Row).MinorVersion, r.Status, r.IsMigration]),
      [[failed.id, failed.packageVersionId, 2, 3, 'Failed', false]],
    );
    assert.equal(
      (await api.records(`SELECT Id FROM PackagePushRequest WHERE PackageVersion.MetadataPackageId = '${BILLING}' AND IsMigration = true`)).length,
      0,
    );
    const [report] = await api.records(
      `SELECT PackageVersion.MetadataPackage.Name, PackageVersion.MajorVersion, PackageVersion.MinorVersion, PackageVersion.MetadataPackage.NamespacePrefix, PackageVersion.MetadataPackageId, PackageVersionId, PackageVersion.Name, Id, Status, ScheduledStartTime, StartTime, EndTime, DurationSeconds FROM PackagePushRequest WHERE Id = '${failed.id}'`,
    );
    const pv = report.PackageVersion as Row & { MetadataPackage: Row };
    assert.deepEqual(
      [pv.MetadataPackage.Name, pv.MetadataPackage.NamespacePrefix, pv.MetadataPackageId, report.Status],
      ['Acme Billing', 'acmebill', BILLING, 'Failed'],
    );
    assert.ok(typeof report.DurationSeconds === 'number' && report.DurationSeconds > 0);
    const countOf = async (status?: string) =>
      (await api.records(`SELECT Count(Id) FROM PackagePushJob WHERE PackagePushRequestId = '${failed.id}'${status ? ` AND Status = '${status}'` : ''}`))[0]
        .expr0;
    assert.deepEqual([await countOf(), await countOf('Failed'), await countOf('Succeeded')], [failed.jobs.length, 11, 4]);
    const errors = await api.records(
      `SELECT ErrorMessage, ErrorDetails, ErrorTitle, ErrorSeverity, ErrorType from PackagePushError WHERE PackagePushJob.PackagePushRequestId = '${failed.id}'`,
    );
    assert.deepEqual(
      errors.map((e) => e.ErrorType).sort(),
      failed.jobs
        .flatMap((j) => j.errors)
        .map((e) => e.type)
        .sort(),
    );
  });

  it('spells a request\'s status "Canceled" and a job\'s "Cancelled", as documented', async () => {
    const picklist = async (object: string) => {
      const { body } = await api.call(`/services/data/v66.0/sobjects/${object}/describe`);
      const status = (body.fields as unknown as { name: string; picklistValues: { value: string }[] }[]).find((f) => f.name === 'Status');
      return status?.picklistValues.map((v) => v.value);
    };
    assert.ok((await picklist('PackagePushRequest'))?.includes('Canceled'));
    assert.ok(!(await picklist('PackagePushRequest'))?.includes('Cancelled'));
    assert.ok((await picklist('PackagePushJob'))?.includes('Cancelled'));
    assert.ok(!(await picklist('PackagePushJob'))?.includes('Canceled'));
    assert.ok((await api.records("SELECT Id FROM PackagePushJob WHERE Status = 'Cancelled'")).length >= 3);
    assert.equal((await api.records("SELECT Id FROM PackagePushJob WHERE Status = 'Canceled'")).length, 0);
  });

  it('refuses what Salesforce refuses on these objects, and every write', async () => {
    const refused = async (soql: string, code: string) => {
      const r = await api.query(soql);
      assert.equal(r.status, 400, soql);
      assert.equal(r.body[0].errorCode, code, `${soql}: ${JSON.stringify(r.body)}`);
    };
    await refused('SELECT Id FROM PackagePushJob WHERE StartTime > 2020-01-01T00:00:00Z', 'INVALID_FIELD');
    await refused('SELECT Id FROM PackagePushRequest WHERE DurationSeconds > 10', 'INVALID_FIELD');
    await refused("SELECT Id FROM PackagePushError WHERE ErrorTitle = 'x'", 'INVALID_FIELD');
    await refused('SELECT Id FROM PackagePushRequest ORDER BY EndTime', 'INVALID_FIELD');
    await refused('SELECT Id, OrgKey FROM PackagePushJob', 'INVALID_FIELD');
    await refused('SELECT Id, PackagePushRequest.Nope FROM PackagePushJob', 'INVALID_FIELD');
    await refused('SELECT Id, (SELECT Id FROM PackagePushJobs) FROM PackagePushRequest', 'MALFORMED_QUERY');
    await refused("SELECT Id FROM PackagePushRequest WHERE ScheduledStartTime > '2020-01-01'", 'INVALID_FIELD');
    const [request] = demo.pushUpgrades.requests();
    for (const method of ['PATCH', 'DELETE']) {
      const r = await api.call(`/services/data/v66.0/sobjects/PackagePushRequest/${request.id}`, {
        method,
        body: method === 'PATCH' ? { Status: 'Canceled' } : undefined,
      });
      assert.equal(r.status, 400, method);
      assert.equal(r.body[0].errorCode, 'INSUFFICIENT_ACCESS_OR_READONLY');
    }
    assert.equal((await api.call('/services/data/v66.0/sobjects/PackagePushJob', { method: 'POST', body: {} })).status, 405);
    assert.equal(demo.pushUpgrades.requests()[0].status, request.status);
  });

  it('simulates a push whose jobs advance over time to an end, with realistic errors, and records the upgrades in the LMO', async () => {
    const target = '04t5g0100000010AAA'; // Acme Billing 2.3.0
    const before = new Set(demo.pushUpgrades.requests().map((r) => r.id));
    const { status, body } = await api.control({ action: 'simulatePush', versionId: target, failEvery: 3, stepMs: 100 });
    assert.equal(status, 200, JSON.stringify(body));
    const id = String(body.requestId);
    assert.ok(id.startsWith('0DV') && !before.has(id));
    const [first] = await api.records(`SELECT Status FROM PackagePushRequest WHERE Id = '${id}'`);
    assert.equal(first.Status, 'In Progress');
    await eventually(
      async () =>
        (await api.records(`SELECT Id FROM PackagePushJob WHERE PackagePushRequestId = '${id}' AND Status IN ('In Progress', 'Succeeded')`)).length > 0,
      'a job running or done',
    );
    const ended = await eventually(async () => {
      const [r] = await api.records(`SELECT Status, EndTime, DurationSeconds FROM PackagePushRequest WHERE Id = '${id}'`);
      return r.Status === 'Failed' || r.Status === 'Succeeded' ? r : undefined;
    }, 'the simulated push to end');
    assert.equal(ended.Status, 'Failed');
    assert.ok(ended.EndTime);
    const oracle = ((await api.control({ action: 'pushRequests' })).body.requests as unknown as DemoPushRequest[]).find((r) => r.id === id) as DemoPushRequest;
    assert.equal(oracle.jobs.length, 12);
    assert.deepEqual(byStatus(oracle), { Succeeded: 8, Failed: 4 });
    assert.deepEqual(
      oracle.jobs.flatMap((j) => j.errors.map((e) => e.type)),
      ['ApexTestFailure', 'LimitExceeded', 'ApexTestFailure', 'DeployError'],
    );
    const succeeded = oracle.jobs.filter((j) => j.status === 'Succeeded').map((j) => id15(j.orgKey));
    const versions = await api.records(
      `SELECT sfLma__Version_Number__c FROM sfLma__License__c WHERE sfLma__Package__r.sfLma__Package_ID__c = '${BILLING}' AND sfLma__Subscriber_Org_ID__c IN ('${succeeded.join("','")}') AND sfLma__Status__c != 'Uninstalled'`,
    );
    assert.ok(versions.length >= succeeded.length && versions.every((v) => v.sfLma__Version_Number__c === '2.3.0'), JSON.stringify(versions));
  });

  it('refuses to simulate a push of a beta or unknown version', async () => {
    for (const versionId of ['04t5g0100000011AAA', '04t5g9900000001AAA', 'nonsense']) {
      const r = await api.control({ action: 'simulatePush', versionId });
      assert.equal(r.status, 400, versionId);
    }
  });
});

describe('demo push upgrades in the two-org case', function () {
  this.timeout(60_000);
  it('the Dev Hub of its own holds the pushes; an LMO whose packages another org owns has none', async () => {
    const hub = await startDemo({ profile: 'devHub' });
    const lmo = await startDemo({ devHubOrgId: DEMO_DEV_HUB_ORG_ID });
    try {
      assert.equal(hub.pushUpgrades.requests().length, 6);
      assert.equal((await client(hub).records('SELECT Id FROM PackagePushRequest')).length, 6);
      assert.equal((await client(lmo).records('SELECT Id FROM PackagePushRequest')).length, 0);
      assert.throws(() => lmo.pushUpgrades.simulate({ versionId: '04t5g0100000010AAA' }), /owns no packages/);
    } finally {
      await hub.close();
      await lmo.close();
    }
  });
});
