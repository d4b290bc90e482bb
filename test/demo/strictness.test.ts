/**
 * The demo LMO is at least as strict as Salesforce, and holds what a real LMO holds: each
 * limit and behaviour the product depends on, checked on the wire with plain HTTP.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';

describe('demo LMO: as strict as Salesforce', () => {
  let demo: DemoLmo;
  before(async () => {
    demo = await startDemo({ licenses: 2000 });
  });
  after(() => demo.close());
  afterEach(() => {
    demo.faults.reset();
    demo.setAggregateRowLimit(2000);
  });

  const call = async (path: string, init: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? demo.accessToken}`;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${demo.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  /**
   * A test that writes (PATCH, DELETE, Composite writes) runs against a demo of its own, so no
   * other test sees what it changed, whatever the order.
   */
  const writing = (title: string, body: () => Promise<void>) =>
    it(title, async () => {
      const shared = demo;
      demo = await startDemo({ licenses: 2000 });
      try {
        await body();
      } finally {
        await demo.close();
        demo = shared;
      }
    });
  const q = (soql: string, resource = 'query') => `/services/data/v62.0/${resource}?q=${encodeURIComponent(soql)}`;
  const raw = (path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const url = new URL(demo.url);
      const req = http.request({ host: url.hostname, port: url.port, path, method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });

  it('issues session ids in Salesforce\'s shape: the org id, "!", then the secret', () => {
    assert.match(demo.accessToken, /^00D\w{15}![A-Za-z0-9]+$/);
    assert.equal(demo.accessToken.slice(0, 18), demo.orgId);
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
    demo.setAggregateRowLimit(200);
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

  it('keeps License history: a created row per license; OldValue and NewValue cannot be filtered, grouped or sorted', async () => {
    const created = await call(q("SELECT COUNT() FROM sfLma__License__History WHERE Field = 'created'"));
    assert.equal(created.body.totalSize, demo.licenseCount);
    const statuses = await call(
      q(
        "SELECT ParentId, OldValue, NewValue, CreatedDate, CreatedById, DataType FROM sfLma__License__History WHERE Field = 'sfLma__Status__c' AND Parent.sfLma__Status__c = 'Uninstalled' LIMIT 5",
      ),
    );
    assert.equal(statuses.status, 200);
    assert.ok(statuses.body.records.length > 0);
    for (const [soql, word] of [
      ["SELECT Id FROM sfLma__License__History WHERE NewValue = 'Uninstalled'", 'filtered'],
      ['SELECT NewValue, COUNT(Id) FROM sfLma__License__History GROUP BY NewValue', 'grouped'],
      ['SELECT Id FROM sfLma__License__History ORDER BY OldValue', 'sorted'],
    ]) {
      const refused = await call(q(soql));
      assert.equal(refused.status, 400, soql);
      assert.equal(refused.body[0].errorCode, 'INVALID_FIELD');
      assert.match(refused.body[0].message, new RegExp(`can not be ${word}`));
    }
  });

  writing('appends history for every write of a tracked field, and keeps the record type in step with the status', async () => {
    const license = (await call(q("SELECT Id, sfLma__Seats__c FROM sfLma__License__c WHERE sfLma__Status__c = 'Active' AND sfLma__Seats__c > 0 LIMIT 1"))).body
      .records[0];
    const path = `/services/data/v62.0/sobjects/sfLma__License__c/${license.Id}`;
    assert.equal((await call(path, { method: 'PATCH', body: { sfLma__Seats__c: license.sfLma__Seats__c + 5, sfLma__Status__c: 'Suspended' } })).status, 204);
    const rows = (
      await call(
        q(
          `SELECT Field, OldValue, NewValue, DataType FROM sfLma__License__History WHERE ParentId = '${license.Id}' AND Field != 'created' ORDER BY CreatedDate DESC LIMIT 2`,
        ),
      )
    ).body.records;
    const byField = Object.fromEntries(rows.map((r: { Field: string }) => [r.Field, r]));
    assert.deepEqual([byField.sfLma__Seats__c.OldValue, byField.sfLma__Seats__c.NewValue], [license.sfLma__Seats__c, license.sfLma__Seats__c + 5]);
    assert.deepEqual([byField.sfLma__Status__c.OldValue, byField.sfLma__Status__c.NewValue], ['Active', 'Suspended']);
    const after = (await call(`${path}?fields=sfLma__License_Status__c`)).body;
    assert.equal(after.sfLma__License_Status__c, 'Suspended');
  });

  writing("reads a number or a boolean sent as a string, as Salesforce's JSON reader does, and refuses one that is not", async () => {
    const license = (await call(q('SELECT Id FROM sfLma__License__c WHERE sfLma__Seats__c > 0 LIMIT 1'))).body.records[0];
    const path = `/services/data/v62.0/sobjects/sfLma__License__c/${license.Id}`;
    assert.equal((await call(path, { method: 'PATCH', body: { sfLma__Seats__c: '77' } })).status, 204);
    assert.equal((await call(`${path}?fields=sfLma__Seats__c`)).body.sfLma__Seats__c, 77);
    const bad = await call(path, { method: 'PATCH', body: { sfLma__Seats__c: 'seventy' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body[0].errorCode, 'JSON_PARSER_ERROR');
    assert.match(bad.body[0].message, /Cannot deserialize instance of double from VALUE_STRING value seventy/);
  });

  writing('moves a deleted record to the Recycle Bin: queryAll and the deleted resource see it, query does not', async () => {
    const license = (await call(q('SELECT Id FROM sfLma__License__c ORDER BY Id DESC LIMIT 1'))).body.records[0];
    const before = new Date(demo.now() - 120_000).toISOString();
    assert.equal((await call(`/services/data/v62.0/sobjects/sfLma__License__c/${license.Id}`, { method: 'DELETE' })).status, 204);
    const after = new Date(demo.now() + 120_000).toISOString();
    assert.equal((await call(q(`SELECT COUNT() FROM sfLma__License__c WHERE Id = '${license.Id}'`))).body.totalSize, 0);
    const all = await call(q(`SELECT Id, IsDeleted FROM sfLma__License__c WHERE Id = '${license.Id}'`, 'queryAll'));
    assert.equal(all.body.records[0].IsDeleted, true);
    const deleted = await call(`/services/data/v62.0/sobjects/sfLma__License__c/deleted/?start=${encodeURIComponent(before)}&end=${encodeURIComponent(after)}`);
    assert.equal(deleted.status, 200);
    assert.ok(deleted.body.deletedRecords.some((d: { id: string }) => d.id === license.Id));
    assert.match(deleted.body.earliestDateAvailable, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000\+0000$/);
    const seeded = await call(
      `/services/data/v62.0/sobjects/sfLma__License__c/deleted/?start=${encodeURIComponent(new Date(demo.now() - 14 * 86_400_000).toISOString())}&end=${encodeURIComponent(after)}`,
    );
    assert.ok(seeded.body.deletedRecords.length > 1, 'licenses deleted in the last two weeks');
  });

  const DAY = 86_400_000;
  const replication = (kind: 'updated' | 'deleted', startMs: number, endMs: number) =>
    call(
      `/services/data/v62.0/sobjects/sfLma__License__c/${kind}/?start=${encodeURIComponent(new Date(startMs).toISOString())}&end=${encodeURIComponent(new Date(endMs).toISOString())}`,
    );
  const historyOf = async (id: string) =>
    (
      await call(
        q(
          `SELECT Field, OldValue, NewValue, CreatedById FROM sfLma__License__History WHERE ParentId = '${id}' AND Field != 'created' ORDER BY CreatedDate, Id`,
        ),
      )
    ).body.records as { Field: string; OldValue: unknown; NewValue: unknown; CreatedById: string }[];
  const activePerSeat = async (n: number) =>
    (
      await call(
        q(
          `SELECT Id, sfLma__Seats__c, sfLma__Expiration__c FROM sfLma__License__c WHERE sfLma__Status__c = 'Active' AND sfLma__Seats__c > 0 AND sfLma__Seats__c < 1000 ORDER BY Id LIMIT ${n}`,
        ),
      )
    ).body.records as { Id: string; sfLma__Seats__c: number }[];

  writing('appends history for writes through sObject Collections and Composite too, not only a single PATCH', async () => {
    const [a, b, c] = await activePerSeat(3);
    const before = new Map(await Promise.all([a, b, c].map(async (l) => [l.Id, (await historyOf(l.Id)).length] as const)));
    const collection = await call('/services/data/v62.0/composite/sobjects', {
      method: 'PATCH',
      body: {
        allOrNone: true,
        records: [
          { attributes: { type: 'sfLma__License__c' }, id: a.Id, sfLma__Seats__c: a.sfLma__Seats__c + 1 },
          { attributes: { type: 'sfLma__License__c' }, id: b.Id, sfLma__Status__c: 'Suspended' },
        ],
      },
    });
    assert.equal(collection.status, 200, JSON.stringify(collection.body));
    assert.deepEqual(
      collection.body.map((r: { success: boolean }) => r.success),
      [true, true],
    );
    const composite = await call('/services/data/v62.0/composite', {
      method: 'POST',
      body: {
        allOrNone: true,
        compositeRequest: [
          {
            method: 'PATCH',
            url: `/services/data/v62.0/sobjects/sfLma__License__c/${c.Id}`,
            referenceId: 'seats',
            body: { sfLma__Seats__c: c.sfLma__Seats__c + 2 },
          },
        ],
      },
    });
    assert.equal(composite.body.compositeResponse[0].httpStatusCode, 204, JSON.stringify(composite.body));

    const added = async (id: string) => (await historyOf(id)).slice(before.get(id)).map((r) => [r.Field, r.OldValue, r.NewValue]);
    assert.deepEqual(await added(a.Id), [['sfLma__Seats__c', a.sfLma__Seats__c, a.sfLma__Seats__c + 1]], 'Collections: the seat change');
    assert.deepEqual(await added(b.Id), [['sfLma__Status__c', 'Active', 'Suspended']], 'Collections: the status change');
    assert.deepEqual(await added(c.Id), [['sfLma__Seats__c', c.sfLma__Seats__c, c.sfLma__Seats__c + 2]], 'Composite: the seat change');
    for (const id of [a.Id, b.Id, c.Id]) assert.equal((await historyOf(id)).at(-1)?.CreatedById, demo.userId(), 'written by the API user');
    assert.equal(
      (await call(`/services/data/v62.0/sobjects/sfLma__License__c/${b.Id}?fields=sfLma__License_Status__c`)).body.sfLma__License_Status__c,
      'Suspended',
    );
  });

  writing('keeps a deleted record 15 days: after that neither queryAll, the deleted resource nor a GET finds it', async () => {
    const [recent, old] = await activePerSeat(2);
    const record = (id: string) => demo.store.lookup(id) as NonNullable<ReturnType<typeof demo.store.lookup>>;
    demo.store.delete(record(recent.Id), demo.now() - 14 * DAY);
    demo.store.delete(record(old.Id), demo.now() - 16 * DAY);
    const all = await call(q(`SELECT Id, IsDeleted FROM sfLma__License__c WHERE Id IN ('${recent.Id}', '${old.Id}')`, 'queryAll'));
    assert.deepEqual(
      all.body.records.map((r: { Id: string; IsDeleted: boolean }) => [r.Id, r.IsDeleted]),
      [[recent.Id, true]],
      'queryAll sees the one still in the Recycle Bin',
    );
    const history = await call(q(`SELECT COUNT() FROM sfLma__License__History WHERE ParentId = '${old.Id}'`, 'queryAll'));
    assert.equal(history.body.totalSize, 0, 'nor the history of a record gone for good');
    const deleted = await replication('deleted', demo.now() - 20 * DAY, demo.now());
    assert.equal(deleted.status, 200);
    const ids = deleted.body.deletedRecords.map((d: { id: string }) => d.id);
    assert.ok(ids.includes(recent.Id) && !ids.includes(old.Id), 'the deleted resource lists the recent one only');
    const earliest = new Date(Math.floor((demo.now() - 15 * DAY) / 60_000) * 60_000).toISOString().replace('Z', '+0000');
    assert.equal(deleted.body.earliestDateAvailable, earliest, 'available from exactly 15 days ago');
    assert.equal((await call(`/services/data/v62.0/sobjects/sfLma__License__c/${recent.Id}`)).body[0].errorCode, 'ENTITY_IS_DELETED');
    const gone = await call(`/services/data/v62.0/sobjects/sfLma__License__c/${old.Id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body[0].errorCode, 'NOT_FOUND');
  });

  it('refuses a deleted window that Salesforce refuses: start after end, under a minute, older than 30 days, no date', async () => {
    const now = demo.now();
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
    const end = new Date(demo.now()).toISOString();
    const start = new Date(demo.now() - 2 * 86_400_000).toISOString();
    const updated = await call(`/services/data/v62.0/sobjects/sfLma__License__c/updated/?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`);
    assert.equal(updated.status, 200);
    assert.ok(updated.body.ids.length > 100, 'recent syncs touched many licenses');
    assert.match(updated.body.latestDateCovered, /\+0000$/);
    const tooOld = await call(
      `/services/data/v62.0/sobjects/sfLma__License__c/updated/?start=${encodeURIComponent(new Date(demo.now() - 31 * 86_400_000).toISOString())}&end=${encodeURIComponent(end)}`,
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
      { 'Content-Type': 'application/json', 'Content-Length': String(600 * 1024 * 1024), Authorization: `Bearer ${demo.accessToken}`, Host: '127.0.0.1' },
      '{',
    );
    assert.equal(huge.status, 413);
    assert.equal(JSON.parse(huge.text)[0].errorCode, 'REQUEST_ENTITY_TOO_LARGE');
  });

  it('answers only requests addressed to a loopback name (no DNS rebinding)', async () => {
    const rebound = await raw('/services/data', { Host: 'evil.example:80' });
    assert.equal(rebound.status, 421);
    const local = await raw('/services/data', { Host: `localhost:${new URL(demo.url).port}` });
    assert.equal(local.status, 200);
  });

  it('opens pages through the front door, as `sf org open` does: a one-time URL that sets the session cookie', async () => {
    const license = (await call(q('SELECT Id, Name FROM sfLma__License__c LIMIT 1'))).body.records[0];
    const path = `/lightning/r/sfLma__License__c/${license.Id}/view`;
    assert.equal((await call(`/services/oauth2/singleaccess?redirect_uri=${encodeURIComponent(path)}`, { token: null })).status, 401);
    const issued = await call(`/services/oauth2/singleaccess?redirect_uri=${encodeURIComponent(path)}`);
    assert.equal(issued.status, 200);
    assert.match(issued.body.frontdoor_uri, new RegExp(`^${demo.url}/secur/frontdoor\\.jsp\\?otp=`));
    const door = await fetch(issued.body.frontdoor_uri, { redirect: 'manual' });
    assert.equal(door.status, 302);
    assert.equal(door.headers.get('location'), path);
    const cookie = (door.headers.get('set-cookie') ?? '').split(';')[0];
    assert.match(cookie, /^sid=/);
    const page = await fetch(`${demo.url}${path}`, { headers: { Cookie: cookie } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(`<title>License: ${license.Name}</title>`));
    const again = await fetch(issued.body.frontdoor_uri, { redirect: 'manual' });
    assert.doesNotMatch(again.headers.get('location') ?? '', /lightning/, 'a code works once');
    assert.equal((await call('/services/oauth2/singleaccess?redirect_uri=https%3A%2F%2Fevil.example')).status, 400, 'only paths on this org');
  });

  it('logs requests per session, so a test counts only its own', async () => {
    const other = demo.accessToken;
    const mine = demo.issueAccessToken();
    const session = demo.sessionOf(mine) as number;
    const mark = demo.requests.mark();
    await call(q('SELECT COUNT() FROM Account'), { token: mine });
    await call(q('SELECT COUNT() FROM Lead'), { token: other });
    const own = demo.requests.since(mark, session);
    assert.deepEqual(
      own.map((r) => r.path),
      ['/services/data/v62.0/query?q=SELECT COUNT() FROM Account'],
    );
    assert.equal(demo.requests.since(mark).length, 2);
  });
});
