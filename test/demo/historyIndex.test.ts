/**
 * The demo's CreatedDate index on License history (Salesforce indexes CreatedDate): a query bounded
 * by CreatedDate must return exactly what a full scan returns. Each bounded query is checked
 * against the same bounds OR a condition no row meets (`Id = null`): with an OR the index is not used.
 */
import * as assert from 'node:assert/strict';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { calendarDate } from '../../src/core/calendarDate';
import { type DemoLmo } from '../../src/demo/http/server';
import { HistoryTable } from '../../src/demo/history';
import { DATA_OBJECTS, Schema } from '../../src/demo/schema';
import { compileWhere } from '../../src/demo/soql/where';
import { sfDateTime } from '../../src/demo/time';
import { startDemo } from '../support/demoOrg';

const DAY = 86_400_000;

describe('demo LMO: License history by CreatedDate, indexed', () => {
  let demo: DemoLmo;
  before(async () => {
    demo = await startDemo({ licenses: 1000, seed: 9 });
  });
  after(() => demo.close());

  const queryAll = async (where: string): Promise<string[]> => {
    const ids: string[] = [];
    let next: string | undefined =
      `/services/data/v62.0/queryAll?q=${encodeURIComponent(`SELECT Id, CreatedDate FROM sfLma__License__History WHERE ${where} ORDER BY Id`)}`;
    while (next) {
      const res = await fetch(`${demo.url}${next}`, { headers: { Authorization: `Bearer ${demo.accessToken}` } });
      const body = (await res.json()) as { records?: { Id: string }[]; nextRecordsUrl?: string } | { message: string }[];
      assert.equal(res.status, 200, JSON.stringify(body));
      if (Array.isArray(body)) throw new Error('an error body');
      ids.push(...(body.records ?? []).map((r) => r.Id));
      next = body.nextRecordsUrl;
    }
    return ids;
  };
  /** The bounds through the index, and through a full scan: the same rows. */
  const sameAsFullScan = async (bounded: string): Promise<number> => {
    const [fast, full] = await Promise.all([queryAll(bounded), queryAll(`(${bounded}) OR Id = null`)]);
    assert.deepEqual(fast, full, bounded);
    return fast.length;
  };
  const at = (ms: number) => sfDateTime(ms).replace('+0000', 'Z');

  it('returns the rows a full scan returns, for every comparison and for bounds with and without milliseconds', async () => {
    const now = demo.now();
    let seen = 0;
    for (const [from, to] of [
      [now - 30 * DAY, now],
      [now - 400 * DAY, now - 200 * DAY],
      [now - 3 * DAY + 500, now - DAY + 250],
    ]) {
      seen += await sameAsFullScan(`CreatedDate >= ${at(from)} AND CreatedDate < ${at(to)}`);
      seen += await sameAsFullScan(`CreatedDate > ${at(from)} AND CreatedDate <= ${at(to)}`);
      seen += await sameAsFullScan(`CreatedDate > ${sfDateTime(from)}`);
    }
    assert.ok(seen > 1000, `the ranges hold rows (${seen})`);
  });

  it('includes rows exactly on a bound, a change and a license created at that second alike', async () => {
    const res = await fetch(
      `${demo.url}/services/data/v62.0/queryAll?q=${encodeURIComponent("SELECT CreatedDate, Field FROM sfLma__License__History WHERE Field != 'created' ORDER BY CreatedDate DESC LIMIT 1")}`,
      { headers: { Authorization: `Bearer ${demo.accessToken}` } },
    );
    const change = ((await res.json()) as { records: { CreatedDate: string }[] }).records[0].CreatedDate;
    const license = String(demo.store.rows('sfLma__License__c')[5].CreatedDate);
    for (const edge of [change, license]) {
      for (const op of ['=', '<=', '>=']) assert.ok((await sameAsFullScan(`CreatedDate ${op} ${edge}`)) >= 1, `CreatedDate ${op} ${edge}`);
      await sameAsFullScan(`CreatedDate < ${edge}`);
      await sameAsFullScan(`CreatedDate > ${edge}`);
    }
  });

  it('keeps an OR of two ranges whole (no index used)', async () => {
    const now = demo.now();
    const a = `CreatedDate < ${at(now - 300 * DAY)}`;
    const b = `CreatedDate > ${at(now - 10 * DAY)}`;
    const either = await queryAll(`${a} OR ${b}`);
    const [first, second] = [await queryAll(a), await queryAll(b)];
    assert.deepEqual(either, [...first, ...second].sort(), 'the OR holds both ranges');
    assert.ok(first.length > 0 && second.length > 0);
  });

  it('finds a change written after the index was built, and one dated before the newest row', async () => {
    const since = at(demo.now() - 60_000);
    const before = await queryAll(`CreatedDate >= ${since}`);
    const made = demo.changes.make(3, ['seats']);
    assert.equal(made.length, 3);
    const after = await queryAll(`CreatedDate >= ${since}`);
    assert.equal(after.length, before.length + 3, 'the three new rows are in the range');
    // A row dated in the past (a history row the store receives out of time order) drops the index; it is found too.
    const past = demo.now() - 100 * DAY;
    demo.store.appendHistory({
      parentId: String(demo.store.rows('sfLma__License__c')[0].Id),
      field: 'sfLma__Seats__c',
      dataType: 'Double',
      oldValue: 1,
      newValue: 2,
      atMs: past,
      createdById: '0055g0000000001AAA',
    });
    const window = `CreatedDate >= ${at(past - 1000)} AND CreatedDate <= ${at(past + 1000)}`;
    await sameAsFullScan(window);
    assert.ok((await queryAll(window)).length >= 1, 'the out-of-order row is found');
  });
});

