/**
 * The demo LMO is at least as strict as Salesforce, and holds what a real LMO holds: each
 * limit and behaviour the product depends on, checked on the wire with plain HTTP.
 */
import * as assert from 'node:assert/strict';
import { useStrictDemo } from './strictDemo';

describe('demo LMO: as strict as Salesforce', () => {
  const strict = useStrictDemo();
  const { call, writing, q, raw, replication } = strict;
  const DAY = 86_400_000;

  it('issues session ids in Salesforce\'s shape: the org id, "!", then the secret', () => {
    assert.match(strict.demo.accessToken, /^00D\w{15}![A-Za-z0-9]+$/);
    assert.equal(strict.demo.accessToken.slice(0, 18), strict.demo.orgId);
  });

  it('takes //services/… (an instance URL stored with a trailing slash), as Salesforce does', async () => {
    const res = await call(`/${q('SELECT COUNT() FROM sfLma__Package__c')}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.totalSize, 4);
  });

  it('refuses a WHERE clause over 4,000 characters with MALFORMED_QUERY', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `'00D${String(i).padStart(12, '0')}'`);
    const long = `SELECT Id FROM sfLma__License__c WHERE sfLma__Subscriber_Org_ID__c IN (${ids.join(', ')})`;
    assert.ok(long.length > 4100);
    const res = await call(q(long));
    assert.equal(res.status, 400);
    assert.equal(res.body[0].errorCode, 'MALFORMED_QUERY');
    assert.match(res.body[0].message, /WHERE clause/);
    const fits = await call(q(`SELECT Id FROM sfLma__License__c WHERE sfLma__Subscriber_Org_ID__c IN (${ids.slice(0, 150).join(', ')})`));
    assert.equal(fits.status, 200);
  });

  it("caps aggregate results (configurable), with Salesforce's code and message", async () => {
    const soql = 'SELECT sfLma__Subscriber_Org_ID__c, COUNT(Id) FROM sfLma__License__c GROUP BY sfLma__Subscriber_Org_ID__c';
    assert.equal((await call(q(soql))).status, 200);
    strict.demo.setAggregateRowLimit(200);
    const capped = await call(q(soql));
    assert.equal(capped.status, 400);
    assert.deepEqual(capped.body, [
      { errorCode: 'EXCEEDED_ID_LIMIT', message: 'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch' },
    ]);
  });

  it('gives licenses record types whose name is the License Status formula', async () => {
    const res = await call(
      q(
        "SELECT sfLma__Status__c, RecordType.Name, RecordType.DeveloperName, RecordType.NamespacePrefix, sfLma__License_Status__c FROM sfLma__License__c WHERE sfLma__Status__c = 'Suspended' LIMIT 5",
      ),
    );
    assert.equal(res.status, 200);
    for (const r of res.body.records) {
      assert.equal(r.RecordType.NamespacePrefix, 'sfLma');
      assert.equal(r.RecordType.Name, r.sfLma__License_Status__c);
      assert.equal(r.sfLma__License_Status__c, 'Suspended');
    }
    const types = await call(q("SELECT Name FROM RecordType WHERE SobjectType = 'sfLma__License__c' ORDER BY Name"));
    assert.deepEqual(
      types.body.records.map((r: { Name: string }) => r.Name),
      ['Active', 'Expired', 'Suspended', 'Trial', 'Uninstalled'],
    );
  });

  it('refuses a deleted window that Salesforce refuses: start after end, under a minute, older than 30 days, no date', async () => {
    const now = strict.demo.now();
    // Seconds are dropped: two times inside the previous whole minute are under a minute apart, whatever the clock says.
    const minute = Math.floor(now / 60_000) * 60_000 - 60_000;
    for (const [why, path] of [
      ['start after end', `start=${new Date(now - DAY).toISOString()}&end=${new Date(now - 2 * DAY).toISOString()}`],
      ['under a minute', `start=${new Date(minute + 5_000).toISOString()}&end=${new Date(minute + 55_000).toISOString()}`],
      ['older than 30 days', `start=${new Date(now - 31 * DAY).toISOString()}&end=${new Date(now).toISOString()}`],
      ['no start', `end=${new Date(now).toISOString()}`],
      ['not a date', `start=yesterday&end=${new Date(now).toISOString()}`],
    ]) {
      const res = await call(`/services/data/v62.0/sobjects/sfLma__License__c/deleted/?${path.replace(/:/g, '%3A')}`);
      assert.equal(res.status, 400, why);
      assert.equal(res.body[0].errorCode, 'INVALID_REPLICATION_DATE', why);
    }
    const fine = await replication('deleted', now - 29 * DAY, now);
    assert.equal(fine.status, 200);
  });

  it('answers the updated resource with ids and its windows, refusing what Salesforce refuses', async () => {
    const end = new Date(strict.demo.now()).toISOString();
    const start = new Date(strict.demo.now() - 2 * 86_400_000).toISOString();
    const updated = await call(`/services/data/v62.0/sobjects/sfLma__License__c/updated/?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`);
    assert.equal(updated.status, 200);
    assert.ok(updated.body.ids.length > 100, 'recent syncs touched many licenses');
    assert.match(updated.body.latestDateCovered, /\+0000$/);
    const tooOld = await call(
      `/services/data/v62.0/sobjects/sfLma__License__c/updated/?start=${encodeURIComponent(new Date(strict.demo.now() - 31 * 86_400_000).toISOString())}&end=${encodeURIComponent(end)}`,
    );
    assert.equal(tooOld.status, 400);
    assert.equal(tooOld.body[0].errorCode, 'INVALID_REPLICATION_DATE');
    const backwards = await call(`/services/data/v62.0/sobjects/sfLma__License__c/updated/?start=${encodeURIComponent(end)}&end=${encodeURIComponent(start)}`);
    assert.equal(backwards.status, 400);
  });

  it('answers a malformed % escape with 400, not a server error', async () => {
    const res = await call('/services/data/v62.0/query?q=SELECT%ZZId%20FROM%20Account');
    assert.equal(res.status, 400);
    const path = await call('/services/data/v62.0/sobjects/%E0%A4%A/describe');
    assert.equal(path.status, 400);
  });

  writing('resolves a Composite @{ref} whose value holds quotes and backslashes', async () => {
    const res = await call('/services/data/v62.0/composite', {
      method: 'POST',
      body: {
        compositeRequest: [
          { method: 'GET', url: q("SELECT Company FROM Lead WHERE Company LIKE 'O\\'Brien%' LIMIT 1"), referenceId: 'lead' },
          { method: 'GET', url: q('SELECT Id FROM Account ORDER BY Id LIMIT 1'), referenceId: 'acct' },
          {
            method: 'PATCH',
            url: '/services/data/v62.0/sobjects/Account/@{acct.records[0].Id}',
            referenceId: 'copy',
            body: { Website: 'From @{lead.records[0].Company}' },
          },
          { method: 'GET', url: '/services/data/v62.0/sobjects/Account/@{acct.records[0].Id}?fields=Website', referenceId: 'check' },
        ],
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.compositeResponse[0].body.records.length, 1);
    const check = res.body.compositeResponse.find((r: { referenceId: string }) => r.referenceId === 'check');
    assert.equal(check.httpStatusCode, 200, JSON.stringify(res.body.compositeResponse));
    assert.equal(check.body.Website, `From O'Brien & "Sons" <b>Ltd</b>`);
  });

  writing('rolls back every earlier subrequest of an allOrNone Composite call', async () => {
    const pkg = (await call(q('SELECT Id, sfLma__Developer_Name__c FROM sfLma__Package__c ORDER BY Name LIMIT 1'))).body.records[0];
    const res = await call('/services/data/v62.0/composite', {
      method: 'POST',
      body: {
        allOrNone: true,
        compositeRequest: [
          {
            method: 'PATCH',
            url: `/services/data/v62.0/sobjects/sfLma__Package__c/${pkg.Id}`,
            referenceId: 'rename',
            body: { sfLma__Developer_Name__c: 'Changed' },
          },
          { method: 'PATCH', url: `/services/data/v62.0/sobjects/sfLma__Package__c/${pkg.Id}`, referenceId: 'broken', body: { Nope__c: 1 } },
        ],
      },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.compositeResponse.map((r: { httpStatusCode: number }) => r.httpStatusCode),
      [400, 400],
    );
    assert.equal(res.body.compositeResponse[0].body[0].errorCode, 'PROCESSING_HALTED');
    const after = (await call(`/services/data/v62.0/sobjects/sfLma__Package__c/${pkg.Id}?fields=sfLma__Developer_Name__c`)).body;
    assert.equal(after.sfLma__Developer_Name__c, pkg.sfLma__Developer_Name__c);
  });

  it('checks the session before reading a body, and refuses a body over its limit with 413', async () => {
    const unauthorised = await raw(
      '/services/data/v62.0/composite',
      { 'Content-Type': 'application/json', 'Content-Length': String(600 * 1024 * 1024), Host: '127.0.0.1' },
      '{',
    );
    assert.equal(unauthorised.status, 401);
    const huge = await raw(
      '/services/data/v62.0/composite',
      {
        'Content-Type': 'application/json',
        'Content-Length': String(600 * 1024 * 1024),
        Authorization: `Bearer ${strict.demo.accessToken}`,
        Host: '127.0.0.1',
      },
      '{',
    );
    assert.equal(huge.status, 413);
    assert.equal(JSON.parse(huge.text)[0].errorCode, 'REQUEST_ENTITY_TOO_LARGE');
  });

  it('answers only requests addressed to a loopback name (no DNS rebinding)', async () => {
    const rebound = await raw('/services/data', { Host: 'evil.example:80' });
    assert.equal(rebound.status, 421);
    const local = await raw('/services/data', { Host: `localhost:${new URL(strict.demo.url).port}` });
    assert.equal(local.status, 200);
  });

  it('opens pages through the front door, as `sf org open` does: a one-time URL that sets the session cookie', async () => {
    const license = (await call(q('SELECT Id, Name FROM sfLma__License__c LIMIT 1'))).body.records[0];
    const path = `/lightning/r/sfLma__License__c/${license.Id}/view`;
    assert.equal((await call(`/services/oauth2/singleaccess?redirect_uri=${encodeURIComponent(path)}`, { token: null })).status, 401);
    const issued = await call(`/services/oauth2/singleaccess?redirect_uri=${encodeURIComponent(path)}`);
    assert.equal(issued.status, 200);
    assert.match(issued.body.frontdoor_uri, new RegExp(`^${strict.demo.url}/secur/frontdoor\\.jsp\\?otp=`));
    const door = await fetch(issued.body.frontdoor_uri, { redirect: 'manual' });
    assert.equal(door.status, 302);
    assert.equal(door.headers.get('location'), path);
    const cookie = (door.headers.get('set-cookie') ?? '').split(';')[0];
    assert.match(cookie, /^sid=/);
    const page = await fetch(`${strict.demo.url}${path}`, { headers: { Cookie: cookie } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(`<title>License: ${license.Name}</title>`));
    const again = await fetch(issued.body.frontdoor_uri, { redirect: 'manual' });
    assert.doesNotMatch(again.headers.get('location') ?? '', /lightning/, 'a code works once');
    assert.equal((await call('/services/oauth2/singleaccess?redirect_uri=https%3A%2F%2Fevil.example')).status, 400, 'only paths on this org');
  });

  it('logs requests per session, so a test counts only its own', async () => {
    const other = strict.demo.accessToken;
    const mine = strict.demo.issueAccessToken();
    const session = strict.demo.sessionOf(mine) as number;
    const mark = strict.demo.requests.mark();
    await call(q('SELECT COUNT() FROM Account'), { token: mine });
    await call(q('SELECT COUNT() FROM Lead'), { token: other });
    const own = strict.demo.requests.since(mark, session);
    assert.deepEqual(
      own.map((r) => r.path),
      ['/services/data/v62.0/query?q=SELECT COUNT() FROM Account'],
    );
    assert.equal(strict.demo.requests.since(mark).length, 2);
  });
});
