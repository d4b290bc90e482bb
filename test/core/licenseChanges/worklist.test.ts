import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { runsOf, summarizeRun, type JournalEntry } from '../../../src/core/licenseChanges/journal';
import { type ChangePlan, type PlannedChange } from '../../../src/core/licenseChanges/plan';
import { type LicenseValues } from '../../../src/core/licenseChanges/values';
import { checkRow, licensePagePath, targetLine, worklistCounts, worklistRows } from '../../../src/core/licenseChanges/worklist';
import { aSnapshot } from '../../support/builders';

const change = (before: Partial<LicenseValues>, after: Partial<LicenseValues>, name = 'L-00001'): PlannedChange => {
  const license = aSnapshot(before, { name });
  return { license, after: { ...license.values, ...after } };
};
const planOf = (...changes: PlannedChange[]): ChangePlan => ({
  kind: 'lma-workbench.licenseChangePlan',
  version: 1,
  id: 'run-1',
  createdAt: '2026-03-10T10:00:00.000Z',
  org: { id: '00D5g0000000LMOEAQ', username: 'admin@lmo', label: 'lmo' },
  description: '',
  changes,
});

describe('the Modify License worklist', () => {
  it('a row lists only the fields that change, old → new, and what to enter on the page', () => {
    const rows = worklistRows(planOf(change({ seats: 10 }, { seats: 'site', expiration: 'never' })));
    assert.deepEqual(
      rows[0].targets.map((t) => [t.label, t.old, t.new, t.enter]),
      [
        ['Seats', '10', 'Site license', 'Site license (-1)'],
        ['Expiration', '2026-12-31', 'Does not expire', 'Does not expire'],
      ],
    );
    assert.equal(targetLine(rows[0]), 'Seats 10 → Site license; Expiration 2026-12-31 → Does not expire');
  });

  it('a row is done only when the record holds every new value and history recorded it; pending while it holds the old ones', () => {
    const c = change({ seats: 10 }, { seats: 20, expiration: calendarDate('2027-03-31') });
    const read = (actual: Partial<LicenseValues> | undefined, historyRecorded: boolean) =>
      checkRow(c, { licenseId: c.license.id, actual: actual && { ...c.license.values, ...actual }, historyRecorded });
    assert.equal(read({ seats: 20, expiration: calendarDate('2027-03-31') }, true).state, 'done');
    assert.equal(read({}, false).state, 'pending');
    const half = read({ seats: 20 }, false);
    assert.deepEqual([half.state, half.reason], ['differs', 'Expiration is 2026-12-31, not 2027-03-31.']);
    const other = read({ seats: 25, expiration: calendarDate('2027-03-31') }, false);
    assert.deepEqual([other.state, other.reason], ['differs', 'Seats is 25, not 20.']);
    const noHistory = read({ seats: 20, expiration: calendarDate('2027-03-31') }, false);
    assert.deepEqual([noHistory.state, noHistory.holdsNewValues], ['differs', true]);
    assert.match(noHistory.reason ?? '', /License history has no row for the change/);
    assert.equal(read(undefined, false).state, 'differs');
  });

  it('status compares as Salesforce compares picklist text: without letter case', () => {
    const c = change({ status: 'Trial' }, { status: 'Active' });
    assert.equal(checkRow(c, { licenseId: c.license.id, actual: { ...c.license.values, status: 'active' }, historyRecorded: true }).state, 'done');
  });

  it('counts every state', () => {
    assert.deepEqual(worklistCounts(['done', 'pending', 'skipped', 'differs', 'done']), { total: 5, done: 2, skipped: 1, differs: 1, pending: 1 });
  });

  it('opens the license’s Lightning record page, the id encoded', () => {
    assert.equal(licensePagePath('a0L5g0000000001AAA'), '/lightning/r/sfLma__License__c/a0L5g0000000001AAA/view');
    assert.equal(licensePagePath('a/b?c'), '/lightning/r/sfLma__License__c/a%2Fb%3Fc/view');
  });

  it('the journal tells a worklist from a write: open until its end, its rows done counted as saved', () => {
    const base = { runId: 'run-1', at: '2026-03-10T10:00:00.000Z', user: 'admin@lmo', orgId: '00D5g0000000LMOEAQ' };
    const c = change({ seats: 10 }, { seats: 20 });
    const entries: JournalEntry[] = [
      { ...base, type: 'plan', plan: planOf(c), issues: [], channel: 'worklist' },
      { ...base, type: 'result', licenseId: c.license.id, licenseName: 'L-00001', outcome: 'saved', old: { seats: 10 }, new: { seats: 20 } },
      { ...base, type: 'worklistRow', licenseId: c.license.id, licenseName: 'L-00001', state: 'done' },
    ];
    const [open] = runsOf(entries);
    assert.deepEqual([open.channel, summarizeRun(open).state, summarizeRun(open).saved], ['worklist', 'open', 1]);
    assert.equal(open.worklistRows.get(c.license.id)?.state, 'done');
    const [ended] = runsOf([...entries, { ...base, type: 'end', cancelled: false, saved: 1, failed: 0, notSent: 0, verified: 1 }]);
    assert.equal(summarizeRun(ended).state, 'done');
    const [old] = runsOf([{ ...base, type: 'plan', plan: planOf(c), issues: [] }]);
    assert.equal(old.channel, 'api', 'entries from before worklists wrote through the API');
  });
});
