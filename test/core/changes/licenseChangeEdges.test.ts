/** License history rows with the shapes Salesforce really sends: empty values, lookup pairs in either order, ties. */
import * as assert from 'node:assert/strict';
import { type HistoryRow, changesFromHistory, compareChanges, isoTime, parseKinds } from '../../../src/core/changes/licenseChange';

const LICENSE = 'a0L5g0000000001AAA';
const row = (id: string, field: string, oldValue: unknown, newValue: unknown, extra: Partial<HistoryRow> = {}): HistoryRow => ({
  id,
  licenseId: LICENSE,
  field,
  dataType: undefined,
  oldValue,
  newValue,
  createdDate: '2026-03-10T10:15:00.000+0000',
  createdById: '0055g0000000001AAA',
  createdByName: 'Dana',
  ...extra,
});
const NO_FACTS = new Map();

describe('license history edges', () => {
  it('reads an empty old value as none, never as 0 or "undefined"', () => {
    const changes = changesFromHistory(
      [
        row('h1', 'sfLma__Seats__c', null, 10),
        row('h2', 'sfLma__Seats__c', '', 20, { createdDate: '2026-03-10T10:16:00.000+0000' }),
        row('h3', 'sfLma__Seats__c', undefined, 30, { createdDate: '2026-03-10T10:17:00.000+0000' }),
        row('h4', 'sfLma__Status__c', '', 'Active', { createdDate: '2026-03-10T10:18:00.000+0000' }),
      ],
      NO_FACTS,
    );
    assert.deepEqual(
      changes.map((c) => [c.id, c.oldValue, c.newValue]),
      [
        ['h1', null, 10],
        ['h2', null, 20],
        ['h3', null, 30],
        ['h4', null, 'Active'],
      ],
    );
  });

  it('names the field of a change, and none for an install', () => {
    const changes = changesFromHistory([row('h1', 'created', null, null), row('h2', 'sfLma__Status__c', 'Trial', 'Active')], NO_FACTS);
    assert.deepEqual(
      changes.map((c) => [c.type, c.field]),
      [
        ['license.created', null],
        ['license.status_changed', 'sfLma__Status__c'],
      ],
    );
  });

  it('labels a version change with the version names whichever half comes first, and no label when a name is empty', () => {
    const ids = row('h2', 'sfLma__Package_Version__c', 'a0V5g0000000001AAA', 'a0V5g0000000002AAA', { dataType: 'EntityId' });
    const names = row('h1', 'sfLma__Package_Version__c', '2.2.0', '2.3.0', { dataType: 'Text' });
    for (const rows of [
      [names, ids],
      [ids, names],
    ]) {
      const [change] = changesFromHistory(rows, NO_FACTS);
      assert.deepEqual([change.oldValue, change.newValue, change.oldLabel, change.newLabel], ['a0V5g0000000001AAA', 'a0V5g0000000002AAA', '2.2.0', '2.3.0']);
    }
    for (const empty of [null, '', undefined]) {
      const [change] = changesFromHistory([ids, { ...names, oldValue: empty }], NO_FACTS);
      assert.equal(change.oldLabel, null);
      assert.equal(change.newLabel, '2.3.0');
    }
  });

  it('reads Salesforce date-times with any offset, and refuses what is not one', () => {
    assert.equal(isoTime('2026-03-10T10:15:00.000+0000'), '2026-03-10T10:15:00.000Z');
    assert.equal(isoTime('2026-03-10T10:15:00.000+0530'), '2026-03-10T04:45:00.000Z');
    assert.equal(isoTime('2026-03-10T10:15:00.000-0800'), '2026-03-10T18:15:00.000Z');
    assert.throws(() => isoTime('yesterday'), /^RangeError: Not a date-time: yesterday$/);
  });

  it('orders changes by time, then by id', () => {
    const a = { time: '2026-03-10T10:00:00.000Z', id: 'b' };
    const b = { time: '2026-03-10T11:00:00.000Z', id: 'a' };
    assert.ok(compareChanges(a, b) < 0);
    assert.ok(compareChanges(b, a) > 0);
    const c = { time: a.time, id: 'c' };
    assert.ok(compareChanges(a, c) < 0);
    assert.ok(compareChanges(c, a) > 0);
    assert.equal(compareChanges(a, { ...a }), 0);
  });

  it('reads --kinds with blanks and repeats, and names the kinds when one is unknown', () => {
    assert.deepEqual(parseKinds('status, ,SEATS,status,'), ['license.status_changed', 'license.seats_changed']);
    assert.throws(() => parseKinds('renewed,upgraded'), /^RangeError: Unknown kind\(s\): renewed, upgraded\. Kinds: /);
    assert.throws(
      () => parseKinds('status,renewed'),
      (e: Error) => {
        assert.equal(e.message, 'Unknown kind(s): renewed. Kinds: created, status, seats, expiration, version, deleted.');
        return true;
      },
    );
  });
});
