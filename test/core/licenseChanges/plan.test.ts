import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { confirmationFor, isConfirmed } from '../../../src/core/licenseChanges/confirmation';
import { type JournalEntry, runsOf, summarizeRun } from '../../../src/core/licenseChanges/journal';
import { type ChangePlan, type PlanRequest, buildPlan, changedValues, newRunId, otherOrgReason } from '../../../src/core/licenseChanges/plan';
import { parsePlanFile } from '../../../src/core/licenseChanges/planFile';
import { previewRows, renderPreviewTable } from '../../../src/core/licenseChanges/preview';
import { undoPlan } from '../../../src/core/licenseChanges/undo';
import { validatePlan, withoutRefused } from '../../../src/core/licenseChanges/validation';
import { type LicenseSnapshot, fromWire, toWire } from '../../../src/core/licenseChanges/values';
import { HOSTILE_NAMES } from '../../support/hostile';
import { aSnapshot } from '../../support/builders';

const today = calendarDate('2026-03-10');
const org = { id: '00D5g0000LMODEMAAA', username: 'admin@acme-lmo.demo', label: 'acme-lmo' };
const context = { id: 'run-1', createdAt: '2026-03-10T12:00:00.000Z', org };
const snapshot = (n: number, values: Partial<LicenseSnapshot['values']> = {}, extra: Partial<LicenseSnapshot> = {}) =>
  aSnapshot(values, {
    id: `a0L5g${String(n).padStart(10, '0')}AAA`,
    name: `L-${String(n).padStart(5, '0')}`,
    orgId: `00D5g${String(n).padStart(10, '0')}`,
    ...extra,
  });
const plan = (request: PlanRequest, licenses: LicenseSnapshot[]) => buildPlan(request, licenses, context);

describe('license change plans', () => {
  it('resolves a request against the licenses as read: values, extensions, never, unknown ids, duplicates, no-ops', () => {
    const licenses = [snapshot(1), snapshot(2, { expiration: 'never' }), snapshot(3), snapshot(4), snapshot(5)];
    const built = plan(
      {
        description: 'renewals',
        changes: [
          { license: licenses[0].id.slice(0, 15), extendDays: 30, seats: 'site' },
          { license: licenses[1].id, extendDays: 30 },
          { license: licenses[2].id, expiration: 'never', status: 'Suspended' },
          { license: licenses[2].id, seats: 2 },
          { license: licenses[3].id, seats: 10 },
          { license: 'a0L5g9999999999AAA', seats: 1 },
          { license: licenses[3].id.replace('a0L', 'a0l'), seats: 1 },
          { license: licenses[4].id, expiration: '2026-02-30' },
        ],
      },
      licenses,
    );
    assert.deepEqual(
      built.plan.changes.map((c) => [c.license.name, c.after]),
      [
        ['L-00001', { status: 'Active', seats: 'site', expiration: '2027-01-30' }],
        ['L-00003', { status: 'Suspended', seats: 10, expiration: 'never' }],
      ],
    );
    assert.deepEqual(
      built.unresolved.map((u) => u.reason.split(':')[0].split(' (')[0]),
      // Record ids are case-sensitive: a0l… is not a0L….
      [
        'L-00002 does not expire',
        'This license is in the plan more than once',
        'No such license in this org',
        'No such license in this org',
        'Expiration must be a date',
      ],
    );
    assert.deepEqual(built.unchanged, [licenses[3].id]);
    assert.equal(built.plan.description, 'renewals');
    assert.deepEqual(built.plan.org, org);
  });

  it('writes site licenses as -1 seats and "does not expire" as 1970-01-01, and reads them back', () => {
    const values = { status: 'Active', seats: 'site' as const, expiration: 'never' as const };
    assert.deepEqual(toWire(values), { sfLma__Status__c: 'Active', sfLma__Seats__c: -1, sfLma__Expiration__c: '1970-01-01' });
    assert.deepEqual(fromWire(toWire(values)), values);
    assert.deepEqual(fromWire({ sfLma__Status__c: 'Trial', sfLma__Seats__c: null, sfLma__Expiration__c: null }), {
      status: 'Trial',
      seats: null,
      expiration: 'never',
    });
    assert.deepEqual(toWire({ status: 'Active', seats: 5, expiration: calendarDate('2026-04-01') }, ['seats']), { sfLma__Seats__c: 5 });
  });

  it('gives each run a sortable id', () => {
    const a = newRunId(new Date('2026-03-10T12:00:00.123Z'), () => 0.5);
    const b = newRunId(new Date('2026-03-10T12:00:01Z'), () => 0.1);
    assert.match(a, /^20260310T120000Z-[0-9a-z]{6}$/);
    assert.ok(a < b);
  });
});

