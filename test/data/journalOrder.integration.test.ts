/**
 * The journal is written ahead of the requests it records: when the demo LMO receives a batch's
 * sObject Collections PATCH, the journal file on disk already holds the plan, the confirmation,
 * that batch, and the results of every batch before it. The journal's disk is made slow here, so
 * a write that is started but not awaited shows as a missing entry (on a fast disk it would only
 * lose a race now and then, and a missing `await` passed every other test). Real stack: @salesforce/core + jsforce over HTTP to the demo LMO.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JournalEntry } from '../../src/core/licenseChanges/journal';
import { type DemoLmo } from '../../src/demo/http/server';
import { LicenseJournal } from '../../src/storage/journal';
import { openDemo, startDemo } from '../support/demoOrg';

/**
 * A journal on a slow disk: an append reaches the file 60 ms after it is asked for, 150 ms more
 * for a write of several entries (a batch's results), and appends asked for at the same time are
 * not queued behind one another until then. So an append the run does not wait for is still
 * missing from the file when the next request leaves.
 */
class SlowDiskJournal extends LicenseJournal {
  override appendAll(entries: readonly JournalEntry[]): Promise<void> {
    const ms = entries.length > 1 ? 210 : 60;
    return new Promise((resolve) => setTimeout(resolve, ms)).then(() => super.appendAll(entries));
  }
}

/** What the journal file holds right now, read synchronously (as a crash would leave it). */
function onDisk(path: string): JournalEntry[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as JournalEntry);
}

describe('the license-change journal is on disk before the write it records leaves', function () {
  this.timeout(60_000);
  let dir: string;
  let demo: DemoLmo;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lma-journal-order-'));
    demo = await startDemo({ licenses: 500 });
  });
  after(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the plan, the confirmation, each batch and the results before it when the batch’s PATCH arrives', async () => {
    const { lmo, session } = await openDemo(demo);
    const rows = await lmo.client.fetchAll<{ Id: string; sfLma__Seats__c: number }>(
      "SELECT Id, sfLma__Seats__c FROM sfLma__License__c WHERE sfLma__Status__c = 'Active' AND sfLma__License_Type__c = 'Editable' AND sfLma__Seats__c >= 0 AND sfLma__Expiration__c > 2026-03-10 AND sfLma__Subscriber_Org_Is_Sandbox__c = false ORDER BY Id LIMIT 5",
    );
    assert.equal(rows.records.length, 5, 'five editable licenses in the demo');
    const built = await lmo.planLicenseChanges({
      description: 'journal order',
      changes: rows.records.map((r) => ({ license: r.Id, seats: r.sfLma__Seats__c + 1 })),
    });
    assert.equal(built.plan.changes.length, 5);
    const journal = new SlowDiskJournal(dir);

    // At each PATCH: which batches, and how many results, the file held.
    const seen: { batches: number[]; results: number; plan: boolean; confirmation: boolean }[] = [];
    const stop = demo.requests.listen((request) => {
      if (request.session !== session || request.method !== 'PATCH' || !request.path.startsWith('/services/data/v')) return;
      if (!/\/composite\/sobjects$/.test(request.path)) return;
      const entries = onDisk(journal.path);
      seen.push({
        plan: entries.some((e) => e.type === 'plan'),
        confirmation: entries.some((e) => e.type === 'confirmation'),
        batches: entries.flatMap((e) => (e.type === 'batch' ? [e.seq] : [])),
        results: entries.filter((e) => e.type === 'result').length,
      });
    });
    try {
      const report = await lmo.runLicenseChange(built.plan, { journal, confirmation: { yes: true }, batchSize: 2 });
      assert.equal(report.status, 'done');
      if (report.status === 'done') assert.equal(report.counts.saved, 5);
    } finally {
      stop();
    }
    assert.deepEqual(seen, [
      { plan: true, confirmation: true, batches: [1], results: 0 },
      { plan: true, confirmation: true, batches: [1, 2], results: 2 },
      { plan: true, confirmation: true, batches: [1, 2, 3], results: 4 },
    ]);
    // And the run is journaled to its end.
    const run = await journal.run(built.plan.id);
    assert.deepEqual(run?.end && [run.end.saved, run.end.notSent], [5, 0]);
  });
});
