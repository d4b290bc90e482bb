/**
 * The real Salesforce CLI against the demo LMO, as a partner explores an org with it: log in with
 * the recipe in docs/demo.md, then display, limits, describe, queries (table, CSV, JSON, aggregate,
 * Tooling, past 2,000 rows), a record, installed packages, a tree export, a raw REST call, the
 * front door to a record page, and this project's own report on the login the real CLI made.
 * Each check reads what a user would read: counts, names, values.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarDate } from '../../src/core/calendarDate';
import { metricsFromLicenses } from '../../src/core/dashboard/fromLicenses';
import { type MetricsOptions } from '../../src/core/dashboard/installBaseMetrics';
import { type DemoLmo } from '../../src/demo';
import { type DemoRecord } from '../../src/demo/schema';
import { TODAY, openDemo, startDemo } from '../support/demoOrg';
import { ROOT, SfCli, parseCsv } from './sfCli';

const LICENSES = 2600;

/**
 * A line of the CLI's human table holding these cells in order. The CLI draws the table with box
 * characters (`ID │ NAME`) in a terminal, and plainly (`ID  NAME`) when `CI` is set, as on a CI machine.
 */
function tableLine(...cells: string[]): RegExp {
  const escaped = cells.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Cells are apart by spaces (and a box character), never by a line break: one line of the table.
  return new RegExp(`(?:^|[ \\t│┃|])${escaped.join('[ \\t]+(?:[│┃|][ \\t]+)?')}(?=[ \\t│┃|]|$)`, 'm');
}

