/** The demo's size and seed: validated before anything is generated, exact, and reproducible. */
import * as assert from 'node:assert/strict';
import { DemoLmo, MAX_DEMO_LICENSES, MIN_DEMO_LICENSES } from '../../src/demo/http/server';
import { TODAY } from '../support/demoOrg';

describe('demo LMO size and seed', () => {
  it('refuses a size outside 100 to 1,000,000, or not a whole number, at once and with a clear message', async () => {
    assert.equal(MIN_DEMO_LICENSES, 100);
    assert.equal(MAX_DEMO_LICENSES, 1_000_000);
    for (const licenses of [0, -5, 99, 1_000_001, 1e12, 1.5, Number.NaN, 'abc' as unknown as number]) {
      // Which options the start reads: generating the data needs the seed (and the rest), so a start that
      // reads only the size has generated nothing (1,000,001 licenses would take minutes).
      const read = new Set<string | symbol>();
      const options = new Proxy({ licenses, seed: 7, today: TODAY, mixedIdEvery: 5 }, { get: (target, key) => (read.add(key), Reflect.get(target, key)) });
      await assert.rejects(
        DemoLmo.start(options),
        (err: Error) => err instanceof RangeError && /The demo holds 100 to 1,000,000 licenses, not /.test(err.message),
        String(licenses),
      );
      assert.deepEqual([...read], ['licenses'], `${String(licenses)} is refused before generating anything`);
    }
  });

  const snapshot = async (demo: DemoLmo) => {
    const res = await fetch(
      `${demo.url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id, sfLma__Subscriber_Org_ID__c, sfLma__Status__c, sfLma__Seats__c, sfLma__Expiration__c FROM sfLma__License__c ORDER BY Id')}`,
      { headers: { Authorization: `Bearer ${demo.accessToken}` } },
    );
    const body = (await res.json()) as { totalSize: number; records: Record<string, unknown>[] };
    return { totalSize: body.totalSize, rows: body.records.map(({ attributes: _a, ...r }) => JSON.stringify(r)) };
  };

  it('holds exactly the licenses asked for, the same data for the same seed and other data for another seed', async () => {
    const demos = await Promise.all([7, 7, 42].map((seed) => DemoLmo.start({ licenses: 300, seed, today: TODAY })));
    try {
      const [a, b, c] = await Promise.all(demos.map(snapshot));
      // The API shows licenses not in the Recycle Bin; with those, exactly 300.
      for (const [i, demo] of demos.entries()) {
        const all = demo.store.rows('sfLma__License__c').length;
        assert.equal(all, 300, `demo ${i}: exactly the size asked for`);
        assert.equal([a, b, c][i].totalSize, demo.licenseCount);
      }
      assert.deepEqual(a.rows, b.rows, 'seed 7 twice: the same licenses');
      const shared = new Set(a.rows);
      assert.ok(c.rows.filter((r) => shared.has(r)).length < a.rows.length / 10, 'seed 42: different licenses');
    } finally {
      await Promise.all(demos.map((d) => d.close()));
    }
  });
});
