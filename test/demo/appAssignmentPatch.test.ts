/**
 * The demo's Tooling PATCH of CustomApplication.Metadata over HTTP: an added Home page assignment
 * is what a Tooling query then returns; every refusal Salesforce documents answers with its status
 * and errorCode and leaves the app as it was; a person's activation in Lightning App Builder (the
 * control API) stores the profile's full name, as the app's metadata does.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';
import { generated, metadataFiles, zipOf } from '../support/metadataZip';
import { MetadataClient, V } from './metadataDeployClient';

type Override = Record<string, unknown>;
interface App {
  Id: string;
  LastModifiedDate: string;
  Metadata: { fullName: string; label: string; profileActionOverrides: Override[] } & Record<string, unknown>;
}

const PAGE = 'Home_Pin';
const home = (profile: string, more: Override = {}): Override => ({
  actionName: 'Tab',
  content: PAGE,
  formFactor: 'Large',
  pageOrSobjectType: 'standard-home',
  recordType: null,
  type: 'Flexipage',
  profile,
  ...more,
});

describe('demo LMO: Tooling PATCH of CustomApplication (Home page assignments)', function () {
  this.timeout(30_000);
  let demo: DemoLmo;
  let api: MetadataClient;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${demo.url}/services/data/${V}/tooling/sobjects/${path}`, {
      method,
      headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, body: text ? (JSON.parse(text) as { errorCode: string; message: string; fields?: string[] }[]) : undefined };
  };
  const app = async (developerName = 'LightningSales'): Promise<App> => {
    const q = await api.query(
      `SELECT Id, DeveloperName, LastModifiedDate, Metadata FROM CustomApplication WHERE DeveloperName = '${developerName}' LIMIT 1`,
      true,
    );
    assert.equal(q.status, 200, JSON.stringify(q.body));
    assert.equal(q.body.totalSize, 1);
    return q.body.records[0] as unknown as App;
  };
  const patch = (id: string, body: unknown) => call('PATCH', `CustomApplication/${id}`, body);
  const control = async (body: Record<string, unknown>) => {
    const res = await fetch(`${demo.url}/__demo/control`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${demo.controlToken}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { override?: Override } & { errorCode?: string; message?: string }[] };
  };

  before(async () => {
    demo = await startDemo({ licenses: 200 });
    api = new MetadataClient(demo);
    const result = await api.deploy(await zipOf(metadataFiles(generated('Pin'))));
    assert.equal(result.status, 'Succeeded', JSON.stringify(result.details));
  });
  after(() => demo.close());

  it('adds an assignment: 204, counted as an API call, and a Tooling query then returns it (full name stored, the app otherwise as it was)', async () => {
    const before = await app();
    assert.deepEqual(before.Metadata.profileActionOverrides, []);
    const calls = demo.apiCalls;
    const mark = demo.requests.mark();
    await new Promise((r) => setTimeout(r, 5));
    // Read, add one override, write back — with the 15-character id.
    const metadata = { ...before.Metadata, profileActionOverrides: [home('executives')] };
    const res = await patch(before.Id.slice(0, 15), { Metadata: metadata });
    assert.equal(res.status, 204, res.text);
    assert.equal(res.text, '');
    assert.equal(demo.apiCalls, calls + 1);
    assert.deepEqual(demo.requests.lines(mark), [`PATCH /services/data/${V}/tooling/sobjects/CustomApplication/${before.Id.slice(0, 15)}`]);
    const after = await app();
    assert.deepEqual(after.Metadata.profileActionOverrides, [home('Executives')]);
    assert.equal(after.Metadata.label, before.Metadata.label);
    assert.equal(after.Metadata.fullName, 'standard__LightningSales');
    assert.ok(after.LastModifiedDate > before.LastModifiedDate, `${after.LastModifiedDate} after ${before.LastModifiedDate}`);
    // GET by id gives the same Metadata (and FullName).
    const got = await call('GET', `CustomApplication/${before.Id}`);
    assert.equal(got.status, 200);
    const record = got.body as unknown as App & { FullName: string };
    assert.equal(record.FullName, 'standard__LightningSales');
    assert.deepEqual(record.Metadata.profileActionOverrides, [home('Executives')]);
  });

  it('replaces the whole list: an assignment left out is removed, another added', async () => {
    const before = await app();
    const res = await patch(before.Id, { Metadata: { ...before.Metadata, profileActionOverrides: [home('Admin'), home('ReadOnly')] } });
    assert.equal(res.status, 204, res.text);
    assert.deepEqual(
      (await app()).Metadata.profileActionOverrides.map((o) => o.profile),
      ['Admin', 'ReadOnly'],
    );
  });

  const refusals: { name: string; path?: string; body: (m: App['Metadata']) => unknown; status: number; errorCode: string; message?: RegExp }[] = [
    { name: 'an unknown id', path: 'CustomApplication/02u000000000999AAA', body: (m) => ({ Metadata: m }), status: 404, errorCode: 'NOT_FOUND' },
    { name: 'a malformed id', path: 'CustomApplication/not-an-id', body: (m) => ({ Metadata: m }), status: 400, errorCode: 'MALFORMED_ID' },
    {
      name: 'FullName (create-only)',
      body: () => ({ FullName: 'standard__Other' }),
      status: 400,
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      message: /FullName/,
    },
    { name: 'a read-only field beside Metadata', body: (m) => ({ Metadata: m, Label: 'Mine' }), status: 400, errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' },
    { name: 'a field the object lacks', body: (m) => ({ Metadata: m, Colour: 'red' }), status: 400, errorCode: 'INVALID_FIELD', message: /Colour/ },
    { name: 'a body that is a list', body: (m) => [{ Metadata: m }], status: 400, errorCode: 'JSON_PARSER_ERROR' },
    { name: 'Metadata a string', body: () => ({ Metadata: 'standard__LightningSales' }), status: 400, errorCode: 'JSON_PARSER_ERROR' },
    { name: 'Metadata a list', body: () => ({ Metadata: [] }), status: 400, errorCode: 'JSON_PARSER_ERROR' },
    { name: 'Metadata null', body: () => ({ Metadata: null }), status: 400, errorCode: 'FIELD_INTEGRITY_EXCEPTION' },
    {
      name: 'another fullName',
      body: (m) => ({ Metadata: { ...m, fullName: 'standard__LightningService' } }),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: /fullName/,
    },
    {
      name: 'a key CustomApplication does not have',
      body: (m) => ({ Metadata: { ...m, homePage: PAGE } }),
      status: 400,
      errorCode: 'JSON_PARSER_ERROR',
      message: /homePage/,
    },
    {
      name: 'profileActionOverrides not a list',
      body: (m) => ({ Metadata: { ...m, profileActionOverrides: home('Admin') } }),
      status: 400,
      errorCode: 'JSON_PARSER_ERROR',
    },
    {
      name: 'an override key ProfileActionOverride lacks',
      body: (m) => over(m, home('Standard', { app: 'x' })),
      status: 400,
      errorCode: 'JSON_PARSER_ERROR',
      message: /"app"/,
    },
    {
      name: 'actionName View on standard-home',
      body: (m) => over(m, home('Standard', { actionName: 'View' })),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: /actionName.*Tab/,
    },
    {
      name: 'an unknown pageOrSobjectType',
      body: (m) => over(m, home('Standard', { pageOrSobjectType: 'Account' })),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: /pageOrSobjectType/,
    },
    {
      name: 'a recordType on standard-home',
      body: (m) => over(m, home('Standard', { recordType: 'sfLma__License__c.Active' })),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: /recordType.*null/,
    },
    {
      name: 'record-home without a recordType',
      body: (m) => over(m, home('Standard', { pageOrSobjectType: 'record-home', actionName: 'View' })),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: /recordType.*required/,
    },
    {
      name: 'record-home with a Home page',
      body: (m) => over(m, home('Standard', { pageOrSobjectType: 'record-home', actionName: 'View', recordType: 'sfLma__License__c.Active' })),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: /content.*RecordPage/,
    },
    {
      name: 'formFactor Small',
      body: (m) => over(m, home('Standard', { formFactor: 'Small' })),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: /formFactor.*Large/,
    },
    {
      name: 'formFactor missing',
      body: (m) => over(m, home('Standard', { formFactor: undefined })),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: /formFactor/,
    },
    {
      name: 'a type other than Flexipage',
      body: (m) => over(m, home('Standard', { type: 'Visualforce' })),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: /type.*Flexipage/,
    },
    {
      name: 'a page not deployed',
      body: (m) => over(m, home('Standard', { content: 'Home_Nowhere' })),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: /content.*Home_Nowhere/,
    },
    {
      name: "a profile's label instead of its full name",
      body: (m) => over(m, home('System Administrator')),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: /System Administrator is the profile's name.*use Admin/,
    },
    { name: 'a profile the org lacks', body: (m) => over(m, home('Board')), status: 400, errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: /no profile.*Board/ },
    { name: 'no profile', body: (m) => over(m, home('')), status: 400, errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: /profile/ },
    {
      name: 'two assignments for one profile (differing only in case)',
      body: (m) => ({ Metadata: { ...m, profileActionOverrides: [home('Standard'), home('standard')] } }),
      status: 400,
      errorCode: 'DUPLICATE_VALUE',
    },
    {
      name: 'a good override beside a bad one (all or nothing)',
      body: (m) => ({ Metadata: { ...m, profileActionOverrides: [home('Standard'), home('Executives', { formFactor: 'Medium' })] } }),
      status: 400,
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
    },
  ];
  /** The app's metadata with one more override. */
  function over(m: App['Metadata'], extra: Override): unknown {
    return { Metadata: { ...m, profileActionOverrides: [...m.profileActionOverrides, extra] } };
  }

  for (const r of refusals)
    it(`refuses ${r.name}: ${r.status} ${r.errorCode}, the app unchanged`, async () => {
      const before = await app();
      const res = await patch(r.path?.split('/')[1] ?? before.Id, r.body(before.Metadata));
      assert.equal(res.status, r.status, res.text);
      assert.equal(res.body?.[0]?.errorCode, r.errorCode, res.text);
      assert.equal(typeof res.body?.[0]?.message, 'string');
      if (r.message) assert.match(String(res.body?.[0]?.message), r.message);
      if (r.errorCode === 'FIELD_INTEGRITY_EXCEPTION' || r.errorCode === 'DUPLICATE_VALUE') assert.deepEqual(res.body?.[0]?.fields, ['Metadata']);
      const after = await app();
      assert.deepEqual(after.Metadata, before.Metadata);
      assert.equal(after.LastModifiedDate, before.LastModifiedDate);
    });

  it('answers other verbs and objects as Salesforce would: DELETE 405, a Profile id 404, an unmodelled object 404', async () => {
    const { Id } = await app();
    const del = await call('DELETE', `CustomApplication/${Id}`);
    assert.equal(del.status, 405);
    assert.equal(del.body?.[0]?.errorCode, 'METHOD_NOT_ALLOWED');
    const profiles = await api.query("SELECT Id FROM Profile WHERE Name = 'Read Only'");
    const wrongObject = await patch(String(profiles.body.records[0].Id), { Metadata: {} });
    assert.equal(wrongObject.status, 404);
    assert.equal(wrongObject.body?.[0]?.errorCode, 'NOT_FOUND');
    assert.equal((await call('GET', `FlexiPage/${Id}`)).status, 404);
  });

  it('a Tooling Composite call takes the PATCH, and allOrNone undoes it when a later subrequest fails', async () => {
    const before = await app();
    const url = `/services/data/${V}/tooling/sobjects/CustomApplication/${before.Id}`;
    const added = { Metadata: { ...before.Metadata, profileActionOverrides: [...before.Metadata.profileActionOverrides, home('Standard')] } };
    const res = await fetch(`${demo.url}/services/data/${V}/tooling/composite`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        allOrNone: true,
        compositeRequest: [
          { method: 'PATCH', url, referenceId: 'assign', body: added },
          { method: 'PATCH', url, referenceId: 'bad', body: { Metadata: { ...before.Metadata, fullName: 'standard__Other' } } },
        ],
      }),
    });
    const { compositeResponse } = (await res.json()) as { compositeResponse: { httpStatusCode: number; body: { errorCode: string }[] | null }[] };
    assert.deepEqual(
      compositeResponse.map((r) => [r.httpStatusCode, r.body?.[0]?.errorCode]),
      [
        [400, 'PROCESSING_HALTED'],
        [400, 'FIELD_INTEGRITY_EXCEPTION'],
      ],
    );
    assert.deepEqual((await app()).Metadata, before.Metadata);
  });

  it("a person's activation in Lightning App Builder stores the profile's full name, from its label or full name, and replaces that profile's earlier one", async () => {
    const service = await app('LightningService');
    assert.deepEqual(service.Metadata.profileActionOverrides, []);
    const byLabel = await control({ action: 'activateHomePage', app: 'standard__LightningService', profile: 'System Administrator', page: PAGE });
    assert.equal(byLabel.status, 200, JSON.stringify(byLabel.body));
    assert.equal(byLabel.body.override?.profile, 'Admin');
    const byFullName = await control({ action: 'activateHomePage', app: 'standard__LightningService', profile: 'executives', page: PAGE });
    assert.equal(byFullName.body.override?.profile, 'Executives');
    const again = await control({ action: 'activateHomePage', app: 'standard__LightningService', profile: 'Admin', page: PAGE });
    assert.equal(again.status, 200);
    const overrides = (await app('LightningService')).Metadata.profileActionOverrides;
    assert.deepEqual(
      overrides.map((o) => o.profile),
      ['Executives', 'Admin'],
    );
    assert.deepEqual(overrides[1], home('Admin'));
    const unknown = await control({ action: 'activateHomePage', app: 'standard__LightningService', profile: 'Board', page: PAGE });
    assert.equal(unknown.status, 400);
    // What the person made is accepted back as it is by a PATCH (a read-modify-write round trip).
    const current = await app('LightningService');
    assert.equal((await patch(current.Id, { Metadata: current.Metadata })).status, 204);
    assert.deepEqual((await app('LightningService')).Metadata.profileActionOverrides, overrides);
  });
});
