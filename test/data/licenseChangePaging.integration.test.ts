/**
 * The change feed's resume points at small pages: the next page starts strictly after the last
 * row read, in (CreatedDate, Id) order. At the default page (2,000 rows) a page that re-read its
 * last row would only cost a row; at one row a page it would never move. Both the feed's poll and
 * the editor's Recent Changes are drained here with pages of 1, 2 and 3 rows, against the demo
 * LMO over HTTP (real @salesforce/core + jsforce).
 */
import * as assert from 'node:assert/strict';
import { type LicenseChange } from '../../src/core/changes/licenseChange';
import { type ChangeCursor, LicenseChangeReader } from '../../src/data/lmo/changeFeed';
import { type OrgClient } from '../../src/data/org/orgClient';
import { type DemoLmo } from '../../src/demo/http/server';
import { openDemo, startDemo } from '../support/demoOrg';

describe('License change feed at small pages (demo LMO over HTTP)', function () {
  this.timeout(120_000);
  let demo: DemoLmo;
  let client: OrgClient;
  const reader = (pageSize: number) => new LicenseChangeReader(client, { now: () => new Date(demo.now()), pageSize });

  before(async () => {
    demo = await startDemo({ licenses: 300 });
    ({ client } = await openDemo(demo));
  });
  after(() => demo.close());

  /** Polls until caught up, but gives up (and fails) after `maxPolls`: a feed that stops moving must not hang the suite. */
  async function drain(
    r: LicenseChangeReader,
    cursor: ChangeCursor,
    maxPolls: number,
  ): Promise<{ changes: LicenseChange[]; polls: number; cursor: ChangeCursor }> {
    const changes: LicenseChange[] = [];
    let c = cursor;
    for (let polls = 1; polls <= maxPolls; polls++) {
      const page = await r.poll(c);
      changes.push(...page.changes);
      c = page.cursor;
      if (!page.more) return { changes, polls, cursor: c };
    }
    assert.fail(`the feed was still not caught up after ${maxPolls} polls (${changes.length} changes read): it does not move past its last row`);
  }

  /** The history rows written since `sinceMs` that the feed reports, in (CreatedDate, Id) order, from the demo's store. */
  function historySince(sinceMs: number): string[] {
    const rows: { id: string; at: number }[] = [];
    for (const row of demo.store.history.scan(demo.store.rows('sfLma__License__c'), () => false)) {
      const at = Date.parse(String(row.CreatedDate).replace('+0000', 'Z'));
      if (at >= sinceMs && !(row.Field === 'sfLma__Package_Version__c' && row.DataType === 'Text')) rows.push({ id: row.Id, at });
    }
    return rows.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((r) => r.id);
  }

  for (const pageSize of [1, 2, 3]) {
    it(`drains the feed a page of ${pageSize} at a time: every change once, in order, and then nothing`, async () => {
      const start = demo.now() - 1000;
      const cursor = reader(pageSize).initialCursor(new Date(start));
      demo.changes.make(7, ['status', 'seats', 'expiration']);
      // The cursor starts at the second of `start` (history times are whole seconds).
      const expected = historySince(cursor.floorMs);
      assert.ok(expected.length >= 7, `${expected.length} history rows`);
      const r = reader(pageSize);
      const { changes, polls, cursor: end } = await drain(r, cursor, expected.length + 5);
      assert.deepEqual(
        changes.map((c) => c.id),
        expected,
        'every history row once, in (CreatedDate, Id) order',
      );
      assert.ok(polls >= Math.ceil(expected.length / pageSize), `${polls} polls for ${expected.length} rows`);
      // Caught up, a poll re-reads the overlap window (5 minutes) a page at a time, reporting nothing again.
      const again = await drain(r, end, 200);
      assert.deepEqual(again.changes, [], 'nothing is reported twice');
    });
  }

  it('lists Recent Changes a page of 2 at a time with no repeats and no gaps, the same as one big page', async () => {
    demo.changes.make(9, ['status', 'seats']);
    const whole = await reader(2000).recentChanges({ days: 1, kinds: ['license.status_changed', 'license.seats_changed'], limit: 500 });
    assert.equal(whole.complete, true);
    assert.ok(whole.changes.length >= 9, `${whole.changes.length} changes`);
    const paged = await reader(2).recentChanges({ days: 1, kinds: ['license.status_changed', 'license.seats_changed'], limit: 500 });
    const ids = paged.changes.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'no change twice');
    assert.deepEqual(
      ids,
      whole.changes.map((c) => c.id),
      'the same changes, newest first',
    );
    assert.equal(paged.complete, true);
    assert.ok(paged.apiCalls >= whole.changes.length / 2, `${paged.apiCalls} calls: pages of 2 were read`);
  });
});
