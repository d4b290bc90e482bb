/**
 * The real Salesforce CLI's push-upgrade tracking against the demo Dev Hub: `sf package
 * push-upgrade list` and `report` take the login as a Dev Hub and show the demo's requests as its
 * oracle holds them (ids, statuses, the job counts), errors included.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo';
import { type DemoPushRequest } from '../../src/demo/pushUpgrades';
import { startDemo } from '../support/demoOrg';
import { SfCli, tableCells } from './sfCli';

const BILLING = '0335g0000000001AAA';
type Row = Record<string, unknown>;

const count = (r: DemoPushRequest, status?: string) => r.jobs.filter((j) => !status || j.status === status).length;

describe('the real Salesforce CLI: sf package push-upgrade list and report against the demo Dev Hub', function () {
  this.timeout(180_000);
  let demo: DemoLmo;
  let sf: SfCli;
  let alias: string;
  let billing: DemoPushRequest[];

  before(async () => {
    demo = await startDemo({ licenses: 500, username: 'admin@sf-cli-push.demo' });
    sf = new SfCli();
    const login = await sf.loginByReadme(demo, demo.issueAccessToken());
    alias = login.alias;
    assert.equal(login.run.status, 0, `${login.run.stdout}\n${login.run.stderr}`);
    billing = demo.pushUpgrades.requests().filter((r) => r.packageId === BILLING);
    assert.equal(billing.length, 3);
  });
  after(async () => {
    sf?.dispose();
    await demo?.close();
  });

  it('list --json returns every request of the package, with the ids and statuses the demo holds', async () => {
    const rows = await sf.json<Row[]>('package', 'push-upgrade', 'list', '--target-dev-hub', alias, '--package', BILLING);
    assert.deepEqual(
      rows.map((r) => [r.Id, r.PackageVersionId, r.Status, (r.PackageVersion as Row).MajorVersion, (r.PackageVersion as Row).MinorVersion]).sort(),
      billing.map((r) => [r.id, r.packageVersionId, r.status, Number(r.versionNumber.split('.')[0]), Number(r.versionNumber.split('.')[1])]).sort(),
    );
  });

  it("list's table counts each request's orgs scheduled, failed and upgraded as the demo's jobs say", async () => {
    const run = await sf.run('package', 'push-upgrade', 'list', '--target-dev-hub', alias, '--package', BILLING);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    for (const r of billing) {
      const line = run.stdout.split('\n').find((l) => l.includes(r.id));
      assert.ok(line, `a row for ${r.id} in:\n${run.stdout}`);
      // The last three cells: NumOrgsScheduled, NumOrgsUpgradedFail, NumOrgsUpgradedSuccess.
      const cells = tableCells(line);
      assert.deepEqual(cells.slice(-3).map(Number), [count(r), count(r, 'Failed'), count(r, 'Succeeded')], line);
    }
  });

  it('list --status Failed keeps the failed request only', async () => {
    const rows = await sf.json<Row[]>('package', 'push-upgrade', 'list', '--target-dev-hub', alias, '--package', BILLING, '--status', 'Failed');
    assert.deepEqual(
      rows.map((r) => r.Id),
      billing.filter((r) => r.status === 'Failed').map((r) => r.id),
    );
  });

  it('report --json returns the failed request, and its table shows the counts and the errors', async () => {
    const failed = billing.find((r) => r.status === 'Failed') as DemoPushRequest;
    const record = await sf.json<Row>('package', 'push-upgrade', 'report', '--target-dev-hub', alias, '--push-request-id', failed.id);
    const pv = record.PackageVersion as Row & { MetadataPackage: Row };
    assert.deepEqual(
      [record.Id, record.Status, record.PackageVersionId, pv.MetadataPackageId, pv.MetadataPackage.Name, pv.MetadataPackage.NamespacePrefix],
      [failed.id, 'Failed', failed.packageVersionId, BILLING, 'Acme Billing', 'acmebill'],
    );
    assert.ok(typeof record.DurationSeconds === 'number');
    const run = await sf.run('package', 'push-upgrade', 'report', '--target-dev-hub', alias, '--push-request-id', failed.id);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const value = (name: string) => {
      const line = run.stdout.split('\n').find((l) => l.includes(name));
      return line === undefined ? undefined : tableCells(line).pop();
    };
    assert.deepEqual(
      [value('# Orgs Scheduled'), value('# Orgs Upgrade Succeeded'), value('# Orgs Upgrade Failed')],
      [String(count(failed)), String(count(failed, 'Succeeded')), String(count(failed, 'Failed'))],
      run.stdout,
    );
    // The errors, one line each (the CLI shows the first 12 as warnings).
    const apex = failed.jobs.flatMap((j) => j.errors).find((e) => e.type === 'ApexTestFailure');
    assert.ok(apex && `${run.stdout}${run.stderr}`.includes(apex.message), `${run.stdout}\n${run.stderr}`);
  });
  it('packages push-status --json says what report --json says of the same request, for each of its requests', async () => {
    for (const r of billing) {
      const record = await sf.json<Row>('package', 'push-upgrade', 'report', '--target-dev-hub', alias, '--push-request-id', r.id);
      const run = await sf.product('packages', 'push-status', '--target-org', alias, '--request', r.id, '--json');
      assert.equal(run.status, r.jobs.some((j) => j.status === 'Failed') ? 1 : 0, `${run.stdout}\n${run.stderr}`);
      const [ours] = (JSON.parse(run.stdout) as { requests: Row[] }).requests;
      const pv = record.PackageVersion as Row & { MetadataPackage: Row };
      const same = (value: unknown) => (value === null || value === undefined ? undefined : value);
      assert.deepEqual(
        [ours.id, ours.status, ours.packageVersionId, ours.packageId, ours.packageName, ours.versionName, same(ours.durationSeconds)],
        [record.Id, record.Status, record.PackageVersionId, pv.MetadataPackageId, pv.MetadataPackage.Name, pv.Name, same(record.DurationSeconds)],
      );
      for (const [field, theirs] of [
        ['scheduledStartTime', record.ScheduledStartTime],
        ['startTime', record.StartTime],
        ['endTime', record.EndTime],
      ] as const)
        assert.equal(
          same(ours[field]) === undefined ? undefined : Date.parse(String(ours[field])),
          same(theirs) === undefined ? undefined : Date.parse(String(theirs)),
          `${r.id} ${field}`,
        );
      // The counts sf prints in report's table are the ones push-status gives (and the demo holds).
      assert.deepEqual([ours.orgsScheduled, ours.orgsSucceeded, ours.orgsFailed], [count(r), count(r, 'Succeeded'), count(r, 'Failed')]);
    }
  });
});