describe('the real Salesforce CLI against the demo LMO', function () {
  this.timeout(180_000);
  let demo: DemoLmo;
  let sf: SfCli;
  let alias: string;
  let token: string;

  /** The demo's own licenses, not in the Recycle Bin, in Name order. */
  const licenses = (): DemoRecord[] =>
    demo.store
      .rows('sfLma__License__c')
      .filter((l) => l.IsDeleted !== true)
      .sort((a, b) => String(a.Name).localeCompare(String(b.Name)));
  const nameOf = (id: unknown): string | null => (typeof id === 'string' ? ((demo.store.lookup(id)?.Name as string | undefined) ?? null) : null);

  before(async () => {
    demo = await startDemo({ licenses: LICENSES, username: 'admin@sf-cli-lmo.demo' });
    sf = new SfCli();
    token = demo.issueAccessToken();
    const login = await sf.loginByReadme(demo, token);
    alias = login.alias;
    assert.equal(login.run.status, 0, `${login.run.stdout}\n${login.run.stderr}`);
    assert.match(login.run.stdout, new RegExp(`Successfully authorized ${demo.username} with org ID ${demo.orgId}`));
  });
  after(async () => {
    sf?.dispose();
    await demo?.close();
  });

  it('logs in with the recipe in docs/demo.md, and sf org display shows the org connected, without the token', async () => {
    const shown = await sf.run('org', 'display', '--target-org', alias, '--json');
    assert.equal(shown.status, 0, shown.stderr);
    const result = (JSON.parse(shown.stdout) as { result: Record<string, string> }).result;
    assert.deepEqual(
      {
        id: result.id,
        username: result.username,
        alias: result.alias,
        instanceUrl: result.instanceUrl,
        connectedStatus: result.connectedStatus,
        apiVersion: result.apiVersion,
      },
      { id: demo.orgId, username: demo.username, alias, instanceUrl: `${demo.url}/`, connectedStatus: 'Connected', apiVersion: '66.0' },
    );
    assert.ok(!shown.stdout.includes(token.split('!')[1]), 'the secret part of the token is not printed');
  });

  it('sf org list limits shows the daily API requests the demo counts', async () => {
    const limits = await sf.json<{ name: string; max: number; remaining: number }[]>('org', 'list', 'limits', '--target-org', alias);
    const daily = limits.find((l) => l.name === 'DailyApiRequests');
    assert.equal(daily?.max, 100_000);
    assert.ok(daily && daily.remaining < daily.max && daily.remaining > daily.max - 1000, JSON.stringify(daily));
    assert.deepEqual(
      limits.map((l) => l.name),
      ['DailyApiRequests', 'DataStorageMB', 'FileStorageMB'],
    );
  });

  it('sf sobject describe lists the License fields with their types', async () => {
    const run = await sf.run('sobject', 'describe', '--sobject', 'sfLma__License__c', '--target-org', alias);
    assert.equal(run.status, 0, run.stderr);
    const described = JSON.parse(run.stdout) as { name: string; keyPrefix: string; fields: { name: string; type: string }[] };
    assert.equal(described.name, 'sfLma__License__c');
    assert.equal(described.keyPrefix, 'a0L');
    const types = new Map(described.fields.map((f) => [f.name, f.type]));
    assert.equal(types.get('sfLma__Seats__c'), 'double');
    assert.equal(types.get('sfLma__Expiration__c'), 'date');
    assert.equal(types.get('sfLma__Package_Version__c'), 'reference');
    assert.ok(described.fields.length > 30, `${described.fields.length} fields`);
  });

  const FIVE = 'SELECT Id, Name, sfLma__Status__c, sfLma__Package__r.Name FROM sfLma__License__c ORDER BY Name LIMIT 5';

  it('sf data query prints a table with relationship columns and the row count', async () => {
    const run = await sf.run('data', 'query', '--query', FIVE, '--target-org', alias);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, tableLine('ID', 'NAME', 'SFLMA__STATUS__C', 'SFLMA__PACKAGE__R.NAME'));
    assert.match(run.stdout, /Total number of records retrieved: 5\./);
    for (const l of licenses().slice(0, 5)) {
      const row = run.stdout.split('\n').find((line) => line.includes(String(l.Id)));
      assert.ok(row, `a row for ${String(l.Name)}`);
      assert.ok(row.includes(String(l.Name)) && row.includes(String(l.sfLma__Status__c)) && row.includes(String(nameOf(l.sfLma__Package__c))), row);
    }
  });

  it('sf data query --result-format csv writes the same rows as CSV', async () => {
    const run = await sf.run('data', 'query', '--query', FIVE, '--result-format', 'csv', '--target-org', alias);
    assert.equal(run.status, 0, run.stderr);
    const [header, ...rows] = parseCsv(run.stdout);
    assert.deepEqual(header, ['Id', 'Name', 'sfLma__Status__c', 'sfLma__Package__r.Name']);
    assert.deepEqual(
      rows,
      licenses()
        .slice(0, 5)
        .map((l) => [l.Id, l.Name, l.sfLma__Status__c, nameOf(l.sfLma__Package__c) ?? '']),
    );
  });

  it('sf data query --json returns the records with their nested parents', async () => {
    const result = await sf.json<{ totalSize: number; done: boolean; records: Record<string, unknown>[] }>(
      'data',
      'query',
      '--query',
      FIVE,
      '--target-org',
      alias,
    );
    assert.equal(result.totalSize, 5);
    assert.equal(result.done, true);
    assert.deepEqual(
      result.records.map((r) => [r.Name, (r.sfLma__Package__r as { Name?: string } | null)?.Name ?? null]),
      licenses()
        .slice(0, 5)
        .map((l) => [l.Name, nameOf(l.sfLma__Package__c)]),
    );
  });

  it('sf data query runs an aggregate with GROUP BY: the counts per status are the demo’s', async () => {
    const expected = new Map<string, number>();
    for (const l of licenses()) expected.set(String(l.sfLma__Status__c), (expected.get(String(l.sfLma__Status__c)) ?? 0) + 1);
    const soql = 'SELECT sfLma__Status__c, COUNT(Id) n FROM sfLma__License__c GROUP BY sfLma__Status__c';
    const csv = await sf.run('data', 'query', '--query', soql, '--result-format', 'csv', '--target-org', alias);
    assert.equal(csv.status, 0, csv.stderr);
    const [header, ...rows] = parseCsv(csv.stdout);
    assert.deepEqual(header, ['sfLma__Status__c', 'n']);
    assert.deepEqual(new Map(rows.map(([status, n]) => [status, Number(n)])), expected);
    // Unaliased, the table heads the column with the function.
    const table = await sf.run('data', 'query', '--query', soql.replace(' n ', ' '), '--target-org', alias);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, tableLine('SFLMA__STATUS__C', 'COUNT(ID)'));
    assert.match(table.stdout, tableLine('Active', String(expected.get('Active'))));
  });

  it('sf data query --use-tooling-api reads installed packages and their versions', async () => {
    const installed = await sf.json<{ records: { SubscriberPackage: { NamespacePrefix: string } }[] }>(
      'data',
      'query',
      '--use-tooling-api',
      '--query',
      'SELECT Id, SubscriberPackage.NamespacePrefix FROM InstalledSubscriberPackage',
      '--target-org',
      alias,
    );
    assert.deepEqual(
      installed.records.map((r) => r.SubscriberPackage.NamespacePrefix).sort(),
      demo
        .installedPackages()
        .map((p) => p.namespace)
        .sort(),
    );
    const versions = await sf.run(
      'data',
      'query',
      '--use-tooling-api',
      '--query',
      'SELECT Name, MajorVersion, MinorVersion, IsManaged FROM SubscriberPackageVersion',
      '--result-format',
      'csv',
      '--target-org',
      alias,
    );
    assert.equal(versions.status, 0, versions.stderr);
    const [major, minor] = demo.lmaVersion.split('.');
    assert.ok(
      parseCsv(versions.stdout).some((r) => r.join(',') === `License Management App ${major}.${minor},${major},${minor},true`),
      versions.stdout,
    );
  });

  it('sf data query past 2,000 rows fetches every page; --all-rows adds the Recycle Bin', async () => {
    const mark = demo.requests.mark();
    const session = demo.sessionOf(token);
    const all = await sf.json<{ totalSize: number; done: boolean; records: { Id: string }[] }>(
      'data',
      'query',
      '--query',
      'SELECT Id, Name FROM sfLma__License__c',
      '--target-org',
      alias,
    );
    assert.ok(demo.licenseCount > 2000, `${demo.licenseCount} licenses`);
    assert.equal(all.totalSize, demo.licenseCount);
    assert.equal(new Set(all.records.map((r) => r.Id)).size, demo.licenseCount);
    assert.equal(all.done, true);
    assert.ok(
      demo.requests.lines(mark, session).some((line) => /^GET \/services\/data\/v66\.0\/query\/01g\w+-2000$/.test(line)),
      'the second page came through its query locator',
    );
    const deleted = demo.store.rows('sfLma__License__c').length - demo.licenseCount;
    assert.ok(deleted > 0, 'the demo holds deleted licenses');
    const withDeleted = await sf.json<{ totalSize: number; records: unknown[] }>(
      'data',
      'query',
      '--all-rows',
      '--query',
      'SELECT Id FROM sfLma__License__c',
      '--target-org',
      alias,
    );
    assert.equal(withDeleted.totalSize, demo.licenseCount + deleted);
    assert.equal(withDeleted.records.length, demo.licenseCount + deleted);
  });

  it('sf data get record shows one License’s fields', async () => {
    const license = licenses()[7];
    const record = await sf.json<Record<string, unknown>>(
      'data',
      'get',
      'record',
      '--sobject',
      'sfLma__License__c',
      '--record-id',
      license.Id,
      '--target-org',
      alias,
    );
    assert.equal(record.Id, license.Id);
    assert.equal(record.Name, license.Name);
    assert.equal(record.sfLma__Seats__c, license.sfLma__Seats__c);
    assert.equal(record.sfLma__Subscriber_Org_ID__c, license.sfLma__Subscriber_Org_ID__c);
  });

  it('sf package installed list shows the installed packages and versions', async () => {
    const rows = await sf.json<{ SubscriberPackageNamespace: string; SubscriberPackageVersionNumber: string; VersionSettings: string }[]>(
      'package',
      'installed',
      'list',
      '--target-org',
      alias,
    );
    assert.deepEqual(
      rows.map((r) => r.SubscriberPackageNamespace).sort(),
      demo
        .installedPackages()
        .map((p) => p.namespace)
        .sort(),
    );
    const lma = rows.find((r) => r.SubscriberPackageNamespace === 'sfLma');
    assert.match(lma?.SubscriberPackageVersionNumber ?? '', new RegExp(`^${demo.lmaVersion.replace(/\./g, '\\.')}\\.\\d+$`));
    assert.equal(lma?.VersionSettings, 'namespace');
  });

  it('sf data export tree writes the queried Licenses to a file', async () => {
    const dir = join(sf.work, 'tree');
    const result = await sf.json<{ records: { Name: string }[] }>(
      'data',
      'export',
      'tree',
      '--query',
      'SELECT Id, Name, sfLma__Seats__c, sfLma__Status__c FROM sfLma__License__c ORDER BY Name LIMIT 3',
      '--output-dir',
      dir,
      '--target-org',
      alias,
    );
    assert.deepEqual(
      result.records.map((r) => r.Name),
      licenses()
        .slice(0, 3)
        .map((l) => l.Name),
    );
    const file = JSON.parse(readFileSync(join(dir, 'sfLma__License__c.json'), 'utf8')) as { records: Record<string, unknown>[] };
    assert.deepEqual(
      file.records.map((r) => [r.Name, r.sfLma__Seats__c, r.sfLma__Status__c]),
      licenses()
        .slice(0, 3)
        .map((l) => [l.Name, l.sfLma__Seats__c, l.sfLma__Status__c]),
    );
    assert.deepEqual(
      file.records.map((r) => (r.attributes as { referenceId: string }).referenceId),
      ['sfLma__License__cRef1', 'sfLma__License__cRef2', 'sfLma__License__cRef3'],
    );
  });

  it('sf api request rest calls any REST resource: limits, and a COUNT() query', async () => {
    const limits = await sf.run('api', 'request', 'rest', '/services/data/v66.0/limits', '--target-org', alias);
    assert.equal(limits.status, 0, limits.stderr);
    assert.equal((JSON.parse(limits.stdout) as { DailyApiRequests: { Max: number } }).DailyApiRequests.Max, 100_000);
    const count = await sf.run(
      'api',
      'request',
      'rest',
      `/services/data/v66.0/query?q=${encodeURIComponent('SELECT COUNT() FROM sfLma__License__c')}`,
      '--target-org',
      alias,
    );
    assert.equal(count.status, 0, count.stderr);
    assert.equal((JSON.parse(count.stdout) as { totalSize: number }).totalSize, demo.licenseCount);
  });

  it('sf org open --url-only gives a front-door URL that logs a browser in on the License’s record page', async () => {
    const license = licenses()[3];
    const path = `/lightning/r/sfLma__License__c/${license.Id}/view`;
    const opened = await sf.json<{ url: string; orgId: string }>('org', 'open', '--url-only', '--path', path, '--target-org', alias);
    assert.equal(opened.orgId, demo.orgId);
    assert.ok(opened.url.startsWith(`${demo.url}/secur/frontdoor.jsp?`), opened.url);
    // A browser: follow the redirect, keep the cookie.
    const door = await fetch(opened.url, { redirect: 'manual' });
    assert.equal(door.status, 302);
    const cookie = (door.headers.get('set-cookie') ?? '').split(';')[0];
    assert.match(cookie, /^sid=/);
    const target = new URL(door.headers.get('location') ?? '', demo.url);
    assert.equal(target.pathname, path);
    const page = await fetch(target, { headers: { Cookie: cookie } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, new RegExp(`<title>License: ${String(license.Name)}</title>`));
    assert.equal((await fetch(target)).status, 401, 'without the cookie the page asks for a login');
    assert.equal((await fetch(opened.url, { redirect: 'manual' })).headers.get('set-cookie'), null, 'the front-door URL works once');
  });

  it('sf data export bulk fails cleanly: the demo has no Bulk API and answers NOT_FOUND, as for any resource it lacks', async () => {
    const file = join(sf.work, 'bulk.csv');
    const run = await sf.run(
      'data',
      'export',
      'bulk',
      '--query',
      'SELECT Id, Name FROM sfLma__License__c',
      '--output-file',
      file,
      '--result-format',
      'csv',
      '--wait',
      '1',
      '--target-org',
      alias,
      '--json',
    );
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /The requested resource does not exist/);
    assert.equal(existsSync(file), false);
  });

  it("this project's report, on the login the real CLI made, shows the demo's numbers", async () => {
    execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'pipe' });
    const session = demo.sessionOf(token);
    const mark = demo.requests.mark();
    const run = await sf.product('dashboard', '--target-org', alias, '--today', TODAY, '--json');
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { org: string; apiCalls: number; metrics: { options: MetricsOptions } };
    assert.equal(report.org, alias);
    const { options } = report.metrics;
    assert.deepEqual([options.today, options.includeSandboxes, options.churnDays], [TODAY, false, 90]);
    const calls = demo.requests.since(mark);
    assert.ok(calls.length >= report.apiCalls && report.apiCalls > 0, `${calls.length} calls, ${report.apiCalls} reported`);
    assert.ok(
      calls.every((c) => c.session === session),
      "every call of the report came on the real CLI's login",
    );
    // The demo's numbers: a plain computation over every license, package, version and status change.
    const { lmo } = await openDemo(demo);
    const all = await lmo.licenses({});
    const history = await lmo.client.fetchAll<Record<string, unknown>>(
      "SELECT ParentId, NewValue, CreatedDate FROM sfLma__License__History WHERE Field = 'sfLma__Status__c'",
    );
    const expected = metricsFromLicenses(
      all.records,
      await lmo.packages(),
      await lmo.packageVersions(),
      { ...options, today: calendarDate(TODAY) },
      history.records.map((r) => ({ licenseId: String(r.ParentId), newStatus: typeof r.NewValue === 'string' ? r.NewValue : null, at: String(r.CreatedDate) })),
    );
    assert.deepEqual(report.metrics, JSON.parse(JSON.stringify(expected)));
  });
});
