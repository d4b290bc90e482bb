/**
 * The demo's Modify License page: what a person uses to carry out the worklist on the demo. A
 * form with the license's values; a save goes through Modify License's rules and writes License
 * history like any write; it needs the browser session and the form's token, and refuses other origins.
 */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';

describe('demo LMO: the Modify License page', () => {
  let demo: DemoLmo;
  let cookie: string;
  beforeEach(async () => {
    demo = await startDemo({ licenses: 500 });
    cookie = `sid=${encodeURIComponent(demo.issueAccessToken())}`;
  });
  afterEach(() => demo.close());

  const active = () =>
    demo.store
      .rows('sfLma__License__c')
      .find(
        (l) => l.sfLma__Status__c === 'Active' && l.sfLma__License_Type__c === 'Editable' && typeof l.sfLma__Seats__c === 'number' && l.sfLma__Seats__c >= 0,
      )!;
  const get = (path: string, headers: Record<string, string> = { cookie }) => fetch(`${demo.url}${path}`, { headers, redirect: 'manual' });
  const post = (id: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${demo.url}/apex/sfLma__ModifyLicense?id=${id}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  const token = async (id: string) => /name="token" value="([^"]+)"/.exec(await (await get(`/apex/sfLma__ModifyLicense?id=${id}`)).text())?.[1] ?? '';

  it('the license record page links to it; it shows the license’s values, and needs a session', async () => {
    const license = active();
    const record = await (await get(`/lightning/r/sfLma__License__c/${license.Id}/view`)).text();
    assert.match(record, new RegExp(`<a class="button" id="modify-license" href="/apex/sfLma__ModifyLicense\\?id=${license.Id}">Modify License</a>`));
    const page = await (await get(`/apex/sfLma__ModifyLicense?id=${license.Id}`)).text();
    assert.match(page, /<option selected>Active<\/option>/);
    assert.match(page, new RegExp(`name="seats" type="number" min="0" max="99000000" value="${license.sfLma__Seats__c}"`));
    assert.equal((await get(`/apex/sfLma__ModifyLicense?id=${license.Id}`, {})).status, 401);
  });

  it('a save writes the values and License history, and goes back to the record page', async () => {
    const license = active();
    const seats = Number(license.sfLma__Seats__c) + 3;
    const res = await post(String(license.Id), { token: await token(String(license.Id)), status: 'Active', seats: String(seats), expiration: '2027-06-30' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/lightning/r/sfLma__License__c/${license.Id}/view`);
    assert.deepEqual([license.sfLma__Seats__c, String(license.sfLma__Expiration__c).slice(0, 10)], [seats, '2027-06-30']);
    // License history, read as the product reads it (through the API).
    const q = `SELECT NewValue FROM sfLma__License__History WHERE ParentId = '${license.Id}' AND Field = 'sfLma__Seats__c' ORDER BY CreatedDate DESC LIMIT 1`;
    const history = (await (
      await fetch(`${demo.url}/services/data/v62.0/query?q=${encodeURIComponent(q)}`, { headers: { Authorization: `Bearer ${demo.accessToken}` } })
    ).json()) as { records: { NewValue: unknown }[] };
    assert.equal(Number(history.records[0]?.NewValue), seats, 'License history recorded the new seats');
  });

  it('refuses what Modify License refuses, a missing token and another origin; the license is unchanged', async () => {
    const license = active();
    const before = [license.sfLma__Status__c, license.sfLma__Seats__c];
    const t = await token(String(license.Id));
    const trial = await post(String(license.Id), { token: t, status: 'Trial', seats: '5', never: '1' });
    assert.equal(trial.status, 400);
    assert.match(await trial.text(), /role="alert"/);
    assert.equal((await post(String(license.Id), { token: 'forged', status: 'Active', seats: '5', never: '1' })).status, 403);
    assert.equal((await post(String(license.Id), { token: t, status: 'Active', seats: '5', never: '1' }, { origin: 'https://evil.example' })).status, 403);
    assert.deepEqual([license.sfLma__Status__c, license.sfLma__Seats__c], before);
  });
});
