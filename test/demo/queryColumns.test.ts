/**
 * `query?q=…&columns=true`: the column metadata Salesforce answers instead of records, which the
 * Salesforce CLI's `sf data query` reads to name its columns. Checked on the wire with plain fetch,
 * and against the records of the same query: every column path must find its value.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';

interface Column {
  aggregate: boolean;
  apexType: string | null;
  columnName: string;
  displayName: string;
  foreignKeyName: string | null;
  joinColumns: Column[];
  numberType: boolean;
  textType: boolean;
  insertable: boolean;
  updatable: boolean;
}

const KEYS = [
  'aggregate',
  'apexType',
  'booleanType',
  'columnName',
  'custom',
  'displayName',
  'foreignKeyName',
  'insertable',
  'joinColumns',
  'numberType',
  'textType',
  'updatable',
];

/** The dotted paths a client builds from the metadata (the CLI walks joinColumns the same way). */
function paths(columns: Column[]): string[] {
  return columns.flatMap((c) => (c.joinColumns.length ? paths(c.joinColumns).map((p) => `${c.columnName}.${p}`) : [c.columnName]));
}

function every(columns: Column[], check: (c: Column) => void): void {
  for (const c of columns) {
    check(c);
    every(c.joinColumns, check);
  }
}

function valueAt(record: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), record);
}

