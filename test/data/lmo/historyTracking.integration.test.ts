/**
 * Whether License Status history is tracked, read from the demo LMO as from an org: tracked by
 * default, not tracked with the `no-status-history` setup, and "cannot tell" (never a guess) when
 * FieldDefinition is refused or the LMA is not installed. The demo's refusal of an unfiltered
 * FieldDefinition query is Salesforce's (docs/salesforce/lmo-dashboard.md).
 */
import * as assert from 'node:assert/strict';
import { statusHistoryTracked } from '../../../src/data/lmo/historyTracking';
import { type OrgClient } from '../../../src/data/org/orgClient';
import { type DemoLmo } from '../../../src/demo/http/server';
import { DEFAULT_SETUP_BREAKS } from '../../../src/demo/setup';
import { openDemo, startDemo } from '../../support/demoOrg';

describe('data: is License Status history tracked (Tooling FieldDefinition, demo LMO)', function () {
  this.timeout(60_000);
  let demo: DemoLmo;
  let client: OrgClient;
  before(async () => {
    demo = await startDemo({ licenses: 100 });
    ({ client } = await openDemo(demo));
  });
  after(() => demo.close());
  afterEach(() => {
    demo.setSetup(DEFAULT_SETUP_BREAKS);
    demo.setLmaInstalled(true);
  });

  it('tracked by default: true, and how it was read', async () => {
    const r = await statusHistoryTracked(client);
    assert.equal(r.tracked, true);
    assert.match((r as { how: string }).how, /FieldDefinition\.IsFieldHistoryTracked is true for sfLma__License__c\.sfLma__Status__c/);
  });

  it('no-status-history: false (the other License fields stay tracked, so the object-level answer would have been wrong)', async () => {
    demo.setSetup(['no-status-history']);
    const r = await statusHistoryTracked(client);
    assert.equal(r.tracked, false);
    // The Seats field is still tracked: the reader answers for Status, not for the object.
    const seats = await client.query<{ IsFieldHistoryTracked: boolean }>(
      "SELECT IsFieldHistoryTracked FROM FieldDefinition WHERE EntityDefinition.QualifiedApiName = 'sfLma__License__c' AND QualifiedApiName = 'sfLma__Seats__c'",
      { tooling: true },
    );
    assert.deepEqual(
      seats.records.map((x) => x.IsFieldHistoryTracked),
      [true],
    );
  });

  it('refused (no View Setup: INVALID_TYPE): undefined, with the reason and the error code', async () => {
    demo.setSetup(['no-view-setup']);
    const r = await statusHistoryTracked(client);
    assert.equal(r.tracked, undefined);
    assert.match((r as { reason: string }).reason, /Cannot tell .*INVALID_TYPE/);
  });

  it('the LMA not installed (no field definition visible): undefined, saying so', async () => {
    demo.setLmaInstalled(false);
    const r = await statusHistoryTracked(client);
    assert.equal(r.tracked, undefined);
    assert.match((r as { reason: string }).reason, /no field definition .* LMA installed/);
  });

  it('the demo refuses FieldDefinition as Salesforce does: no filter on its object, OR, NOT', async () => {
    const refusal = async (q: string) => {
      const err = (await client.query(q, { tooling: true }).then(
        () => undefined,
        (e: unknown) => e,
      )) as { errorCode?: string; detail?: string } | undefined;
      assert.ok(err, `${q} should be refused`);
      return err;
    };
    assert.equal(
      (await refusal("SELECT Id FROM FieldDefinition WHERE QualifiedApiName = 'sfLma__Status__c'")).errorCode,
      'EXTERNAL_OBJECT_UNSUPPORTED_EXCEPTION',
    );
    assert.equal((await refusal('SELECT Id FROM FieldDefinition')).errorCode, 'EXTERNAL_OBJECT_UNSUPPORTED_EXCEPTION');
    assert.equal(
      (await refusal("SELECT Id FROM FieldDefinition WHERE EntityDefinition.QualifiedApiName = 'sfLma__License__c' OR QualifiedApiName = 'x'")).errorCode,
      'MALFORMED_QUERY',
    );
    assert.equal(
      (await refusal("SELECT Id FROM FieldDefinition WHERE EntityDefinition.QualifiedApiName = 'sfLma__License__c' AND QualifiedApiName != 'x'")).errorCode,
      'MALFORMED_QUERY',
    );
    // Filtered on the object: the License's four field definitions.
    const all = await client.query<{ QualifiedApiName: string }>(
      "SELECT QualifiedApiName FROM FieldDefinition WHERE EntityDefinition.QualifiedApiName = 'sfLma__License__c'",
      { tooling: true },
    );
    assert.equal(all.records.length, 4);
  });
});
