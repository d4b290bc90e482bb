/**
 * The install-base filter as the WHERE clause Salesforce receives: one condition per choice the
 * user made, hostile search text kept inside its literal.
 */
import * as assert from 'node:assert/strict';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { calendarDate } from '../../src/core/calendarDate';
import { type LicenseFilter, licenseConditions, whereClause } from '../../src/data/lmo/licenseFilter';

const TODAY = calendarDate('2026-03-10');
const where = (filter: LicenseFilter) => licenseConditions(filter, TODAY);
const NOT_EXPIRED = '(sfLma__Expiration__c = null OR sfLma__Expiration__c = 1970-01-01 OR sfLma__Expiration__c >= 2026-03-10)';

describe('the install-base filter as SOQL', () => {
  it('filters nothing when nothing is chosen (sandboxes and expired licenses included by default)', () => {
    assert.equal(where({}), '');
    assert.equal(where({ includeSandboxes: true, includeExpired: true, statuses: [], search: '   ' }), '');
    assert.equal(whereClause({}, TODAY), '');
  });

  it('one condition per choice', () => {
    assert.equal(where({ packageId: 'a0P5g0000000001AAA' }), "sfLma__Package__c = 'a0P5g0000000001AAA'");
    assert.equal(where({ packageVersionId: 'a0V5g0000000002AAA' }), "sfLma__Package_Version__c = 'a0V5g0000000002AAA'");
    assert.equal(where({ statuses: ['Trial', 'Suspended'] }), "sfLma__Status__c IN ('Trial', 'Suspended')");
    assert.equal(where({ includeSandboxes: false }), 'sfLma__Subscriber_Org_Is_Sandbox__c = false');
    assert.equal(where({ includeExpired: false }), NOT_EXPIRED);
    assert.equal(where({ liveOnly: true }), `sfLma__Status__c IN ('Active', 'Trial') AND ${NOT_EXPIRED}`);
    assert.equal(where({ orgId: ' 00D5g0000012345AAA ' }), "sfLma__Subscriber_Org_ID__c LIKE '00D5g0000012345%'");
    assert.equal(where({ expiredOnly: true }), 'sfLma__Expiration__c < 2026-03-10 AND sfLma__Expiration__c != 1970-01-01');
    assert.equal(where({ expiringFrom: calendarDate('2026-04-01') }), 'sfLma__Expiration__c >= 2026-04-01 AND sfLma__Expiration__c != 1970-01-01');
    assert.equal(where({ expiringTo: calendarDate('2026-04-30') }), 'sfLma__Expiration__c <= 2026-04-30');
  });

  it('searches an org id by its first 15 characters, anything else in names, org ids and the license number', () => {
    assert.equal(where({ search: '00D5g0000012345AAA' }), "sfLma__Subscriber_Org_ID__c LIKE '00D5g0000012345%'");
    assert.equal(
      where({ search: ' Glo%bex ' }),
      "(sfLma__Account__r.Name LIKE '%Glo\\%bex%' OR sfLma__Lead__r.Company LIKE '%Glo\\%bex%' OR sfLma__Subscriber_Org_ID__c LIKE 'Glo\\%bex%' OR Name = 'Glo%bex')",
    );
  });

  it('joins every condition with AND into one statement Salesforce can parse, with our own conditions after', () => {
    const filter: LicenseFilter = {
      packageId: 'a0P5g0000000001AAA',
      statuses: ['Active'],
      includeSandboxes: false,
      includeExpired: false,
      search: "O'Brien",
      expiringTo: calendarDate('2026-12-31'),
    };
    const clause = whereClause(filter, TODAY, 'sfLma__Seats__c > 0');
    assert.equal(clause.startsWith(" WHERE sfLma__Package__c = 'a0P5g0000000001AAA' AND sfLma__Status__c IN ('Active') AND "), true);
    assert.equal(clause.endsWith(' AND sfLma__Expiration__c <= 2026-12-31 AND sfLma__Seats__c > 0'), true);
    assert.doesNotThrow(() => parseQuery(`SELECT Id FROM sfLma__License__c${clause}`));
    assert.equal(whereClause({}, TODAY, 'sfLma__Seats__c > 0', ''), ' WHERE sfLma__Seats__c > 0');
  });

  it('selects a list of licenses by id: an empty list matches nothing, and a list longer than a WHERE clause holds is refused', () => {
    const ids = Array.from({ length: 150 }, (_, i) => `a0L5g${String(i).padStart(10, '0')}AAA`);
    const clause = whereClause({ ids, search: "O'Brien & Söhne — a long customer name", includeSandboxes: false, statuses: ['Active', 'Trial'] }, TODAY);
    assert.ok(clause.includes(`Id IN ('${ids[0]}','`) || clause.includes(`Id IN ('${ids[0]}', '`), clause.slice(0, 200));
    // The whole WHERE clause, with the other conditions a view adds, stays within Salesforce's 4,000 characters.
    assert.ok(clause.length - ' WHERE '.length <= 4000, `${clause.length} characters`);
    assert.doesNotThrow(() => parseQuery(`SELECT Id FROM sfLma__License__c${clause}`));
    assert.equal(where({ ids: [] }), 'Id = null');
    assert.equal(where({ ids: [ids[0], ids[0]] }), `Id IN ('${ids[0]}')`);
    assert.throws(() => where({ ids: [...ids, 'a0L5g0000000999AAA'] }), /at most 150 ids, not 151/);
    assert.throws(() => where({ ids: ["a0L' OR Id != '"] }), /Not record ids/);
  });
});
