/** Reading an Analytics REST report run's grand total, and the Home page's assignment from CustomApplication metadata (docs/salesforce/lmo-dashboard.md#verify). */
import * as assert from 'node:assert/strict';
import { DEFAULT_OPTIONS } from '../../../src/core/lmoDashboard/options';
import { assignedIn, reportTotals } from '../../../src/data/lmo/lmoDashboardReader';

const run = (aggregates: string[], values: unknown[], groupings = 0) => ({
  reportMetadata: { aggregates },
  factMap: { 'T!T': { aggregates: values.map((value) => ({ label: String(value), value })) } },
  groupingsDown: { groupings: Array.from({ length: groupings }, (_, i) => ({ key: String(i), label: `g${i}`, value: `g${i}` })) },
});

describe('lmo-dashboard reader', () => {
  it('reads the row count, sums by column and the first-level groups of T!T, in the order of reportMetadata.aggregates', () => {
    const r = reportTotals(run(['s!sfLma__License__c.sfLma__Seats__c', 'RowCount'], [410, 37], 5));
    assert.deepEqual(r, { ok: true, totals: { rowCount: 37, groups: 5, sums: { 'sfLma__License__c.sfLma__Seats__c': 410 } } });
  });

  it('a run without a grand total or a row count is a failed run, not a zero', () => {
    assert.equal(reportTotals({}).ok, false);
    assert.equal(reportTotals(run(['s!X'], [3])).ok, false);
    assert.equal(reportTotals(run(['RowCount'], ['12'])).ok, false, 'a value that is not a number');
  });

  it('the page is assigned only by a Home-tab override of this page for this profile (case aside), desktop or unset', () => {
    const o = { ...DEFAULT_OPTIONS, profile: 'Executive <Board>' };
    const override = {
      actionName: 'Tab',
      pageOrSobjectType: 'standard-home',
      type: 'Flexipage',
      content: o.homePageDeveloperName,
      profile: 'executive <board>',
      formFactor: 'Large',
    };
    assert.equal(assignedIn({ profileActionOverrides: [override] }, o), true);
    assert.equal(assignedIn({ profileActionOverrides: [{ ...override, formFactor: undefined }] }, o), true);
    assert.equal(assignedIn({ profileActionOverrides: [{ ...override, profile: 'System Administrator' }] }, o), false);
    assert.equal(assignedIn({ profileActionOverrides: [{ ...override, content: 'Other_Home' }] }, o), false);
    assert.equal(assignedIn({ profileActionOverrides: [{ ...override, pageOrSobjectType: 'record-home', actionName: 'View' }] }, o), false);
    assert.equal(assignedIn({ profileActionOverrides: [{ ...override, formFactor: 'Small' }] }, o), false);
    assert.equal(assignedIn({}, o), false);
    assert.equal(assignedIn(undefined, o), false);
    // Salesforce names a standard profile in an override by its metadata full name: System Administrator is Admin.
    const admin = { ...DEFAULT_OPTIONS, profile: 'System Administrator' };
    assert.equal(assignedIn({ profileActionOverrides: [{ ...override, profile: 'Admin' }] }, admin, 'Admin'), true);
    assert.equal(assignedIn({ profileActionOverrides: [{ ...override, profile: 'Admin' }] }, admin), false, 'without the full name, Admin is another profile');
  });
});
