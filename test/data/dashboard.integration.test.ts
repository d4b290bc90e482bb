/**
 * The dashboard's server-aggregated metrics against a straightforward client-side computation
 * over every license and every status change, for demo data of several seeds and sizes, through
 * the real stack — and what happens where a real org differs: more than 400 orgs with
 * 18-character ids (the WHERE length limit), an aggregate row cap of 200, GROUP BY CUBE refused,
 * License history unreadable.
 */
import * as assert from 'node:assert/strict';
import { addDays, calendarDate } from '../../src/core/calendarDate';
import { metricsFromLicenses } from '../../src/core/dashboard/fromLicenses';
import { type MetricsOptions, type StatusChange } from '../../src/core/dashboard/installBaseMetrics';
import { type License, isLive } from '../../src/core/license';
import { type LicenseManagementOrg } from '../../src/data/lmo/licenseManagementOrg';
import { DemoLmo, type DemoLmoOptions } from '../../src/demo';
import { TODAY, openDemo, requestsOf } from '../support/demoOrg';

/** Every status change in License history: what the client-side reference computes churn from. */
async function statusHistory(lmo: LicenseManagementOrg): Promise<StatusChange[]> {
  const rows = await lmo.client.fetchAll<Record<string, unknown>>(
    "SELECT ParentId, NewValue, CreatedDate FROM sfLma__License__History WHERE Field = 'sfLma__Status__c'",
  );
  return rows.records.map((r) => ({ licenseId: String(r.ParentId), newStatus: typeof r.NewValue === 'string' ? r.NewValue : null, at: String(r.CreatedDate) }));
}

interface CompareOptions {
  /** Steers the demo before the dashboard loads (faults). */
  readonly prepare?: (demo: DemoLmo) => void;
  /** Checks the demo data first (that it holds the case under test). */
  readonly inspect?: (licenses: readonly License[]) => void;
  readonly check?: (result: { calls: number; roundTrips: number; requests: string[]; demo: DemoLmo }) => void;
  /** Compute churn from history (true) or from LastModifiedDate. */
  readonly history?: boolean;
  /** Load each variant this many times (to see what the connection remembered). */
  readonly loads?: number;
}

async function compare(demoOptions: DemoLmoOptions, variants: readonly Omit<MetricsOptions, 'today'>[], opts: CompareOptions = {}): Promise<void> {
  const demo = await DemoLmo.start({ today: TODAY, ...demoOptions });
  try {
    const { lmo, session } = await openDemo(demo);
    const all = await lmo.licenses({});
    assert.equal(all.records.length, demo.licenseCount);
    opts.inspect?.(all.records);
    const packages = await lmo.packages();
    const versions = await lmo.packageVersions();
    const history = opts.history === false ? undefined : await statusHistory(lmo);
    opts.prepare?.(demo);
    for (const variant of variants.flatMap((v) => Array.from({ length: opts.loads ?? 1 }, () => v))) {
      const resolved = { ...variant, packageId: variant.packageId === 'second' ? packages[1].id : variant.packageId };
      const { result, requests } = await requestsOf(demo, session, () => lmo.dashboard({ ...resolved, today: calendarDate(TODAY) }));
      const { metrics, apiCalls, renewingNext, roundTrips } = result;
      assert.equal(requests.length, apiCalls, 'the calls the product counted are the calls the org saw');
      assert.ok(roundTrips <= 2, `${roundTrips} round trips`);
      opts.check?.({ calls: apiCalls, roundTrips, requests: requests.map((r) => r.path), demo });
      const options = metrics.options;
      const soonest = all.records
        .filter(
          (l) =>
            (options.includeSandboxes || !l.isSandbox) &&
            (!options.packageId || l.packageId === options.packageId) &&
            (l.status === 'Active' || l.status === 'Trial') &&
            l.expiration.kind === 'date' &&
            l.expiration.date >= TODAY &&
            l.expiration.date <= metrics.renewals[2].to,
        )
        .sort(
          (a, b) =>
            (a.expiration.kind === 'date' && b.expiration.kind === 'date' ? a.expiration.date.localeCompare(b.expiration.date) : 0) || (a.id < b.id ? -1 : 1),
        )
        .slice(0, 10);
      assert.deepEqual(
        renewingNext.map((l) => l.id),
        soonest.map((l) => l.id),
      );
      assert.deepEqual(metrics, metricsFromLicenses(all.records, packages, versions, options, history), JSON.stringify(variant));
    }
  } finally {
    await demo.close();
  }
}

const VARIANTS: Omit<MetricsOptions, 'today'>[] = [
  { includeSandboxes: false, churnDays: 90 },
  { includeSandboxes: true, churnDays: 30 },
  { includeSandboxes: false, churnDays: 365, packageId: 'second' },
];

