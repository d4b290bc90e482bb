/**
 * What the org client does on its own, through the real stack (@salesforce/core + jsforce over
 * HTTP) against a demo LMO: the product's retry policy (every other test turns it off), records
 * that are gone, oversized aggregates, and page sizes refused before they reach SOQL.
 */
import * as assert from 'node:assert/strict';
import { LmoError } from '../../src/data/org/errors';
import { type DemoLmo } from '../../src/demo/http/server';
import { openDemo, requestsOf, startDemo } from '../support/demoOrg';
import { eventually } from '../support/eventually';

async function failure(promise: Promise<unknown>): Promise<LmoError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof LmoError, `expected an LmoError, got ${String(err)}`);
    return err;
  }
  return assert.fail('expected an error');
}

/** Aborts just after the org has taken the session's first request (it answers 503 at once): the call is then backing off. */
function abortOnceAnswered(demo: DemoLmo, session: number, controller: AbortController): void {
  const mark = demo.requests.mark();
  void eventually(() => demo.requests.since(mark, session).length > 0, 'the first request answered').then(() => setTimeout(() => controller.abort(), 50));
}

describe('org client policies against the demo LMO (real @salesforce/core + jsforce over HTTP)', function () {
  this.timeout(60_000);
  let demo: DemoLmo;
  before(async () => {
    demo = await startDemo({ licenses: 1000 });
  });
  after(() => demo.close());
  afterEach(() => {
    demo.faults.reset();
    demo.setAggregateRowLimit(2000);
  });

  describe('retry policy (the product default: 2 retries of idempotent calls, backing off from 500 ms)', () => {
    const COUNT = 'SELECT COUNT() FROM sfLma__License__c';

    it('retries a query through two transient 503s, backing off, and answers', async () => {
      const { client, session } = await openDemo(demo, { retry: 'product default' });
      demo.faults.inject({ kind: 'serverError', status: 503 }, { match: 'COUNT', times: 2 });
      const started = performance.now();
      const { result, requests } = await requestsOf(demo, session, () => client.count(COUNT));
      const elapsed = performance.now() - started;
      assert.equal(result, demo.licenseCount, 'the right answer after the retries');
      assert.equal(requests.length, 3, 'one call and two retries');
      assert.ok(elapsed >= 1_400, `backs off 500 ms, then 1,000 ms (took ${elapsed} ms)`);
    });

    it('gives up after two retries with the server-error message', async () => {
      const { client, session } = await openDemo(demo, { retry: 'product default' });
      demo.faults.inject({ kind: 'serverError', status: 503 }, { match: 'COUNT', times: 3 });
      const { result: err, requests } = await requestsOf(demo, session, () => failure(client.count(COUNT)));
      assert.equal(err.kind, 'serverError');
      assert.match(err.message, /returned a server error\. Salesforce may be busy or in maintenance; try again in a few minutes\./);
      assert.equal(requests.length, 3);
    });

    it('never repeats an error that is not transient, nor a POST (a Composite call may write)', async () => {
      const { client, session } = await openDemo(demo, { retry: 'product default' });
      demo.faults.inject({ kind: 'apiError', status: 400, errorCode: 'INVALID_FIELD', message: 'No such column' }, { match: 'COUNT' });
      const refused = await requestsOf(demo, session, () => failure(client.count(COUNT)));
      assert.equal(refused.requests.length, 1, 'a 400 is not retried');
      demo.faults.inject({ kind: 'serverError', status: 503 }, { match: 'composite' });
      const composite = await requestsOf(demo, session, () => failure(client.compositeQueries({ n: COUNT })));
      assert.equal(composite.result.kind, 'serverError');
      assert.equal(composite.requests.length, 1, 'a POST is sent once');
    });

    it('is off in the tests that turn it off: one 503 is one failure', async () => {
      const { client, session } = await openDemo(demo);
      demo.faults.inject({ kind: 'serverError', status: 503 }, { match: 'COUNT' });
      const { result: err, requests } = await requestsOf(demo, session, () => failure(client.count(COUNT)));
      assert.equal(err.kind, 'serverError');
      assert.equal(requests.length, 1);
    });

    it('stops at once when cancelled while backing off', async () => {
      // A 10 s back-off: stopping long before it ends is stopping at once, on a busy machine too.
      const { client, session } = await openDemo(demo, { retry: { maxRetries: 2, minTimeoutMs: 10_000 } });
      demo.faults.inject({ kind: 'serverError', status: 503 }, { match: 'COUNT', times: 2 });
      const controller = new AbortController();
      const started = performance.now();
      const { result: err, requests } = await requestsOf(demo, session, () => {
        const call = failure(client.count(COUNT, { signal: controller.signal }));
        abortOnceAnswered(demo, session, controller);
        return call;
      });
      assert.equal(err.kind, 'cancelled');
      assert.equal(err.message, 'Cancelled.');
      assert.ok(performance.now() - started < 5_000, 'not after the back-off');
      assert.equal(requests.length, 1, 'no retry was sent');
    });

    it('sends no retry after a call cancelled while backing off, even once the back-off is over', async () => {
      const { client, session } = await openDemo(demo, { retry: { maxRetries: 2, minTimeoutMs: 1_000 } });
      demo.faults.inject({ kind: 'serverError', status: 503 }, { match: 'COUNT', times: 2 });
      const controller = new AbortController();
      const { result: err, requests } = await requestsOf(demo, session, async () => {
        const call = failure(client.count(COUNT, { signal: controller.signal }));
        abortOnceAnswered(demo, session, controller);
        const stopped = await call;
        // The back-off (1 s) ends while this waits: jsforce would send its retry now.
        await new Promise((r) => setTimeout(r, 3_000));
        return stopped;
      });
      assert.equal(err.kind, 'cancelled');
      assert.deepEqual(
        requests.map((r) => r.path),
        [`/services/data/v${client.apiVersion}/query?q=${COUNT}`],
        'the first call only: no retry after the cancel',
      );
    });
  });

  it('a cancelled call closes its request: the org stops holding it at once, not when the request times out', async () => {
    // The org never answers; the call's own timeout (2 minutes) is far off.
    const { client } = await openDemo(demo, { timeoutMs: 120_000 });
    demo.faults.inject({ kind: 'hang' });
    const controller = new AbortController();
    const call = failure(client.count('SELECT COUNT() FROM sfLma__License__c', { signal: controller.signal }));
    await eventually(() => demo.heldRequests === 1, 'the org holding the request');
    controller.abort();
    assert.equal((await call).kind, 'cancelled');
    await eventually(() => demo.heldRequests === 0, 'the request closed by the client');
  });

  it('says a record is gone (notFound), for an id that does not exist and for a deleted record', async () => {
    const own = await startDemo({ licenses: 200 });
    try {
      const { client } = await openDemo(own);
      const missing = await failure(client.request('GET', '/sobjects/sfLma__License__c/a0L5g0000099999AAA'));
      assert.equal(missing.kind, 'notFound');
      assert.match(missing.message, /^The record no longer exists in Demo LMO or you cannot see it\.$/);
      const license = (await client.query<{ Id: string }>('SELECT Id FROM sfLma__License__c ORDER BY Id LIMIT 1')).records[0];
      await client.request('DELETE', `/sobjects/sfLma__License__c/${license.Id}`);
      const deleted = await failure(client.request('GET', `/sobjects/sfLma__License__c/${license.Id}`));
      assert.equal(deleted.kind, 'notFound');
      assert.equal(deleted.errorCode, 'ENTITY_IS_DELETED');
    } finally {
      await own.close();
    }
  });

  describe('aggregates with more groups than the org returns', () => {
    /** The most versions one package has: the cap that one package's query fits under. */
    const largestPackage = async (client: Awaited<ReturnType<typeof openDemo>>['client']) => {
      const rows = (
        await client.query<{ sfLma__Package__c: string; n: number }>(
          'SELECT sfLma__Package__c, COUNT(Id) n FROM sfLma__Package_Version__c GROUP BY sfLma__Package__c',
        )
      ).records;
      return Math.max(...rows.map((r) => r.n));
    };

    it('splits version adoption by package when all packages at once exceed the cap: the same numbers', async () => {
      const { lmo, client, session } = await openDemo(demo);
      const whole = await requestsOf(demo, session, () => lmo.adoptionSummary());
      const cap = await largestPackage(client);
      assert.ok(whole.result.liveByVersion.size > cap, `more versions with live licenses (${whole.result.liveByVersion.size}) than the cap (${cap})`);
      demo.setAggregateRowLimit(cap);
      const split = await requestsOf(demo, session, () => lmo.adoptionSummary());
      assert.deepEqual([...split.result.liveByVersion].sort(), [...whole.result.liveByVersion].sort());
      assert.deepEqual([...split.result.seatsByVersion].sort(), [...whole.result.seatsByVersion].sort());
      assert.ok(split.requests.length > whole.requests.length, 'asked again, package by package');
    });

    it('answers an aggregate it cannot split with its own clear message, not "report this"', async () => {
      const { lmo, client } = await openDemo(demo);
      demo.setAggregateRowLimit(await largestPackage(client));
      const err = await failure(lmo.licenseCounts({}, 'version'));
      assert.equal(err.kind, 'aggregateTooLarge');
      assert.match(
        err.message,
        /^Demo LMO has more groups than one aggregate query may return \(2,000 rows\)\. Narrow the scope to one package and try again\.$/,
      );
      assert.doesNotMatch(err.message, /report/i);
    });
  });

  it('refuses a license page size that is not a whole number from 1 to 2,000, before asking the org', async () => {
    const { lmo, session } = await openDemo(demo);
    for (const pageSize of [0, -1, 1.5, 2001, Number.NaN, 'abc' as unknown as number]) {
      const { result: err, requests } = await requestsOf(demo, session, () => failure(lmo.licensePage({}, { pageSize })));
      assert.equal(err.kind, 'usage', String(pageSize));
      assert.match(err.message, /^A page size is a whole number from 1 to 2,000, not /);
      assert.equal(requests.length, 0, `${String(pageSize)}: nothing sent`);
      assert.equal((await failure(lmo.licensePageByOrg({}, { pageSize }))).kind, 'usage');
    }
    assert.equal((await lmo.licensePage({}, { pageSize: 1 })).licenses.length, 1);
    assert.equal((await lmo.licensePage({}, { pageSize: 2000 })).licenses.length, demo.licenseCount, 'all 1,000 in one page of up to 2,000');
  });
});
