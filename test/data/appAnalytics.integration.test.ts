/**
 * AppAnalytics against the demo LMO, through @salesforce/core + jsforce over HTTP: a month's
 * active users equal an independent count of the demo's own summary file; each state that stops a
 * month is explained; the download never carries the Salesforce Authorization header (the demo's
 * file host refuses it, as an object store does); the calls it costs; the cache.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usageMonth } from '../../src/core/usage/usageMonth';
import { AppAnalytics } from '../../src/data/lmo/appAnalytics';
import { type DemoLmo } from '../../src/demo/http/server';
import { UsageCache } from '../../src/storage/usageCache';
import { openDemo, requestsOf, startDemo } from '../support/demoOrg';
import { oracleActiveUsers } from '../support/usageOracle';

const FAST = { firstDelayMs: 250, factor: 2, maxDelayMs: 1_000, maxTotalMs: 20_000 };
const MONTH = usageMonth('2026-02');
const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('data/lmo/appAnalytics against the demo LMO', function () {
  this.timeout(60_000);
  let demo: DemoLmo;
  let dir: string;
  let packageIds: string[];
  before(async () => {
    demo = await startDemo({ appAnalyticsDelayMs: 100 });
    packageIds = demo.store.rows('sfLma__Package__c').map((p) => String(p.sfLma__Package_ID__c));
    dir = mkdtempSync(join(tmpdir(), 'lma-usage-data-'));
  });
  after(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => demo.setAppAnalytics('enabled'));

  it("a month's active users equal the independent count of the demo's summary file, for 2 API calls and one download", async () => {
    const { client, session } = await openDemo(demo);
    // The product's own schedule: the first poll waits 2 s, by which a summary request is complete.
    const polls: string[] = [];
    const { result, requests } = await requestsOf(demo, session, () =>
      new AppAnalytics(client).usageSummary(MONTH, packageIds, { now: NOW, onPoll: (state) => polls.push(state) }),
    );
    assert.deepEqual(polls, ['Complete']);
    assert.equal(result.state, 'ready', JSON.stringify(result));
    if (result.state !== 'ready') return;
    const oracle = oracleActiveUsers(demo.appAnalytics.summaryCsv(MONTH, packageIds));
    assert.ok(oracle.size > 10, `the demo has usage: ${oracle.size}`);
    assert.deepEqual(Object.fromEntries([...result.activeUsers].sort()), Object.fromEntries([...oracle].sort()));
    assert.equal(result.downloads, 1);
    // The create, then one poll: the first poll waits the first delay, by which the request is complete.
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`),
      [`POST /services/data/v${client.apiVersion}/sobjects/AppAnalyticsQueryRequest`, `GET /services/data/v${client.apiVersion}/query`],
    );
    assert.equal(result.apiCalls, 2);
  });

  it('one package: only its orgs, equal to the oracle of that package', async () => {
    const { client } = await openDemo(demo);
    const result = await new AppAnalytics(client).usageSummary(MONTH, [packageIds[0]], { schedule: FAST, now: NOW });
    assert.equal(result.state, 'ready');
    if (result.state !== 'ready') return;
    assert.deepEqual(
      Object.fromEntries([...result.activeUsers].sort()),
      Object.fromEntries([...oracleActiveUsers(demo.appAnalytics.summaryCsv(MONTH, [packageIds[0]]))].sort()),
    );
  });

  it('the download goes without the Salesforce Authorization header: the file host refuses a request that carries it', async () => {
    const { client } = await openDemo(demo);
    const analytics = new AppAnalytics(client);
    // What the product downloaded without the header worked (above); the same URL with the header is refused.
    const id = (
      (await client.request('POST', '/sobjects/AppAnalyticsQueryRequest', {
        DataType: 'PackageUsageSummary',
        StartTime: '2026-02-01T00:00:00Z',
        EndTime: '2026-03-01T00:00:00Z',
      })) as { id: string }
    ).id;
    let url = '';
    for (let i = 0; i < 50 && !url; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const page = await client.query<{ DownloadUrl: string | null }>(`SELECT DownloadUrl FROM AppAnalyticsQueryRequest WHERE Id = '${id}'`);
      url = page.records[0]?.DownloadUrl ?? '';
    }
    const withHeader = await fetch(url, { headers: { Authorization: `Bearer ${client.connection.accessToken}` } });
    await withHeader.body?.cancel();
    assert.equal(withHeader.status, 400, 'the demo is at least as strict as an object store');
    const result = await analytics.usageSummary(MONTH, packageIds, { schedule: FAST, now: NOW });
    assert.equal(result.state, 'ready');
  });

  it('not enabled: an explained state with both ways to enable it, not an error', async () => {
    demo.setAppAnalytics('disabled');
    const { client } = await openDemo(demo);
    const result = await new AppAnalytics(client).usageSummary(MONTH, packageIds, { schedule: FAST, now: NOW });
    assert.equal(result.state, 'notEnabled', JSON.stringify(result));
    assert.match(result.action, /sf package update --package <package> --enable-app-analytics/);
    assert.match(result.action, /Partner Community/);
    assert.equal(result.downloads, 0);
  });

  it('no access to the object: noAccess, with the permission to ask for, after one call', async () => {
    demo.setAppAnalytics('noAccess');
    const { client, session } = await openDemo(demo);
    const { result, requests } = await requestsOf(demo, session, () => new AppAnalytics(client).usageSummary(MONTH, packageIds, { schedule: FAST, now: NOW }));
    assert.equal(result.state, 'noAccess', JSON.stringify(result));
    assert.match(result.action, /Read and Create on the App Analytics Query Request/);
    assert.equal(requests.length, 1);
  });

  it('the current month is not yet available, without a call; an old month without data is noData', async () => {
    const { client, session } = await openDemo(demo);
    const analytics = new AppAnalytics(client);
    const { result, requests } = await requestsOf(demo, session, () => analytics.usageSummary(usageMonth('2026-03'), packageIds, { now: NOW }));
    assert.equal(result.state, 'notYetAvailable');
    assert.match(result.action, /on or after 2026-04-01/);
    assert.equal(requests.length, 0);
    const old = await analytics.usageSummary(usageMonth('2010-01'), packageIds, { schedule: FAST, now: NOW });
    assert.equal(old.state, 'noData', JSON.stringify(old));
  });

  it('a link that expired before the download is an explained failure, not a crash', async () => {
    const shortLived = await startDemo({ appAnalyticsDelayMs: 50, appAnalyticsUrlTtlMs: 1 });
    try {
      const { client } = await openDemo(shortLived);
      const result = await new AppAnalytics(client).usageSummary(MONTH, packageIds, { schedule: FAST, now: NOW });
      assert.equal(result.state, 'failed', JSON.stringify(result));
      assert.match(result.message, /expired/);
    } finally {
      await shortLived.close();
    }
  });

  it('cancelled while waiting: stops with "cancelled", no download', async () => {
    const slow = await startDemo({ appAnalyticsDelayMs: 10_000 });
    try {
      const { client } = await openDemo(slow);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 600);
      await assert.rejects(
        new AppAnalytics(client).usageSummary(MONTH, packageIds, { schedule: FAST, now: NOW, signal: controller.signal }),
        (err: Error & { kind?: string }) => err.kind === 'cancelled',
      );
    } finally {
      await slow.close();
    }
  });

  it('the cache: a second run of the month costs no call and no download, and gives the same counts', async () => {
    const cache = new UsageCache(join(dir, 'cache'));
    const { client, session } = await openDemo(demo);
    const analytics = new AppAnalytics(client);
    const first = await analytics.usageSummary(MONTH, packageIds, { schedule: FAST, now: NOW, cache });
    assert.equal(first.state, 'ready');
    const { result: second, requests } = await requestsOf(demo, session, () =>
      analytics.usageSummary(MONTH, [...packageIds].reverse(), { schedule: FAST, now: NOW, cache }),
    );
    assert.equal(second.state, 'ready');
    if (first.state !== 'ready' || second.state !== 'ready') return;
    assert.equal(second.fromCache, true);
    assert.equal(second.downloads, 0);
    assert.equal(requests.length, 0);
    assert.deepEqual(second.activeUsers, first.activeUsers);
  });
});
