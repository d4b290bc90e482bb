/**
 * The dashboard's server-aggregated metrics against a straightforward client-side computation
 * over every license, for demo data of several seeds and sizes, through the real stack.
 */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../src/core/calendarDate';
import { fixedClock } from '../../src/core/clock';
import { metricsFromLicenses } from '../../src/core/metrics/fromLicenses';
import { MetricsOptions } from '../../src/core/metrics/installBaseMetrics';
import { connectWithAccessToken } from '../../src/data/connect';
import { LicenseManagementOrg } from '../../src/data/lmo';
import { DemoLmo } from '../../src/demo';
import { NO_RETRY, TODAY } from '../support/demoOrg';

async function openDemo(demo: DemoLmo): Promise<LicenseManagementOrg> {
  return connectWithAccessToken({ clock: fixedClock(TODAY), retry: NO_RETRY, instanceUrl: demo.url, accessToken: demo.accessToken, label: 'Demo LMO', username: demo.username, source: 'demo', reloginHint: 'restart the demo' });
}

describe('dashboard metrics: server aggregates equal the client-side computation', function () {
  this.timeout(120_000);
  for (const [seed, size] of [[1, 300], [7, 3000], [42, 20000]] as const) {
    it(`seed ${seed}, ${size.toLocaleString('en-US')} licenses: every metric matches, in three API calls`, async () => {
      const demo = await DemoLmo.start({ licenses: size, seed, today: TODAY });
      try {
        const lmo = await openDemo(demo);
        const all = await lmo.licenses({});
        assert.equal(all.records.length, size);
        const packages = await lmo.packages();
        const versions = await lmo.packageVersions();
        const variants: Omit<MetricsOptions, 'today'>[] = [
          { includeSandboxes: false, churnDays: 90 },
          { includeSandboxes: true, churnDays: 30 },
          { includeSandboxes: false, churnDays: 365, packageId: packages[1].id },
        ];
        for (const variant of variants) {
          const options: MetricsOptions = { ...variant, today: calendarDate(TODAY) };
          demo.resetCounters();
          const { metrics, apiCalls, renewingNext } = await lmo.dashboard(options);
          assert.equal(apiCalls, 3);
          const soonest = all.records
            .filter((l) => (options.includeSandboxes || !l.isSandbox) && (!options.packageId || l.packageId === options.packageId) && (l.status === 'Active' || l.status === 'Trial') && l.expiration.kind === 'date' && l.expiration.date >= TODAY && l.expiration.date <= metrics.renewals[2].to)
            .sort((a, b) => (a.expiration.kind === 'date' && b.expiration.kind === 'date' ? a.expiration.date.localeCompare(b.expiration.date) : 0) || (a.id < b.id ? -1 : 1))
            .slice(0, 10);
          assert.deepEqual(renewingNext.map((l) => l.id), soonest.map((l) => l.id));
          assert.equal(demo.apiCalls, apiCalls);
          const expected = metricsFromLicenses(all.records, packages, versions, options);
          assert.deepEqual(metrics, expected, JSON.stringify(variant));
        }
      } finally {
        await demo.close();
      }
    });
  }
});
