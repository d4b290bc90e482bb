/**
 * Paging licenses by subscriber org (the Subscribers view's pages) with small pages, so page
 * boundaries fall inside an org's licenses: the keyset (org id, Id) must continue strictly after
 * the last row of the previous page. Until now only the editor exercised it. Real stack:
 * @salesforce/core + jsforce over HTTP to the demo LMO, some of whose orgs store licenses under
 * their 18-character id too, and one org a case twin of another.
 */
import * as assert from 'node:assert/strict';
import { type License } from '../../src/core/license';
import { type LicenseFilter } from '../../src/data/lmo/licenseFilter';
import { type LicenseManagementOrg } from '../../src/data/lmo/licenseManagementOrg';
import { type DemoLmo } from '../../src/demo/http/server';
import { openDemo, requestsOf, startDemo } from '../support/demoOrg';

describe('licenses paged by subscriber org (demo LMO over HTTP)', function () {
  this.timeout(120_000);
  let demo: DemoLmo;
  let lmo: LicenseManagementOrg;
  let session: number;

  before(async () => {
    demo = await startDemo({ licenses: 400, mixedIdEvery: 7 });
    ({ lmo, session } = await openDemo(demo));
  });
  after(() => demo.close());

  /** Every page of `filter`, `pageSize` at a time: the licenses in page order, the page sizes and the calls made. */
  async function allPages(filter: LicenseFilter, pageSize: number): Promise<{ licenses: License[]; pages: number[]; calls: number }> {
    const licenses: License[] = [];
    const pages: number[] = [];
    const { requests } = await requestsOf(demo, session, async () => {
      let after: { orgId: string; id: string } | undefined;
      do {
        const page = await lmo.licensePageByOrg(filter, { after, pageSize });
        licenses.push(...page.licenses);
        pages.push(page.licenses.length);
        after = page.next;
        assert.ok(pages.length <= 1000, 'paging stops');
      } while (after);
    });
    return { licenses, pages, calls: requests.length };
  }

  const ids = (licenses: readonly License[]) => licenses.map((l) => l.id);

  it("pages one subscriber's licenses one and two at a time, with no repeats and no gaps", async () => {
    // The org with the most licenses: every page boundary falls inside it.
    const counts = new Map<string, number>();
    for (const l of (await lmo.licenses({})).records) counts.set(l.orgKey, (counts.get(l.orgKey) ?? 0) + 1);
    const [orgKey, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
    assert.ok(n >= 3, `an org with ${n} licenses`);
    const whole = ids((await lmo.licenses({ orgId: orgKey }, { orderBy: 'org' })).records);
    for (const pageSize of [1, 2]) {
      const { licenses, pages, calls } = await allPages({ orgId: orgKey }, pageSize);
      assert.equal(new Set(ids(licenses)).size, licenses.length, `no license twice (pages of ${pageSize})`);
      assert.deepEqual(ids(licenses), whole, `every license of the org, in order (pages of ${pageSize})`);
      assert.ok(
        pages.slice(0, -1).every((p) => p === pageSize),
        `full pages but the last: ${pages.join(', ')}`,
      );
      assert.equal(calls, pages.length, 'one call a page');
    }
  });

  it('pages the whole install base by org, 7 at a time, in the order of one full read, each org together', async () => {
    const whole = (await lmo.licenses({}, { orderBy: 'org' })).records;
    assert.equal(whole.length, demo.licenseCount);
    const { licenses, pages } = await allPages({}, 7);
    assert.equal(pages.length, Math.ceil(demo.licenseCount / 7));
    assert.equal(new Set(ids(licenses)).size, licenses.length, 'no license twice');
    assert.deepEqual(ids(licenses), ids(whole), 'every license, in (org id, Id) order');
    // An org's licenses come together (its 18-character spelling sorts right after its 15-character one).
    const orgs = licenses.map((l) => l.subscriberOrgId);
    const seen = new Set<string>();
    for (let i = 0; i < orgs.length; i++) {
      if (i > 0 && orgs[i] === orgs[i - 1]) continue;
      assert.ok(!seen.has(orgs[i]), `org ${orgs[i]} comes back after another org`);
      seen.add(orgs[i]);
    }
  });
});
