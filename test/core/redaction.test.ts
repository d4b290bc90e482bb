/** Session ids in every shape are redacted wherever text is journaled, printed or logged (docs/salesforce/write-safety.md). */
import * as assert from 'node:assert/strict';
import { redactDeep, redactSecrets } from '../../src/core/displayText';

const SECRET = 'AQ0AQH0dMHZfz972Szy0cq5C2L6hN.Zy5xW2sNXdFVqb5lbVbb1FHWaXbMbBUXgp.hlWX5KVXSvxJ5HjQwZhGmEpEhrbIjaY';
const ORG = '00D5j000000XyZ1EAK';

describe('redactSecrets', () => {
  for (const [shape, text] of [
    ['the whole session id', `INVALID_SESSION_ID: ${ORG}!${SECRET} is not valid`],
    ['the secret after "!" alone', `the token ended in !${SECRET} and was refused`],
    ['the secret without "!"', `token ${SECRET} expired`],
    ['a Bearer token', `Authorization: Bearer ${SECRET.slice(0, 30)}`],
    ['an OAuth header', `Authorization: OAuth ${SECRET.slice(0, 30)}`],
    ['a sid cookie', `Cookie: sid=${SECRET.slice(5, 40)}; path=/`],
    ['a JSON access token', `{"access_token":"${SECRET.slice(3, 33)}","instance_url":"https://x"}`],
    ['a sessionId key', `sessionId: ${SECRET.slice(10, 30)}`],
  ] as const)
    it(`removes ${shape}`, () => {
      const out = redactSecrets(text);
      assert.ok(!out.includes(SECRET.slice(10, 26)), out);
      assert.match(out, /<redacted>/);
    });

  it('keeps ordinary text: ids, API names, dates, host names, run ids', () => {
    const text =
      'License a0L5j000001AbCdEAK of org 00D5j000000XyZ1 (acme__MaxUsersForEnterpriseCustomersLimit2024__c) saved 2026-03-10T12:00:00Z on acme-dev-ed.develop.my.salesforce.com, run 20260310T120000Z-abc123. INVALID_SESSION_ID: Session expired or invalid';
    assert.equal(redactSecrets(text), text);
  });

  it('is idempotent and redacts every string of a value, keys and numbers left alone', () => {
    const once = redactDeep({ errors: [{ statusCode: 'X', message: `sid=${SECRET}` }], seats: 3, ok: true, nothing: null });
    assert.deepEqual(once, { errors: [{ statusCode: 'X', message: 'sid=<redacted>' }], seats: 3, ok: true, nothing: null });
    assert.deepEqual(redactDeep(once), once);
  });
});
