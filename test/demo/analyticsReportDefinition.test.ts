/** The demo's reader of Report metadata XML and its filters: what it takes from the generator, and what it refuses. */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { generateLmoDashboard } from '../../src/core/lmoDashboard/generate';
import { DEFAULT_OPTIONS } from '../../src/core/lmoDashboard/options';
import { type ReportSpec, reportXml } from '../../src/core/lmoDashboard/reports';
import { metadataFile } from '../../src/core/lmoDashboard/xml';
import { compileBooleanFilter, compileCriterion, dateValue } from '../../src/demo/analytics/filters';
import { ReportDefinitionError, parseReport } from '../../src/demo/analytics/reportDefinition';
import { LICENSE_TYPE } from '../../src/demo/analytics/reportTypes';

const TODAY = calendarDate('2026-03-10');
const file = (name: string) => {
  const f = generateLmoDashboard(DEFAULT_OPTIONS).files.find((x) => x.path.endsWith(`/LMA_${name}.report-meta.xml`));
  assert.ok(f, name);
  return f.content;
};
const spec = (over: Partial<ReportSpec>): string =>
  metadataFile(
    reportXml(
      {
        key: 'seats',
        name: 'T',
        label: 'T',
        description: 'd',
        reportType: 'CustomEntity$sfLma__License__c',
        columns: [{ field: 'CUST_NAME' }],
        criteria: [],
        groupBy: 'sfLma__License__c.sfLma__Status__c',
        measure: { kind: 'rowCount' },
        ...over,
      },
      over.label ?? 'T',
      'd',
    ),
    'test',
  );
const refuses = (xml: string, pattern: RegExp) =>
  assert.throws(
    () => parseReport(xml),
    (err: unknown) => err instanceof ReportDefinitionError && pattern.test(err.message),
  );
const column = (name: string) => {
  const c = LICENSE_TYPE.columns.get(name);
  assert.ok(c, name);
  return c;
};
const row = (fields: Record<string, unknown>) => ({ license: { Id: 'a0L000000000001AAA', ...fields } });
const noLookup = () => undefined;

