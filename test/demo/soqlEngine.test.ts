import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { ApiError } from '../../src/demo/apiError';
import { DemoStore } from '../../src/demo/store';
import { DATA_OBJECTS, type DemoRecord, Schema } from '../../src/demo/schema';
import { type QueryResult, runSoql } from '../../src/demo/soql/engine';

const today = calendarDate('2026-03-10');

function license(n: number, fields: Record<string, unknown>): DemoRecord {
  return {
    Id: `a0L5g0${String(n).padStart(9, '0')}AAA`,
    Name: `L-${String(n).padStart(5, '0')}`,
    IsDeleted: false,
    sfLma__Status__c: 'Active',
    sfLma__Seats__c: 10,
    sfLma__Expiration__c: null,
    sfLma__Subscriber_Org_ID__c: `00D00000000000${n % 10}`,
    sfLma__Subscriber_Org_Is_Sandbox__c: false,
    sfLma__Org_Type__c: 'Enterprise Edition',
    sfLma__Package_Version__c: 'a0V5g0000000001AAA',
    sfLma__Account__c: null,
    ...fields,
  };
}

const store = new DemoStore({
  sfLma__Package_Version__c: [{ Id: 'a0V5g0000000001AAA', Name: 'v1', sfLma__Version_Number__c: '1.2.0', IsDeleted: false }],
  Account: [{ Id: '0015g0000000001AAA', Name: "O'Brien & Sons", IsDeleted: false }],
  sfLma__License__c: [
    license(1, { sfLma__Status__c: 'Active', sfLma__Seats__c: 25, sfLma__Expiration__c: '2026-03-10', sfLma__Account__c: '0015g0000000001AAA' }),
    license(2, { sfLma__Status__c: 'Trial', sfLma__Seats__c: 5, sfLma__Expiration__c: '2026-03-20' }),
    license(3, { sfLma__Status__c: 'Active', sfLma__Seats__c: -1, sfLma__Expiration__c: '1970-01-01', sfLma__Subscriber_Org_Is_Sandbox__c: true }),
    license(4, { sfLma__Status__c: 'Uninstalled', sfLma__Seats__c: null, sfLma__Expiration__c: '2025-12-31', sfLma__Org_Type__c: null }),
    license(5, { sfLma__Status__c: 'Suspended', sfLma__Seats__c: 100, sfLma__Expiration__c: '2026-02-01', sfLma__Package_Version__c: null }),
    license(11, { sfLma__Status__c: 'Active', sfLma__Seats__c: 3, IsDeleted: true }),
  ],
});
const schema = new Schema(DATA_OBJECTS);
const run = (soql: string, includeDeleted = false): QueryResult =>
  runSoql(soql, { schema, rows: (o) => store.rows(o), lookup: store.lookup, today, includeDeleted, apiVersion: '62.0' });
const names = (soql: string) => {
  const r = run(soql);
  assert.equal(r.kind, 'records');
  return r.kind === 'records' ? r.rows.map((x) => x.Name) : [];
};
const rows = (soql: string) => {
  const r = run(soql);
  assert.equal(r.kind, 'aggregate');
  return r.kind === 'aggregate' ? r.rows : [];
};
function rejects(soql: string, errorCode: string, message?: RegExp) {
  assert.throws(
    () => run(soql),
    (err: unknown) => err instanceof ApiError && err.errorCode === errorCode && (!message || message.test(err.message)),
  );
}

