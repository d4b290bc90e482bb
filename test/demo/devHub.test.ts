/**
 * The demo Dev Hub on the wire: its packages and versions (matching the sample workspace and the
 * LMO's records), PackageSubscriber rows consistent with the licenses but for the drift real orgs
 * have, the org profiles, and the Partner Console's Register (control action and page).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toId18 } from '../../src/core/orgId';
import { parseSfdxProject } from '../../src/core/sfdxProject';
import { DEMO_DEV_HUB_ORG_ID, DEMO_ORG_ID } from '../../src/demo/generator';
import { type DemoLmo } from '../../src/demo/http/server';
import { eventually } from '../support/eventually';
import { startDemo } from '../support/demoOrg';

type Row = Record<string, unknown>;
const ROOT = join(__dirname, '../../..');

function client(demo: DemoLmo) {
  const call = async (path: string, init: { method?: string; body?: string; headers?: Record<string, string>; token?: string | null } = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? demo.accessToken}`;
    const res = await fetch(`${demo.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const query = async (soql: string, tooling = false) => {
    const r = await call(`/services/data/v62.0${tooling ? '/tooling' : ''}/query?q=${encodeURIComponent(soql)}`);
    return { status: r.status, body: JSON.parse(r.text) as { totalSize: number; records: Row[] } & Row[] };
  };
  const control = async (body: object) => {
    const r = await call('/__demo/control', { method: 'POST', body: JSON.stringify(body), token: demo.controlToken });
    return { status: r.status, body: JSON.parse(r.text) as Row & Row[] };
  };
  return { call, query, control };
}

const id15 = (v: unknown) => String(v ?? '').slice(0, 15);

describe('demo Dev Hub', function () {
  this.timeout(30_000);

  describe("the Partner Business Org profile (LMO and Dev Hub in one org, as most partners' are)", () => {
    let demo: DemoLmo;
    let api: ReturnType<typeof client>;
    before(async () => {
      demo = await startDemo({ licenses: 1500 });
      api = client(demo);
    });
    after(() => demo.close());

    it("owns the packages the sample workspace names: its aliases' 0Ho ids are the Dev Hub's Package2 ids", async () => {
      const project = parseSfdxProject(readFileSync(join(ROOT, 'samples/acme-packages/sfdx-project.json'), 'utf8'));
      const fixture = parseSfdxProject(readFileSync(join(ROOT, 'test/fixtures/workspace/sfdx-project.json'), 'utf8'));
      assert.ok(project.ok && fixture.ok);
      const { body } = await api.query(
        'SELECT Id, Name, SubscriberPackageId, ContainerOptions FROM Package2 WHERE IsDeprecated != true ORDER BY NamespacePrefix, Name',
        true,
      );
      for (const p of [...project.project.packages, ...fixture.project.packages]) {
        const owned = body.records.find((r) => id15(r.Id) === id15(p.packageId));
        assert.equal(owned?.Name, p.name, `${p.name} (${p.packageId})`);
      }
      // Versions the workspace aliases are the Dev Hub's too.
      const { body: versions } = await api.query('SELECT SubscriberPackageVersionId FROM Package2Version', true);
      for (const alias of project.project.versionAliases)
        assert.ok(
          versions.records.some((v) => id15(v.SubscriberPackageVersionId) === id15(alias.versionId)),
          alias.alias,
        );
      assert.deepEqual(body.records.map((r) => r.ContainerOptions).sort(), ['Managed', 'Managed', 'Managed', 'Managed', 'Unlocked']);
    });

    it('answers `sf package list` and `sf package version list` exactly as they ask (Tooling, relationships, LAST_N_DAYS, ORDER BY)', async () => {
      const list = await api.query(
        'select Id,IsDeleted,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,SubscriberPackageId,Name,Description,NamespacePrefix,ContainerOptions,IsDeprecated,IsOrgDependent,ConvertedFromPackageId,PackageErrorUsername,AppAnalyticsEnabled,RecommendedVersionId from Package2 ORDER BY NamespacePrefix, Name',
        true,
      );
      assert.equal(list.status, 200);
      assert.equal(list.body.records[0].NamespacePrefix, null, 'the unlocked package without a namespace sorts first');
      const versions = await api.query(
        "SELECT Id,Package2Id,SubscriberPackageVersionId,Name,Package2.Name,Package2.NamespacePrefix,Package2.IsOrgDependent,Description,Tag,Branch,MajorVersion,MinorVersion,PatchVersion,BuildNumber,IsReleased,CreatedDate,LastModifiedDate,IsPasswordProtected,AncestorId,ValidationSkipped,CreatedById,ConvertedFromVersionId,ReleaseVersion,BuildDurationInSeconds,HasMetadataRemoved,ValidatedAsync FROM Package2Version WHERE Package2Id IN ('0Ho5g0000000002CAA') AND CreatedDate = LAST_N_DAYS:7 AND IsReleased = true AND IsDeprecated = false ORDER BY Package2Id, Branch, MajorVersion, MinorVersion, PatchVersion, BuildNumber",
        true,
      );
      assert.equal(versions.status, 200, JSON.stringify(versions.body));
      // CPQ 1.6.0, released three days ago (and not yet installed anywhere).
      assert.deepEqual(
        versions.body.records.map((r) => [(r.Package2 as Row).Name, `${r.MajorVersion}.${r.MinorVersion}.${r.PatchVersion}`]),
        [['Acme CPQ Connector', '1.6.0']],
      );
      const data = await api.query('SELECT Id FROM Package2');
      assert.equal(data.status, 400, 'Package2 is Tooling only');
      assert.equal(data.body[0].errorCode, 'INVALID_TYPE');
    });

    it('is a Dev Hub to the Salesforce CLI (ScratchOrgInfo answers) and lists its 1GP package in MetadataPackage', async () => {
      assert.equal((await api.query('SELECT Id FROM ScratchOrgInfo limit 1')).status, 200);
      const { body } = await api.query("SELECT Id, Name, NamespacePrefix FROM MetadataPackage WHERE PackageCategory = 'Package'", true);
      assert.deepEqual(
        body.records.map((r) => r.Name),
        ['Acme Insights (legacy)'],
      );
      const released = await api.query(
        `SELECT Id FROM MetadataPackageVersion WHERE MetadataPackageId = '${String(body.records[0].Id)}' AND ReleaseState = 'Released'`,
      );
      assert.equal(released.body.totalSize, 3);
    });

    it('names itself as the developer org of the packages it linked; one package was linked from another org; Payroll is not linked', () => {
      const packages = demo.store.rows('sfLma__Package__c');
      const devOrg = Object.fromEntries(packages.map((p) => [p.Name, p.sfLma__Developer_Org_ID__c]));
      assert.equal(devOrg['Acme Billing'], DEMO_ORG_ID);
      assert.equal(devOrg['Acme CPQ Connector'], DEMO_ORG_ID);
      assert.equal(devOrg['Acme Insights (legacy)'], DEMO_ORG_ID);
      assert.equal(id15(devOrg['Acme Field Service']), '00D5g00000PKG03');
      assert.equal(devOrg['Acme Payroll'], undefined);
      // Every version the LMO records is one the Dev Hub (or packaging org) has.
      const owned = new Set(demo.store.rows('MetadataPackageVersion').map((v) => id15(v.Id)));
      for (const v of demo.store.rows('sfLma__Package_Version__c')) assert.ok(owned.has(id15(v.sfLma__Version_ID__c)), String(v.Name));
    });

    it('PackageSubscriber: installs agree with the licenses (org ids, versions), except the drift real orgs have', async () => {
      const { body } = await api.query(
        'SELECT Id, OrgKey, OrgName, OrgStatus, OrgType, InstalledStatus, InstanceName, MetadataPackageId, MetadataPackageVersionId FROM PackageSubscriber',
      );
      const licenses = demo.store.rows('sfLma__License__c');
      const key = (org: unknown, pkg: unknown) => `${id15(org)}|${id15(pkg)}`;
      const pkg033 = (l: Row) => demo.store.lookup(String(l.sfLma__Package__c))?.sfLma__Package_ID__c;
      const licensed = new Map(licenses.map((l) => [key(l.sfLma__Subscriber_Org_ID__c, pkg033(l)), l]));
      const installed = body.records.filter((r) => r.InstalledStatus === 'i');
      for (const r of body.records) {
        assert.equal(String(r.OrgKey).length, 18);
        assert.ok(['Active', 'Demo', 'Free', 'Inactive', 'Trial'].includes(String(r.OrgStatus)));
        assert.ok(['Production', 'Sandbox'].includes(String(r.OrgType)));
      }
      // Same version as the license wherever both exist.
      let same = 0;
      for (const r of installed) {
        const l = licensed.get(key(r.OrgKey, r.MetadataPackageId));
        if (!l) continue;
        same++;
        assert.equal(id15(r.MetadataPackageVersionId), id15(demo.store.lookup(String(l.sfLma__Package_Version__c))?.sfLma__Version_ID__c));
      }
      assert.ok(same > installed.length * 0.9, `${same} of ${installed.length} installs have their license`);
      // Installed without a license: before linking (one with a hostile name), a case twin of a licensed org, Payroll's installs, deleted licenses.
      const unlicensed = installed.filter((r) => {
        const l = licensed.get(key(r.OrgKey, r.MetadataPackageId));
        return !l || l.IsDeleted === true;
      });
      const names = unlicensed.map((r) => String(r.OrgName));
      assert.ok(names.includes(`O'Brien & "Sons" <b>Ltd</b>`));
      assert.ok(names.includes('Case Twin Holdings (no license)'));
      const twin = unlicensed.find((r) => r.OrgName === 'Case Twin Holdings (no license)');
      const twinOf = licenses.find((l) => id15(l.sfLma__Subscriber_Org_ID__c).toLowerCase() === id15(twin?.OrgKey).toLowerCase());
      assert.ok(twinOf && id15(twinOf.sfLma__Subscriber_Org_ID__c) !== id15(twin?.OrgKey), 'an org whose id differs only in letter case');
      assert.equal(unlicensed.filter((r) => id15(r.MetadataPackageId) === '0335g0000000009').length, 4, "Payroll's installs");
      // Licenses whose org no longer has the package: some live ones too.
      const installedKeys = new Set(installed.map((r) => key(r.OrgKey, r.MetadataPackageId)));
      const gone = licenses.filter(
        (l) => l.IsDeleted !== true && l.sfLma__Status__c !== 'Uninstalled' && !installedKeys.has(key(l.sfLma__Subscriber_Org_ID__c, pkg033(l))),
      );
      assert.ok(gone.length >= 10, `${gone.length} live licenses without an install`);
      assert.ok(body.records.some((r) => r.InstalledStatus === 'u'));
    });

    it('follows license changes at once: an uninstalled license leaves no installed row behind', async () => {
      const installedRow = async (l: Row) =>
        (
          await api.query(
            `SELECT COUNT() FROM PackageSubscriber WHERE OrgKey = '${toId18(id15(l.sfLma__Subscriber_Org_ID__c))}' AND MetadataPackageId = '${String(demo.store.lookup(String(l.sfLma__Package__c))?.sfLma__Package_ID__c)}' AND InstalledStatus = 'i'`,
          )
        ).body.totalSize;
      let license: Row | undefined;
      for (const l of demo.store
        .rows('sfLma__License__c')
        .filter((x) => x.sfLma__Status__c === 'Active' && x.IsDeleted !== true)
        .slice(0, 5))
        if ((await installedRow(l)) === 1) {
          license = l;
          break;
        }
      assert.ok(license, 'an installed, licensed org');
      license.sfLma__Status__c = 'Uninstalled';
      try {
        assert.equal(await installedRow(license), 0);
      } finally {
        license.sfLma__Status__c = 'Active';
      }
      assert.equal(await installedRow(license), 1);
    });
  });

  describe('the Partner Console', () => {
    let demo: DemoLmo;
    let api: ReturnType<typeof client>;
    beforeEach(async () => {
      demo = await startDemo({ licenses: 100, linkDelayMs: 60_000 });
      api = client(demo);
    });
    afterEach(() => demo.close());
    const payroll = '0335g0000000009AAA';

    it('linkPackage: after the delay the LMA writes the Package record (developer org, package id, lead manager) and its released versions', async () => {
      const { status, body } = await api.control({ action: 'linkPackage', subscriberPackageId: payroll, delayMs: 150 });
      assert.equal(status, 200);
      assert.equal((body.link as Row).name, 'Acme Payroll');
      assert.equal((await api.query("SELECT COUNT() FROM sfLma__Package__c WHERE sfLma__Package_ID__c = '0335g0000000009AAA'")).body.totalSize, 0);
      assert.equal(((await api.control({ action: 'state' })).body.pendingLinks as Row[]).length, 1);
      const record = await eventually(async () => {
        const { body: q } = await api.query(
          "SELECT Id, Name, sfLma__Developer_Org_ID__c, sfLma__Package_ID__c, sfLma__Lead_Manager__r.Username, sfLma__Latest_Version__c FROM sfLma__Package__c WHERE sfLma__Package_ID__c = '0335g0000000009AAA'",
        );
        return q.records[0];
      }, 'the package record');
      assert.equal(record.sfLma__Developer_Org_ID__c, DEMO_ORG_ID);
      assert.equal((record.sfLma__Lead_Manager__r as Row).Username, demo.username);
      assert.equal(record.sfLma__Latest_Version__c, '0.1.0');
      const versions = await api.query(
        `SELECT sfLma__Version_ID__c, sfLma__Version_Number__c FROM sfLma__Package_Version__c WHERE sfLma__Package__c = '${String(record.Id)}'`,
      );
      assert.deepEqual(
        versions.body.records.map((v) => [v.sfLma__Version_Number__c, v.sfLma__Version_ID__c]),
        [['0.1.0', '04t5g0900000001AAA']],
      );
      assert.deepEqual((await api.control({ action: 'state' })).body.pendingLinks, []);
    });

    it('refuses what the Partner Console refuses: a linked package (for good), an unlocked one, an unknown id, a second registration', async () => {
      const refuse = async (subscriberPackageId: string, pattern: RegExp) => {
        const r = await api.control({ action: 'linkPackage', subscriberPackageId, delayMs: 0 });
        assert.equal(r.status, 400, subscriberPackageId);
        assert.match(String(r.body[0].message), pattern);
      };
      await refuse('0335g0000000001AAA', /already linked .*for good/);
      await refuse('0335g0000000003AAA', /already linked \(from org 00D5g00000PKG03/);
      await refuse('0335g0000000007AAA', /unlocked package/);
      await refuse('0335g0000000123AAA', /No package with id/);
      await api.control({ action: 'linkPackage', subscriberPackageId: payroll });
      await refuse(payroll, /already being registered/);
    });

    it('the page needs a session, lists the packages, and registers through its form with its token only', async () => {
      assert.equal((await api.call('/partnerconsole', { token: null })).status, 401);
      const page = await api.call('/partnerconsole');
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.match(page.text, /Acme Payroll[\s\S]*<button type="submit" aria-label="Register Acme Payroll">Register<\/button>/);
      assert.match(page.text, /Registered \(from 00D5g00000PKG03/);
      assert.match(page.text, /Unlocked packages cannot be linked/);
      assert.match(page.text, /permanent/);
      const token = /name="token" value="([^"]+)"/.exec(page.text)?.[1];
      const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
        api.call('/partnerconsole/register', {
          method: 'POST',
          body: new URLSearchParams(fields).toString(),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        });
      assert.equal((await form({ subscriberPackageId: payroll, token: 'forged' })).status, 403);
      assert.equal((await form({ subscriberPackageId: payroll, token: String(token) }, { Origin: 'https://evil.example' })).status, 403);
      assert.equal((await api.call('/partnerconsole/register', { method: 'POST', token: null })).status, 401);
      const posted = await form({ subscriberPackageId: payroll, token: String(token) });
      assert.equal(posted.status, 303);
      assert.match(posted.headers.get('location') ?? '', /^\/partnerconsole\?registered=0335g0000000009AAA&due=\d+$/);
      assert.match((await api.call(posted.headers.get('location') ?? '')).text, /Registering… the package record arrives at/);
      const again = await form({ subscriberPackageId: payroll, token: String(token) });
      assert.match(decodeURIComponent(again.headers.get('location') ?? ''), /error=Acme Payroll is already being registered/);
    });
  });

  describe('the two-org profiles', () => {
    let hub: DemoLmo;
    let lmo: DemoLmo;
    before(async () => {
      [hub, lmo] = await Promise.all([startDemo({ licenses: 300, profile: 'devHub' }), startDemo({ licenses: 300, devHubOrgId: DEMO_DEV_HUB_ORG_ID })]);
    });
    after(() => Promise.all([hub.close(), lmo.close()]));

    it('a Dev Hub of its own: its org id, its packages, no LMA', async () => {
      const api = client(hub);
      assert.equal(hub.orgId, DEMO_DEV_HUB_ORG_ID);
      assert.equal((await api.query('SELECT Id, Name FROM Organization')).body.records[0].Id, DEMO_DEV_HUB_ORG_ID);
      assert.equal((await api.query('SELECT Id FROM Package2', true)).body.totalSize, 5);
      const lma = await api.query('SELECT Id FROM sfLma__License__c');
      assert.equal(lma.status, 400);
      assert.equal(lma.body[0].errorCode, 'INVALID_TYPE');
      assert.ok((await api.query("SELECT COUNT() FROM PackageSubscriber WHERE InstalledStatus = 'i'")).body.totalSize > 200);
      assert.equal((await api.control({ action: 'linkPackage', subscriberPackageId: '0335g0000000009AAA' })).status, 400);
    });

    it('the LMO beside it: its package records name the Dev Hub; it owns no packages itself', async () => {
      const api = client(lmo);
      const packages = await api.query("SELECT Name, sfLma__Developer_Org_ID__c FROM sfLma__Package__c WHERE Name = 'Acme Billing'");
      assert.equal(packages.body.records[0].sfLma__Developer_Org_ID__c, DEMO_DEV_HUB_ORG_ID);
      assert.equal((await api.query('SELECT Id FROM Package2', true)).body.totalSize, 0);
      assert.equal((await api.query('SELECT Id FROM PackageSubscriber')).body.totalSize, 0);
      // Same seed, same licenses: the Dev Hub's installs are this LMO's subscribers.
      const first = lmo.store.rows('sfLma__License__c')[0];
      const hubRows = await client(hub).query(`SELECT OrgKey FROM PackageSubscriber WHERE OrgKey LIKE '${id15(first.sfLma__Subscriber_Org_ID__c)}%'`);
      assert.ok(hubRows.body.records.some((r) => id15(r.OrgKey) === id15(first.sfLma__Subscriber_Org_ID__c)));
      // Registering here names the other org as developer.
      lmo.linkPackage('0335g0000000009AAA', 0);
      const linked = await api.query("SELECT sfLma__Developer_Org_ID__c, sfLma__Developer_Name__c FROM sfLma__Package__c WHERE Name = 'Acme Payroll'");
      assert.deepEqual(
        linked.body.records.map((r) => [r.sfLma__Developer_Org_ID__c, r.sfLma__Developer_Name__c]),
        [[DEMO_DEV_HUB_ORG_ID, 'Acme Dev Hub (demo)']],
      );
    });
  });
});
