/**
 * PushRequestReader against the demo over HTTP (real jsforce): the requests with their job counts
 * in two calls whatever their number, one request's jobs and errors one call per page, in the org
 * that owns the package — the packaging org for the 1GP package (the PBO demo, which is also the
 * LMO) and the Dev Hub for the 2GP package (a Dev Hub demo beside an LMO demo). What it reads is
 * compared with the demo's own records (demo.pushUpgrades.requests(), the LMO's licenses).
 */
import * as assert from 'node:assert/strict';
import { groupPushErrors, pushStatusOf, pushSubscribers, retryOrgs } from '../../src/core/linking/pushStatus';
import { compareVersionNumbers } from '../../src/core/versionNumber';
import { PushRequestReader } from '../../src/data/devHub/pushRequests';
import { DEMO_DEV_HUB_ORG_ID } from '../../src/demo/generator';
import { type DemoLmo } from '../../src/demo/http/server';
import { type DemoPushRequest } from '../../src/demo/pushUpgrades';
import { openDemo, requestsOf, startDemo } from '../support/demoOrg';

type Row = Record<string, unknown>;
const BILLING = '0335g0000000001AAA';
const INSIGHTS = '0335g0000000004AAA';
const id15 = (v: unknown) => String(v ?? '').slice(0, 15);
const sorted = (a: Iterable<string>) => [...a].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

/** The demo's own answer: errors by type and title → the 15-character orgs, counted from its records. */
function oracleGroups(r: DemoPushRequest): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const j of r.jobs) for (const e of j.errors) out.set(`${e.type}|${e.title}`, (out.get(`${e.type}|${e.title}`) ?? new Set()).add(id15(j.orgKey)));
  return new Map([...out].map(([k, v]) => [k, sorted(v)]));
}

/** The LMO's version of each org for a package (its live licenses), from the demo's store. */
function lmoVersions(lmo: DemoLmo, packageId: string): Map<string, string> {
  const pkg = lmo.store.rows('sfLma__Package__c').find((p) => id15(p.sfLma__Package_ID__c) === id15(packageId)) as Row;
  const out = new Map<string, string>();
  for (const l of lmo.store.rows('sfLma__License__c'))
    if (l.sfLma__Package__c === pkg.Id && l.sfLma__Status__c !== 'Uninstalled' && l.IsDeleted !== true) {
      const org = id15(l.sfLma__Subscriber_Org_ID__c);
      const v = String(l.sfLma__Version_Number__c ?? '');
      if (!out.has(org) || compareVersionNumbers(v, out.get(org) as string) > 0) out.set(org, v);
    }
  return out;
}

/** The orgs to push again, worked out from the demo's records: failed or not started, minus orgs the LMO shows on the target or later. */
function oracleRetry(r: DemoPushRequest, versions: Map<string, string>): string[] {
  const orgs = r.jobs.filter((j) => ['Failed', 'Created', 'Pending'].includes(j.status)).map((j) => id15(j.orgKey));
  return sorted(new Set(orgs.filter((o) => !(versions.get(o) && compareVersionNumbers(versions.get(o) as string, r.versionNumber) >= 0))));
}