describe('confirming a license change', () => {
  const many = (n: number, status?: 'Suspended') =>
    plan(
      { changes: Array.from({ length: n }, (_, i) => ({ license: snapshot(i + 1).id, ...(status ? { status } : { seats: 20 }) })) },
      Array.from({ length: n }, (_, i) => snapshot(i + 1)),
    ).plan;

  it('asks for a plain yes for small plans that suspend nothing', () => {
    const requirement = confirmationFor(many(25));
    assert.equal(requirement.typed, false);
    assert.equal(isConfirmed(requirement, undefined), true);
    assert.match(requirement.prompt, /^Change 25 licenses in acme-lmo\?$/);
  });

  it('asks to type the number of licenses above the threshold', () => {
    const requirement = confirmationFor(many(26));
    assert.deepEqual([requirement.typed, requirement.expected], [true, '26']);
    assert.equal(isConfirmed(requirement, '26'), true);
    assert.equal(isConfirmed(requirement, ' 26 '), true);
    for (const wrong of [undefined, '', '25', '26 licenses', 'yes']) assert.equal(isConfirmed(requirement, wrong), false, String(wrong));
    assert.equal(confirmationFor(many(26), 100).typed, false);
  });

  it("asks to type the subscriber's org id to suspend one license, and the count to suspend several", () => {
    const one = confirmationFor(many(1, 'Suspended'));
    assert.deepEqual([one.typed, one.expected], [true, '00D5g0000000001']);
    assert.match(one.reasons[0], /blocks every user/);
    assert.equal(isConfirmed(one, '00D5g0000000001'), true);
    assert.equal(isConfirmed(one, '00D5g0000000001IAA'), true, 'the 18-character form');
    assert.equal(isConfirmed(one, '00d5g0000000001'), false, 'org ids are case-sensitive');
    assert.equal(isConfirmed(one, '00D5g000000000'), false);
    const three = confirmationFor(many(3, 'Suspended'));
    assert.deepEqual([three.typed, three.expected], [true, '3']);
  });
});

describe('what any kind of change records and where it may run', () => {
  it('records only the fields a change sets, with their old and new values', () => {
    const built = plan({ changes: [{ license: snapshot(1).id, seats: 20, expiration: 'never' }] }, [snapshot(1, { seats: 10 })]);
    assert.deepEqual(changedValues(built.plan.changes[0]), {
      old: { seats: 10, expiration: '2026-12-31' },
      new: { seats: 20, expiration: 'never' },
    });
  });

  it('refuses a plan made for another org, comparing the 15-character ids, and lets one through when an id is unknown', () => {
    const made = { org };
    assert.match(
      otherOrgReason(made, { id: '00D5g0000OTHERAAA', label: 'other' }) ?? '',
      /^This plan was made for org 00D5g0000LMODEMAAA \(acme-lmo\), not other\.$/,
    );
    assert.equal(otherOrgReason(made, { id: '00D5g0000LMODEM', label: 'acme-lmo' }), undefined);
    assert.equal(otherOrgReason(made, { id: undefined, label: 'unknown' }), undefined);
    assert.equal(otherOrgReason({ org: { ...org, id: undefined } }, { id: '00D5g0000OTHERAAA', label: 'other' }), undefined);
  });
});

