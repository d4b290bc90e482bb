/**
 * The guarded license-change path through the real stack (@salesforce/core/jsforce over HTTP to
 * the demo LMO): batches, per-record results, verification, the journal, undo, cancel, and the
 * demo refusing what Modify License refuses. Each writing test has a demo of its own.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JournalEntry, runsOf } from '../../src/core/licenseChanges/journal';
import { type PlanRequest } from '../../src/core/licenseChanges/plan';
import { writeChanges } from '../../src/data/lmo/licenseWriter';
import { type LicenseManagementOrg } from '../../src/data/lmo/licenseManagementOrg';
import { isLmoError } from '../../src/data/org/errors';
import { type DemoLmo } from '../../src/demo/http/server';
import { LicenseJournal } from '../../src/storage/journal';
import { openDemo, requestsOf, startDemo } from '../support/demoOrg';

interface Row {
  Id: string;
  sfLma__Seats__c: number;
  sfLma__Expiration__c: string;
}
const EDITABLE =
  "sfLma__Status__c = 'Active' AND sfLma__License_Type__c = 'Editable' AND sfLma__Seats__c >= 0 AND sfLma__Expiration__c > 2026-03-10 AND sfLma__Subscriber_Org_Is_Sandbox__c = false";

async function editable(lmo: LicenseManagementOrg, n: number): Promise<Row[]> {
  const rows = await lmo.client.fetchAll<Row>(
    `SELECT Id, sfLma__Seats__c, sfLma__Expiration__c FROM sfLma__License__c WHERE ${EDITABLE} ORDER BY Id LIMIT ${n}`,
  );
  assert.equal(rows.records.length, n, 'enough editable licenses in the demo');
  return rows.records;
}
const raw = (demo: DemoLmo, id: string) => {
  const r = demo.store.lookup(id);
  return { seats: r?.sfLma__Seats__c, expiration: r?.sfLma__Expiration__c, status: r?.sfLma__Status__c };
};
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const renewal = (rows: Row[]): PlanRequest => ({
  description: 'Q2 renewals',
  changes: rows.map((r) => ({ license: r.Id, extendDays: 30, seats: r.sfLma__Seats__c + 5 })),
});

describe('changing licenses through the guarded path', function () {
  this.timeout(120_000);
  let dir: string;
  let demo: DemoLmo | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lma-changes-'));
  });
  afterEach(async () => {
    await demo?.close();
    demo = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('changes 500 licenses in 3 calls, reports 3 injected failures per record, verifies the rest, journals everything, and undoes exactly what it changed', async () => {
    demo = await startDemo({ licenses: 5000 });
    const { lmo, session } = await openDemo(demo);
    const rows = await editable(lmo, 500);
    const before = new Map(rows.map((r) => [r.Id, raw(demo as DemoLmo, r.Id)]));
    const failing = [rows[7].Id, rows[250].Id, rows[499].Id];
    demo.faults.failRecords({ ids: failing });
    const built = await lmo.planLicenseChanges(renewal(rows));
    assert.equal(built.plan.changes.length, 500);
    assert.deepEqual(built.unresolved, []);
    const journal = new LicenseJournal(dir);

    const { result: report, requests } = await requestsOf(demo, session, () =>
      lmo.runLicenseChange(built.plan, { journal, confirmation: { yes: true, typed: '500' } }),
    );
    assert.equal(report.status, 'done');
    if (report.status !== 'done') return;
    assert.deepEqual(report.counts, { saved: 497, failed: 3, notSent: 0, verified: 497, unverified: 0 });
    const failed = report.results.filter((r) => r.outcome === 'failed');
    assert.deepEqual(
      failed.map((r) => r.licenseId),
      failing,
    );
    for (const f of failed) {
      assert.equal(f.errors[0].statusCode, 'UNABLE_TO_LOCK_ROW');
      assert.match(f.errors[0].message, /unable to obtain exclusive access to this record/);
    }
    // ⌈500 / 200⌉ writes, then the verification: two Composite calls (licenses and history, a query per ~180 ids).
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`),
      [
        'PATCH /services/data/v62.0/composite/sobjects',
        'PATCH /services/data/v62.0/composite/sobjects',
        'PATCH /services/data/v62.0/composite/sobjects',
        'POST /services/data/v62.0/composite',
        'POST /services/data/v62.0/composite',
      ],
    );
    // The org holds exactly what the report says.
    for (const r of rows) {
      const now = raw(demo, r.Id);
      if (failing.includes(r.Id)) assert.deepEqual(now, before.get(r.Id));
      else assert.deepEqual(now, { status: 'Active', seats: r.sfLma__Seats__c + 5, expiration: addDays(r.sfLma__Expiration__c, 30) });
    }

    // The journal tells the same story, step by step.
    const entries = await journal.entries();
    const count = (type: JournalEntry['type']) => entries.filter((e) => e.type === type).length;
    assert.deepEqual(
      ['plan', 'confirmation', 'batch', 'result', 'verification', 'end'].map((t) => count(t as JournalEntry['type'])),
      [1, 1, 3, 500, 497, 1],
    );
    assert.deepEqual(entries[0].type === 'plan' && [entries[0].user, entries[0].orgId], [demo.username, demo.orgId]);
    assert.deepEqual(entries[1].type === 'confirmation' && [entries[1].via, entries[1].typed], ['typed', '500']);
    const [run] = runsOf(entries);
    const firstResult = run.results.get(rows[0].Id);
    assert.deepEqual(firstResult && [firstResult.outcome, firstResult.old, firstResult.new], [
      'saved',
      { seats: rows[0].sfLma__Seats__c, expiration: rows[0].sfLma__Expiration__c },
      { seats: rows[0].sfLma__Seats__c + 5, expiration: addDays(rows[0].sfLma__Expiration__c, 30) },
    ]);
    assert.equal(run.results.get(failing[0])?.errors?.[0].statusCode, 'UNABLE_TO_LOCK_ROW');

    // Someone changes one of the licenses in Salesforce in the meantime.
    demo.faults.reset();
    const touched = rows[100].Id;
    await lmo.client.request('PATCH', `/sobjects/sfLma__License__c/${touched}`, { sfLma__Seats__c: 999 });

    const undo = await lmo.undoPlanFor(run);
    assert.equal(undo.plan.changes.length, 496);
    assert.deepEqual(
      undo.skipped.map((s) => [s.licenseId, s.reason]),
      [[touched, `Changed since: Seats is 999, not ${(rows[100].sfLma__Seats__c + 5).toLocaleString('en-US')}.`]],
    );
    const undone = await lmo.runLicenseChange(undo.plan, { journal, confirmation: { yes: true, typed: '496' } });
    assert.equal(undone.status, 'done');
    if (undone.status !== 'done') return;
    assert.deepEqual(undone.counts, { saved: 496, failed: 0, notSent: 0, verified: 496, unverified: 0 });
    for (const r of rows) {
      if (r.Id === touched) assert.equal(raw(demo, r.Id).seats, 999, 'a license changed since is left alone');
      else assert.deepEqual(raw(demo, r.Id), before.get(r.Id), 'every other license holds exactly its old values');
    }
    const runs = runsOf(await journal.entries());
    assert.deepEqual(
      runs.map((r) => r.plan.undoOf),
      [undefined, run.runId],
    );
  });

  it('stops between batches when cancelled: the batch in flight is answered and journaled, the rest is never sent, and the journal says so', async () => {
    demo = await startDemo({ licenses: 4000 });
    const { lmo } = await openDemo(demo);
    const rows = await editable(lmo, 450);
    const before = new Map(rows.map((r) => [r.Id, raw(demo as DemoLmo, r.Id)]));
    const built = await lmo.planLicenseChanges(renewal(rows));
    const journal = new LicenseJournal(dir);
    const controller = new AbortController();
    const report = await lmo.runLicenseChange(built.plan, {
      journal,
      confirmation: { yes: true, typed: '450' },
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'writing' && p.done === 200) controller.abort();
      },
    });
    assert.equal(report.status, 'cancelled');
    if (report.status !== 'cancelled') return;
    assert.deepEqual(report.counts, { saved: 200, failed: 0, notSent: 250, verified: 200, unverified: 0 });
    const [run] = runsOf(await journal.entries());
    assert.deepEqual(run.end && [run.end.cancelled, run.end.saved, run.end.notSent], [true, 200, 250]);
    assert.deepEqual(run.unanswered, []);
    // Loses nothing: each license either holds its new values and has a journaled "saved", or holds its old values and has no result.
    for (const r of rows) {
      const result = run.results.get(r.Id);
      if (result) {
        assert.equal(result.outcome, 'saved');
        assert.deepEqual(raw(demo, r.Id).seats, r.sfLma__Seats__c + 5);
      } else assert.deepEqual(raw(demo, r.Id), before.get(r.Id));
    }
    assert.equal(run.results.size, 200);
  });

  it('journals a batch whose call failed as sent and unanswered, ends the run with the error, and undo re-reads those licenses', async () => {
    demo = await startDemo({ licenses: 3000 });
    const { lmo } = await openDemo(demo);
    const rows = await editable(lmo, 300);
    const built = await lmo.planLicenseChanges(renewal(rows));
    const journal = new LicenseJournal(dir);
    const error = await lmo
      .runLicenseChange(built.plan, {
        journal,
        confirmation: { yes: true, typed: '300' },
        onProgress: (p) => {
          if (p.phase === 'writing' && p.done === 200)
            (demo as DemoLmo).faults.inject(
              { kind: 'apiError', status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
              { match: 'composite/sobjects' },
            );
        },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(isLmoError(error) && error.kind === 'apiLimit', String(error));
    const [run] = runsOf(await journal.entries());
    assert.equal(run.results.size, 200);
    assert.equal(run.unanswered.length, 100);
    assert.match(run.end?.error ?? '', /daily API request limit/);
    // The unanswered batch never reached the org here: undo restores the 200 and leaves the 100 alone.
    const undo = await lmo.undoPlanFor(run);
    assert.equal(undo.plan.changes.length, 200);
    assert.deepEqual(undo.skipped, []);
  });

  it('refuses a plan that breaks a Modify License rule before sending anything; the demo refuses the same writes with Salesforce’s validation error', async () => {
    demo = await startDemo({ licenses: 1000 });
    const { lmo, client, session } = await openDemo(demo);
    const [a, b] = await editable(lmo, 2);
    const built = await lmo.planLicenseChanges({
      changes: [
        { license: a.Id, status: 'Trial', expiration: '2026-04-01' },
        { license: b.Id, seats: 12 },
      ],
    });
    const journal = new LicenseJournal(dir);
    const { result: refused, requests } = await requestsOf(demo, session, () => lmo.runLicenseChange(built.plan, { journal, confirmation: { yes: true } }));
    assert.equal(refused.status, 'blocked');
    assert.deepEqual(requests, [], 'nothing was sent');
    assert.deepEqual(await journal.entries(), [], 'nothing was journaled: nothing happened');

    // Sent anyway (bypassing the checks), the org refuses it per record, in Salesforce's shape.
    const written = await writeChanges(client, built.plan);
    assert.deepEqual(
      written.results.map((r) => [r.outcome, r.errors[0]?.statusCode]),
      [
        ['failed', 'FIELD_CUSTOM_VALIDATION_EXCEPTION'],
        ['saved', undefined],
      ],
    );
    assert.deepEqual(written.results[0].errors[0].fields, ['sfLma__Status__c']);
    const single = await client.request('PATCH', `/sobjects/sfLma__License__c/${a.Id}`, { sfLma__Status__c: 'Trial' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(isLmoError(single));
    assert.equal(single.errorCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    assert.match(single.message, /can't return to Trial/);
  });

  it('leaves out of an undo what the rules refuse (a converted trial cannot go back to Trial), and undoes the rest', async () => {
    demo = await startDemo({ licenses: 1000 });
    const { lmo } = await openDemo(demo);
    const trial = (
      await lmo.client.query<{ Id: string }>(
        "SELECT Id FROM sfLma__License__c WHERE sfLma__Status__c = 'Trial' AND sfLma__License_Type__c = 'Editable' AND sfLma__Seats__c >= 0 ORDER BY Id LIMIT 1",
      )
    ).records[0];
    const [active] = await editable(lmo, 1);
    const built = await lmo.planLicenseChanges({
      changes: [
        { license: trial.Id, status: 'Active', expiration: 'never' },
        { license: active.Id, seats: active.sfLma__Seats__c + 1 },
      ],
    });
    const journal = new LicenseJournal(dir);
    assert.equal((await lmo.runLicenseChange(built.plan, { journal, confirmation: { yes: true } })).status, 'done');
    const [run] = runsOf(await journal.entries());
    const undo = await lmo.undoPlanFor(run);
    assert.deepEqual(
      undo.plan.changes.map((c) => c.license.id),
      [active.Id],
    );
    assert.deepEqual(
      undo.skipped.map((s) => [s.licenseId, s.reason]),
      [[trial.Id, 'Cannot be put back: A license that has left Trial (now Active) can never return to Trial.']],
    );
  });

  it('refuses to run a plan made for another org, sending nothing', async () => {
    demo = await startDemo({ licenses: 1000 });
    const { lmo, session } = await openDemo(demo);
    const [a] = await editable(lmo, 1);
    const built = await lmo.planLicenseChanges({ changes: [{ license: a.Id, seats: 3 }] });
    assert.equal(built.plan.org.id, demo.orgId);
    const elsewhere = { ...built.plan, org: { ...built.plan.org, id: '00D5g0000OTHERAAA' } };
    const journal = new LicenseJournal(dir);
    const { result, requests } = await requestsOf(demo, session, () =>
      lmo.runLicenseChange(elsewhere, { journal, confirmation: { yes: true } }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    assert.ok(isLmoError(result) && result.kind === 'usage');
    assert.match(result.message, /This plan was made for org 00D5g0000OTHERAAA/);
    assert.deepEqual(requests, []);
  });

  it('writes nothing without the typed confirmation a suspension needs', async () => {
    demo = await startDemo({ licenses: 1000 });
    const { lmo, session } = await openDemo(demo);
    const [a] = await editable(lmo, 1);
    const built = await lmo.planLicenseChanges({ changes: [{ license: a.Id, status: 'Suspended' }] });
    const journal = new LicenseJournal(dir);
    const orgId = built.plan.changes[0].license.orgId;
    const { result, requests } = await requestsOf(demo, session, () => lmo.runLicenseChange(built.plan, { journal, confirmation: { yes: true, typed: '1' } }));
    assert.equal(result.status, 'needsConfirmation');
    assert.equal(result.status === 'needsConfirmation' && result.requirement.expected, orgId);
    assert.deepEqual(requests, []);
    const done = await lmo.runLicenseChange(built.plan, { journal, confirmation: { yes: true, typed: orgId } });
    assert.equal(done.status, 'done');
    assert.equal(raw(demo, a.Id).status, 'Suspended');
    assert.equal(demo.store.lookup(a.Id)?.RecordTypeId, demo.store.rows('RecordType').find((t) => t.Name === 'Suspended')?.Id, 'the record type follows');
  });
});
