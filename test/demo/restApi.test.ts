/** The demo LMO's wire format, checked with plain fetch (no Salesforce library in between). */
import * as assert from 'node:assert/strict';
import { DEMO_LMA_VERSION, type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';

describe('demo LMO REST wire format', () => {
  let demo: DemoLmo;
  before(async () => {
    demo = await startDemo({ licenses: 4500 });
  });
  after(() => demo.close());
  beforeEach(() => demo.faults.reset());

  const call = async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; token?: string | null } = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? demo.accessToken}`;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${demo.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const q = (soql: string) => `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`;

  it('lists API versions without a session', async () => {
    const { status, body } = await call('/services/data', { token: null });
    assert.equal(status, 200);
    assert.ok(body.some((v: { version: string }) => v.version === '62.0'));
  });

  it('answers a missing or wrong token with 401 INVALID_SESSION_ID', async () => {
    for (const token of [null, 'bogus']) {
      const { status, body } = await call(q('SELECT Id FROM Account'), { token });
      assert.equal(status, 401);
      assert.deepEqual(body, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
  });

  it('answers unknown routes and versions with 404 NOT_FOUND, never 5xx', async () => {
    for (const path of ['/services/data/v62.0/nope', '/services/data/v99.0/query?q=x', '/whatever', '/services/data/v62.0/sobjects/Nope__c/describe']) {
      const { status, body } = await call(path);
      assert.equal(status, 404, path);
      assert.equal(body[0].errorCode, 'NOT_FOUND');
    }
  });

  it('pages with nextRecordsUrl, 2,000 by default, clamping batchSize to 200–2,000', async () => {
    const first = await call(q('SELECT Id FROM sfLma__License__c'));
    assert.equal(first.body.totalSize, demo.licenseCount);
    assert.ok(demo.licenseCount > 4000);
    assert.equal(first.body.done, false);
    assert.equal(first.body.records.length, 2000);
    assert.match(first.body.nextRecordsUrl, /^\/services\/data\/v62\.0\/query\/01g\w+-2000$/);
    const second = await call(first.body.nextRecordsUrl);
    assert.equal(second.body.records.length, 2000);
    const third = await call(second.body.nextRecordsUrl);
    assert.equal(third.body.records.length, demo.licenseCount - 4000);
    assert.equal(third.body.done, true);
    assert.equal(third.body.nextRecordsUrl, undefined);
    const small = await call(q('SELECT Id FROM sfLma__License__c'), { headers: { 'Sforce-Query-Options': 'batchSize=50' } });
    assert.equal(small.body.records.length, 200);
  });

  it('rejects an unknown query locator', async () => {
    const { status, body } = await call('/services/data/v62.0/query/01g5g0000099999-2000');
    assert.equal(status, 400);
    assert.equal(body[0].errorCode, 'INVALID_QUERY_LOCATOR');
  });

  it('answers Tooling queries with the Tooling QueryResult fields', async () => {
    const { body } = await call(
      `/services/data/v62.0/tooling/query?q=${encodeURIComponent("SELECT SubscriberPackage.NamespacePrefix, SubscriberPackageVersion.MajorVersion FROM InstalledSubscriberPackage WHERE SubscriberPackage.NamespacePrefix = 'sfLma'")}`,
    );
    assert.equal(body.size, 1);
    assert.equal(body.entityTypeName, 'InstalledSubscriberPackage');
    assert.equal(body.queryLocator, null);
    assert.equal(body.records[0].SubscriberPackageVersion.MajorVersion, 1);
    const dataApi = await call(q('SELECT Id FROM InstalledSubscriberPackage'));
    assert.equal(dataApi.body[0].errorCode, 'INVALID_TYPE');
  });

  it('counts API calls in /limits and the Sforce-Limit-Info header; Composite counts once', async () => {
    demo.resetCounters();
    await call(q('SELECT COUNT() FROM sfLma__License__c'));
    const composite = await call('/services/data/v62.0/composite', {
      method: 'POST',
      body: {
        compositeRequest: [
          { method: 'GET', url: '/services/data/v62.0/query?q=SELECT+Id,+Name+FROM+sfLma__Package__c+ORDER+BY+Name+LIMIT+1', referenceId: 'pkg' },
          {
            method: 'GET',
            url: "/services/data/v62.0/query?q=SELECT+COUNT()+FROM+sfLma__Package_Version__c+WHERE+sfLma__Package__c+=+'@{pkg.records[0].Id}'",
            referenceId: 'versions',
          },
        ],
      },
    });
    assert.equal(composite.status, 200);
    assert.equal(composite.body.compositeResponse[0].body.records[0].Name, 'Acme Billing');
    assert.equal(composite.body.compositeResponse[1].httpStatusCode, 200);
    assert.equal(composite.body.compositeResponse[1].body.totalSize, 12, 'ten releases, a hotfix and a beta');
    const limits = await call('/services/data/v62.0/limits');
    assert.equal(limits.body.DailyApiRequests.Max - limits.body.DailyApiRequests.Remaining, 3);
    assert.equal(limits.headers.get('sforce-limit-info'), `api-usage=3/${limits.body.DailyApiRequests.Max}`);
  });

  it('enforces Composite limits: 25 subrequests, at most 5 of them queries or sObject Collections', async () => {
    const sub = (i: number, url: string) => ({ method: 'GET', url, referenceId: `r${i}` });
    const tooMany = await call('/services/data/v62.0/composite', {
      method: 'POST',
      body: { compositeRequest: Array.from({ length: 26 }, (_, i) => sub(i, '/services/data/v62.0/limits')) },
    });
    assert.equal(tooMany.status, 400);
    const sixQueries = await call('/services/data/v62.0/composite', {
      method: 'POST',
      body: { compositeRequest: Array.from({ length: 6 }, (_, i) => sub(i, '/services/data/v62.0/query?q=SELECT+Id+FROM+Account+LIMIT+1')) },
    });
    assert.equal(sixQueries.status, 400);
    assert.match(sixQueries.body[0].message, /more than 5 sObject Collections or query operations/);
    // sObject Collections count toward the same five: five queries and one Collections PATCH are refused whole.
    const collection = {
      method: 'PATCH',
      url: '/services/data/v62.0/composite/sobjects',
      referenceId: 'writes',
      body: { allOrNone: false, records: [] },
    };
    const fivePlusCollection = await call('/services/data/v62.0/composite', {
      method: 'POST',
      body: { compositeRequest: [...Array.from({ length: 5 }, (_, i) => sub(i, '/services/data/v62.0/query?q=SELECT+Id+FROM+Account+LIMIT+1')), collection] },
    });
    assert.equal(fivePlusCollection.status, 400);
    assert.deepEqual(fivePlusCollection.body, [
      { errorCode: 'LIMIT_EXCEEDED', message: 'The request can’t contain more than 5 sObject Collections or query operations, not 6.' },
    ]);
  });

  it('gets, patches and deletes records; queryAll still sees a deleted one', async () => {
    // It writes: a demo of its own, so no other test sees the renamed package or the deleted version.
    const shared = demo;
    demo = await startDemo({ licenses: 500 });
    try {
      await patchesAndDeletes();
    } finally {
      await demo.close();
      demo = shared;
    }
  });
  const patchesAndDeletes = async () => {
    const pkg = (await call(q('SELECT Id FROM sfLma__Package__c LIMIT 1'))).body.records[0];
    const path = `/services/data/v62.0/sobjects/sfLma__Package__c/${pkg.Id}`;
    assert.equal((await call(`${path}?fields=Name`)).body.Name, 'Acme Billing');
    assert.equal((await call(path, { method: 'PATCH', body: { sfLma__Developer_Name__c: 'Renamed' } })).status, 204);
    assert.equal((await call(path)).body.sfLma__Developer_Name__c, 'Renamed');
    const badField = await call(path, { method: 'PATCH', body: { Nope__c: 1 } });
    assert.equal(badField.status, 400);
    assert.equal(badField.body[0].errorCode, 'INVALID_FIELD');
    const malformed = await call('/services/data/v62.0/sobjects/sfLma__Package__c/not-an-id');
    assert.deepEqual(malformed.body[0].fields, ['Id']);
    const ver = (await call(q('SELECT Id FROM sfLma__Package_Version__c LIMIT 1'))).body.records[0];
    const verPath = `/services/data/v62.0/sobjects/sfLma__Package_Version__c/${ver.Id}`;
    assert.equal((await call(verPath, { method: 'DELETE' })).status, 204);
    assert.equal((await call(q(`SELECT COUNT() FROM sfLma__Package_Version__c WHERE Id = '${ver.Id}'`))).body.totalSize, 0);
    assert.equal(
      (await call(`/services/data/v62.0/queryAll?q=${encodeURIComponent(`SELECT COUNT() FROM sfLma__Package_Version__c WHERE Id = '${ver.Id}'`)}`)).body
        .totalSize,
      1,
    );
  };

  it('refreshes an expired session with the refresh token', async () => {
    demo.expireSession();
    assert.equal((await call(q('SELECT Id FROM Account LIMIT 1'))).status, 401);
    const res = await fetch(`${demo.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(demo.refreshToken)}`,
    });
    const grant = (await res.json()) as { access_token: string; instance_url: string };
    assert.equal(grant.instance_url, demo.url);
    assert.equal((await call(q('SELECT Id FROM Account LIMIT 1'), { token: grant.access_token })).status, 200);
  });

  it('injects faults: 5xx, API limit, broken JSON', async () => {
    demo.faults.inject({ kind: 'serverError', status: 503 });
    assert.equal((await call(q('SELECT Id FROM Account LIMIT 1'))).status, 503);
    demo.faults.settings.apiLimitReached = true;
    const limited = await call(q('SELECT Id FROM Account LIMIT 1'));
    assert.equal(limited.status, 403);
    assert.equal(limited.body[0].errorCode, 'REQUEST_LIMIT_EXCEEDED');
    demo.faults.reset();
    demo.faults.inject({ kind: 'truncatedJson' });
    const res = await fetch(`${demo.url}${q('SELECT Id FROM Account LIMIT 5')}`, { headers: { Authorization: `Bearer ${demo.accessToken}` } });
    await assert.rejects(res.json());
  });

  it('serves the Lightning record page the product opens, escaping customer text', async () => {
    const license = (await call(q("SELECT Id FROM sfLma__License__c WHERE sfLma__Account__r.Name = '<img src=x onerror=alert(1)>' LIMIT 1"))).body.records[0];
    const page = `${demo.url}/lightning/r/sfLma__License__c/${license.Id}/view`;
    assert.equal((await fetch(page)).status, 401, 'no session, no page');
    const res = await fetch(page, { headers: { Cookie: `sid=${encodeURIComponent(demo.accessToken)}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await res.text();
    assert.ok(!html.includes('<img'), 'no markup from the data');
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    const packages = await (
      await fetch(`${demo.url}/lightning/setup/ImportedPackage/home`, { headers: { Authorization: `Bearer ${demo.accessToken}` } })
    ).text();
    assert.ok(packages.includes(`License Management App</td><td>sfLma</td><td>${DEMO_LMA_VERSION}<`), `the installed LMA, ${DEMO_LMA_VERSION}`);
  });

  it('is steerable over HTTP with its control token only', async () => {
    const control = (token: string, body: unknown) =>
      fetch(`${demo.url}/__demo/control`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    assert.equal((await control(demo.accessToken, { action: 'state' })).status, 401);
    assert.equal((await control(demo.controlToken, { action: 'setLmaInstalled', value: false })).status, 200);
    assert.equal((await call(q('SELECT Id FROM sfLma__License__c LIMIT 1'))).body[0].errorCode, 'INVALID_TYPE');
    assert.equal((await control(demo.controlToken, { action: 'setLmaInstalled', value: true })).status, 200);
  });
});
