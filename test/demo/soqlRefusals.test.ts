/**
 * Queries Salesforce refuses, refused by the demo's SOQL engine with Salesforce's code and message:
 * semi-join and anti-join placement and sub-selects, FIELDS() and duplicate fields
 * (docs/salesforce/soql-and-composite.md).
 */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { ApiError } from '../../src/demo/apiError';
import { DemoStore } from '../../src/demo/store';
import { DATA_OBJECTS, type DemoRecord, Schema } from '../../src/demo/schema';
import { type QueryResult, runSoql } from '../../src/demo/soql/engine';

const ACCOUNT = '0015g0000000001AAA';
const PACKAGE = 'a0P5g0000000001AAA';
const VERSION = 'a0V5g0000000001AAA';
const license = (n: number, fields: Record<string, unknown>): DemoRecord => ({
  Id: `a0L5g0${String(n).padStart(9, '0')}AAA`,
  Name: `L-${n}`,
  IsDeleted: false,
  sfLma__Status__c: 'Active',
  sfLma__Account__c: null,
  sfLma__Package__c: PACKAGE,
  sfLma__Package_Version__c: VERSION,
  ...fields,
});
const store = new DemoStore({
  Account: [{ Id: ACCOUNT, Name: 'Acme', IsDeleted: false }],
  sfLma__Package__c: [{ Id: PACKAGE, Name: 'Billing', IsDeleted: false }],
  sfLma__Package_Version__c: [{ Id: VERSION, Name: 'v1', sfLma__Package__c: PACKAGE, sfLma__Version_Number__c: '1.0.0', IsDeleted: false }],
  sfLma__License__c: [license(1, { sfLma__Account__c: ACCOUNT }), license(2, { sfLma__Status__c: 'Trial' })],
});
const schema = new Schema(DATA_OBJECTS);
const run = (soql: string): QueryResult =>
  runSoql(soql, { schema, rows: (o) => store.rows(o), lookup: store.lookup, today: calendarDate('2026-03-10'), includeDeleted: false, apiVersion: '62.0' });
const names = (soql: string) => {
  const r = run(soql);
  assert.equal(r.kind, 'records');
  return r.kind === 'records' ? r.rows.map((x) => x.Name) : [];
};
/** The error body Salesforce sends, as the demo sends it. */
function refused(soql: string): object[] {
  try {
    run(soql);
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.status, 400);
    return err.body();
  }
  return assert.fail(`accepted: ${soql}`);
}
const malformed = (message: string) => [{ errorCode: 'MALFORMED_QUERY', message }];

const FROM_LICENSES = 'SELECT Name FROM sfLma__License__c WHERE';
const IN_ACCOUNTS = "sfLma__Account__c IN (SELECT Id FROM Account WHERE Name = 'Acme')";
const IN_PACKAGES = 'sfLma__Package__c IN (SELECT Id FROM sfLma__Package__c)';
const NOT_IN_VERSIONS = "sfLma__Package_Version__c NOT IN (SELECT Id FROM sfLma__Package_Version__c WHERE Name = 'v9')";

