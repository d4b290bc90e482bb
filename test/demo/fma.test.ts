/**
 * The demo LMO's Feature Management App: parameters of every type and direction, values only where
 * the license's version has the parameter, subscriber → LMO values reported recently, the FMA's
 * validation rules on the wire, and a demo without the FMA.
 */
import * as assert from 'node:assert/strict';
import { compareVersionNumbers } from '../../src/core/versionNumber';
import { METRIC_VALUE_MESSAGE, PACKAGE_SET_MESSAGE } from '../../src/demo/fmaRules';
import { type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';

const VALUE_OBJECTS = ['sfFma__FeatureParameterBoolean__c', 'sfFma__FeatureParameterInteger__c', 'sfFma__FeatureParameterDate__c'];

describe('demo LMO: the Feature Management App', () => {
  let demo: DemoLmo;
  beforeEach(async () => {
    demo = await startDemo({ licenses: 1000 });
  });
  afterEach(() => demo.close());

  const call = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${demo.url}/services/data/v62.0${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const query = (soql: string) => call(`/query?q=${encodeURIComponent(soql)}`);
  const params = () => demo.store.rows('sfFma__FeatureParameter__c');
  const valueOf = (direction: string, type: string) => {
    const param = params().find((p) => p.sfFma__DataFlowDirection__c === direction && p.sfFma__DataType__c === type);
    const object = `sfFma__FeatureParameter${type}__c`;
    return { object, record: demo.store.rows(object).find((v) => v.sfFma__FeatureParameter__c === param?.Id && v.IsDeleted !== true) };
  };

  it('has parameters of each type in each direction, named in their package namespace, each introduced by a version of its package', () => {
    const kinds = new Set(params().map((p) => `${p.sfFma__DataType__c}/${p.sfFma__DataFlowDirection__c}`));
    for (const t of ['Boolean', 'Integer', 'Date']) for (const d of ['LMO to Subscriber', 'Subscriber to LMO']) assert.ok(kinds.has(`${t}/${d}`), `${t}/${d}`);
    for (const p of params()) {
      assert.ok(String(p.sfFma__FullName__c).startsWith(`${p.sfFma__Namespace_Prefix__c}__`));
      const version = demo.store.rows('sfLma__Package_Version__c').find((v) => v.sfLma__Version_ID__c === p.sfFma__IntroducedInPackageVersion__c);
      assert.equal(version?.sfLma__Package__c, p.sfFma__Package__c);
    }
  });

  it('gives a license a value only for the parameters its installed version has, and reports subscriber → LMO values within a day for most', () => {
    const licenses = new Map(demo.store.rows('sfLma__License__c').map((l) => [l.Id, l]));
    const paramsById = new Map(params().map((p) => [p.Id, p]));
    const versions = new Map(demo.store.rows('sfLma__Package_Version__c').map((v) => [v.sfLma__Version_ID__c, v.sfLma__Version_Number__c]));
    let recent = 0;
    let reported = 0;
    for (const object of VALUE_OBJECTS)
      for (const v of demo.store.rows(object)) {
        const license = licenses.get(String(v.sfFma__License__c));
        const param = paramsById.get(String(v.sfFma__FeatureParameter__c));
        assert.equal(license?.sfLma__Package__c, param?.sfFma__Package__c);
        const since = String(versions.get(param?.sfFma__IntroducedInPackageVersion__c));
        assert.ok(compareVersionNumbers(String(license?.sfLma__Version_Number__c), since) >= 0);
        if (param?.sfFma__DataFlowDirection__c === 'Subscriber to LMO' && license?.sfLma__Status__c !== 'Uninstalled') {
          reported++;
          if (demo.now() - Date.parse(String(v.LastModifiedDate).replace('+0000', 'Z')) <= 86_400_000) recent++;
        }
      }
    assert.ok(reported > 50 && recent / reported > 0.85 && recent < reported, `${recent} of ${reported}`);
  });

  it('refuses an edit of a subscriber → LMO value with the FMA’s validation error, and takes an LMO → subscriber one', async () => {
    const reported = valueOf('Subscriber to LMO', 'Integer');
    const before = reported.record?.sfFma__Value__c;
    const refused = await call(`/sobjects/${reported.object}/${reported.record?.Id}`, { method: 'PATCH', body: { sfFma__Value__c: Number(before) + 1 } });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body, [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: METRIC_VALUE_MESSAGE, fields: ['sfFma__Value__c'] }]);
    assert.equal(reported.record?.sfFma__Value__c, before);
    // The same value again is no change: the rule only fires when the value changes.
    assert.equal((await call(`/sobjects/${reported.object}/${reported.record?.Id}`, { method: 'PATCH', body: { sfFma__Value__c: before } })).status, 204);

    const set = valueOf('LMO to Subscriber', 'Boolean');
    const flipped = !set.record?.sfFma__Value__c;
    const collection = await call('/composite/sobjects', {
      method: 'PATCH',
      body: {
        allOrNone: false,
        records: [
          { attributes: { type: set.object }, id: set.record?.Id, sfFma__Value__c: flipped },
          { attributes: { type: reported.object }, id: reported.record?.Id, sfFma__Value__c: 12345 },
        ],
      },
    });
    assert.equal(collection.status, 200);
    assert.equal(collection.body[0].success, true);
    assert.deepEqual(collection.body[1].errors, [
      { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: METRIC_VALUE_MESSAGE, fields: ['sfFma__Value__c'] },
    ]);
    assert.equal(set.record?.sfFma__Value__c, flipped);
  });

  it('keeps what the package set: full names, types and directions, the master-detail links; and whole numbers in Integer values', async () => {
    const param = params()[0];
    const renamed = await call(`/sobjects/sfFma__FeatureParameter__c/${param.Id}`, {
      method: 'PATCH',
      body: { sfFma__DataFlowDirection__c: 'Subscriber to LMO' },
    });
    assert.equal(renamed.body[0].errorCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    assert.equal(renamed.body[0].message, PACKAGE_SET_MESSAGE);
    const limit = valueOf('LMO to Subscriber', 'Integer');
    const name = await call(`/sobjects/${limit.object}/${limit.record?.Id}`, { method: 'PATCH', body: { sfFma__FullName__c: 'x__Y' } });
    assert.equal(name.body[0].message, PACKAGE_SET_MESSAGE);
    const relink = await call(`/sobjects/${limit.object}/${limit.record?.Id}`, {
      method: 'PATCH',
      body: { sfFma__License__c: limit.record?.sfFma__License__c },
    });
    assert.equal(relink.body[0].errorCode, 'INVALID_FIELD_FOR_INSERT_UPDATE');
    const fraction = await call(`/sobjects/${limit.object}/${limit.record?.Id}`, { method: 'PATCH', body: { sfFma__Value__c: 2.5 } });
    assert.equal(fraction.body[0].errorCode, 'NUMBER_OUTSIDE_VALID_RANGE');
  });

  it('cannot group Integer values (Number fields are not groupable), and can group Boolean ones', async () => {
    const grouped = await query('SELECT sfFma__Value__c, COUNT(Id) FROM sfFma__FeatureParameterInteger__c GROUP BY sfFma__Value__c');
    assert.equal(grouped.status, 400);
    assert.equal(grouped.body[0].errorCode, 'INVALID_FIELD');
    assert.equal((await query('SELECT sfFma__Value__c, COUNT(Id) FROM sfFma__FeatureParameterBoolean__c GROUP BY sfFma__Value__c')).status, 200);
  });

  it('runs without the FMA: its objects are unknown and it is not among the installed packages', async () => {
    demo.setFmaInstalled(false);
    const missing = await query('SELECT Id FROM sfFma__FeatureParameter__c LIMIT 1');
    assert.equal(missing.status, 400);
    assert.equal(missing.body[0].errorCode, 'INVALID_TYPE');
    const installed = await call(`/tooling/query?q=${encodeURIComponent('SELECT SubscriberPackage.NamespacePrefix FROM InstalledSubscriberPackage')}`);
    const namespaces = installed.body.records.map((r: { SubscriberPackage: { NamespacePrefix: string } }) => r.SubscriberPackage.NamespacePrefix);
    assert.ok(namespaces.includes('sfLma') && !namespaces.includes('sfFma'), namespaces.join());
    demo.setFmaInstalled(true);
    assert.equal((await query('SELECT Id FROM sfFma__FeatureParameter__c LIMIT 1')).status, 200);
  });
});
