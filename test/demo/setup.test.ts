/** The demo's setup switches on the wire: what a real org with that setup would answer. */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';
import { DEFAULT_SETUP_BREAKS, SETUP_BREAKS, parseSetupBreaks } from '../../src/demo/setup';
import { startDemo } from '../support/demoOrg';

describe('demo LMO: setup switches', () => {
  let demo: DemoLmo;
  before(async () => {
    demo = await startDemo({ licenses: 100 });
  });
  after(() => demo.close());
  afterEach(() => demo.setSetup(DEFAULT_SETUP_BREAKS));

  const call = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${demo.url}/services/data/v62.0${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const q = (soql: string, tooling = false) => call(`${tooling ? '/tooling' : ''}/query?q=${encodeURIComponent(soql)}`);
  const records = (r: { body: unknown }) => (r.body as { records: Record<string, unknown>[] }).records;

  it('parses switch lists: none, default, names; rejects a typo with the list of names', () => {
    assert.deepEqual(parseSetupBreaks('none'), []);
    assert.deepEqual(parseSetupBreaks('default'), [...DEFAULT_SETUP_BREAKS]);
    assert.deepEqual(parseSetupBreaks(' sandbox , default,sandbox'), ['sandbox', ...DEFAULT_SETUP_BREAKS]);
    assert.throws(() => parseSetupBreaks('sandbx'), new RegExp(`known: none, default, ${SETUP_BREAKS.join(', ')}`));
  });

  it('no-license-edit: the describe says not updateable and a PATCH is refused as Salesforce refuses it', async () => {
    const id = String(demo.store.rows('sfLma__License__c')[0].Id);
    demo.setSetup(['no-license-edit']);
    assert.equal(((await call('/sobjects/sfLma__License__c/describe')).body as { updateable: boolean }).updateable, false);
    const patch = await call(`/sobjects/sfLma__License__c/${id}`, { method: 'PATCH', body: { sfLma__Seats__c: 5 } });
    assert.equal(patch.status, 400);
    assert.deepEqual(patch.body, [{ message: 'insufficient access rights on object id', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' }]);
    demo.setSetup([]);
    assert.equal(((await call('/sobjects/sfLma__License__c/describe')).body as { updateable: boolean }).updateable, true);
  });

  it('required-field: Lead.Region__c turns not nillable in the describe', async () => {
    const region = async () =>
      ((await call('/sobjects/Lead/describe')).body as { fields: { name: string; nillable: boolean }[] }).fields.find((f) => f.name === 'Region__c');
    assert.equal((await region())?.nillable, true);
    demo.setSetup(['required-field']);
    assert.equal((await region())?.nillable, false);
  });

  it('no-view-setup: permission objects answer INVALID_TYPE, as to a user without View Setup', async () => {
    demo.setSetup(['no-view-setup']);
    const r = await q('SELECT Id FROM ObjectPermissions');
    assert.equal(r.status, 400);
    assert.equal((r.body as { errorCode: string }[])[0].errorCode, 'INVALID_TYPE');
  });

  it('lead-manager-inactive flips the lead manager, sandbox flips the org, and the Tooling triggers follow before-trigger', async () => {
    const manager = async () => records(await q("SELECT IsActive FROM User WHERE Username = 'former.manager@acme-lmo.demo'"))[0].IsActive;
    assert.equal(await manager(), false, 'the default demo has an inactive lead manager');
    demo.setSetup(['sandbox', 'before-trigger']);
    assert.equal(await manager(), true);
    assert.equal(records(await q('SELECT IsSandbox FROM Organization'))[0].IsSandbox, true);
    const triggers = records(await q("SELECT Name, UsageBeforeInsert FROM ApexTrigger WHERE EntityDefinition.QualifiedApiName = 'sfLma__License__c'", true));
    assert.deepEqual(triggers.map((t) => [t.Name, t.UsageBeforeInsert]).sort(), [
      ['LicenseBillingSync', false],
      ['LicenseDefaults', true],
    ]);
  });

  it('before-update-trigger and package-version-trigger: Tooling answers as an org with those triggers, joined through their entity definitions', async () => {
    demo.setSetup(['before-update-trigger', 'package-version-trigger']);
    const rows = records(
      await q(
        "SELECT Name, UsageBeforeInsert, UsageBeforeUpdate, EntityDefinition.QualifiedApiName FROM ApexTrigger WHERE EntityDefinition.QualifiedApiName IN ('sfLma__License__c', 'sfLma__Package_Version__c')",
        true,
      ),
    );
    const row = (name: string) => rows.find((t) => t.Name === name);
    assert.deepEqual(
      [
        row('LicenseAuditStamp')?.UsageBeforeInsert,
        row('LicenseAuditStamp')?.UsageBeforeUpdate,
        (row('LicenseAuditStamp')?.EntityDefinition as { QualifiedApiName: string }).QualifiedApiName,
      ],
      [false, true, 'sfLma__License__c'],
    );
    assert.deepEqual(
      [row('VersionNaming')?.UsageBeforeInsert, (row('VersionNaming')?.EntityDefinition as { QualifiedApiName: string }).QualifiedApiName],
      [true, 'sfLma__Package_Version__c'],
    );
    const entities = records(
      await q("SELECT QualifiedApiName FROM EntityDefinition WHERE QualifiedApiName IN ('sfLma__Package__c', 'sfLma__Package_Version__c')", true),
    );
    assert.equal(entities.length, 2);
  });

  it('developer-edition: the org reports Developer Edition and Tooling lists none of the Partner Business Org apps', async () => {
    const edition = async () => records(await q('SELECT OrganizationType FROM Organization'))[0].OrganizationType;
    const namespaces = async () =>
      records(await q('SELECT SubscriberPackage.NamespacePrefix FROM InstalledSubscriberPackage', true)).map(
        (r) => (r.SubscriberPackage as { NamespacePrefix: string }).NamespacePrefix,
      );
    assert.equal(await edition(), 'Enterprise Edition');
    assert.ok((await namespaces()).includes('CHANNEL_ORDERS'));
    demo.setSetup(['developer-edition']);
    assert.equal(await edition(), 'Developer Edition');
    const now = await namespaces();
    assert.ok(!now.includes('CHANNEL_ORDERS') && !now.includes('sfcma') && now.includes('sfLma'), now.join());
    demo.setSetup([]);
    assert.equal(await edition(), 'Enterprise Edition');
  });

  it('the control API sets switches and refuses unknown ones with a 400', async () => {
    const control = (value: unknown) =>
      fetch(`${demo.url}/__demo/control`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${demo.controlToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ action: 'setSetup', value }),
      });
    const good = await control(['no-billing']);
    assert.equal(good.status, 200);
    assert.deepEqual(((await good.json()) as { setup: string[] }).setup, ['no-billing']);
    assert.equal((await control('nope')).status, 400);
    assert.deepEqual(demo.setup, ['no-billing']);
  });
});
