/**
 * A write with the real Salesforce CLI, on a demo LMO of its own: `sf data update record` sends
 * every value as a string, which Salesforce (and the demo) coerce to the field's type; the new
 * value reads back, and License history records the change. A value that does not parse is
 * refused with Salesforce's error, and nothing changes.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo';
import { startDemo } from '../support/demoOrg';
import { SfCli } from './sfCli';

interface HistoryRow {
  Field: string;
  OldValue: unknown;
  NewValue: unknown;
  CreatedById: string;
}

describe('the real Salesforce CLI writes to the demo LMO', function () {
  this.timeout(180_000);
  let demo: DemoLmo;
  let sf: SfCli;
  let alias: string;

  before(async () => {
    demo = await startDemo({ licenses: 300, username: 'admin@sf-cli-writes.demo' });
    sf = new SfCli();
    const login = await sf.loginByReadme(demo, demo.issueAccessToken());
    alias = login.alias;
    assert.equal(login.run.status, 0, `${login.run.stdout}\n${login.run.stderr}`);
  });
  after(async () => {
    sf?.dispose();
    await demo?.close();
  });

  const seatsHistory = (id: string) =>
    sf.json<{ records: HistoryRow[] }>(
      'data',
      'query',
      '--query',
      `SELECT Field, OldValue, NewValue, CreatedById FROM sfLma__License__History WHERE ParentId = '${id}' AND Field = 'sfLma__Seats__c' ORDER BY CreatedDate`,
      '--target-org',
      alias,
    );

  it('sf data update record sets seats to 77; the record reads back 77 and License history has the change', async () => {
    const license = demo.store.rows('sfLma__License__c').find((l) => l.IsDeleted !== true && l.sfLma__Status__c === 'Active' && l.sfLma__Seats__c !== 77);
    assert.ok(license, 'an active license with other than 77 seats');
    const before = license.sfLma__Seats__c;
    const historyBefore = (await seatsHistory(license.Id)).records;

    const updated = await sf.json<{ id: string; success: boolean }>(
      'data',
      'update',
      'record',
      '--sobject',
      'sfLma__License__c',
      '--record-id',
      license.Id,
      '--values',
      'sfLma__Seats__c=77',
      '--target-org',
      alias,
    );
    assert.deepEqual({ id: updated.id, success: updated.success }, { id: license.Id, success: true });

    const record = await sf.json<Record<string, unknown>>(
      'data',
      'get',
      'record',
      '--sobject',
      'sfLma__License__c',
      '--record-id',
      license.Id,
      '--target-org',
      alias,
    );
    assert.equal(record.sfLma__Seats__c, 77);
    assert.equal(record.sfLma__Licensed_Seats__c, '77', 'the formula follows');

    const historyAfter = (await seatsHistory(license.Id)).records;
    assert.equal(historyAfter.length, historyBefore.length + 1);
    const added = historyAfter[historyAfter.length - 1];
    assert.deepEqual({ Field: added.Field, OldValue: added.OldValue, NewValue: added.NewValue }, { Field: 'sfLma__Seats__c', OldValue: before, NewValue: 77 });
    assert.equal(added.CreatedById, demo.userId());
  });

  it('a value that is not a number is refused with Salesforce’s error, and the seats stay', async () => {
    const license = demo.store.rows('sfLma__License__c').find((l) => l.IsDeleted !== true && l.sfLma__Status__c === 'Active');
    assert.ok(license);
    const seats = license.sfLma__Seats__c;
    const run = await sf.run(
      'data',
      'update',
      'record',
      '--sobject',
      'sfLma__License__c',
      '--record-id',
      license.Id,
      '--values',
      'sfLma__Seats__c=many',
      '--target-org',
      alias,
      '--json',
    );
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /Cannot deserialize instance of double from VALUE_STRING value many/);
    const record = await sf.json<Record<string, unknown>>(
      'data',
      'get',
      'record',
      '--sobject',
      'sfLma__License__c',
      '--record-id',
      license.Id,
      '--target-org',
      alias,
    );
    assert.equal(record.sfLma__Seats__c, seats);
  });
});