describe('demo LMO: query column metadata (columns=true)', () => {
  let demo: DemoLmo;
  before(async () => {
    demo = await startDemo({ licenses: 300 });
  });
  after(() => demo.close());

  const get = async (path: string) => {
    const res = await fetch(`${demo.url}${path}`, { headers: { Authorization: `Bearer ${demo.accessToken}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & Record<number, { errorCode: string; message: string }> };
  };
  const url = (soql: string, options: { tooling?: boolean; columns?: boolean } = {}) =>
    `/services/data/v66.0/${options.tooling ? 'tooling/' : ''}query?q=${encodeURIComponent(soql)}${options.columns ? '&columns=true' : ''}`;

  it('describes plain fields and relationship paths, nesting each relationship once, and names paths that find the values', async () => {
    const soql =
      'SELECT Id, Name, sfLma__Seats__c, sfLma__Status__c, sfLma__Licensed_Seats__c, sfLma__Package__r.Name, ' +
      'sfLma__Package_Version__r.sfLma__Version_Number__c, sfLma__Package_Version__r.sfLma__Package__r.Name, sfLma__Package_Version__r.Name ' +
      'FROM sfLma__License__c WHERE sfLma__Package__c != null LIMIT 5';
    const { status, body } = await get(url(soql, { columns: true }));
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body).sort(), ['columnMetadata', 'entityName', 'groupBy', 'idSelected', 'keyPrefix']);
    assert.equal(body.entityName, 'sfLma__License__c');
    assert.equal(body.keyPrefix, 'a0L');
    assert.equal(body.idSelected, true);
    assert.equal(body.groupBy, false);
    const columns = body.columnMetadata as Column[];
    every(columns, (c) => assert.deepEqual(Object.keys(c).sort(), KEYS, c.columnName));
    assert.deepEqual(
      columns.map((c) => c.columnName),
      ['Id', 'Name', 'sfLma__Seats__c', 'sfLma__Status__c', 'sfLma__Licensed_Seats__c', 'sfLma__Package__r', 'sfLma__Package_Version__r'],
    );
    assert.deepEqual(paths(columns), [
      'Id',
      'Name',
      'sfLma__Seats__c',
      'sfLma__Status__c',
      'sfLma__Licensed_Seats__c',
      'sfLma__Package__r.Name',
      'sfLma__Package_Version__r.sfLma__Version_Number__c',
      'sfLma__Package_Version__r.sfLma__Package__r.Name',
      'sfLma__Package_Version__r.Name',
    ]);
    const byName = new Map(columns.map((c) => [c.columnName, c]));
    assert.deepEqual({ apexType: byName.get('Id')?.apexType, updatable: byName.get('Id')?.updatable }, { apexType: 'Id', updatable: false });
    assert.deepEqual(
      {
        apexType: byName.get('sfLma__Seats__c')?.apexType,
        numberType: byName.get('sfLma__Seats__c')?.numberType,
        updatable: byName.get('sfLma__Seats__c')?.updatable,
      },
      { apexType: 'Double', numberType: true, updatable: true },
    );
    assert.equal(byName.get('sfLma__Licensed_Seats__c')?.updatable, false, 'a formula is not writable');
    assert.equal(byName.get('sfLma__Status__c')?.textType, true);
    const pkg = byName.get('sfLma__Package__r');
    assert.deepEqual(
      { apexType: pkg?.apexType, foreignKeyName: pkg?.foreignKeyName, aggregate: pkg?.aggregate },
      { apexType: null, foreignKeyName: 'sfLma__Package__c', aggregate: false },
    );

    const records = (await get(url(soql))).body.records as Record<string, unknown>[];
    assert.equal(records.length, 5);
    for (const record of records) for (const path of paths(columns)) assert.notEqual(valueAt(record, path), undefined, path);
  });

  it('describes aggregates by alias or exprN, with the function as display name, and the grouped fields as plain columns', async () => {
    const soql =
      'SELECT sfLma__Status__c, COUNT(Id), SUM(sfLma__Seats__c) seats, MAX(sfLma__Expiration__c), sfLma__Package__r.Name pkg ' +
      'FROM sfLma__License__c GROUP BY sfLma__Status__c, sfLma__Package__r.Name';
    const { status, body } = await get(url(soql, { columns: true }));
    assert.equal(status, 200);
    assert.equal(body.groupBy, true);
    assert.equal(body.idSelected, false);
    const columns = body.columnMetadata as Column[];
    assert.deepEqual(
      columns.map((c) => [c.columnName, c.displayName, c.aggregate, c.numberType]),
      [
        ['sfLma__Status__c', 'sfLma__Status__c', false, false],
        ['expr0', 'count(Id)', true, true],
        ['seats', 'seats', true, true],
        ['expr1', 'max(sfLma__Expiration__c)', true, false],
        ['pkg', 'pkg', false, false],
      ],
    );
    const records = (await get(url(soql))).body.records as Record<string, unknown>[];
    assert.ok(records.length >= 4, `${records.length} groups`);
    for (const record of records) for (const c of columns) assert.ok(c.columnName in record, `${c.columnName} is a key of ${JSON.stringify(record)}`);
  });

  it('has no columns for COUNT(), and answers no records', async () => {
    const { status, body } = await get(url('SELECT COUNT() FROM sfLma__License__c', { columns: true }));
    assert.equal(status, 200);
    assert.deepEqual(body.columnMetadata, []);
    assert.equal(body.records, undefined);
    assert.equal(body.totalSize, undefined);
  });

  it('answers on the Tooling API too', async () => {
    const soql = 'SELECT Id, SubscriberPackage.NamespacePrefix, SubscriberPackageVersion.MajorVersion FROM InstalledSubscriberPackage';
    const { status, body } = await get(url(soql, { tooling: true, columns: true }));
    assert.equal(status, 200);
    assert.equal(body.entityName, 'InstalledSubscriberPackage');
    const columns = body.columnMetadata as Column[];
    assert.deepEqual(paths(columns), ['Id', 'SubscriberPackage.NamespacePrefix', 'SubscriberPackageVersion.MajorVersion']);
    assert.deepEqual(
      columns.slice(1).map((c) => c.foreignKeyName),
      ['SubscriberPackageId', 'SubscriberPackageVersionId'],
    );
    assert.equal(columns[2].joinColumns[0].apexType, 'Integer');
  });

  it("fails exactly as the query does: Salesforce's errors for unknown objects, fields and bad SOQL", async () => {
    for (const soql of [
      'SELECT Id FROM Nope__c',
      'SELECT Nope__c FROM sfLma__License__c',
      'SELECT Id FROM sfLma__License__c WHERE',
      "SELECT Id FROM sfLma__License__c WHERE sfLma__Seats__c = 'x'",
    ]) {
      const asQuery = await get(url(soql));
      const asColumns = await get(url(soql, { columns: true }));
      assert.equal(asQuery.status, 400, soql);
      assert.deepEqual({ status: asColumns.status, body: asColumns.body }, { status: asQuery.status, body: asQuery.body }, soql);
    }
  });
});
