/** Distributions, value plans, their validation (the subscriber → LMO refusal first), previews with hostile text, the journal's runs and undo. */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { bucketsFromCumulative, distributionOf, integerEdges, medianOfBuckets, spreadSummary } from '../../../src/core/features/distribution';
import { type FeatureValue } from '../../../src/core/features/parameter';
import {
  type FeatureValueTarget,
  buildValuePlan,
  turnedOff,
  undoValuePlan,
  validateValuePlan,
  valueConfirmationFor,
  valuePreviewRows,
} from '../../../src/core/features/valueChanges';
import { type ValueJournalEntry, valueRecordsToRecheck, valueRunsOf } from '../../../src/core/features/valueJournal';
import { renderIssueTable } from '../../../src/core/licenseChanges/preview';
import { HOSTILE_NAMES } from '../../support/hostile';

const TODAY = calendarDate('2026-03-10');
const day = (text: string) => text as unknown as FeatureValue;
const context = { id: 'run-1', createdAt: '2026-03-10T10:00:00Z', org: { id: '00D000000000001AAA', username: 'admin@x', label: 'LMO' } };

function target(
  n: number,
  fullName: string,
  dataType: FeatureValueTarget['parameter']['dataType'],
  direction: FeatureValueTarget['parameter']['direction'],
  value: FeatureValue,
  extra: Partial<FeatureValueTarget> = {},
): FeatureValueTarget {
  return {
    valueId: `a0X00000000000${n}`,
    licenseId: `a0L00000000000${n}`,
    licenseName: `L-0000${n}`,
    subscriber: `Customer ${n}`,
    orgId: `00D00000000000${n}`,
    licenseStatus: 'Active',
    packageName: 'Billing',
    parameter: { id: `a0F${fullName}`, fullName, dataType, direction },
    value,
    ...extra,
  };
}

describe('feature value distributions', () => {
  it('buckets small ranges by value, wide ones geometrically, even ones by equal width', () => {
    assert.deepEqual(integerEdges(1, 5, 4), [1, 2, 3, 4]);
    assert.deepEqual(integerEdges(3, 3, 4), []);
    // 101 × 10^(k·log10(25001/101)/5) − 1: each bucket about 3× the one before.
    assert.deepEqual(integerEdges(100, 25000, 4), [303, 915, 2756, 8302]);
    const even = integerEdges(5, 400, 4);
    assert.deepEqual(even, [84, 164, 244, 324]);
  });

  it('turns cumulative counts into buckets and finds the bucket of the lower median', () => {
    const buckets = bucketsFromCumulative(1, 10, [2, 5], [3, 4], 6);
    assert.deepEqual(buckets, [
      { from: 1, to: 2, count: 3 },
      { from: 3, to: 5, count: 1 },
      { from: 6, to: 10, count: 2 },
    ]);
    assert.deepEqual(medianOfBuckets(buckets, 6), { low: 1, high: 2 });
    assert.equal(medianOfBuckets([], 0), undefined);
  });

  it('computes each type from plain values: on/off and share; min, exact median, max; past, future, earliest, latest', () => {
    const b = distributionOf('Boolean', [true, true, false, true], TODAY, 4);
    assert.deepEqual(b, { dataType: 'Boolean', values: 4, on: 3, off: 1 });
    const i = distributionOf('Integer', [5, 1, 3, 2, 4, null], TODAY, 4);
    assert.ok(i.dataType === 'Integer');
    assert.equal(i.min, 1);
    assert.equal(i.max, 5);
    assert.equal(i.notSet, 1);
    assert.deepEqual(i.median, { low: 3, high: 3 });
    assert.deepEqual(
      i.buckets?.map((x) => x.count),
      [1, 1, 1, 1, 1],
    );
    const d = distributionOf('Date', ['2026-03-09', '2026-03-10', '2027-01-01', null] as FeatureValue[], TODAY, 4);
    assert.deepEqual(d, { dataType: 'Date', values: 3, notSet: 1, past: 1, future: 2, earliest: '2026-03-09', latest: '2027-01-01' });
    assert.ok(i.dataType === 'Integer');
    assert.match(spreadSummary(i), /min 1, median 3, max 5/);
  });

  it('says a median known only to a bucket lies between two numbers, not as a range of values', () => {
    // 1,000 values from 100 to 25,000: the LMO counts them at a few edges, so the median is known to a bucket.
    const values = Array.from({ length: 1000 }, (_, k) => 100 + Math.round((k * k * 24_900) / 999 ** 2));
    const i = distributionOf('Integer', values, TODAY, 5);
    assert.ok(i.dataType === 'Integer');
    assert.ok(i.median && i.median.low < i.median.high, JSON.stringify(i.median));
    const words = spreadSummary(i);
    assert.match(words, /^1,000 values: min 100, median between [\d,]+ and [\d,]+, max 25,000$/);
    assert.doesNotMatch(words, /median [\d,]+–/);
  });
});