describe('the preview of a license change', () => {
  it('shows license, subscriber, field, old → new and the warnings, one line per cell, whatever the customer text holds', () => {
    const names = HOSTILE_NAMES.map((n) => n ?? '');
    const licenses = names.map((name, i) => snapshot(i + 1, { seats: 5 }, { subscriber: name, packageName: name, usedSeats: 7 }));
    const built = plan({ changes: licenses.map((l) => ({ license: l.id, seats: 3, status: 'Suspended' })) }, licenses);
    const validation = validatePlan(built.plan, today);
    const rows = previewRows(built.plan, validation);
    assert.equal(rows.length, names.length * 2);
    assert.deepEqual([rows[0].field, rows[0].old, rows[0].new, rows[1].field, rows[1].old, rows[1].new], ['status', 'Active', 'Suspended', 'seats', '5', '3']);
    assert.deepEqual(
      rows[1].issues.map((i) => i.code),
      ['seatsBelowUsed'],
    );
    assert.equal(rows[0].subscriber, names[0], 'the model keeps the text as it is; rendering makes it safe');
    const table = renderPreviewTable(rows);
    const lines = table.split('\n');
    // Header, rule, and per license: two rows and their issue lines (suspend, seats below used).
    assert.equal(lines.length, 2 + names.length * 4);
    for (const line of lines) {
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      assert.ok(!/[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069\u200B-\u200F]/.test(line), JSON.stringify(line));
      assert.ok(line.length <= 300, 'no cell runs on');
    }
    // The suspension warning names the subscriber in full: made visible, on one line.
    assert.match(table, /\(Evil<U\+202E>gnp\.exe<U\+200B> Ltd Second line\) until the license is Active again/);
  });
});

describe('the journal of license changes, and undo', () => {
  const before = [snapshot(1), snapshot(2), snapshot(3), snapshot(4)];
  const built = plan({ description: 'more seats', changes: before.map((l) => ({ license: l.id, seats: 50, extendDays: 10 })) }, before).plan;
  const base = { runId: built.id, user: org.username, orgId: org.id };
  const result = (n: number, outcome: 'saved' | 'failed'): JournalEntry => ({
    ...base,
    at: '2026-03-10T12:00:01Z',
    type: 'result',
    licenseId: before[n].id,
    licenseName: before[n].name,
    outcome,
    old: { seats: 10 },
    new: { seats: 50 },
  });
  const entries: JournalEntry[] = [
    { ...base, at: '2026-03-10T12:00:00Z', type: 'plan', plan: built, issues: [] },
    { ...base, at: '2026-03-10T12:00:00Z', type: 'confirmation', via: 'yes' },
    { ...base, at: '2026-03-10T12:00:00Z', type: 'batch', seq: 1, licenseIds: before.map((l) => l.id) },
    result(0, 'saved'),
    result(1, 'saved'),
    result(2, 'failed'),
  ];

  it('reads runs back, and knows which records were sent without an answer', () => {
    const [run] = runsOf([
      ...entries,
      { ...base, at: 'x', type: 'result', runId: 'other', licenseId: 'a', licenseName: 'a', outcome: 'saved', old: {}, new: {} },
    ]);
    assert.equal(run.runId, 'run-1');
    assert.equal(run.results.size, 3);
    assert.deepEqual(run.unanswered, [before[3].id]);
    assert.deepEqual(summarizeRun(run), {
      runId: 'run-1',
      at: '2026-03-10T12:00:00Z',
      user: org.username,
      orgId: org.id,
      description: 'more seats',
      undoOf: undefined,
      licenses: 4,
      saved: 2,
      failed: 1,
      unanswered: 1,
      state: 'interrupted',
      channel: 'api',
    });
  });

  it('undoes only the records that still hold the new values, including one sent without an answer that did change', () => {
    const [run] = runsOf(entries);
    const after = (l: LicenseSnapshot, change: Partial<LicenseSnapshot['values']> = {}): LicenseSnapshot => ({
      ...l,
      values: { ...(built.changes.find((c) => c.license.id === l.id) as ChangePlan['changes'][number]).after, ...change },
    });
    const current = [
      after(before[0]), // saved, untouched since: restored
      after(before[1], { seats: 75 }), // saved, someone changed its seats since: left alone
      before[2], // failed: never touched
      after(before[3]), // sent, answer lost, but it did change: restored
    ];
    const undo = undoPlan(run, current, { id: 'run-2', createdAt: '2026-03-11T00:00:00Z', org });
    assert.equal(undo.plan.undoOf, 'run-1');
    assert.match(undo.plan.description, /^Undo of run-1 \(more seats\)$/);
    assert.deepEqual(
      undo.plan.changes.map((c) => [c.license.name, c.after]),
      [
        ['L-00001', before[0].values],
        ['L-00004', before[3].values],
      ],
    );
    assert.deepEqual(
      undo.skipped.map((s) => [s.licenseName, s.reason]),
      [['L-00002', 'Changed since: Seats is 75, not 50.']],
    );
    // A record sent without an answer that never changed needs no undo and is not "skipped" either.
    const untouched = undoPlan(run, [after(before[0]), after(before[1]), before[2], before[3]], { id: 'run-3', createdAt: 'x', org });
    assert.deepEqual(
      untouched.plan.changes.map((c) => c.license.name),
      ['L-00001', 'L-00002'],
    );
    assert.equal(untouched.skipped.length, 0);
  });
});

