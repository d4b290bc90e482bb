/** The demo LMO's License history, as strict as Salesforce's field history (split from strictness.test.ts). */
import * as assert from 'node:assert/strict';
import { useStrictDemo } from './strictDemo';

describe('demo LMO: License history as strict as Salesforce', () => {
  const strict = useStrictDemo();
  const { call, writing, q, replication } = strict;

  it('keeps License history: a created row per license; OldValue and NewValue cannot be filtered, grouped or sorted', async () => {
    const created = await call(q("SELECT COUNT() FROM sfLma__License__History WHERE Field = 'created'"));
    assert.equal(created.body.totalSize, strict.demo.licenseCount);
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
    const before = new Date(strict.demo.now() - 120_000).toISOString();
    assert.equal((await call(`/services/data/v62.0/sobjects/sfLma__License__c/${license.Id}`, { method: 'DELETE' })).status, 204);
    const after = new Date(strict.demo.now() + 120_000).toISOString();
    assert.equal((await call(q(`SELECT COUNT() FROM sfLma__License__c WHERE Id = '${license.Id}'`))).body.totalSize, 0);
    const all = await call(q(`SELECT Id, IsDeleted FROM sfLma__License__c WHERE Id = '${license.Id}'`, 'queryAll'));
    assert.equal(all.body.records[0].IsDeleted, true);
    const deleted = await call(`/services/data/v62.0/sobjects/sfLma__License__c/deleted/?start=${encodeURIComponent(before)}&end=${encodeURIComponent(after)}`);
    assert.equal(deleted.status, 200);
    assert.ok(deleted.body.deletedRecords.some((d: { id: string }) => d.id === license.Id));
    assert.match(deleted.body.earliestDateAvailable, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000\+0000$/);
    const seeded = await call(
      `/services/data/v62.0/sobjects/sfLma__License__c/deleted/?start=${encodeURIComponent(new Date(strict.demo.now() - 14 * 86_400_000).toISOString())}&end=${encodeURIComponent(after)}`,
    );
    assert.ok(seeded.body.deletedRecords.length > 1, 'licenses deleted in the last two weeks');
  });

  const DAY = 86_400_000;
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
    for (const id of [a.Id, b.Id, c.Id]) assert.equal((await historyOf(id)).at(-1)?.CreatedById, strict.demo.userId(), 'written by the API user');
    assert.equal(
      (await call(`/services/data/v62.0/sobjects/sfLma__License__c/${b.Id}?fields=sfLma__License_Status__c`)).body.sfLma__License_Status__c,
      'Suspended',
    );
  });

  writing('keeps a deleted record 15 days: after that neither queryAll, the deleted resource nor a GET finds it', async () => {
    const [recent, old] = await activePerSeat(2);
    const record = (id: string) => strict.demo.store.lookup(id) as NonNullable<ReturnType<typeof strict.demo.store.lookup>>;
    strict.demo.store.delete(record(recent.Id), strict.demo.now() - 14 * DAY);
    strict.demo.store.delete(record(old.Id), strict.demo.now() - 16 * DAY);
    const all = await call(q(`SELECT Id, IsDeleted FROM sfLma__License__c WHERE Id IN ('${recent.Id}', '${old.Id}')`, 'queryAll'));
    assert.deepEqual(
      all.body.records.map((r: { Id: string; IsDeleted: boolean }) => [r.Id, r.IsDeleted]),
      [[recent.Id, true]],
      'queryAll sees the one still in the Recycle Bin',
    );
    const history = await call(q(`SELECT COUNT() FROM sfLma__License__History WHERE ParentId = '${old.Id}'`, 'queryAll'));
    assert.equal(history.body.totalSize, 0, 'nor the history of a record gone for good');
    const deleted = await replication('deleted', strict.demo.now() - 20 * DAY, strict.demo.now());
    assert.equal(deleted.status, 200);
    const ids = deleted.body.deletedRecords.map((d: { id: string }) => d.id);
    assert.ok(ids.includes(recent.Id) && !ids.includes(old.Id), 'the deleted resource lists the recent one only');
    const earliest = new Date(Math.floor((strict.demo.now() - 15 * DAY) / 60_000) * 60_000).toISOString().replace('Z', '+0000');
    assert.equal(deleted.body.earliestDateAvailable, earliest, 'available from exactly 15 days ago');
    assert.equal((await call(`/services/data/v62.0/sobjects/sfLma__License__c/${recent.Id}`)).body[0].errorCode, 'ENTITY_IS_DELETED');
    const gone = await call(`/services/data/v62.0/sobjects/sfLma__License__c/${old.Id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body[0].errorCode, 'NOT_FOUND');
  });
});