describe('dashboard metrics: server aggregates equal the client-side computation', function () {
  this.timeout(180_000);
  for (const [seed, size] of [
    [1, 300],
    [7, 3000],
    [42, 20000],
  ] as const) {
    it(`seed ${seed}, ${size.toLocaleString('en-US')} licenses: every metric matches, in 3–4 API calls and at most 2 round trips`, async () => {
      await compare({ licenses: size, seed }, VARIANTS, { check: ({ calls }) => assert.ok(calls === 3 || calls === 4, `${calls} calls`) });
    });
  }

  it('more than 400 orgs with 18-character ids: the twin lookups stay under the 4,000-character WHERE limit, numbers exact', async () => {
    await compare({ licenses: 4000, seed: 3, mixedIdEvery: 3 }, [VARIANTS[0]], {
      // The demo refuses a WHERE clause over 4,000 characters, as Salesforce does: unchunked, this fails.
      inspect: (licenses) => {
        const eighteen = new Set(
          licenses.filter((l) => l.subscriberOrgId.length === 18 && !l.isSandbox && (l.status === 'Active' || l.status === 'Trial')).map((l) => l.orgKey),
        );
        assert.ok(eighteen.size > 400, `${eighteen.size} orgs with 18-character ids`);
      },
      check: ({ roundTrips }) => assert.equal(roundTrips, 2),
    });
  });

  it('an org that refuses GROUP BY CUBE: plain GROUP BY queries, the same numbers, and it is remembered for the connection', async () => {
    await compare({ licenses: 2000, seed: 5 }, [VARIANTS[0]], {
      loads: 2,
      prepare: (demo) =>
        demo.faults.inject(
          { kind: 'apiError', status: 400, errorCode: 'MALFORMED_QUERY', message: "unexpected token: 'CUBE'" },
          { match: 'GROUP BY CUBE', times: 10 },
        ),
      // The first load asks once and falls back; the second never asks again.
      check: ({ demo }) => assert.equal(demo.faults.pending(), 9),
    });
  });

  it('License history unreadable: churn from LastModifiedDate instead, and the metrics say so', async () => {
    await compare({ licenses: 2000, seed: 6 }, VARIANTS, {
      history: false,
      prepare: (demo) =>
        demo.faults.inject(
          { kind: 'apiError', status: 400, errorCode: 'INVALID_TYPE', message: "sObject type 'sfLma__License__History' is not supported." },
          { match: 'sfLma__License__History', times: 10 },
        ),
      check: ({ demo }) => assert.equal(demo.faults.pending(), 9, 'history was asked for once'),
    });
  });

  it('an aggregate row cap of 200 instead of 2,000: the same numbers', async () => {
    await compare({ licenses: 3000, seed: 11, aggregateRowLimit: 200 }, VARIANTS);
  });
});

describe('dashboard metrics as of an earlier day: nothing after its end counts', function () {
  this.timeout(120_000);

  it('nine days back: churn, installs and live licenses leave out what happened in the nine days since', async () => {
    const demo = await DemoLmo.start({ today: TODAY, licenses: 3000, seed: 7 });
    try {
      const { lmo } = await openDemo(demo);
      const asOf = addDays(calendarDate(TODAY), -9);
      const end = Date.parse(`${addDays(asOf, 1)}T00:00:00Z`);
      const from = Date.parse(`${addDays(asOf, -90)}T00:00:00Z`);
      const all = (await lmo.licenses({})).records;
      const history = await statusHistory(lmo);
      const at = (s: string) => Date.parse(s.replace(/\+0000$/, 'Z'));
      const production = new Set(all.filter((l) => !l.isSandbox).map((l) => l.id));
      const churnedIn = (until: number) =>
        new Set(
          history
            .filter((h) => ['Uninstalled', 'Suspended'].includes(h.newStatus ?? '') && at(h.at) >= from && at(h.at) < until && production.has(h.licenseId))
            .map((h) => h.licenseId),
        ).size;
      // The demo holds the case under test: churn on both sides of the day's end.
      assert.ok(churnedIn(Number.POSITIVE_INFINITY) > churnedIn(end), 'status changes after the day');

      const { metrics } = await lmo.dashboard({ today: asOf, includeSandboxes: false, churnDays: 90 });
      assert.equal(metrics.churn.churned, churnedIn(end), 'the churn of the window that ends with the day');
      const month = asOf.slice(0, 7);
      const installedThisMonth = all.filter((l) => !l.isSandbox && l.installDate && l.installDate.startsWith(month) && l.installDate <= asOf);
      assert.ok(
        all.some((l) => !l.isSandbox && l.installDate && l.installDate.startsWith(month) && l.installDate > asOf),
        'installs after the day',
      );
      assert.deepEqual(metrics.installsByMonth[11], { month, installs: installedThisMonth.length });
      assert.deepEqual(metrics, metricsFromLicenses(all, await lmo.packages(), await lmo.packageVersions(), metrics.options, history));
      assert.ok(metrics.liveLicenses < all.filter((l) => !l.isSandbox && isLive(l, asOf)).length, 'licenses created after the day are not live as of it');
    } finally {
      await demo.close();
    }
  });
});
