import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Validator } from '@cfworker/json-schema';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CHANGE_CSV_COLUMNS, changeCsvRow } from '../../../src/core/changes/changeCsv';
import { cloudEventSource, LICENSE_CHANGE_SCHEMA_PATH, toEnvelope } from '../../../src/core/changes/envelope';
import {
  type HistoryRow,
  type LicenseFacts,
  changesFromHistory,
  dedupeChanges,
  deletedChange,
  parseKinds,
  sortChanges,
} from '../../../src/core/changes/licenseChange';
import { HOSTILE_NAMES } from '../../support/hostile';

const ROOT = resolve(__dirname, '../../../..');
const LICENSE = 'a0L5g0000000001AAA';
const facts = (overrides: Partial<LicenseFacts> = {}): Map<string, LicenseFacts> =>
  new Map([
    [
      LICENSE.slice(0, 15),
      {
        name: 'L-00001',
        subscriberOrgId: '00D5g0000012345',
        packageId: 'a0P5g0000000001AAA',
        packageName: 'Acme Billing',
        packageVersionId: 'a0V5g0000000002AAA',
        versionNumber: '2.3.0',
        accountId: '0015g0000000001AAA',
        accountName: 'Customer',
        leadCompany: 'Customer Inc.',
        status: 'Active',
        seats: 20,
        expiration: '2027-01-01',
        isSandbox: false,
        isDeleted: false,
        ...overrides,
      },
    ],
  ]);
let serial = 0;
const row = (overrides: Partial<HistoryRow>): HistoryRow => ({
  id: `0175g00000000${String(++serial).padStart(2, '0')}AAA`,
  licenseId: LICENSE,
  field: 'sfLma__Status__c',
  dataType: 'Picklist',
  oldValue: 'Trial',
  newValue: 'Active',
  createdDate: '2026-03-10T10:15:00.000+0000',
  createdById: '0055g0000000001AAA',
  createdByName: 'Ada',
  ...overrides,
});

describe('License change events from history rows', () => {
  it('maps each tracked field to its event, with the history id, time, actor, old and new values', () => {
    const rows = [
      row({ field: 'created', dataType: 'Text', oldValue: null, newValue: null, createdDate: '2026-03-01T09:00:00.000+0000' }),
      row({}),
      row({ field: 'sfLma__Seats__c', dataType: 'Double', oldValue: 10, newValue: '25' }),
      row({ field: 'sfLma__Expiration__c', dataType: 'Date', oldValue: '2026-04-01', newValue: '2027-04-01T00:00:00.000Z' }),
    ];
    const events = changesFromHistory(rows, facts());
    assert.deepEqual(
      events.map((e) => [e.type, e.oldValue, e.newValue]),
      [
        ['license.created', null, null],
        ['license.status_changed', 'Trial', 'Active'],
        ['license.seats_changed', 10, 25],
        ['license.expiration_changed', '2026-04-01', '2027-04-01'],
      ],
    );
    assert.equal(events[1].id, rows[1].id);
    assert.equal(events[1].time, '2026-03-10T10:15:00.000Z');
    assert.deepEqual(events[1].actor, { id: '0055g0000000001AAA', name: 'Ada' });
    assert.equal(events[1].license?.versionNumber, '2.3.0');
  });

  it('makes one version event from the id row of a lookup change, labelled by its name row; other fields make none', () => {
    const ids = row({ field: 'sfLma__Package_Version__c', dataType: 'EntityId', oldValue: 'a0V5g0000000001AAA', newValue: 'a0V5g0000000002AAA' });
    const names = row({ field: 'sfLma__Package_Version__c', dataType: 'Text', oldValue: 'Acme 2.2', newValue: 'Acme 2.3' });
    const other = row({ field: 'sfLma__Used_Licenses__c', dataType: 'Double' });
    const events = changesFromHistory([ids, names, other], facts());
    assert.equal(events.length, 1);
    assert.deepEqual(
      [events[0].type, events[0].id, events[0].oldValue, events[0].newLabel],
      ['license.version_changed', ids.id, 'a0V5g0000000001AAA', 'Acme 2.3'],
    );
    // Alone on a page, the id row still makes the event (the names are then unknown).
    assert.equal(changesFromHistory([ids], facts())[0].newLabel, null);
  });

  it('gives a delete a stable id without dots, and no actor', () => {
    const a = deletedChange(LICENSE, '2026-03-10T10:15:42.000+0000', facts({ isDeleted: true }));
    const b = deletedChange(LICENSE, '2026-03-10T10:15:42.000+0000', new Map());
    assert.equal(a.id, `${LICENSE}-deleted-20260310T101542Z`);
    assert.equal(a.id, b.id);
    assert.ok(!a.id.includes('.'));
    assert.equal(a.actor, null);
    assert.equal(b.license, null, 'unknown facts are null, not invented');
  });

  it('orders by time then id, and drops repeated ids', () => {
    const [x, y, z] = [row({ createdDate: '2026-03-10T10:00:01.000+0000' }), row({}), row({})];
    const events = changesFromHistory([z, x, y], facts());
    assert.deepEqual(
      events.map((e) => e.id),
      [x.id, y.id, z.id].sort((a, b) => (a === x.id ? -1 : b === x.id ? 1 : a < b ? -1 : 1)),
    );
    assert.deepEqual(
      dedupeChanges([...events, ...events]).map((e) => e.id),
      sortChanges(events).map((e) => e.id),
    );
  });

  it('reads --kinds lists and names unknown kinds', () => {
    assert.deepEqual(parseKinds('status, seats,license.deleted'), ['license.status_changed', 'license.seats_changed', 'license.deleted']);
    assert.throws(() => parseKinds('status,bogus'), /Unknown kind\(s\): bogus/);
  });
});