describe('demo LMO SOQL engine', () => {
  it('filters with AND, OR, NOT and parentheses', () => {
    assert.deepEqual(names("SELECT Name FROM sfLma__License__c WHERE sfLma__Status__c = 'Active' AND sfLma__Seats__c > 0"), ['L-00001']);
    assert.deepEqual(names("SELECT Name FROM sfLma__License__c WHERE (sfLma__Status__c = 'Trial' OR sfLma__Status__c = 'Suspended') ORDER BY Name"), [
      'L-00002',
      'L-00005',
    ]);
    assert.deepEqual(names("SELECT Name FROM sfLma__License__c WHERE NOT sfLma__Status__c IN ('Active', 'Trial') ORDER BY Name"), ['L-00004', 'L-00005']);
    assert.deepEqual(
      names("SELECT Name FROM sfLma__License__c WHERE sfLma__Status__c = 'Active' AND (sfLma__Seats__c < 0 OR sfLma__Seats__c > 20) ORDER BY Name"),
      ['L-00001', 'L-00003'],
    );
  });

  it('refuses AND and OR mixed without parentheses, as Salesforce does', () => {
    rejects("SELECT Name FROM sfLma__License__c WHERE sfLma__Status__c = 'Active' AND sfLma__Seats__c > 0 OR Name = 'x'", 'MALFORMED_QUERY');
  });

  it('compares text case-insensitively, treats != as matching nulls, and handles null', () => {
    assert.deepEqual(names("SELECT Name FROM sfLma__License__c WHERE sfLma__Status__c = 'trial'"), ['L-00002']);
    assert.deepEqual(names('SELECT Name FROM sfLma__License__c WHERE sfLma__Seats__c = null'), ['L-00004']);
    assert.deepEqual(names("SELECT Name FROM sfLma__License__c WHERE sfLma__Org_Type__c != 'Enterprise Edition'"), ['L-00004']);
    assert.deepEqual(names('SELECT Name FROM sfLma__License__c WHERE sfLma__Package_Version__c != null ORDER BY Name DESC LIMIT 1'), ['L-00004']);
  });

  it('supports LIKE with escaped wildcards and quotes', () => {
    assert.deepEqual(names("SELECT Name FROM sfLma__License__c WHERE sfLma__Account__r.Name LIKE '%o\\'brien%'"), ['L-00001']);
    assert.deepEqual(names("SELECT Name FROM sfLma__License__c WHERE Name LIKE 'L-0000_'").length, 5);
    assert.deepEqual(names("SELECT Name FROM sfLma__License__c WHERE Name LIKE 'L\\_%'"), []);
  });

  it('evaluates date literals against an injected today', () => {
    assert.deepEqual(names('SELECT Name FROM sfLma__License__c WHERE sfLma__Expiration__c = TODAY'), ['L-00001']);
    assert.deepEqual(names('SELECT Name FROM sfLma__License__c WHERE sfLma__Expiration__c = NEXT_N_DAYS:10'), ['L-00002']);
    assert.deepEqual(names('SELECT Name FROM sfLma__License__c WHERE sfLma__Expiration__c = LAST_N_DAYS:40 ORDER BY Name'), ['L-00001', 'L-00005']);
    assert.deepEqual(names('SELECT Name FROM sfLma__License__c WHERE sfLma__Expiration__c < 2026-01-01 AND sfLma__Expiration__c > 1970-01-01'), ['L-00004']);
    assert.deepEqual(names('SELECT Name FROM sfLma__License__c WHERE sfLma__Expiration__c = LAST_MONTH'), ['L-00005']);
  });

  it('follows relationship fields and nests them in the output', () => {
    const r = run(
      "SELECT Name, sfLma__Package_Version__r.sfLma__Version_Number__c, sfLma__Account__r.Name FROM sfLma__License__c WHERE Name IN ('L-00001', 'L-00005') ORDER BY Name",
    );
    assert.equal(r.kind, 'records');
    if (r.kind !== 'records') return;
    const [first, second] = r.rows.map(r.project) as Record<string, unknown>[];
    assert.deepEqual((first.sfLma__Package_Version__r as Record<string, unknown>).sfLma__Version_Number__c, '1.2.0');
    assert.deepEqual((first.sfLma__Account__r as Record<string, unknown>).Name, "O'Brien & Sons");
    assert.equal(second.sfLma__Package_Version__r, null);
    assert.deepEqual(first.attributes, { type: 'sfLma__License__c', url: `/services/data/v62.0/sobjects/sfLma__License__c/${r.rows[0].Id}` });
  });

  it('computes formula fields on read, and refuses to group by them', () => {
    const r = run("SELECT sfLma__Licensed_Seats__c, sfLma__Expiration_Date__c FROM sfLma__License__c WHERE Name = 'L-00003'");
    assert.ok(r.kind === 'records');
    if (r.kind === 'records')
      assert.deepEqual(
        { ...r.project(r.rows[0]), attributes: undefined },
        { attributes: undefined, sfLma__Licensed_Seats__c: 'Site License', sfLma__Expiration_Date__c: 'Does not expire' },
      );
    rejects('SELECT sfLma__Org_Edition__c, COUNT(Id) FROM sfLma__License__c GROUP BY sfLma__Org_Edition__c', 'INVALID_FIELD', /can not be grouped/);
  });

  it('aggregates with GROUP BY, aliases and exprN names', () => {
    const result = rows(
      'SELECT sfLma__Status__c, COUNT(Id) n, SUM(sfLma__Seats__c), MAX(sfLma__Seats__c), COUNT_DISTINCT(sfLma__Subscriber_Org_ID__c) FROM sfLma__License__c GROUP BY sfLma__Status__c ORDER BY sfLma__Status__c',
    );
    assert.deepEqual(result, [
      { attributes: { type: 'AggregateResult' }, sfLma__Status__c: 'Active', n: 2, expr0: 24, expr1: 25, expr2: 2 },
      { attributes: { type: 'AggregateResult' }, sfLma__Status__c: 'Suspended', n: 1, expr0: 100, expr1: 100, expr2: 1 },
      { attributes: { type: 'AggregateResult' }, sfLma__Status__c: 'Trial', n: 1, expr0: 5, expr1: 5, expr2: 1 },
      { attributes: { type: 'AggregateResult' }, sfLma__Status__c: 'Uninstalled', n: 1, expr0: null, expr1: null, expr2: 1 },
    ]);
  });

  it('groups by date functions and orders by an aggregate', () => {
    const result = rows(
      'SELECT CALENDAR_MONTH(sfLma__Expiration__c) m, COUNT(Id) FROM sfLma__License__c WHERE sfLma__Expiration__c > 1970-01-01 GROUP BY CALENDAR_MONTH(sfLma__Expiration__c) ORDER BY COUNT(Id) DESC, CALENDAR_MONTH(sfLma__Expiration__c)',
    );
    assert.deepEqual(
      result.map((r) => [(r as Record<string, unknown>).m, (r as Record<string, unknown>).expr0]),
      [
        [3, 2],
        [2, 1],
        [12, 1],
      ],
    );
  });

  it('returns COUNT() as totalSize only, and one row for an aggregate over nothing', () => {
    assert.deepEqual(run('SELECT COUNT() FROM sfLma__License__c'), { kind: 'count', totalSize: 5 });
    assert.deepEqual(run('SELECT COUNT() FROM sfLma__License__c', true), { kind: 'count', totalSize: 6 });
    assert.deepEqual(rows("SELECT COUNT(Id), SUM(sfLma__Seats__c) FROM sfLma__License__c WHERE Name = 'nobody'"), [
      { attributes: { type: 'AggregateResult' }, expr0: 0, expr1: null },
    ]);
  });

  it('applies ORDER BY with NULLS, LIMIT and OFFSET', () => {
    assert.deepEqual(names('SELECT Name FROM sfLma__License__c ORDER BY sfLma__Seats__c'), ['L-00004', 'L-00003', 'L-00002', 'L-00001', 'L-00005']);
    assert.deepEqual(names('SELECT Name FROM sfLma__License__c ORDER BY sfLma__Seats__c DESC NULLS LAST LIMIT 2 OFFSET 1'), ['L-00001', 'L-00002']);
    rejects('SELECT Name FROM sfLma__License__c LIMIT 10 OFFSET 2001', 'NUMBER_OUTSIDE_VALID_RANGE');
  });

  it('rejects unknown objects, fields and relationships, and wrongly typed values', () => {
    rejects('SELECT Id FROM sfLma__Licence__c', 'INVALID_TYPE', /sObject type 'sfLma__Licence__c' is not supported/);
    rejects('SELECT Seats FROM sfLma__License__c', 'INVALID_FIELD', /No such column 'Seats' on entity 'sfLma__License__c'/);
    rejects('SELECT sfLma__Pkg__r.Name FROM sfLma__License__c', 'INVALID_FIELD', /Didn't understand relationship 'sfLma__Pkg__r'/);
    rejects("SELECT Id FROM sfLma__License__c WHERE sfLma__Seats__c = '10'", 'INVALID_FIELD', /must be of type double/);
    rejects("SELECT Id FROM sfLma__License__c WHERE sfLma__Expiration__c > '2024-01-01'", 'INVALID_FIELD', /type date and should not be enclosed in quotes/);
    rejects('SELECT Id FROM sfLma__License__c WHERE sfLma__Subscriber_Org_Is_Sandbox__c = 1', 'INVALID_FIELD');
    rejects('SELECT Id FROM', 'MALFORMED_QUERY');
    rejects('SELECT Name n FROM sfLma__License__c', 'MALFORMED_QUERY', /unexpected token: 'n'/);
  });

  it('enforces the aggregate rules: grouped-or-aggregated, LIMIT needs GROUP BY, COUNT() alone', () => {
    rejects('SELECT Name, COUNT(Id) FROM sfLma__License__c GROUP BY sfLma__Status__c', 'MALFORMED_QUERY', /grouped or aggregated/);
    rejects('SELECT COUNT(Id) FROM sfLma__License__c LIMIT 5', 'MALFORMED_QUERY');
    rejects('SELECT COUNT(), Name FROM sfLma__License__c', 'MALFORMED_QUERY');
    rejects('SELECT SUM(Name) FROM sfLma__License__c', 'INVALID_FIELD', /does not support aggregate operator SUM/);
  });

  it('computes subtotals with GROUP BY CUBE and ROLLUP, and GROUPING()', () => {
    const cube = rows(
      'SELECT sfLma__Status__c s, sfLma__Org_Type__c e, COUNT(Id) n, COUNT_DISTINCT(sfLma__Subscriber_Org_ID__c) orgs, GROUPING(sfLma__Status__c) gs, GROUPING(sfLma__Org_Type__c) ge FROM sfLma__License__c GROUP BY CUBE(sfLma__Status__c, sfLma__Org_Type__c)',
    ) as Record<string, unknown>[];
    const grand = cube.find((r) => r.gs === 1 && r.ge === 1);
    assert.deepEqual({ n: grand?.n, orgs: grand?.orgs, s: grand?.s }, { n: 5, orgs: 5, s: null });
    const active = cube.find((r) => r.s === 'Active' && r.ge === 1);
    assert.equal(active?.n, 2);
    const enterprise = cube.find((r) => r.gs === 1 && r.e === 'Enterprise Edition');
    assert.equal(enterprise?.n, 4);
    assert.equal(
      cube.filter((r) => r.gs === 0 && r.ge === 0).length,
      4,
      'detail rows: Active, Trial and Suspended in Enterprise, Uninstalled without an edition',
    );
    const rollup = rows(
      'SELECT sfLma__Status__c s, COUNT(Id) n, GROUPING(sfLma__Status__c) g FROM sfLma__License__c GROUP BY ROLLUP(sfLma__Status__c)',
    ) as Record<string, unknown>[];
    assert.equal(rollup.length, 5);
    assert.deepEqual(
      rollup.find((r) => r.g === 1),
      { attributes: { type: 'AggregateResult' }, s: null, n: 5, g: 1 },
    );
    rejects('SELECT GROUPING(Name) FROM sfLma__License__c GROUP BY Name', 'MALFORMED_QUERY');
  });

  it('runs id semi-joins', () => {
    assert.deepEqual(names("SELECT Name FROM sfLma__License__c WHERE sfLma__Account__c IN (SELECT Id FROM Account WHERE Name LIKE 'O%')"), ['L-00001']);
  });
});
