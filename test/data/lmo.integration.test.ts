/**
 * The data layer through the real stack: @salesforce/core's auth store (isolated HOME),
 * core's Connection (jsforce) over HTTP, against the demo LMO.
 */
import * as assert from 'node:assert/strict';
import { type LicenseManagementOrg } from '../../src/data/lmo/licenseManagementOrg';
import { LmoError } from '../../src/data/org/errors';
import { DEMO_LMA_VERSION, type DemoLmo } from '../../src/demo/http/server';
import { connectByAlias, loginWithCli, openDemo, requestsOf, startDemo } from '../support/demoOrg';

async function expectLmoError(promise: Promise<unknown>, kind: LmoError['kind']): Promise<LmoError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof LmoError, `expected an LmoError, got ${String(err)}`);
    assert.equal(err.kind, kind, `${err.kind}: ${err.message}`);
    return err;
  }
  assert.fail(`expected a ${kind} error`);
}

describe('LMO data layer against the demo LMO (real @salesforce/core + jsforce over HTTP)', function () {
  let demo: DemoLmo;
  let lmo: LicenseManagementOrg;
  let session: number;
  /** How many API calls `task` made (this test's own session, since it started). */
  const calls = async <T>(task: () => Promise<T>): Promise<{ result: T; calls: number }> => {
    const { result, requests } = await requestsOf(demo, session, task);
    return { result, calls: requests.length };
  };

  before(async () => {
    demo = await startDemo({ licenses: 5000 });
    session = await loginWithCli(demo, 'demo-lmo');
    lmo = await connectByAlias('demo-lmo');
  });
  after(() => demo.close());
  beforeEach(() => {
    demo.faults.reset();
  });

  it('connects by CLI alias and names the org by that alias', () => {
    assert.equal(lmo.target.source, 'cli');
    assert.equal(lmo.target.label, 'demo-lmo');
    assert.equal(lmo.target.username, demo.username);
    // The CLI stores the instance URL with a trailing slash; the connection works either way.
    assert.equal(lmo.target.instanceUrl, `${demo.url}/`);
  });

  it('returns all 5,000 licenses in 3 pages of at most 2,000', async () => {
    const pages: number[] = [];
    const { result, calls: made } = await calls(() => lmo.licenses({}, { onPage: (fetched) => pages.push(fetched) }));
    assert.equal(result.records.length, demo.licenseCount);
    assert.equal(result.complete, true);
    assert.equal(new Set(result.records.map((l) => l.id)).size, demo.licenseCount);
    assert.deepEqual(pages, [2000, 4000, demo.licenseCount]);
    assert.equal(made, 3);
  });

  it('honours Sforce-Query-Options batchSize', async () => {
    const { result, calls: made } = await calls(() => lmo.licenses({}, { batchSize: 1000 }));
    assert.equal(result.records.length, demo.licenseCount);
    assert.equal(made, Math.ceil(demo.licenseCount / 1000));
  });

  it('stops at an explicit cap and says the result is incomplete', async () => {
    const result = await lmo.licenses({}, { cap: 2500 });
    assert.equal(result.records.length, 2500);
    assert.equal(result.complete, false);
    assert.equal(result.totalSize, demo.licenseCount);
  });

  it('pages licenses by keyset, one call per page, without gaps or repeats', async () => {
    const seen = new Set<string>();
    let afterId: string | undefined;
    let pages = 0;
    const filter = { statuses: ['Trial' as const] };
    const { calls: made } = await calls(async () => {
      do {
        const page = await lmo.licensePage(filter, { afterId, pageSize: 200 });
        for (const l of page.licenses) {
          assert.ok(!seen.has(l.id), `repeated ${l.id}`);
          assert.equal(l.status, 'Trial');
          seen.add(l.id);
        }
        afterId = page.nextAfterId;
        pages++;
      } while (afterId);
    });
    assert.ok(pages > 1, 'more than one page');
    assert.equal(made, pages);
    assert.equal(seen.size, await lmo.countLicenses(filter));
  });

  it('pages by keyset past the 2,000-row batch limit', async () => {
    const first = await lmo.licensePage({}, { pageSize: 2000 });
    assert.equal(first.licenses.length, 2000);
    assert.ok(first.nextAfterId);
    const second = await lmo.licensePage({}, { pageSize: 2000, afterId: first.nextAfterId });
    const third = await lmo.licensePage({}, { pageSize: 2000, afterId: second.nextAfterId });
    assert.equal(first.licenses.length + second.licenses.length + third.licenses.length, demo.licenseCount);
    assert.equal(third.nextAfterId, undefined);
  });

  it('reads packages and versions as domain objects', async () => {
    const packages = await lmo.packages();
    assert.deepEqual(
      packages.map((p) => p.name),
      ['Acme Billing', 'Acme CPQ Connector', 'Acme Field Service', 'Acme Insights (legacy)'],
    );
    assert.match(packages[0].packageId ?? '', /^033/);
    const versions = await lmo.packageVersions(packages[0].id);
    assert.ok(versions.some((v) => v.isBeta));
    assert.ok(versions.every((v) => v.packageId === packages[0].id));
  });

  it('counts licenses per package on the server, matching a full count', async () => {
    const { result: byPackage, calls: made } = await calls(() => lmo.licenseCounts({}, 'package'));
    const total = [...byPackage.values()].reduce((a, b) => a + b, 0);
    assert.equal(total, demo.licenseCount);
    assert.equal(made, 1);
  });

  it('finds a subscriber by hostile name text without SOQL injection', async () => {
    const found = await lmo.licenses({ search: "'; DELETE FROM sfLma__License__c; --" });
    assert.ok(found.records.length > 0);
    assert.ok(found.records.every((l) => (l.accountName ?? l.leadCompany ?? '').startsWith("'; DELETE")));
    const none = await lmo.licenses({ search: "x' OR Name != 'y" });
    assert.equal(none.records.length, 0);
  });

  it('finds every license of an org by its 18-character id', async () => {
    const some = (await lmo.licensePage({}, { pageSize: 1 })).licenses[0];
    const byOrg = await lmo.licenses({ orgId: `${some.orgKey}XYZ` });
    const expected = demo.store
      .rows('sfLma__License__c')
      .filter((l) => l.IsDeleted !== true && String(l.sfLma__Subscriber_Org_ID__c).slice(0, 15) === some.orgKey).length;
    assert.equal(byOrg.records.length, expected, 'every license of the org, its case twin (another org) left out');
    assert.ok(byOrg.records.every((l) => l.orgKey === some.orgKey));
  });

  describe('installed LMA version', () => {
    afterEach(() => {
      demo.setLmaVersion(DEMO_LMA_VERSION);
      demo.setLmaInstalled(true);
    });

    it('reads it from InstalledSubscriberPackage, and sees an upgrade', async () => {
      const before = await lmo.installedLmaVersion();
      assert.equal(before.kind, 'installed');
      assert.equal(before.kind === 'installed' && before.version, DEMO_LMA_VERSION);
      assert.equal(before.kind === 'installed' && before.source, 'InstalledSubscriberPackage');
      assert.match(before.kind === 'installed' ? (before.packageVersionId ?? '') : '', /^04t/);
      demo.setLmaVersion('1.24.3');
      const v = await lmo.installedLmaVersion();
      assert.equal(v.kind === 'installed' && v.version, '1.24.3');
    });

    it('falls back to unfiltered rows when the org refuses the namespace filter', async () => {
      demo.faults.inject(
        { kind: 'apiError', status: 400, errorCode: 'INVALID_FIELD', message: "field 'NamespacePrefix' can not be filtered in a query call" },
        { match: 'WHERE' },
      );
      const { result: v, calls: made } = await calls(() => lmo.installedLmaVersion());
      assert.equal(v.kind === 'installed' && v.source, 'InstalledSubscriberPackage');
      assert.equal(v.kind === 'installed' && v.version, DEMO_LMA_VERSION);
      assert.equal(made, 2);
    });

    it('falls back to Publisher (major.minor) when InstalledSubscriberPackage is refused', async () => {
      demo.faults.inject(
        { kind: 'apiError', status: 400, errorCode: 'INVALID_TYPE', message: "sObject type 'InstalledSubscriberPackage' is not supported." },
        { match: 'InstalledSubscriberPackage', times: 2 },
      );
      assert.deepEqual(await lmo.installedLmaVersion(), { kind: 'installed', version: DEMO_LMA_VERSION.split('.').slice(0, 2).join('.'), source: 'Publisher' });
    });

    it('explains when no query is allowed', async () => {
      demo.faults.inject({ kind: 'apiError', status: 403, errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' }, { times: 3 });
      const v = await lmo.installedLmaVersion();
      assert.equal(v.kind, 'unknown');
      assert.match(v.kind === 'unknown' ? v.error.message : '', /Download AppExchange Packages/);
    });

    it('says not installed when the LMA is absent', async () => {
      demo.setLmaInstalled(false);
      assert.deepEqual(await lmo.installedLmaVersion(), { kind: 'notInstalled' });
    });
  });

  describe('errors a user can act on', () => {
    it('missing LMA: the probe says so, and queries explain how to install it', async () => {
      demo.setLmaInstalled(false);
      try {
        const probe = await lmo.probeLma();
        assert.equal(probe.installed, false);
        const err = await expectLmoError(lmo.packages(), 'lmaMissing');
        assert.match(err.message, /License Management App is not installed in demo-lmo/);
      } finally {
        demo.setLmaInstalled(true);
      }
      assert.deepEqual(await lmo.probeLma(), { installed: true });
    });

    it('expired session: tells how to log in again with the CLI alias', async () => {
      demo.expireSession();
      try {
        const err = await expectLmoError(lmo.packages(), 'sessionExpired');
        assert.match(err.message, /sf org login web --alias demo-lmo/);
      } finally {
        session = await loginWithCli(demo, 'demo-lmo');
        lmo = await connectByAlias('demo-lmo');
      }
    });

    it('API limit: says it is the org daily limit, not a permission problem', async () => {
      demo.faults.settings.apiLimitReached = true;
      const err = await expectLmoError(lmo.packages(), 'apiLimit');
      assert.match(err.message, /daily API request limit/);
      assert.match(err.message, /not a permission problem/);
    });

    it('missing permission', async () => {
      demo.faults.inject({ kind: 'apiError', status: 403, errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' });
      const err = await expectLmoError(lmo.packages(), 'permission');
      assert.match(err.message, /Salesforce admin/);
    });

    it('query timeout, server error and a non-JSON answer each get their own message', async () => {
      demo.faults.inject({ kind: 'queryTimeout' });
      await expectLmoError(lmo.countLicenses({}), 'queryTimeout');
      demo.faults.inject({ kind: 'serverError', status: 503 });
      await expectLmoError(lmo.countLicenses({}), 'serverError');
      demo.faults.inject({ kind: 'invalidJson' });
      await expectLmoError(lmo.packages(), 'badResponse');
      demo.faults.inject({ kind: 'truncatedJson' });
      await expectLmoError(lmo.packages(), 'badResponse');
    });

    it('an error with an empty body still gets a message', async () => {
      demo.faults.inject({ kind: 'emptyError', status: 503 });
      const server = await expectLmoError(lmo.countLicenses({}), 'serverError');
      assert.match(server.message, /server error/);
      demo.faults.inject({ kind: 'emptyError', status: 400 });
      const bare = await expectLmoError(lmo.countLicenses({}), 'unknown');
      assert.match(bare.message, /HTTP 400 with no details/);
    });

    it('a request that is never answered times out with its own message', async () => {
      const { lmo: slow } = await openDemo(demo, { timeoutMs: 1500 });
      // The org never answers: only the timeout can end the call.
      demo.faults.inject({ kind: 'hang' });
      const err = await expectLmoError(slow.countLicenses({}), 'timeout');
      assert.match(err.message, /did not answer within 2 s/);
    });

    it('a cancelled request stops at once', async () => {
      demo.faults.inject({ kind: 'hang' });
      const controller = new AbortController();
      const pending = lmo.countLicenses({}, { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await expectLmoError(pending, 'cancelled');
    });

    it('finds a subscriber by id exactly: an org whose id differs only in letter case is another org', async () => {
      const all = await lmo.licenses({});
      const byLower = new Map<string, Set<string>>();
      for (const l of all.records) byLower.set(l.orgKey.toLowerCase(), (byLower.get(l.orgKey.toLowerCase()) ?? new Set()).add(l.orgKey));
      const twins = [...byLower.values()].find((ids) => ids.size > 1);
      assert.ok(twins, 'the demo holds two org ids that differ only in case');
      const [a, b] = [...twins];
      const loose = await lmo.licenses({ orgId: a });
      assert.ok(
        loose.records.some((l) => l.orgKey === b),
        'SOQL matches both (text comparison ignores case)',
      );
      const exact = await lmo.licensesOfOrg(a);
      assert.ok(exact.length > 0 && exact.every((l) => l.orgKey === a));
    });

    it('network down: names the org and its URL', async () => {
      const other = await startDemo({ licenses: 100, username: 'admin@gone-lmo.demo' });
      await loginWithCli(other, 'gone-lmo');
      const gone = await connectByAlias('gone-lmo');
      await other.close();
      const err = await expectLmoError(gone.packages(), 'network');
      assert.match(err.message, /Cannot reach gone-lmo at http:\/\/127\.0\.0\.1:\d+\//);
    });

    it('an unknown alias gets the login command, not a stack trace', async () => {
      const err = await expectLmoError(connectByAlias('no-such-alias'), 'sessionExpired');
      assert.match(err.message, /sf org login web --alias no-such-alias/);
    });
  });

  describe('Composite', () => {
    it('runs five queries in one API call', async () => {
      const { result: results, calls: made } = await calls(() =>
        lmo.client.compositeQueries({
          total: 'SELECT COUNT() FROM sfLma__License__c',
          active: "SELECT COUNT() FROM sfLma__License__c WHERE sfLma__Status__c = 'Active'",
          seats: 'SELECT SUM(sfLma__Seats__c) s FROM sfLma__License__c WHERE sfLma__Seats__c >= 0',
          packages: 'SELECT Id, Name FROM sfLma__Package__c',
          editions: 'SELECT sfLma__Org_Type__c, COUNT(Id) FROM sfLma__License__c GROUP BY sfLma__Org_Type__c',
        }),
      );
      assert.equal(made, 1);
      assert.equal(results.total.totalSize, demo.licenseCount);
      assert.ok(results.active.totalSize > 0 && results.active.totalSize < demo.licenseCount);
      assert.ok(Number((results.seats.records[0] as Record<string, unknown>).s) > 0);
      assert.equal(results.packages.records.length, 4);
    });

    it('splits more than five queries over as few calls as allowed', async () => {
      const queries: Record<string, string> = {};
      for (let i = 0; i < 12; i++) queries[`q${i}`] = `SELECT COUNT() FROM sfLma__License__c WHERE sfLma__Seats__c > ${i}`;
      const { result: results, calls: made } = await calls(() => lmo.client.compositeQueries(queries));
      assert.equal(Object.keys(results).length, 12);
      assert.equal(made, 3);
      assert.ok(results.q0.totalSize >= results.q11.totalSize);
    });

    it('refuses more than 25 subrequests before calling', async () => {
      const subrequests = Array.from({ length: 26 }, (_, i) => ({ referenceId: `r${i}`, method: 'GET' as const, path: '/limits' }));
      const { calls: made } = await calls(() => assert.rejects(lmo.client.composite(subrequests), /at most 25/));
      assert.equal(made, 0);
    });

    it('maps a failing subquery to its own error', async () => {
      await expectLmoError(lmo.client.compositeQueries({ bad: 'SELECT Nope__c FROM sfLma__License__c' }), 'permission');
      await expectLmoError(lmo.client.compositeQueries({ bad: 'SELECT Id FROM Accountz' }), 'invalidQuery');
    });
  });
});