function checkAgainstOracle(owner: DemoLmo, lmo: DemoLmo, reader: PushRequestReader, session: number, packageId: string, generation: '1gp' | '2gp') {
  return async () => {
    const oracle = owner.pushUpgrades.requests().filter((r) => r.packageId === packageId);
    assert.equal(oracle[0]?.generation, generation);
    const { result: requests, requests: calls } = await requestsOf(owner, session, () => reader.requests({ packageIds: [packageId] }));
    assert.equal(calls.length, 2, calls.map((c) => c.path).join('\n'));
    assert.deepEqual(sorted(requests.map((r) => r.id)), sorted(oracle.map((r) => r.id)));
    for (const r of requests) {
      const o = oracle.find((x) => x.id === r.id) as DemoPushRequest;
      assert.equal(r.status, o.status);
      assert.equal(r.versionNumber, o.versionNumber);
      assert.equal(r.orgsScheduled, o.jobs.length);
      for (const status of ['Succeeded', 'Failed', 'Canceled', 'Pending', 'Created', 'In Progress'] as const)
        assert.equal(r.jobs[status], o.jobs.filter((j) => pushStatusOf(j.status) === status).length, `${r.id} ${status}`);
    }
    const failed = oracle.find((r) => r.status === 'Failed') as DemoPushRequest;
    assert.ok(
      failed.jobs.some((j) => j.status === 'Cancelled'),
      'the seed has a cancelled job',
    );
    assert.equal(requests.find((r) => r.id === failed.id)?.jobs.Canceled, failed.jobs.filter((j) => j.status === 'Cancelled').length);

    const { result: errors, requests: errorCalls } = await requestsOf(owner, session, () => reader.errors(failed.id));
    assert.equal(errorCalls.length, 1);
    const groups = groupPushErrors(errors);
    assert.deepEqual(new Map(groups.map((g) => [`${g.type}|${g.title}`, g.orgKeys])), oracleGroups(failed));
    assert.ok(groups.length >= 3, 'several error types');

    const { result: jobs, requests: jobCalls } = await requestsOf(owner, session, () => reader.jobs(failed.id, { statuses: ['Failed', 'Created', 'Pending'] }));
    assert.equal(jobCalls.length, 1);
    assert.ok(jobs.every((j) => j.orgKey.length === 15));
    const versions = lmoVersions(lmo, packageId);
    const licenses = (await openDemo(lmo)).lmo;
    const record = lmo.store.rows('sfLma__Package__c').find((p) => id15(p.sfLma__Package_ID__c) === id15(packageId)) as Row;
    const subscribers = pushSubscribers((await licenses.licenses({ packageId: String(record.Id) })).records);
    const retry = retryOrgs(jobs, (k) => subscribers.get(k)?.versionNumber, failed.versionNumber);
    assert.deepEqual(retry, oracleRetry(failed, versions));
    // The seed's failed org that is on the target version now is left out.
    const onTarget = failed.jobs.filter((j) => j.status === 'Failed' && versions.get(id15(j.orgKey)) === failed.versionNumber).map((j) => id15(j.orgKey));
    assert.ok(onTarget.length >= 1 && onTarget.every((o) => !retry.includes(o)), `on target: ${onTarget.join(', ')}`);
  };
}

describe('PushRequestReader against the demo (push requests, jobs, errors)', function () {
  this.timeout(60_000);

  describe('1GP: the packaging org (a Partner Business Org that is also the LMO)', () => {
    let pbo: DemoLmo;
    let reader: PushRequestReader;
    let session: number;
    before(async () => {
      pbo = await startDemo({ licenses: 1000 });
      const opened = await openDemo(pbo);
      reader = new PushRequestReader(opened.client);
      session = opened.session;
    });
    after(() => pbo.close());

    it('reads the 1GP package’s requests, counts, errors and the orgs to push again as the demo holds them', async () => {
      await checkAgainstOracle(pbo, pbo, reader, session, INSIGHTS, '1gp')();
    });

    it('lists every package’s requests in two calls, and one request by its 15-character id', async () => {
      const { result, requests } = await requestsOf(pbo, session, () => reader.requests());
      assert.equal(requests.length, 2);
      assert.equal(result.length, pbo.pushUpgrades.requests().length);
      assert.ok(result.length >= 6);
      const one = pbo.pushUpgrades.requests().find((r) => r.status === 'Failed') as DemoPushRequest;
      const byId = await reader.requests({ requestId: one.id.slice(0, 15) });
      assert.deepEqual(
        byId.map((r) => r.id),
        [one.id],
      );
    });

    it('refuses an id that is not one before any call (a quote cannot reach the SOQL)', async () => {
      const { requests } = await requestsOf(pbo, session, async () => {
        await assert.rejects(reader.requests({ requestId: "0DV' OR Id != '" }), RangeError);
        await assert.rejects(reader.jobs("0DV5g0000000001' OR ''='"), RangeError);
        await assert.rejects(reader.requests({ packageIds: ["033' OR Name != '"] }), RangeError);
      });
      assert.equal(requests.length, 0);
    });
  });

  describe('2GP: the Dev Hub that owns the package, beside the LMO', () => {
    let hub: DemoLmo;
    let lmo: DemoLmo;
    let reader: PushRequestReader;
    let session: number;
    before(async () => {
      [hub, lmo] = await Promise.all([startDemo({ licenses: 1000, profile: 'devHub' }), startDemo({ licenses: 1000, devHubOrgId: DEMO_DEV_HUB_ORG_ID })]);
      const opened = await openDemo(hub);
      reader = new PushRequestReader(opened.client);
      session = opened.session;
    });
    after(() => Promise.all([hub.close(), lmo.close()]));

    it('reads the 2GP package’s requests from the Dev Hub, joined with the LMO’s licenses', async () => {
      await checkAgainstOracle(hub, lmo, reader, session, BILLING, '2gp')();
    });

    it('an LMO that owns no packages has no push requests: one call, no count query', async () => {
      const opened = await openDemo(lmo);
      const { result, requests } = await requestsOf(lmo, opened.session, () => new PushRequestReader(opened.client).requests());
      assert.deepEqual(result, []);
      assert.equal(requests.length, 1);
    });
  });
});