describe('License change envelope', () => {
  const schema = JSON.parse(readFileSync(resolve(ROOT, LICENSE_CHANGE_SCHEMA_PATH), 'utf8')) as object;
  const validator = new Validator(schema as never, '7');

  it('is a CloudEvents 1.0 structured event that the shipped JSON Schema accepts, for every kind', () => {
    const rows = [
      row({ field: 'created', dataType: 'Text', oldValue: null, newValue: null }),
      row({}),
      row({ field: 'sfLma__Seats__c', dataType: 'Double', oldValue: null, newValue: -1 }),
      row({ field: 'sfLma__Expiration__c', dataType: 'Date', oldValue: '2026-04-01', newValue: '1970-01-01' }),
      row({ field: 'sfLma__Package_Version__c', dataType: 'EntityId', oldValue: 'a0V5g0000000001AAA', newValue: 'a0V5g0000000002AAA' }),
    ];
    const events = [...changesFromHistory(rows, facts()), deletedChange(LICENSE, '2026-03-10T10:15:42.000+0000', new Map())];
    for (const e of events) {
      const envelope = toEnvelope(e, cloudEventSource('00D5g0000LMODEMEQ5'));
      const result = validator.validate(JSON.parse(JSON.stringify(envelope)));
      assert.ok(result.valid, `${e.type}: ${JSON.stringify(result.errors.slice(-2))}`);
      assert.equal(envelope.specversion, '1.0');
      assert.equal(envelope.subject, LICENSE);
    }
    const broken = { ...toEnvelope(events[0], 'urn:lma-workbench:lmo:00D5g0000LMODEMEQ5'), type: 'license.renamed' };
    assert.equal(validator.validate(broken).valid, false, 'the schema is not a rubber stamp');
  });

  it('keeps hostile customer text inert in JSON Lines and CSV', () => {
    const names = [...HOSTILE_NAMES.filter((n): n is string => n !== null), 'line1\nline2\r\n"quoted",comma', '\tTabbed'];
    for (const name of names) {
      const [event] = changesFromHistory([row({})], facts({ accountName: name }));
      const envelope = toEnvelope(event, 'urn:lma-workbench:lmo:00D5g0000LMODEMEQ5');
      const line = JSON.stringify(envelope);
      assert.ok(!line.includes('\n') && !line.includes('\r'), 'one event, one line');
      assert.equal((JSON.parse(line) as typeof envelope).data.license?.accountName, name, 'round-trips exactly');
      const csv = stringify([CHANGE_CSV_COLUMNS, changeCsvRow(envelope)]);
      const [parsed] = parse(csv, { columns: true }) as Record<string, string>[];
      assert.equal(parsed.Account, /^[=+\-@\t\r]/.test(name) ? `'${name}` : name, 'a formula-like cell is neutralised, the rest is kept');
      assert.equal(parsed['Event ID'], event.id);
    }
  });
});