describe('demo LMO SOQL engine: semi-joins and anti-joins Salesforce refuses', () => {
  it('runs the semi-joins Salesforce runs: alone, two ANDed, one in its own parentheses next to an OR group', () => {
    assert.deepEqual(names(`${FROM_LICENSES} ${IN_ACCOUNTS}`), ['L-1']);
    assert.deepEqual(names(`${FROM_LICENSES} ${IN_PACKAGES} AND ${NOT_IN_VERSIONS} ORDER BY Name`), ['L-1', 'L-2']);
    assert.deepEqual(names(`${FROM_LICENSES} (${IN_ACCOUNTS}) AND (sfLma__Status__c = 'Active' OR sfLma__Status__c = 'Trial')`), ['L-1']);
  });

  it('refuses a semi-join or anti-join joined with OR: "not allowed with the \'OR\' operator"', () => {
    const or = malformed("Semi join sub-selects are not allowed with the 'OR' operator");
    assert.deepEqual(refused(`${FROM_LICENSES} sfLma__Status__c = 'Trial' OR ${IN_ACCOUNTS}`), or);
    assert.deepEqual(refused(`${FROM_LICENSES} ${NOT_IN_VERSIONS} OR sfLma__Status__c = 'Trial'`), or);
  });

  it('refuses a semi-join inside a parenthesised group: "only allowed at the top level WHERE expressions"', () => {
    const nested = malformed('Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.');
    assert.deepEqual(refused(`${FROM_LICENSES} Name != null AND (sfLma__Status__c = 'Trial' OR ${IN_ACCOUNTS})`), nested);
    assert.deepEqual(refused(`${FROM_LICENSES} (Name != null AND ${IN_ACCOUNTS}) AND sfLma__Status__c = 'Active'`), nested);
  });

  it('refuses a third semi-join or anti-join in one WHERE clause', () => {
    assert.deepEqual(refused(`${FROM_LICENSES} ${IN_ACCOUNTS} AND ${IN_PACKAGES} AND ${NOT_IN_VERSIONS}`), [
      { errorCode: 'EXCEEDED_MAX_SEMIJOIN_SUBSELECTS', message: 'Maximum 2 semi join sub-selects are allowed' },
    ]);
  });

  it('refuses a sub-select on the same object as the outer query', () => {
    assert.deepEqual(
      refused(`${FROM_LICENSES} Id IN (SELECT Id FROM sfLma__License__c WHERE sfLma__Status__c = 'Trial')`),
      malformed("A semi join sub-select cannot query the same object as the outer query: 'sfLma__License__c'"),
    );
  });

  it('refuses a sub-select whose selected field traverses a relationship', () => {
    assert.deepEqual(
      refused(`${FROM_LICENSES} sfLma__Package__c IN (SELECT sfLma__Package__r.Id FROM sfLma__Package_Version__c)`),
      malformed('inner select field cannot have more than one level of relationships'),
    );
  });

  it('refuses a sub-select that selects neither an Id nor a reference field', () => {
    assert.deepEqual(
      refused(`${FROM_LICENSES} sfLma__Account__c IN (SELECT Name FROM Account)`),
      malformed("semi join sub selects can only query id fields, cannot use: 'Name'"),
    );
  });

  it('refuses NOT in front of a semi-join, a relationship on the left, a nested semi-join, and ORDER BY, LIMIT or COUNT in the sub-select', () => {
    assert.deepEqual(
      refused(`${FROM_LICENSES} NOT ${IN_ACCOUNTS}`),
      malformed("Semi join sub-selects cannot be negated with the 'NOT' operator: write the anti-join (NOT IN) instead"),
    );
    assert.deepEqual(
      refused(`${FROM_LICENSES} sfLma__Package_Version__r.sfLma__Package__c IN (SELECT Id FROM sfLma__Package__c)`),
      malformed("The left operand of a semi join sub-select cannot use a relationship: 'sfLma__Package_Version__r.sfLma__Package__c'"),
    );
    assert.deepEqual(
      refused(
        `${FROM_LICENSES} sfLma__Package_Version__c IN (SELECT Id FROM sfLma__Package_Version__c WHERE sfLma__Package__c IN (SELECT Id FROM sfLma__Package__c))`,
      ),
      malformed('Nesting of semi join sub-selects is not supported'),
    );
    assert.deepEqual(
      refused(`${FROM_LICENSES} sfLma__Account__c IN (SELECT Id FROM Account ORDER BY Name)`),
      malformed('ORDER BY is not supported in semi join sub-selects'),
    );
    assert.deepEqual(
      refused(`${FROM_LICENSES} sfLma__Account__c IN (SELECT Id FROM Account LIMIT 5)`),
      malformed('LIMIT is not supported in semi join sub-selects'),
    );
    assert.deepEqual(
      refused(`${FROM_LICENSES} sfLma__Account__c IN (SELECT COUNT() FROM Account)`),
      malformed('COUNT is not supported in semi join sub-selects'),
    );
  });

  it('refuses a sub-select whose field points to another object than the left operand', () => {
    assert.deepEqual(refused(`${FROM_LICENSES} sfLma__Account__c IN (SELECT Id FROM sfLma__Package__c)`), [
      {
        errorCode: 'INVALID_FIELD',
        message:
          "The selected field 'Id' in the subquery and the left operand field in the where expression in the outer query 'sfLma__Account__c' should point to the same object type",
      },
    ]);
  });
});

describe('demo LMO SOQL engine: FIELDS() and duplicate fields', () => {
  it('answers FIELDS(STANDARD), with or without LIMIT, with the standard fields only', () => {
    for (const soql of ['SELECT FIELDS(STANDARD) FROM sfLma__Package__c', 'SELECT FIELDS(STANDARD) FROM sfLma__Package__c LIMIT 200']) {
      const r = run(soql);
      assert.equal(r.kind, 'records');
      if (r.kind !== 'records') return;
      const row = r.project(r.rows[0]) as Record<string, unknown>;
      assert.equal(row.Id, PACKAGE);
      assert.equal(row.Name, 'Billing');
      assert.ok(Object.keys(row).length > 3, 'every standard field');
      assert.deepEqual(
        Object.keys(row).filter((k) => k.endsWith('__c')),
        [],
        'no custom field',
      );
    }
  });

  it('answers FIELDS(ALL) and FIELDS(CUSTOM) with LIMIT 200 or less, and refuses them without', () => {
    const r = run('SELECT FIELDS(ALL) FROM sfLma__Package_Version__c LIMIT 200');
    assert.equal(r.kind, 'records');
    if (r.kind === 'records') {
      const row = r.project(r.rows[0]) as Record<string, unknown>;
      assert.equal(row.sfLma__Version_Number__c, '1.0.0');
      assert.equal(row.Name, 'v1');
    }
    const limit = malformed('The SOQL FIELDS function must have a LIMIT of at most 200');
    assert.deepEqual(refused('SELECT FIELDS(ALL) FROM sfLma__Package_Version__c'), limit);
    assert.deepEqual(refused('SELECT FIELDS(CUSTOM) FROM sfLma__Package_Version__c LIMIT 201'), limit);
    assert.deepEqual(refused('SELECT FIELDS(CUSTOM) FROM Account LIMIT 10'), malformed("FIELDS(CUSTOM) selects no field: 'Account' has no custom fields"));
  });

  it('refuses a field selected twice, also through FIELDS()', () => {
    assert.deepEqual(refused('SELECT Id, FIELDS(STANDARD) FROM sfLma__Package__c'), [{ errorCode: 'INVALID_FIELD', message: 'duplicate field selected: Id' }]);
    assert.deepEqual(refused('SELECT Name, name FROM sfLma__Package__c'), [{ errorCode: 'INVALID_FIELD', message: 'duplicate field selected: name' }]);
  });
});