describe('demo Analytics: Report metadata XML', () => {
  it('reads the Seats report: columns, the sum, filters with their logic, the grouping', () => {
    const def = parseReport(file('Seats'));
    assert.equal(def.format, 'SUMMARY');
    assert.equal(def.reportType.type, 'CustomEntity$sfLma__License__c');
    assert.deepEqual(
      def.detailColumns.map((c) => c.name),
      ['CUST_NAME', 'sfLma__License__c.sfLma__Subscriber_Org_ID__c', 'sfLma__License__c.sfLma__Seats__c'],
    );
    assert.deepEqual(
      def.aggregates.map((a) => a.key),
      ['s!sfLma__License__c.sfLma__Seats__c', 'RowCount'],
    );
    assert.equal(def.booleanFilter, '1 AND (2 OR 3 OR 4) AND 5 AND 6');
    assert.deepEqual(
      def.criteria.map((c) => [c.column.name, c.operator, c.value]),
      [
        ['sfLma__License__c.sfLma__Status__c', 'equals', 'Active,Trial'],
        ['sfLma__License__c.sfLma__Expiration__c', 'equals', ''],
        ['sfLma__License__c.sfLma__Expiration__c', 'equals', '1970-01-01'],
        ['sfLma__License__c.sfLma__Expiration__c', 'greaterOrEqual', 'TODAY'],
        ['sfLma__License__c.sfLma__Seats__c', 'greaterOrEqual', '0'],
        ['sfLma__License__c.sfLma__Subscriber_Org_Is_Sandbox__c', 'equals', '0'],
      ],
    );
    // Day on a grouping that is not a date has no effect; on a date it stays.
    assert.equal(def.groupingsDown[0].dateGranularity, 'None');
    assert.equal(parseReport(file('Renewals_0_30_Days')).groupingsDown[0].dateGranularity, 'Day');
    assert.equal(def.scope, 'organization');
  });

  it('reads every generated report, both churn modes', () => {
    for (const churn of ['history', 'approximation'] as const)
      for (const f of generateLmoDashboard({ ...DEFAULT_OPTIONS, churn }).files.filter((x) => x.path.endsWith('.report-meta.xml')))
        assert.ok(parseReport(f.content).criteria.length > 0, f.path);
  });

  it('keeps escaped customer text as text', () => {
    const name = `<b>O'Brien & "Sons"</b> ]]> &amp;`;
    const def = parseReport(spec({ criteria: [{ column: 'sfLma__License__c.sfLma__Account__c', operator: 'equals', value: name }], label: name }));
    assert.equal(def.name, name);
    assert.equal(def.criteria[0].value, name);
  });

  it('refuses what Salesforce would not run', () => {
    refuses(spec({ columns: [{ field: 'sfLma__License__c.sfLma__Nope__c' }] }), /sfLma__Nope__c.*does not exist/);
    refuses(spec({ groupBy: 'NOPE' }), /NOPE/);
    refuses(spec({ reportType: 'CustomEntity$Nope__c' }), /report type/);
    refuses(spec({ columns: [{ field: 'CUST_NAME', sum: true }] }), /number column/);
    refuses(spec({ criteria: [{ column: 'sfLma__License__c.sfLma__Status__c', operator: 'like' as never, value: 'x' }] }), /not a filter operator/);
    refuses(spec({ criteria: [{ column: 'sfLma__License__c.sfLma__Expiration__c', operator: 'equals', value: 'NEXT_N_DAYS:x' }] }), /not a date/);
    refuses(spec({ criteria: [{ column: 'sfLma__License__c.sfLma__Expiration__c', operator: 'equals', value: '2026-02-30' }] }), /not a valid date/);
    refuses(spec({ criteria: [{ column: 'sfLma__License__c.sfLma__Seats__c', operator: 'lessThan', value: 'ten' }] }), /not a number/);
    refuses(spec({ criteria: [{ column: 'sfLma__License__c.sfLma__Seats__c', operator: 'lessThan', value: '' }] }), /blank/);
    refuses(spec({ criteria: [{ column: 'sfLma__License__c.sfLma__Subscriber_Org_Is_Sandbox__c', operator: 'equals', value: 'yes' }] }), /checkbox/);
    const two = [
      { column: 'sfLma__License__c.sfLma__Status__c', operator: 'equals' as const, value: 'Active' },
      { column: 'sfLma__License__c.sfLma__Seats__c', operator: 'greaterThan' as const, value: '1' },
    ];
    refuses(spec({ criteria: two, booleanFilter: '1' }), /filter 2 is not in it/);
    refuses(spec({ criteria: two, booleanFilter: '1 AND 3' }), /no filter 3/);
    refuses(spec({ criteria: [...two, two[0]], booleanFilter: '1 AND 2 OR 3' }), /parentheses/);
    refuses(spec({}).replace('<format>Summary</format>', '<format>Matrix</format>'), /Summary and Tabular/);
    refuses(spec({}).replace('<scope>organization</scope>', '<scope>user</scope>'), /scope/);
    refuses(spec({}).replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'), /well-formed|DTD/);
    refuses(spec({ label: 'x' }).replace('<name>x</name>', '<name>a & b</name>'), /well-formed/);
  });

  it('filters as Salesforce does: any of a list, blank, case-insensitive text, numbers, checkboxes', () => {
    const status = compileCriterion(column('sfLma__License__c.sfLma__Status__c'), 'equals', 'Active,Trial');
    assert.equal(status(row({ sfLma__Status__c: 'active' }), noLookup, TODAY), true);
    assert.equal(status(row({ sfLma__Status__c: 'Suspended' }), noLookup, TODAY), false);
    assert.equal(compileCriterion(column('sfLma__License__c.sfLma__Status__c'), 'notEqual', 'Active')(row({ sfLma__Status__c: null }), noLookup, TODAY), true);
    const blank = compileCriterion(column('sfLma__License__c.sfLma__Expiration__c'), 'equals', '');
    assert.equal(blank(row({ sfLma__Expiration__c: null }), noLookup, TODAY), true);
    assert.equal(blank(row({ sfLma__Expiration__c: '2026-01-01' }), noLookup, TODAY), false);
    const seats = compileCriterion(column('sfLma__License__c.sfLma__Seats__c'), 'lessThan', '0');
    assert.equal(seats(row({ sfLma__Seats__c: -1 }), noLookup, TODAY), true);
    assert.equal(seats(row({ sfLma__Seats__c: null }), noLookup, TODAY), false);
    const prod = compileCriterion(column('sfLma__License__c.sfLma__Subscriber_Org_Is_Sandbox__c'), 'equals', '0');
    assert.equal(prod(row({ sfLma__Subscriber_Org_Is_Sandbox__c: false }), noLookup, TODAY), true);
    assert.equal(prod(row({ sfLma__Subscriber_Org_Is_Sandbox__c: true }), noLookup, TODAY), false);
    const account = compileCriterion(column('sfLma__License__c.sfLma__Account__c'), 'contains', "o'brien");
    const lookup = () => ({ Id: '001', Name: `O'Brien & "Sons"` });
    assert.equal(account(row({ sfLma__Account__c: '001' }), lookup, TODAY), true);
  });

  it('reads relative dates as ranges from today: >= and < against the start, <= and > against the end', () => {
    assert.deepEqual(dateValue('TODAY', 'c')(TODAY), ['2026-03-10', '2026-03-10']);
    assert.deepEqual(dateValue('NEXT_N_DAYS:30', 'c')(TODAY), ['2026-03-11', '2026-04-09']);
    assert.deepEqual(dateValue('LAST_N_DAYS:90', 'c')(TODAY), ['2025-12-10', '2026-03-10']);
    assert.deepEqual(dateValue('last_month', 'c')(TODAY), ['2026-02-01', '2026-02-28']);
    const exp = column('sfLma__License__c.sfLma__Expiration__c');
    const test = (op: string, value: string, day: string) => compileCriterion(exp, op, value)(row({ sfLma__Expiration__c: day }), noLookup, TODAY);
    assert.equal(test('lessOrEqual', 'NEXT_N_DAYS:30', '2026-04-09'), true);
    assert.equal(test('lessOrEqual', 'NEXT_N_DAYS:30', '2026-04-10'), false);
    assert.equal(test('greaterThan', 'NEXT_N_DAYS:30', '2026-04-10'), true);
    assert.equal(test('greaterOrEqual', 'TODAY', '2026-03-10'), true);
    assert.equal(test('lessThan', 'TODAY', '2026-03-10'), false);
    const modified = compileCriterion(column('CUST_LAST_UPDATE'), 'equals', 'LAST_N_DAYS:1');
    assert.equal(modified(row({ LastModifiedDate: '2026-03-09T23:59:59.000+0000' }), noLookup, TODAY), true);
    assert.equal(modified(row({ LastModifiedDate: '2026-03-08T23:59:59.000+0000' }), noLookup, TODAY), false);
  });

  it('evaluates filter logic with AND, OR, NOT and parentheses', () => {
    const f = compileBooleanFilter('1 AND (2 OR NOT 3)', 3);
    assert.equal(f([true, false, false]), true);
    assert.equal(f([true, false, true]), false);
    assert.equal(f([false, true, true]), false);
    assert.equal(compileBooleanFilter('(1 or 2) and 3', 3)([false, true, true]), true);
  });
});