describe('feature value plans', () => {
  const targets = [
    target(1, 'bill__Reporting', 'Boolean', 'LmoToSubscriber', true),
    target(1, 'bill__Usage', 'Integer', 'SubscriberToLmo', 40, { valueId: 'a0X000000000011' }),
    target(2, 'bill__Limit', 'Integer', 'LmoToSubscriber', 100),
    target(3, 'bill__Until', 'Date', 'LmoToSubscriber', day('2026-01-01'), { licenseStatus: 'Uninstalled' }),
  ];

  it('resolves a parameter by full or bare name within the license, leaves out unchanged values and says what it cannot resolve', () => {
    const built = buildValuePlan(
      {
        description: 'Q2',
        changes: [
          { license: 'a0L000000000001', parameter: 'Reporting', value: false },
          { license: 'a0L000000000002AAA', parameter: 'BILL__limit', value: 100 },
          { license: 'a0L000000000003', parameter: 'bill__Until', value: '2027-01-01' },
          { license: 'a0L000000000003', parameter: 'Until', value: '2027-02-01' },
          { license: 'a0L000000000009', parameter: 'Reporting', value: true },
          { license: 'a0L000000000002', parameter: 'other__Limit', value: 3 },
        ],
      },
      targets,
      context,
    );
    assert.deepEqual(
      built.plan.changes.map((c) => [c.target.parameter.fullName, c.after]),
      [
        ['bill__Reporting', false],
        ['bill__Until', '2027-01-01'],
      ],
    );
    assert.deepEqual(built.unchanged, ['a0X000000000002']);
    assert.deepEqual(
      built.unresolved.map((u) => [u.license, u.reason.slice(0, 30)]),
      [
        ['a0L000000000003', 'This license and parameter are'],
        ['a0L000000000009', 'No such license in this org, o'],
        ['a0L000000000002', 'L-00002 has no value for other'],
      ],
    );
  });

  it('refuses subscriber → LMO values, wrong types, out-of-range numbers and dates, and warns when a feature is turned off or the license is uninstalled', () => {
    const plan = {
      ...buildValuePlan({ changes: [] }, [], context).plan,
      changes: [
        { target: targets[1], after: 41 },
        { target: targets[0], after: 'yes' as unknown as FeatureValue },
        { target: targets[2], after: 2.5 },
        { target: { ...targets[2], valueId: 'a0X000000000099' }, after: 2 ** 60 },
        { target: targets[3], after: day('1600-01-01') },
        { target: { ...targets[3], valueId: 'a0X000000000098' }, after: day('2026-02-30') },
        { target: { ...targets[0], valueId: 'a0X000000000097' }, after: false },
        { target: { ...targets[3], valueId: 'a0X000000000096' }, after: day('2027-01-01') },
      ],
    };
    const v = validateValuePlan(plan);
    const codes = plan.changes.map((c) => (v.issues.get(c.target.valueId) ?? []).map((i) => `${i.severity}:${i.code}`));
    assert.deepEqual(codes, [
      ['error:subscriberToLmo'],
      ['error:type'],
      ['error:type'],
      ['error:integerRange'],
      ['error:dateRange', 'warning:uninstalled'],
      ['error:type', 'warning:uninstalled'],
      ['warning:turnsOff'],
      ['warning:uninstalled'],
    ]);
    assert.equal(v.ok, false);
    assert.match(v.issues.get(targets[1].valueId)?.[0].message ?? '', /subscriber → LMO: Reported by the subscriber org/);
    assert.equal(turnedOff(plan), 1);
  });

  it('asks to type the subscriber org id to turn a feature off for one customer, and the count above the threshold', () => {
    const base = buildValuePlan({ changes: [] }, [], context).plan;
    const off = valueConfirmationFor({ ...base, changes: [{ target: targets[0], after: false }] });
    assert.deepEqual([off.typed, off.expected], [true, '00D000000000001']);
    assert.match(off.reasons[0], /turns a feature off for a customer/);
    const raise = valueConfirmationFor({ ...base, changes: [{ target: targets[2], after: 200 }] });
    assert.equal(raise.typed, false);
    const many = { ...base, changes: Array.from({ length: 3 }, (_, i) => ({ target: { ...targets[2], valueId: `a0X00000000010${i}` }, after: 200 })) };
    assert.deepEqual([valueConfirmationFor(many, 2).typed, valueConfirmationFor(many, 2).expected], [true, '3']);
  });

  it('previews each value on one safe line, whatever the subscriber is called', () => {
    const hostile = HOSTILE_NAMES.filter((n): n is string => !!n);
    const plan = {
      ...buildValuePlan({ changes: [] }, [], context).plan,
      changes: hostile.map((name, i) => ({
        target: target(i + 1, 'bill__Reporting', 'Boolean', 'LmoToSubscriber', true, {
          subscriber: name,
          valueId: `a0X0000000001${String(i).padStart(2, '0')}`,
        }),
        after: false,
      })),
    };
    const rows = valuePreviewRows(plan, validateValuePlan(plan));
    const table = renderIssueTable(
      [
        ['Subscriber', 26, (r) => r.subscriber],
        ['Old', 12, (r) => r.old],
        ['New', 12, (r) => r.new],
      ],
      rows,
    );
    const lines = table.split('\n');
    // A header, a rule, then a row and its one warning per value: no name breaks a line or hides a character.
    assert.equal(lines.length, 2 + rows.length * 2);
    assert.ok(!/[\u202E\u200B\r]/.test(table));
    assert.match(table, /Evil<U\+202E>gnp/);
    assert.match(table, /On \(true\)\s+Off \(false\)/);
  });

  it('journals runs by value record, and undo restores only what still holds the run’s new value', () => {
    const built = buildValuePlan(
      {
        changes: [
          { license: 'a0L000000000001', parameter: 'Reporting', value: false },
          { license: 'a0L000000000002', parameter: 'Limit', value: 500 },
        ],
      },
      targets,
      context,
    );
    const base = { runId: 'run-1', at: '2026-03-10T10:00:00Z', user: 'admin@x', orgId: '00D000000000001AAA' };
    const ids = built.plan.changes.map((c) => c.target.valueId);
    const entries: ValueJournalEntry[] = [
      { ...base, type: 'plan', plan: built.plan, issues: [] },
      { ...base, type: 'confirmation', via: 'yes' },
      { ...base, type: 'batch', seq: 1, valueIds: ids },
      { ...base, type: 'result', valueId: ids[0], licenseId: 'a0L000000000001', parameter: 'bill__Reporting', outcome: 'saved', old: true, new: false },
    ];
    const [run] = valueRunsOf(entries);
    assert.deepEqual(run.unanswered, [ids[1]]);
    const records = valueRecordsToRecheck(run);
    assert.deepEqual(
      records.map((r) => [r.valueId, r.old, r.new]),
      [
        [ids[0], true, false],
        [ids[1], 100, 500],
      ],
    );
    // The first still holds the new value; the second was never applied.
    const current = [{ ...targets[0], value: false }, targets[2]];
    const undo = undoValuePlan({ runId: run.runId, plan: run.plan, records }, current, { ...context, id: 'run-2' });
    assert.deepEqual(
      undo.plan.changes.map((c) => [c.target.valueId, c.after]),
      [[ids[0], true]],
    );
    assert.equal(undo.plan.undoOf, 'run-1');
    const moved = undoValuePlan(
      { runId: run.runId, plan: run.plan, records },
      [
        { ...targets[0], value: true },
        { ...targets[2], value: 7 },
      ],
      { ...context, id: 'run-3' },
    );
    assert.deepEqual(moved.plan.changes, []);
    assert.match(moved.skipped[0].reason, /Changed since: bill__Limit is 7, not 500/);
  });
});
