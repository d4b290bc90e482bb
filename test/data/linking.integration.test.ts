/**
 * Linking through the real stack (@salesforce/core's auth store, jsforce over HTTP) against demo
 * orgs: the Partner Business Org that is also the Dev Hub, and a Dev Hub of its own beside an LMO.
 * Each query and each state, the call budgets counted in each demo's request log, a package
 * turning linked while a poll waits, and cancel.
 */
import * as assert from 'node:assert/strict';
import { type linkReport } from '../../src/core/linking/linkState';
import { SubscriberIndex, installedWithoutLicense, licensesWithoutInstall } from '../../src/core/linking/subscribers';
import { orgKey, toId18 } from '../../src/core/orgId';
import { DevHubReader } from '../../src/data/devHub/devHubReader';
import { readLinkInventory, reportOf } from '../../src/data/devHub/linkInventory';
import { readLinkPoll, waitForLink } from '../../src/data/lmo/packageLinks';
import { LicenseManagementOrg } from '../../src/data/lmo/licenseManagementOrg';
import { openOrg } from '../../src/data/org/connect';
import { type OrgClient } from '../../src/data/org/orgClient';
import { fixedClock } from '../../src/core/clock';
import { DEMO_DEV_HUB_ORG_ID, DEMO_ORG_ID } from '../../src/demo/generator';
import { type DemoLmo } from '../../src/demo/http/server';
import { NO_RETRY, TODAY, loginWithCli, openDemo, requestsOf, startDemo } from '../support/demoOrg';

const PAYROLL = '0335g0000000009AAA';
const FAST = { firstDelayMs: 100, factor: 2, maxDelayMs: 200, maxTotalMs: 10_000 };
const byName = (report: ReturnType<typeof linkReport>) => Object.fromEntries(report.packages.map((p) => [p.name, p]));
const shape = (path: string) => path.replace(/\/v\d+\.\d/, '/vXX').replace(/\?.*$/, '');

