/**
 * What the product gets, through the real stack (@salesforce/core + jsforce over HTTP), when it
 * sends the demo LMO a query or a Composite call Salesforce refuses
 * (docs/salesforce/soql-and-composite.md): Salesforce's code and message, carried in the error.
 */
import * as assert from 'node:assert/strict';
import { LmoError } from '../../src/data/org/errors';
import { type DemoLmo } from '../../src/demo/http/server';
import { openDemo, requestsOf, startDemo } from '../support/demoOrg';

async function failure(promise: Promise<unknown>): Promise<LmoError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof LmoError, `expected an LmoError, got ${String(err)}`);
    return err;
  }
  return assert.fail('expected an error');
}

describe('queries and Composite calls Salesforce refuses, through the real stack to the demo LMO', function () {
  this.timeout(60_000);
  let demo: DemoLmo;
  before(async () => {
    demo = await startDemo({ licenses: 200 });
  });
  after(() => demo.close());

  it('a semi-join joined with OR: MALFORMED_QUERY, "not allowed with the \'OR\' operator", reported as our query to fix', async () => {
    const { client } = await openDemo(demo);
    const err = await failure(
      client.query("SELECT Id FROM sfLma__License__c WHERE sfLma__Status__c = 'Trial' OR sfLma__Package__c IN (SELECT Id FROM sfLma__Package__c)"),
    );
    assert.equal(err.errorCode, 'MALFORMED_QUERY');
    assert.equal(err.kind, 'invalidQuery');
    assert.match(err.detail, /Semi join sub-selects are not allowed with the 'OR' operator/);
  });

  it('a third semi-join, a same-object sub-select and a relationship in the sub-select: each with its own code and message', async () => {
    const { client } = await openDemo(demo);
    const three = await failure(
      client.query(
        "SELECT Id FROM sfLma__License__c WHERE sfLma__Package__c IN (SELECT Id FROM sfLma__Package__c) AND sfLma__Package_Version__c IN (SELECT Id FROM sfLma__Package_Version__c) AND sfLma__Account__c NOT IN (SELECT Id FROM Account WHERE Name = 'x')",
      ),
    );
    assert.equal(three.errorCode, 'EXCEEDED_MAX_SEMIJOIN_SUBSELECTS');
    assert.match(three.detail, /Maximum 2 semi join sub-selects are allowed/);
    const same = await failure(client.query('SELECT Id FROM sfLma__License__c WHERE Id IN (SELECT Id FROM sfLma__License__c)'));
    assert.equal(same.errorCode, 'MALFORMED_QUERY');
    assert.match(same.detail, /cannot query the same object as the outer query/);
    const traversing = await failure(
      client.query('SELECT Id FROM sfLma__License__c WHERE sfLma__Package__c IN (SELECT sfLma__Package__r.Id FROM sfLma__Package_Version__c)'),
    );
    assert.match(traversing.detail, /inner select field cannot have more than one level of relationships/);
  });

  it('FIELDS(STANDARD) answers; FIELDS(ALL) without LIMIT is refused', async () => {
    const { client } = await openDemo(demo);
    const page = await client.query<Record<string, unknown>>('SELECT FIELDS(STANDARD) FROM sfLma__Package__c LIMIT 200');
    assert.equal(page.records.length, 4);
    assert.ok(
      page.records.every((r) => typeof r.Id === 'string' && typeof r.Name === 'string' && !Object.keys(r).some((k) => k.endsWith('__c'))),
      'standard fields only',
    );
    const all = await failure(client.query('SELECT FIELDS(ALL) FROM sfLma__Package__c'));
    assert.equal(all.errorCode, 'MALFORMED_QUERY');
    assert.match(all.detail, /The SOQL FIELDS function must have a LIMIT of at most 200/);
  });

  it('five queries and an sObject Collections request in one Composite call: the org refuses it whole, and the client will not send it', async () => {
    const { client, session } = await openDemo(demo);
    const query = (i: number) => ({
      method: 'GET',
      url: `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 1')}`,
      referenceId: `q${i}`,
    });
    const collection = { method: 'PATCH', url: '/services/data/v62.0/composite/sobjects', referenceId: 'writes', body: { allOrNone: false, records: [] } };
    const sent = await failure(client.request('POST', '/services/data/v62.0/composite', { compositeRequest: [0, 1, 2, 3, 4].map(query).concat(collection) }));
    assert.equal(sent.errorCode, 'LIMIT_EXCEEDED');
    assert.match(sent.detail, /more than 5 sObject Collections or query operations/);

    const subrequests = [0, 1, 2, 3, 4].map((i) => ({ referenceId: `q${i}`, method: 'GET' as const, path: '/query?q=SELECT+Id+FROM+Account+LIMIT+1' }));
    const { result, requests } = await requestsOf(demo, session, async () => {
      try {
        await client.composite([
          ...subrequests,
          { referenceId: 'writes', method: 'PATCH', path: '/composite/sobjects', body: { allOrNone: false, records: [] } },
        ]);
      } catch (err) {
        return err;
      }
      return undefined;
    });
    assert.ok(result instanceof RangeError, `refused before sending: ${String(result)}`);
    assert.match(result.message, /at most 5 queries and sObject Collections, not 6/);
    assert.equal(requests.length, 0);
  });
});
