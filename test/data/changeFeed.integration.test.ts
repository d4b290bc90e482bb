/**
 * The License change feed's reads through the real stack (@salesforce/core + jsforce over HTTP)
 * against the demo LMO, whose change simulator writes history the way PATCH writes it.
 */
import * as assert from 'node:assert/strict';
import { type LicenseChange } from '../../src/core/changes/licenseChange';
import { type ChangeCursor, LicenseChangeReader } from '../../src/data/lmo/changeFeed';
import { type DemoLmo } from '../../src/demo/http/server';
import { connectByAlias, loginWithCli, requestsOf, startDemo } from '../support/demoOrg';

describe('License change feed reads (demo LMO over HTTP)', function () {
  this.timeout(120_000);
  let demo: DemoLmo;
  let reader: LicenseChangeReader;
  let session: number;

  before(async () => {
    demo = await startDemo({ licenses: 3000, username: 'admin@changes-lmo.demo' });
    session = await loginWithCli(demo, 'changes-lmo');
    const lmo = await connectByAlias('changes-lmo');
    reader = new LicenseChangeReader(lmo.client, { now: () => new Date(demo.now()) });
  });
  after(() => demo.close());

  /** Polls until caught up; returns every change and what it cost. */
  async function drain(cursor: ChangeCursor): Promise<{ changes: LicenseChange[]; cursor: ChangeCursor; calls: number; polls: number }> {
    const changes: LicenseChange[] = [];
    let polls = 0;
    const { result, requests } = await requestsOf(demo, session, async () => {
      let c = cursor;
      for (;;) {
        const page = await reader.poll(c);
        polls++;
        changes.push(...page.changes);
        c = page.cursor;
        if (!page.more) return c;
      }
    });
    return { changes, cursor: result, calls: requests.length, polls };
  }

  /** History ids written for `licenseIds` since `sinceMs`, straight from the demo's store. */
  function historyIdsSince(sinceMs: number): string[] {
    const ids: string[] = [];
    for (const row of demo.store.history.scan(demo.store.rows('sfLma__License__c'), () => false)) {
      if (Date.parse(String(row.CreatedDate).replace('+0000', 'Z')) >= sinceMs && !(row.Field === 'sfLma__Package_Version__c' && row.DataType === 'Text'))
        ids.push(row.Id);
    }
    return ids;
  }

  it('an idle poll costs one API call and reports nothing', async () => {
    let cursor = reader.initialCursor(new Date(demo.now()));
    for (let i = 0; i < 3; i++) {
      const { result, requests } = await requestsOf(demo, session, () => reader.poll(cursor));
      assert.equal(requests.length, 1, requests.map((r) => r.path).join('\n'));
      assert.deepEqual(result.changes, []);
      assert.equal(result.more, false);
      cursor = result.cursor;
    }
  });

  it('reports every kind of change once, with its actor, old and new values and the license as it is now', async () => {
    const start = demo.now() - 1000;
    const cursor = reader.initialCursor(new Date(start));
    const made = demo.changes.make(5, ['status', 'seats', 'expiration', 'version', 'install']);
    assert.equal(made.length, 5);
    const victim = demo.store.rows('sfLma__License__c').find((l) => l.IsDeleted !== true && !made.some((m) => m.licenseId === l.Id));
    assert.ok(victim);
    // Deleted two minutes ago: the `deleted` resource only covers whole minutes that have passed.
    demo.store.delete(victim, demo.now() - 120_000);
    const first = await drain({ ...cursor, deletedFrom: new Date(demo.now() - 5 * 60_000).toISOString() });
    const types = first.changes.map((c) => c.type).sort();
    assert.deepEqual(types, [
      'license.created',
      'license.deleted',
      'license.expiration_changed',
      'license.seats_changed',
      'license.status_changed',
      'license.version_changed',
    ]);
    assert.ok(first.calls <= 2, `${first.calls} calls`);
    for (const c of first.changes) {
      assert.ok(c.license, `${c.type} has the license's facts`);
      assert.equal(c.license.subscriberOrgId?.length !== undefined, true);
      // API writes are the connected user's; the LMA creates licenses as its License Manager.
      if (c.type !== 'license.deleted') assert.equal(c.actor?.name, c.type === 'license.created' ? 'License Manager' : 'Demo Admin');
    }
    const version = first.changes.find((c) => c.type === 'license.version_changed') as LicenseChange;
    assert.match(String(version.oldValue), /^a0V/);
    assert.match(String(version.newLabel), /\d+\.\d+/, 'the new version is named');
    assert.equal(version.license?.packageVersionId, version.newValue);
    const deleted = first.changes.find((c) => c.type === 'license.deleted') as LicenseChange;
    assert.equal(deleted.licenseId, victim.Id);
    assert.equal(deleted.license?.isDeleted, true);
    const seats = first.changes.find((c) => c.type === 'license.seats_changed') as LicenseChange;
    assert.equal(typeof seats.newValue, 'number');

    const again = await drain(first.cursor);
    assert.deepEqual(again.changes, [], 'nothing is reported twice');
  });

  it('pages through more than 2,000 history rows written in the same seconds, skipping and repeating none', async () => {
    const start = demo.now() - 1000;
    const cursor = reader.initialCursor(new Date(start));
    demo.changes.make(2600, ['status', 'seats', 'expiration']);
    const expected = historyIdsSince(start);
    assert.ok(expected.length >= 2500, `${expected.length} rows`);
    const { changes, calls, polls } = await drain(cursor);
    const ids = changes.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    const missing = expected.filter((id) => !ids.includes(id));
    assert.deepEqual(missing, [], `every row (${ids.length} read, ${expected.length} written)`);
    assert.ok(polls >= 2, `${polls} pages`);
    assert.ok(calls <= polls * 2, `${calls} calls for ${polls} pages: history + facts per page`);
  });

  it('catches a row that commits late inside the overlap window, once', async () => {
    const { cursor } = await drain(reader.initialCursor(new Date(demo.now() - 10 * 60_000)));
    demo.changes.make(1, ['seats']);
    const afterNew = await drain(cursor);
    assert.equal(afterNew.changes.length, 1);
    // A row dated a minute ago, visible only now (a long transaction committing late).
    const license = demo.store.rows('sfLma__License__c').find((l) => l.IsDeleted !== true) as { Id: string };
    demo.store.appendHistory({
      parentId: license.Id,
      field: 'sfLma__Status__c',
      dataType: 'Picklist',
      oldValue: 'Active',
      newValue: 'Suspended',
      atMs: demo.now() - 60_000,
      createdById: demo.userId(),
    });
    const late = await drain(afterNew.cursor);
    assert.deepEqual(
      late.changes.map((c) => [c.type, c.licenseId, c.newValue]),
      [['license.status_changed', license.Id, 'Suspended']],
    );
    assert.equal((await drain(late.cursor)).changes.length, 0, 'and only once');
  });

  it("reads one license's timeline newest first in one API call", async () => {
    const [made] = demo.changes.make(1, ['status']);
    const { result, requests } = await requestsOf(demo, session, () => reader.licenseHistory(made.licenseId));
    assert.equal(requests.length, 1);
    assert.equal(result.changes[0].type, 'license.status_changed');
    assert.equal(result.changes[result.changes.length - 1].type, 'license.created');
    const times = result.changes.map((c) => c.time);
    assert.deepEqual(times, [...times].sort().reverse());
    assert.equal(result.license?.status, result.changes[0].newValue);
  });

  it('lists recent changes of some kinds, newest first', async () => {
    demo.changes.make(6, ['status', 'seats']);
    const { changes } = await reader.recentChanges({ days: 1, kinds: ['license.seats_changed'], limit: 50 });
    assert.ok(changes.length >= 3);
    assert.ok(changes.every((c) => c.type === 'license.seats_changed'));
    const times = changes.map((c) => c.time);
    assert.deepEqual(times, [...times].sort().reverse());
    const pkg = changes[0].license?.packageId as string;
    const onePackage = await reader.recentChanges({ days: 1, packageId: pkg, limit: 50 });
    assert.ok(onePackage.changes.length > 0 && onePackage.changes.every((c) => c.license?.packageId === pkg));
  });
});