describe('the plan file', () => {
  it('reads a valid plan (JSON with comments)', () => {
    const parsed = parsePlanFile(`// renewals
{ "description": "Q2", "changes": [ { "license": "a0L5g0000000001AAA", "extendDays": 30 }, { "license": "a0L5g0000000002", "seats": "site", "status": "Active" }, ] }`);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepEqual(parsed.request, {
      description: 'Q2',
      changes: [
        { license: 'a0L5g0000000001AAA', extendDays: 30 },
        { license: 'a0L5g0000000002', seats: 'site', status: 'Active' },
      ],
    });
  });

  it('says what is wrong with each change, where', () => {
    const text = `{ "changes": [
  { "license": "a0L5g0000000001AAA" },
  { "license": "L-00012", "seats": -1, "expiration": "31/12/2026" },
  { "license": "a0L5g0000000003AAA", "expiration": "2026-12-31", "extendDays": 5, "status": "Uninstalled" }
] }`;
    const parsed = parsePlanFile(text);
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.problems.map(
        (p) => `${p.path.join('/')}: ${p.message.replace(/^.*?: /, '')} @${text.slice(p.span.offset, p.span.offset + Math.min(p.span.length, 12))}`,
      ),
      [
        'changes/0: needs at least one of status, seats, expiration or extendDays. @{ "license":',
        'changes/1/license: must be a License record id (15 or 18 characters). @"L-00012"',
        'changes/1/seats: must be a whole number of seats from 0 to 99,000,000, or "site". @-1',
        'changes/1/expiration: must be a date (YYYY-MM-DD) or "never". @"31/12/2026"',
        'changes/2: takes expiration or extendDays, not both. @{ "license":',
        'changes/2/status: must be one of "Trial", "Active", "Suspended". @"Uninstalled',
      ],
    );
  });
});

describe('proposals without the changes a rule refuses', () => {
  it('keeps the accepted changes and lists the refused ones with their errors', () => {
    const licenses = [snapshot(1), snapshot(2, {}, { readOnly: true }), snapshot(3, { status: 'Uninstalled' })];
    const built = plan({ changes: licenses.map((l) => ({ license: l.id, seats: 40 })) }, licenses).plan;
    const { plan: kept, refused } = withoutRefused(built, validatePlan(built, today));
    assert.deepEqual(
      kept.changes.map((c) => c.license.name),
      ['L-00001', 'L-00002'],
      'a Read-Only License Type is only a warning',
    );
    assert.deepEqual(
      refused.map((r) => [r.change.license.name, r.errors.map((e) => e.code)]),
      [['L-00003', ['uninstalled']]],
    );
    assert.equal(validatePlan(kept, today).ok, true);
  });
});
