/**
 * The demo's profiles over HTTP: the standard object Profile by REST SOQL (names compared without
 * regard to case, the administrator's id the one its permission set names), and the Tooling object,
 * whose FullName — the metadata name a Home page assignment holds — comes only to a one-row query.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';
import { MetadataClient, V } from './metadataDeployClient';

describe('demo LMO: Profile (REST SOQL and Tooling)', function () {
  this.timeout(30_000);
  let demo: DemoLmo;
  let api: MetadataClient;
  before(async () => {
    demo = await startDemo({ licenses: 100 });
    api = new MetadataClient(demo);
  });
  after(() => demo.close());

  const request = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${demo.url}/services/data/${V}/${path}`, {
      method,
      headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown> & { errorCode?: string }[]) : undefined };
  };

  it("REST SOQL lists the standard profiles and the partner's Executives, ids 00e, the administrator's the one its permission set names", async () => {
    const q = await api.query('SELECT Id, Name, UserType FROM Profile ORDER BY Name');
    assert.equal(q.status, 200, JSON.stringify(q.body));
    assert.deepEqual(
      q.body.records.map((r) => r.Name),
      ['Executives', 'Read Only', 'Standard User', 'System Administrator'],
    );
    for (const r of q.body.records) assert.match(String(r.Id), /^00e\w{15}$/);
    const admin = q.body.records.find((r) => r.Name === 'System Administrator');
    const owned = await api.query('SELECT ProfileId FROM PermissionSet WHERE IsOwnedByProfile = true');
    assert.equal(owned.body.records[0].ProfileId, admin?.Id);
  });

  it('REST SOQL compares names without regard to case, and knows no FullName (a Tooling field)', async () => {
    const q = await api.query("SELECT Id, Name FROM Profile WHERE Name = 'system administrator'");
    assert.deepEqual(
      q.body.records.map((r) => r.Name),
      ['System Administrator'],
    );
    const full = await api.query('SELECT Id, FullName FROM Profile LIMIT 1');
    assert.equal(full.status, 400);
    assert.equal(full.body[0].errorCode, 'INVALID_FIELD');
  });

  it('Tooling gives FullName, the metadata name, only to a query of at most one row', async () => {
    const many = await api.query('SELECT Id, Name, FullName FROM Profile', true);
    assert.equal(many.status, 400);
    assert.equal(many.body[0].errorCode, 'MALFORMED_QUERY');
    const expected: [string, string][] = [
      ['System Administrator', 'Admin'],
      ['Standard User', 'Standard'],
      ['Read Only', 'ReadOnly'],
      ['Executives', 'Executives'],
    ];
    for (const [name, fullName] of expected) {
      const one = await api.query(`SELECT Id, Name, FullName, Description FROM Profile WHERE Name = '${name}' LIMIT 1`, true);
      assert.equal(one.status, 200, JSON.stringify(one.body));
      assert.equal(one.body.records[0].FullName, fullName);
    }
    const without = await api.query('SELECT Id, Name, Description FROM Profile', true);
    assert.equal(without.body.totalSize, 4);
  });

  it('Tooling GET of a profile by id gives its FullName; the profile cannot be written (Tooling PATCH 405, REST PATCH refused)', async () => {
    const q = await api.query("SELECT Id FROM Profile WHERE Name = 'Executives'");
    const id = String(q.body.records[0].Id);
    const got = await request('GET', `tooling/sobjects/Profile/${id}`);
    assert.equal(got.status, 200);
    assert.equal((got.body as Record<string, unknown>).FullName, 'Executives');
    assert.equal((got.body as Record<string, unknown>).Name, 'Executives');
    const toolingPatch = await request('PATCH', `tooling/sobjects/Profile/${id}`, { Description: 'x' });
    assert.equal(toolingPatch.status, 405);
    const restPatch = await request('PATCH', `sobjects/Profile/${id}`, { Description: 'x' });
    assert.equal(restPatch.status, 400);
    assert.equal(restPatch.body?.[0]?.errorCode, 'INSUFFICIENT_ACCESS_OR_READONLY');
    const after = await api.query(`SELECT Description FROM Profile WHERE Id = '${id}'`);
    assert.notEqual(after.body.records[0].Description, 'x');
  });
});
