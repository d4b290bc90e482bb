/**
 * The demo LMO enforces the LMA's Modify License rules on every API write of a License, with a
 * validation error in Salesforce's shape, and fails chosen records on demand — on the wire.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';

describe('demo LMO: Modify License rules and per-record failures', () => {
  let demo: DemoLmo;
  beforeEach(async () => {
    demo = await startDemo({ licenses: 1000 });
  });
  afterEach(() => demo.close());

  const call = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${demo.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const one = async (where: string) => {
    const res = await call(
      `/services/data/v62.0/query?q=${encodeURIComponent(`SELECT Id, sfLma__Status__c, sfLma__Seats__c, sfLma__Expiration__c FROM sfLma__License__c WHERE ${where} ORDER BY Id LIMIT 1`)}`,
    );
    assert.equal(res.body.records.length, 1, where);
    return res.body.records[0] as { Id: string; sfLma__Status__c: string; sfLma__Seats__c: number; sfLma__Expiration__c: string };
  };
  const patch = (id: string, body: object) => call(`/services/data/v62.0/sobjects/sfLma__License__c/${id}`, { method: 'PATCH', body });
  const refused = async (id: string, body: object, message: RegExp, field: string) => {
    const res = await patch(id, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.deepEqual(Object.keys(res.body[0]).sort(), ['errorCode', 'fields', 'message']);
    assert.equal(res.body[0].errorCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    assert.match(res.body[0].message, message);
    assert.deepEqual(res.body[0].fields, [field]);
  };

  it('refuses every write that breaks a rule, as a validation error, and changes nothing', async () => {
    const active = await one("sfLma__Status__c = 'Active' AND sfLma__License_Type__c = 'Editable' AND sfLma__Seats__c >= 0");
    const trial = await one("sfLma__Status__c = 'Trial' AND sfLma__License_Type__c = 'Editable'");
    const uninstalled = await one("sfLma__Status__c = 'Uninstalled'");
    const checkout = await one("sfLma__License_Type__c = 'Read-Only' AND sfLma__Status__c = 'Active'");
    await refused(active.Id, { sfLma__Status__c: 'Trial', sfLma__Expiration__c: '2026-03-20' }, /can't return to Trial/, 'sfLma__Status__c');
    await refused(active.Id, { sfLma__Status__c: 'Uninstalled' }, /Uninstalled is set by the LMA/, 'sfLma__Status__c');
    await refused(trial.Id, { sfLma__Expiration__c: '2026-06-09' }, /up to 90 days/, 'sfLma__Expiration__c');
    await refused(trial.Id, { sfLma__Expiration__c: '1970-01-01' }, /must have an expiration date/, 'sfLma__Expiration__c');
    await refused(active.Id, { sfLma__Seats__c: -5 }, /-1 for a site license/, 'sfLma__Seats__c');
    await refused(active.Id, { sfLma__Seats__c: 2.5 }, /whole number/, 'sfLma__Seats__c');
    await refused(active.Id, { sfLma__Seats__c: null }, /Site License/, 'sfLma__Seats__c');
    await refused(uninstalled.Id, { sfLma__Seats__c: 5 }, /Uninstalled licenses can't be edited/, 'sfLma__Seats__c');
    await refused(checkout.Id, { sfLma__Expiration__c: '2027-01-01' }, /License Type: Read-Only/, 'sfLma__Expiration__c');
    const over = await patch(active.Id, { sfLma__Seats__c: 99_000_001 });
    assert.equal(over.body[0].errorCode, 'NUMBER_OUTSIDE_VALID_RANGE');
    assert.deepEqual(await one(`Id = '${active.Id}'`), active);
    assert.deepEqual(await one(`Id = '${trial.Id}'`), trial);
  });

  it('accepts the writes Modify License allows: a trial within 90 days, Active, Suspended, site licenses, no expiration', async () => {
    const trial = await one("sfLma__Status__c = 'Trial' AND sfLma__License_Type__c = 'Editable'");
    assert.equal((await patch(trial.Id, { sfLma__Expiration__c: '2026-06-08' })).status, 204);
    assert.equal((await patch(trial.Id, { sfLma__Status__c: 'Active', sfLma__Expiration__c: '1970-01-01', sfLma__Seats__c: -1 })).status, 204);
    assert.equal((await patch(trial.Id, { sfLma__Status__c: 'Suspended' })).status, 204);
    assert.equal((await patch(trial.Id, { sfLma__Status__c: 'Active', sfLma__Seats__c: 0 })).status, 204);
    assert.deepEqual(await one(`Id = '${trial.Id}'`), { ...trial, sfLma__Status__c: 'Active', sfLma__Seats__c: 0, sfLma__Expiration__c: '1970-01-01' });
  });

  it('answers a refused record in an sObject Collections call with a failed SaveResult, and saves the others', async () => {
    const [a, b] = (
      await call(
        `/services/data/v62.0/query?q=${encodeURIComponent("SELECT Id FROM sfLma__License__c WHERE sfLma__Status__c = 'Active' AND sfLma__License_Type__c = 'Editable' ORDER BY Id LIMIT 2")}`,
      )
    ).body.records;
    const res = await call('/services/data/v62.0/composite/sobjects', {
      method: 'PATCH',
      body: {
        allOrNone: false,
        records: [
          { attributes: { type: 'sfLma__License__c' }, id: a.Id, sfLma__Status__c: 'Trial' },
          { attributes: { type: 'sfLma__License__c' }, id: b.Id, sfLma__Seats__c: 42 },
        ],
      },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body[0], {
      id: a.Id,
      success: false,
      errors: [
        {
          statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          message: "A license that is no longer a trial can't return to Trial.",
          fields: ['sfLma__Status__c'],
        },
      ],
    });
    assert.deepEqual(res.body[1], { id: b.Id, success: true, errors: [] });
  });

  it('fails chosen records, or every n-th, until reset', async () => {
    const ids: string[] = (
      await call(
        `/services/data/v62.0/query?q=${encodeURIComponent("SELECT Id FROM sfLma__License__c WHERE sfLma__Status__c = 'Active' AND sfLma__License_Type__c = 'Editable' ORDER BY Id LIMIT 6")}`,
      )
    ).body.records.map((r: { Id: string }) => r.Id);
    const control = (body: object) =>
      fetch(`${demo.url}/__demo/control`, { method: 'POST', headers: { Authorization: `Bearer ${demo.controlToken}` }, body: JSON.stringify(body) });
    const write = () =>
      call('/services/data/v62.0/composite/sobjects', {
        method: 'PATCH',
        body: { allOrNone: false, records: ids.map((id) => ({ attributes: { type: 'sfLma__License__c' }, id, sfLma__Seats__c: 7 })) },
      });
    await control({ action: 'failRecords', ids: [ids[1].slice(0, 15)] });
    let res = await write();
    assert.deepEqual(
      res.body.map((r: { success: boolean }) => r.success),
      [true, false, true, true, true, true],
    );
    assert.equal(res.body[1].errors[0].statusCode, 'UNABLE_TO_LOCK_ROW');
    assert.match(res.body[1].errors[0].message, /unable to obtain exclusive access to this record/);
    await control({ action: 'failRecords', every: 3, errorCode: 'ENTITY_IS_LOCKED', message: 'the entity is locked for editing' });
    res = await write();
    assert.deepEqual(
      res.body.map((r: { success: boolean }) => r.success),
      [true, true, false, true, true, false],
    );
    assert.equal(res.body[2].errors[0].statusCode, 'ENTITY_IS_LOCKED');
    await control({ action: 'reset' });
    res = await write();
    assert.ok(res.body.every((r: { success: boolean }) => r.success));
  });
});