describe('demo LMO: the CreatedDate bounds read from a WHERE clause', () => {
  const schema = new Schema(DATA_OBJECTS);
  const bounds = (where: string) => {
    const query = parseQuery(`SELECT Id FROM sfLma__License__History WHERE ${where}`) as { where?: unknown };
    const object = schema.object('sfLma__License__History');
    assert.ok(object);
    return compileWhere(query.where, { schema, object, lookup: () => undefined, today: calendarDate('2026-03-10'), subquery: () => new Set() }).createdDate;
  };
  const ms = (iso: string) => Date.parse(iso);

  it('takes bounds from DATETIME comparisons joined by AND, in any case and zone', () => {
    assert.deepEqual(bounds("Field = 'x' AND CreatedDate >= 2026-01-01T00:00:00Z AND (createddate < 2026-02-01T00:00:00.000+0000)"), {
      fromMs: ms('2026-01-01T00:00:00Z'),
      toMs: ms('2026-02-01T00:00:00Z'),
    });
    assert.deepEqual(bounds('CreatedDate = 2026-01-01T10:00:00-08:00'), { fromMs: ms('2026-01-01T18:00:00Z'), toMs: ms('2026-01-01T18:00:00Z') });
    assert.deepEqual(bounds('CreatedDate > 2026-01-01T00:00:00Z AND CreatedDate > 2026-01-05T00:00:00Z'), {
      fromMs: ms('2026-01-05T00:00:00Z'),
      toMs: undefined,
    });
  });

  it('takes none where a row outside them could still match', () => {
    let accepted = 0;
    for (const where of [
      'CreatedDate >= 2026-01-01T00:00:00Z OR CreatedDate < 2025-01-01T00:00:00Z',
      'NOT CreatedDate >= 2026-01-01T00:00:00Z',
      "Field = 'x' AND (NOT CreatedDate >= 2026-01-01T00:00:00Z)",
      'CreatedDate != 2026-01-01T00:00:00Z',
      'CreatedDate = LAST_N_DAYS:30',
      'CreatedDate > TODAY',
      'CreatedDate IN (2026-01-01T00:00:00Z, 2026-02-01T00:00:00Z)',
      'Parent.CreatedDate > 2026-01-01T00:00:00Z',
    ]) {
      let found: unknown;
      try {
        found = bounds(where);
      } catch {
        continue; // refused by the engine: no rows, no bounds
      }
      assert.equal(found, undefined, where);
      accepted++;
    }
    assert.ok(accepted >= 6, `most of these clauses are valid SOQL the engine runs (${accepted})`);
  });

  it('lets the history table leave out the rows outside the bounds (the index is used)', () => {
    const table = new HistoryTable();
    const day = Date.parse('2026-01-01T00:00:00Z');
    // Out of time order on purpose, with two rows in the same second.
    for (const [n, atMs] of [
      [1, day + 5 * DAY],
      [2, day + DAY],
      [3, day + 3 * DAY + 250],
      [4, day + 3 * DAY + 900],
      [5, day + 9 * DAY],
    ] as const)
      table.add({ parentId: `a0L${n}`, field: 'sfLma__Seats__c', dataType: 'Double', oldValue: 1, newValue: n, atMs, createdById: '005' });
    const parents = (range?: { fromMs?: number; toMs?: number }) => [...table.scan([], () => false, range)].map((r) => r.ParentId);
    assert.deepEqual(parents(), ['a0L1', 'a0L2', 'a0L3', 'a0L4', 'a0L5']);
    assert.deepEqual(parents({ fromMs: day + 3 * DAY, toMs: day + 5 * DAY }), ['a0L1', 'a0L3', 'a0L4'], 'row order kept');
    assert.deepEqual(parents({ fromMs: day + 3 * DAY + 500 }), ['a0L1', 'a0L3', 'a0L4', 'a0L5'], 'a bound inside a second keeps that second');
    assert.deepEqual(parents({ toMs: day + 2 * DAY }), ['a0L2']);
  });
});
