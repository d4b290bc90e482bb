import * as assert from 'node:assert/strict';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { raw, soql, soqlContains, soqlDate, soqlString } from '../../src/data/org/soql';
import { licenseConditions } from '../../src/data/lmo/licenseFilter';
import { calendarDate } from '../../src/core/calendarDate';

describe('SOQL building', () => {
  it('escapes quotes, backslashes and control characters in strings', () => {
    assert.equal(soqlString("O'Brien"), "'O\\'Brien'");
    assert.equal(soqlString('a\\b'), "'a\\\\b'");
    assert.equal(soqlString('line1\nline2'), "'line1\\nline2'");
    assert.equal(soqlString('say "hi"'), '\'say \\"hi\\"\'');
  });

  it('keeps an injection attempt inside one string literal', () => {
    const hostile = "x' OR Name != 'y";
    const query = soql`SELECT Id FROM Account WHERE Name = ${hostile}`;
    const parsed = parseQuery(query) as unknown as { where: { left: { value: string }; right?: unknown } };
    assert.equal(parsed.where.right, undefined, 'no second condition was smuggled in');
    assert.equal(parsed.where.left.value, "'x\\' OR Name != \\'y'");
  });

  it('escapes LIKE wildcards so user text matches literally', () => {
    assert.equal(soqlContains('50%_off'), "'%50\\%\\_off%'");
  });

  it('formats numbers, booleans, null and IN lists, and refuses non-finite numbers', () => {
    assert.equal(soql`x = ${5} AND y = ${true} AND z = ${null} AND s IN ${['a', "b'c"]}`, "x = 5 AND y = true AND z = null AND s IN ('a', 'b\\'c')");
    assert.throws(() => soql`x = ${Number.NaN}`, /finite/);
    assert.throws(() => soql`x IN ${[]}`, /at least one/);
    assert.equal(soql`ORDER BY ${raw('Name')}`, 'ORDER BY Name');
  });

  it('accepts only real dates as date literals', () => {
    assert.equal(String(soqlDate('2026-01-31')), '2026-01-31');
    assert.throws(() => soqlDate("2026-01-01' OR x='"), /Not a date/);
  });

  it('builds license filters from hostile search text without breaking the query', () => {
    const where = licenseConditions({ search: "'; DELETE FROM x; -- %_\\", includeSandboxes: false, statuses: ['Active'] }, calendarDate('2026-03-10'));
    assert.doesNotThrow(() => parseQuery(`SELECT Id FROM sfLma__License__c WHERE ${where}`));
    assert.match(where, /sfLma__Subscriber_Org_Is_Sandbox__c = false/);
  });
});
