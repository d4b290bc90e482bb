/** Undo of a run that was already undone: what the earlier undo put back is left alone, and said so. */
import * as assert from 'node:assert/strict';
import { type JournalEntry, alreadyUndoneNotes, runsOf, undoneRecords } from '../../../src/core/licenseChanges/journal';
import { type ChangePlan, buildPlan } from '../../../src/core/licenseChanges/plan';
import { undoPlan } from '../../../src/core/licenseChanges/undo';
import { type LicenseSnapshot } from '../../../src/core/licenseChanges/values';
import { aSnapshot } from '../../support/builders';

const org = { id: '00D5g0000LMODEMAAA', username: 'admin@acme-lmo.demo', label: 'acme-lmo' };
const snapshot = (n: number) =>
  aSnapshot({}, { id: `a0L5g${String(n).padStart(10, '0')}AAA`, name: `L-${String(n).padStart(5, '0')}`, orgId: `00D5g${String(n).padStart(10, '0')}` });

describe('undo of a run that was already undone', () => {
  const before = [snapshot(1), snapshot(2)];
  const run1 = buildPlan({ changes: before.map((l) => ({ license: l.id, seats: 50 })) }, before, { id: 'run-1', createdAt: 'x', org }).plan;
  const withRun1 = (l: LicenseSnapshot): LicenseSnapshot => ({
    ...l,
    values: (run1.changes.find((c) => c.license.id === l.id) as ChangePlan['changes'][number]).after,
  });
  const entriesOf = (plan: ChangePlan, saved: readonly LicenseSnapshot[]): JournalEntry[] => {
    const base = { runId: plan.id, user: org.username, orgId: org.id, at: 'x' };
    return [
      { ...base, type: 'plan', plan, issues: [] },
      { ...base, type: 'confirmation', via: 'yes' },
      { ...base, type: 'batch', seq: 1, licenseIds: saved.map((l) => l.id) },
      ...saved.map((l): JournalEntry => ({ ...base, type: 'result', licenseId: l.id, licenseName: l.name, outcome: 'saved', old: {}, new: {} })),
      { ...base, type: 'end', cancelled: false, saved: saved.length, failed: 0, notSent: 0, verified: saved.length },
    ];
  };
  // run-2 undid run-1 on both licenses; then someone set L-00001 to 50 seats again, by hand.
  const undo1 = undoPlan(runsOf(entriesOf(run1, before))[0], before.map(withRun1), { id: 'run-2', createdAt: 'y', org });
  const journal = [...entriesOf(run1, before), ...entriesOf(undo1.plan, before)];

  it('leaves alone what run-2 put back, even when someone set the same value again, and says the run was undone', () => {
    const runs = runsOf(journal);
    const undone = undoneRecords(runs, 'run-1');
    const again = undoPlan(runs[0], [withRun1(before[0]), before[1]], { id: 'run-3', createdAt: 'z', org }, undone);
    assert.deepEqual(again.plan.changes, []);
    assert.deepEqual(
      again.skipped.map((s) => [s.licenseName, s.reason]),
      [
        ['L-00001', 'Already undone by run run-2.'],
        ['L-00002', 'Already undone by run run-2.'],
      ],
    );
    assert.deepEqual(alreadyUndoneNotes('run-1', undone, 2), [
      'Run run-1 was already undone by run run-2 (all 2 records): those are left alone, whatever they hold now.',
    ]);
  });

  it('still undoes a record an earlier undo did not reach', () => {
    const partial = [...entriesOf(run1, before), ...entriesOf(undo1.plan, [before[1]])];
    const runs = runsOf(partial);
    const again = undoPlan(runs[0], [withRun1(before[0]), before[1]], { id: 'run-3', createdAt: 'z', org }, undoneRecords(runs, 'run-1'));
    assert.deepEqual(
      again.plan.changes.map((c) => c.license.name),
      ['L-00001'],
    );
  });
});