describe('linking (real @salesforce/core + jsforce over HTTP → demo orgs)', function () {
  this.timeout(60_000);

  describe('the Partner Business Org: LMO and Dev Hub in one org, through a Salesforce CLI login', () => {
    let demo: DemoLmo;
    let client: OrgClient;
    let session: number;
    before(async () => {
      demo = await startDemo({ licenses: 3000, username: 'admin@link-pbo.demo' });
      session = await loginWithCli(demo, 'link-pbo');
      client = await openOrg({ kind: 'cli', aliasOrUsername: 'link-pbo' }, { retry: NO_RETRY });
    });
    after(() => demo.close());

    it('reads every link state in two API calls: one REST Composite (LMO) and one Tooling Composite (Dev Hub), nobody asked twice', async () => {
      const { result, requests } = await requestsOf(demo, session, () => readLinkInventory(client, undefined));
      assert.deepEqual(requests.map((r) => `${r.method} ${shape(r.path)}`).sort(), [
        'POST /services/data/vXX/composite',
        'POST /services/data/vXX/tooling/composite',
      ]);
      assert.equal(result.apiCalls, 2);
      assert.ok(result.owner.ok && result.owner.sameOrg);
      const states = byName(reportOf(result, undefined));
      assert.equal(states['Acme Billing'].state, 'linked');
      assert.equal(states['Acme CPQ Connector'].state, 'linked');
      assert.equal(states['Acme Insights (legacy)'].state, 'linked');
      assert.equal(states['Acme Insights (legacy)'].generation, '1gp');
      assert.equal(states['Acme Field Service'].state, 'linkedElsewhere');
      assert.equal(states['Acme Payroll'].state, 'notLinked');
      assert.equal(states['Acme Dev Tools'], undefined, 'unlocked: nothing to link');
      assert.deepEqual(
        states['Acme CPQ Connector'].missingVersions.map((v) => v.versionNumber),
        ['1.6.0'],
      );
      assert.equal(result.lmo.orgId, DEMO_ORG_ID);
    });

    it('the same when the Dev Hub is given as the same login: still two calls', async () => {
      const hub = new DevHubReader(await openOrg({ kind: 'cli', aliasOrUsername: 'link-pbo' }, { retry: NO_RETRY }));
      const mark = demo.requests.mark();
      const inventory = await readLinkInventory(client, hub);
      assert.equal(demo.requests.since(mark).length, 2);
      assert.ok(inventory.owner.ok && inventory.owner.sameOrg);
    });

    it('resolves the workspace: 0Ho aliases to 033 ids, and the packages it names', async () => {
      const inventory = await readLinkInventory(client, undefined);
      const report = reportOf(inventory, [
        { name: 'Acme Billing', packageId: '0Ho5g0000000001AAA' },
        { name: 'Acme Payroll', packageId: '0Ho5g0000000009AAA' },
        { name: 'Someone Else', packageId: '0Ho5g0000000555AAA' },
      ]);
      const states = byName(report);
      assert.equal(states['Acme Billing'].inProject, true);
      assert.equal(states['Acme Payroll'].subscriberPackageId, PAYROLL);
      assert.equal(states['Someone Else'].state, 'notLinked');
      assert.equal(states['Someone Else'].ownedByDevHub, false);
    });

    it('owned packages and released versions, as the Dev Hub reports them (1GP versions from MetadataPackageVersion)', async () => {
      const hub = new DevHubReader(client);
      const packages = await hub.packages();
      const cpq = packages.find((p) => p.name === 'Acme CPQ Connector');
      assert.deepEqual(
        cpq?.releasedVersions.map((v) => v.versionNumber),
        ['1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.4.2', '1.5.0', '1.6.0'],
      );
      const released = await hub.releasedVersions(['0335g0000000004']);
      assert.deepEqual(
        [...released.values()][0].map((v) => v.versionNumber),
        ['3.0.0', '3.1.0', '3.2.0'],
      );
      // Billing's beta (2.4.0) is not released.
      assert.ok(!packages.find((p) => p.name === 'Acme Billing')?.releasedVersions.some((v) => v.versionNumber === '2.4.0'));
    });

    it('reads PackageSubscriber filtered by the server and paged: every installed row of the packages, in pages of 2,000', async () => {
      const hub = new DevHubReader(client);
      const ids = ['0335g0000000001AAA', '0335g0000000002AAA', '0335g0000000003AAA', '0335g0000000004AAA'];
      const { result, requests } = await requestsOf(demo, session, () => hub.subscribers(ids));
      const expected = [...demo.store.scan({ name: 'PackageSubscriber' } as never)].filter(
        (r) => r.InstalledStatus === 'i' && ids.some((id) => String(r.MetadataPackageId).slice(0, 15) === id.slice(0, 15)),
      );
      assert.ok(expected.length > 2000, `${expected.length} rows: more than one page`);
      assert.equal(result.subscribers.length, expected.length);
      assert.equal(result.complete, true);
      assert.equal(requests.length, Math.ceil(expected.length / 2000));
      assert.match(
        requests[0].path,
        /FROM PackageSubscriber WHERE MetadataPackageId IN \('0335g0000000001AAA', '0335g0000000002AAA', '0335g0000000003AAA', '0335g0000000004AAA'\) AND InstalledStatus = 'i'/,
      );
      const capped = await hub.subscribers(ids, { cap: 100 });
      assert.equal(capped.subscribers.length, 100);
      assert.equal(capped.complete, false);
    });

    it('both subscriber views, with the case twin and the hostile name the demo plants', async () => {
      const hub = new DevHubReader(client);
      const lmo = new LicenseManagementOrg(client, fixedClock(TODAY));
      const [packages, licenses, subs] = await Promise.all([
        lmo.packages(),
        lmo.licenses({}),
        hub.subscribers(['0335g0000000001AAA', '0335g0000000002AAA', '0335g0000000003AAA', '0335g0000000004AAA'], { installedOnly: false }),
      ]);
      const unlicensed = installedWithoutLicense(subs.subscribers, licenses.records, packages);
      const names = unlicensed.map((s) => s.orgName);
      assert.ok(names.includes('Case Twin Holdings (no license)'));
      assert.ok(names.includes(`O'Brien & "Sons" <b>Ltd</b>`));
      const twin = unlicensed.find((s) => s.orgName === 'Case Twin Holdings (no license)');
      assert.ok(licenses.records.some((l) => l.orgKey.toLowerCase() === orgKey(twin?.orgKey ?? '').toLowerCase() && l.orgKey !== orgKey(twin?.orgKey ?? '')));
      const uninstalled = licensesWithoutInstall(licenses.records, new SubscriberIndex(subs.subscribers), packages);
      assert.ok(uninstalled.length > 10);
      assert.ok(uninstalled.every((l) => l.status !== 'Uninstalled'));
      // The LMO's deleted licenses: their orgs still have the package installed.
      const deleted = demo.store.rows('sfLma__License__c').filter((l) => l.IsDeleted === true);
      for (const d of deleted) {
        const pkg = String(demo.store.lookup(String(d.sfLma__Package__c))?.sfLma__Package_ID__c);
        if (!licenses.records.some((l) => l.orgKey === orgKey(String(d.sfLma__Subscriber_Org_ID__c)) && l.packageId === d.sfLma__Package__c))
          assert.ok(unlicensed.some((s) => orgKey(s.orgKey) === orgKey(String(d.sfLma__Subscriber_Org_ID__c)) && s.subscriberPackageId === pkg));
      }
    });

    it('a poll is one API call; a package turns linked while it waits; its version arrives with it', async () => {
      const target = { subscriberPackageId: PAYROLL, ownerOrgId: DEMO_ORG_ID, releasedVersionIds: ['04t5g0900000001AAA'] };
      const one = await requestsOf(demo, session, () => readLinkPoll(client, target));
      assert.equal(one.requests.length, 1);
      assert.equal(one.result.state, 'notLinked');
      demo.linkPackage(PAYROLL, 400);
      const progress: number[] = [];
      const { result, requests } = await requestsOf(demo, session, () =>
        waitForLink(client, target, { startedAt: Date.now(), schedule: FAST, onProgress: (p) => progress.push(p.attempt) }),
      );
      assert.equal(result.kind, 'done');
      assert.ok(result.kind === 'done' && result.value.state === 'linked');
      assert.ok(result.kind === 'done' && result.value.missingVersionIds.length === 0);
      assert.ok(result.attempts >= 2, `${result.attempts} checks`);
      assert.equal(requests.length, result.attempts, 'one API call per check');
      assert.deepEqual(
        progress,
        Array.from({ length: result.attempts - 1 }, (_, i) => i + 1),
      );
    });

    it('a package registered from another org ends the wait as linked elsewhere', async () => {
      const poll = await readLinkPoll(client, { subscriberPackageId: '0335g0000000003', ownerOrgId: DEMO_ORG_ID });
      assert.equal(poll.state, 'linkedElsewhere');
      assert.equal(poll.packageRecord?.developerOrgId?.slice(0, 15), '00D5g00000PKG03');
      const record = demo.store.rows('sfLma__Package__c').find((p) => p.Name === 'Acme Field Service');
      assert.equal(poll.versionIds.length, demo.store.rows('sfLma__Package_Version__c').filter((v) => v.sfLma__Package__c === record?.Id).length);
      assert.equal(poll.versionIds.length, 5, 'four released versions and a beta');
    });
  });

  describe('a Dev Hub of its own beside the LMO (two CLI logins)', () => {
    let hub: DemoLmo;
    let lmo: DemoLmo;
    let lmoClient: OrgClient;
    let hubReader: DevHubReader;
    let lmoSession: number;
    let hubSession: number;
    before(async () => {
      [hub, lmo] = await Promise.all([
        startDemo({ licenses: 500, profile: 'devHub', username: 'admin@link-hub.demo' }),
        startDemo({ licenses: 500, devHubOrgId: DEMO_DEV_HUB_ORG_ID, username: 'admin@link-lmo.demo' }),
      ]);
      hubSession = await loginWithCli(hub, 'link-hub');
      lmoSession = await loginWithCli(lmo, 'link-lmo');
      lmoClient = await openOrg({ kind: 'cli', aliasOrUsername: 'link-lmo' }, { retry: NO_RETRY });
      hubReader = new DevHubReader(await openOrg({ kind: 'cli', aliasOrUsername: 'link-hub' }, { retry: NO_RETRY }));
    });
    after(() => Promise.all([hub.close(), lmo.close()]));

    it('at most two API calls per org: one to the LMO, one Tooling Composite to the Dev Hub (its org id comes from the login)', async () => {
      const lmoMark = lmo.requests.mark();
      const hubMark = hub.requests.mark();
      const inventory = await readLinkInventory(lmoClient, hubReader);
      assert.deepEqual(
        lmo.requests.since(lmoMark, lmoSession).map((r) => shape(r.path)),
        ['/services/data/vXX/composite'],
      );
      assert.deepEqual(
        hub.requests.since(hubMark, hubSession).map((r) => shape(r.path)),
        ['/services/data/vXX/tooling/composite'],
      );
      assert.ok(inventory.owner.ok && !inventory.owner.sameOrg);
      assert.equal(inventory.owner.ok && inventory.owner.org.orgId, DEMO_DEV_HUB_ORG_ID);
      const states = byName(reportOf(inventory, undefined));
      assert.equal(states['Acme Billing'].state, 'linked');
      assert.equal(states['Acme Field Service'].state, 'linkedElsewhere');
      assert.equal(states['Acme Payroll'].state, 'notLinked');
    });

    it('a demo Dev Hub opened without a login (no org id known) asks its Organization once: still two calls to it', async () => {
      const { client, session } = await openDemo(hub, { withoutOrgId: true });
      const reader = new DevHubReader(client);
      const mark = hub.requests.mark();
      const inventory = await readLinkInventory(lmoClient, reader);
      assert.equal(hub.requests.since(mark, session).length, 2);
      assert.ok(inventory.owner.ok && inventory.owner.org.orgId === DEMO_DEV_HUB_ORG_ID);
      await readLinkInventory(lmoClient, reader);
      assert.equal(hub.requests.since(mark, session).length, 3, 'the org id is remembered');
    });

    it('the LMO alone is not the owner here: it owns no packages, so the report has only the project', async () => {
      const inventory = await readLinkInventory(lmoClient, undefined);
      assert.ok(inventory.owner.ok);
      assert.equal(inventory.owner.ok && inventory.owner.org.packages.length, 0);
      const report = reportOf(inventory, [{ name: 'Acme Billing', packageId: '0Ho5g0000000001AAA' }]);
      assert.deepEqual(
        report.packages.map((p) => [p.name, p.state]),
        [['Acme Billing', 'unverified']],
      );
    });

    it('an org that is neither Dev Hub nor packaging org is said so, and the LMO part still comes back', async () => {
      hub.faults.inject(
        { kind: 'apiError', status: 400, errorCode: 'INVALID_TYPE', message: "sObject type 'Package2' is not supported." },
        { match: 'FROM Package2', times: 2 },
      );
      hub.faults.inject(
        { kind: 'apiError', status: 400, errorCode: 'INVALID_TYPE', message: "sObject type 'MetadataPackage' is not supported." },
        { match: 'FROM MetadataPackage', times: 2 },
      );
      try {
        const inventory = await readLinkInventory(lmoClient, hubReader);
        assert.equal(inventory.owner.ok, false);
        assert.match(!inventory.owner.ok ? inventory.owner.error.message : '', /is not a Dev Hub or packaging org/);
        assert.ok(inventory.lmo.packages.length >= 4);
      } finally {
        hub.faults.reset();
      }
    });

    it('linking in the LMO makes the package linked to the other org, seen in one poll; cancel stops a wait at once', async () => {
      const target = { subscriberPackageId: PAYROLL, ownerOrgId: DEMO_DEV_HUB_ORG_ID };
      const controller = new AbortController();
      const mark = lmo.requests.mark();
      const waiting = waitForLink(lmoClient, target, {
        startedAt: Date.now(),
        schedule: { ...FAST, firstDelayMs: 2_000, maxDelayMs: 2_000 },
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 300);
      const cancelled = await waiting;
      assert.equal(cancelled.kind, 'cancelled');
      const calls = lmo.requests.since(mark, lmoSession).length;
      assert.equal(calls, 1);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(lmo.requests.since(mark, lmoSession).length, calls, 'no check after cancel');

      lmo.linkPackage(PAYROLL, 0);
      const poll = await readLinkPoll(lmoClient, target);
      assert.equal(poll.state, 'linked');
      assert.equal(poll.packageRecord?.developerOrgId, DEMO_DEV_HUB_ORG_ID);
      const states = byName(reportOf(await readLinkInventory(lmoClient, hubReader), undefined));
      assert.equal(states['Acme Payroll'].state, 'linked');
      assert.deepEqual(states['Acme Payroll'].missingVersions, []);
    });

    it('a wait resumed after a reload keeps its schedule and finds a link made meanwhile', async () => {
      const target = { subscriberPackageId: '0335g0000000009', ownerOrgId: toId18('00D5g0000DEVHUB') };
      const outcome = await waitForLink(lmoClient, target, { startedAt: Date.now() - 60 * 60_000, schedule: { ...FAST, maxTotalMs: 2 * 3_600_000 } });
      assert.equal(outcome.kind, 'done');
      assert.equal(outcome.attempts, 1);
      assert.ok(outcome.elapsedMs >= 60 * 60_000);
    });
  });
});
