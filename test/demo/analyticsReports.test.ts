/**
 * The demo's Analytics REST API against the reports `lmo-dashboard generate` writes: each report's
 * totals, run by the demo, equal a plain count over the demo's License records written here from
 * docs/salesforce/metrics.md and lmo-dashboard.md (not from the runner); and what Salesforce
 * refuses, the demo refuses.
 */
import * as assert from 'node:assert/strict';
import { type CalendarDate, addDays } from '../../src/core/calendarDate';
import { generateLmoDashboard } from '../../src/core/lmoDashboard/generate';
import { DEFAULT_OPTIONS, type LmoDashboardOptions } from '../../src/core/lmoDashboard/options';
import { type ReportSpec, reportXml } from '../../src/core/lmoDashboard/reports';
import { metadataFile } from '../../src/core/lmoDashboard/xml';
import { ApiError } from '../../src/demo/apiError';
import { AnalyticsRoutes, type DeployedReport, SYNC_RUNS_PER_HOUR } from '../../src/demo/analytics/analyticsRoutes';
import { reportDataOf } from '../../src/demo/analytics/runReport';
import { type DemoLmo } from '../../src/demo/http/server';
import { type DemoRecord, LICENSE_HISTORY } from '../../src/demo/schema';
import { startDemo } from '../support/demoOrg';
import { HOSTILE_NAMES } from '../support/hostile';

interface Fact {
  aggregates: { label: string; value: number | null }[];
  rows?: { dataCells: { label: string; value: unknown }[] }[];
}
interface Run {
  allData: boolean;
  hasDetailRows: boolean;
  factMap: Record<string, Fact>;
  groupingsDown: { groupings: { key: string; label: string; value: unknown; groupings: unknown[] }[] };
  reportMetadata: { aggregates: string[]; name: string; id: string; developerName: string; reportFormat: string; detailColumns: string[] };
  attributes: { reportId: string; reportName: string };
}

/** The generated reports as the deploy registers them: an id each, the developer name, the label. */
function deployed(options: LmoDashboardOptions, idBase: number): DeployedReport[] {
  const g = generateLmoDashboard(options);
  return g.reports.map((r, i) => {
    const [folderName, developerName] = r.fullName.split('/');
    const file = g.files.find((f) => f.path === `reports/${r.fullName}.report-meta.xml`);
    assert.ok(file, r.fullName);
    return { id: `00O5g0000000${String(idBase + i).padStart(3, '0')}AAA`, developerName, folderName, name: r.label, xml: file.content };
  });
}

/** A report file of our own (for refusals and edge cases), written by the generator's XML writer. */
function customXml(spec: Partial<ReportSpec>, label = 'Custom'): string {
  const base: ReportSpec = {
    key: 'seats',
    name: 'Custom',
    label,
    description: 'test',
    reportType: 'CustomEntity$sfLma__License__c',
    columns: [{ field: 'CUST_NAME' }],
    criteria: [],
    groupBy: 'sfLma__License__c.sfLma__Status__c',
    measure: { kind: 'rowCount' },
    ...spec,
  };
  return metadataFile(reportXml(base, label, base.description), 'test');
}

describe('demo Analytics REST API: the generated reports', () => {
  let demo: DemoLmo;
  let today: CalendarDate;
  let licenses: DemoRecord[];
  let nowMs = 0;
  const reports = new Map<string, DeployedReport>();
  const source = { reportById: (id: string) => reports.get(id) };
  let routes: AnalyticsRoutes;

  before(async () => {
    demo = await startDemo({ licenses: 2500 });
    today = demo.today;
    licenses = demo.store.rows('sfLma__License__c').filter((l) => l.IsDeleted !== true);
    nowMs = demo.now();
    for (const r of [...deployed(DEFAULT_OPTIONS, 1), ...deployed({ ...DEFAULT_OPTIONS, includeSandboxes: true, churn: 'history' }, 101)]) reports.set(r.id, r);
    routes = new AnalyticsRoutes({ reports: source, data: reportDataOf(demo.store), today: () => today, now: () => nowMs, hourlyRuns: 10_000 });
  });
  after(() => demo.close());

  const get = (r: AnalyticsRoutes, id: string, query = '', sub?: string) =>
    r.handle({
      method: 'GET',
      segments: ['analytics', 'reports', id, ...(sub ? [sub] : [])],
      version: '62.0',
      params: new URLSearchParams(query),
      headers: {},
      body: undefined,
    });
  const run = (id: string, query = '') => get(routes, id, query).body as Run;
  const refusal = (f: () => unknown): ApiError => {
    try {
      f();
    } catch (err) {
      if (err instanceof ApiError) return err;
      throw err;
    }
    return assert.fail('expected a refusal');
  };
  const idOf = (developerName: string, sandboxes: boolean) =>
    [...reports.values()].find((r) => r.developerName === developerName && (r.id >= '00O5g0000000101' ? sandboxes : !sandboxes))?.id as string;
  const total = (run: Run, label: string) => {
    const i = run.reportMetadata.aggregates.indexOf(label);
    assert.ok(i >= 0, `${label} in ${run.reportMetadata.aggregates.join(', ')}`);
    return run.factMap['T!T'].aggregates[i].value;
  };

  // The oracle: the product's definitions (metrics.md), over the records as stored.
  const expiration = (l: DemoRecord) => (l.sfLma__Expiration__c as string | null) ?? null;
  const notExpired = (l: DemoRecord) => expiration(l) === null || expiration(l) === '1970-01-01' || (expiration(l) as string) >= today;
  const live = (l: DemoRecord) => l.sfLma__Status__c === 'Active' || l.sfLma__Status__c === 'Trial';
  const inScope = (sandboxes: boolean) => (l: DemoRecord) => sandboxes || l.sfLma__Subscriber_Org_Is_Sandbox__c !== true;
  const seats = (l: DemoRecord) => l.sfLma__Seats__c as number | null;

  for (const sandboxes of [false, true]) {
    const scope = sandboxes ? 'sandboxes included' : 'production orgs';
    const mine = () => licenses.filter(inScope(sandboxes));

    it(`Active subscribers (${scope}): Active, not expired licenses, one group per subscriber org`, () => {
      const expected = mine().filter((l) => l.sfLma__Status__c === 'Active' && notExpired(l));
      const r = run(idOf('LMA_Active_Subscribers', sandboxes));
      assert.ok(expected.length > 10, 'the demo has active licenses');
      assert.equal(total(r, 'RowCount'), expected.length);
      const orgs = new Set(expected.map((l) => String(l.sfLma__Subscriber_Org_ID__c).toLowerCase()));
      assert.equal(r.groupingsDown.groupings.length, orgs.size);
      const sumOfGroups = r.groupingsDown.groupings.reduce((s, g) => s + (r.factMap[`${g.key}!T`].aggregates.at(-1)?.value ?? 0), 0);
      assert.equal(sumOfGroups, expected.length);
    });

    it(`Seats (${scope}): the sum of Seats of live per-seat licenses`, () => {
      const expected = mine().filter((l) => live(l) && notExpired(l) && seats(l) !== null && (seats(l) as number) >= 0);
      const r = run(idOf('LMA_Seats', sandboxes));
      assert.equal(
        total(r, 's!sfLma__License__c.sfLma__Seats__c'),
        expected.reduce((s, l) => s + (seats(l) as number), 0),
      );
      assert.equal(total(r, 'RowCount'), expected.length);
    });

    it(`Site licenses (${scope}): live licenses with Seats below 0`, () => {
      const expected = mine().filter((l) => live(l) && notExpired(l) && seats(l) !== null && (seats(l) as number) < 0);
      assert.ok(expected.length > 0, 'the demo has site licenses');
      assert.equal(total(run(idOf('LMA_Site_Licenses', sandboxes)), 'RowCount'), expected.length);
    });

    for (const [name, from, to] of [
      ['LMA_Renewals_0_30_Days', 0, 30],
      ['LMA_Renewals_31_60_Days', 31, 60],
      ['LMA_Renewals_61_90_Days', 61, 90],
    ] as const) {
      it(`${name} (${scope}): live licenses expiring ${from}–${to} days from the demo's today`, () => {
        const expected = mine().filter(
          (l) => live(l) && expiration(l) !== null && (expiration(l) as string) >= addDays(today, from) && (expiration(l) as string) <= addDays(today, to),
        );
        const r = run(idOf(name, sandboxes));
        assert.equal(total(r, 'RowCount'), expected.length);
        assert.equal(
          total(r, 's!sfLma__License__c.sfLma__Seats__c'),
          expected.reduce((s, l) => s + (seats(l) ?? 0), 0),
        );
        // Grouped by day: every group's date is in the window.
        for (const g of r.groupingsDown.groupings) assert.ok(String(g.value) >= addDays(today, from) && String(g.value) <= addDays(today, to), String(g.value));
      });
    }
  }

  it('Churn, approximation: Uninstalled or Suspended licenses last modified in the last 90 days and today', () => {
    const since = addDays(today, -DEFAULT_OPTIONS.churnDays);
    const expected = licenses.filter(
      (l) =>
        inScope(false)(l) &&
        ['Uninstalled', 'Suspended'].includes(String(l.sfLma__Status__c)) &&
        String(l.LastModifiedDate).slice(0, 10) >= since &&
        String(l.LastModifiedDate).slice(0, 10) <= today,
    );
    assert.ok(expected.length > 0, 'the demo has churned licenses');
    assert.equal(total(run(idOf('LMA_Churn', false)), 'RowCount'), expected.length);
  });

  it('Churn from history: status changes to Uninstalled or Suspended in the window, one group per license', () => {
    const since = addDays(today, -DEFAULT_OPTIONS.churnDays);
    const byId = new Map(licenses.map((l) => [l.Id, l]));
    const changes = [...demo.store.scan(LICENSE_HISTORY)].filter(
      (h) =>
        h.IsDeleted !== true &&
        byId.has(String(h.ParentId)) &&
        h.Field === 'sfLma__Status__c' &&
        ['uninstalled', 'suspended'].includes(String(h.NewValue).toLowerCase()) &&
        String(h.CreatedDate).slice(0, 10) >= since &&
        String(h.CreatedDate).slice(0, 10) <= today,
    );
    assert.ok(changes.length > 0, 'the demo has status history');
    const r = run(idOf('LMA_Churn', true));
    assert.equal(total(r, 'RowCount'), changes.length);
    assert.equal(r.groupingsDown.groupings.length, new Set(changes.map((h) => h.ParentId)).size);
  });

  it('answers the Analytics REST API shape: attributes, metadata, fact map keys, details only when asked', () => {
    const id = idOf('LMA_Seats', false);
    const summary = run(id);
    assert.equal(summary.attributes.reportId, id);
    assert.equal(summary.reportMetadata.reportFormat, 'SUMMARY');
    assert.equal(summary.reportMetadata.developerName, 'LMA_Seats');
    assert.deepEqual(summary.reportMetadata.aggregates, ['s!sfLma__License__c.sfLma__Seats__c', 'RowCount']);
    assert.equal(summary.hasDetailRows, false);
    assert.equal(summary.factMap['T!T'].rows, undefined);
    assert.deepEqual(Object.keys(summary.factMap).sort(), [...summary.groupingsDown.groupings.map((g) => `${g.key}!T`), 'T!T'].sort());
    const detailed = run(id, 'includeDetails=true');
    assert.equal(detailed.hasDetailRows, true);
    const rows = detailed.groupingsDown.groupings.reduce((s, g) => s + (detailed.factMap[`${g.key}!T`].rows?.length ?? 0), 0);
    assert.equal(rows, total(detailed, 'RowCount'));
    assert.deepEqual(detailed.factMap['0!T'].rows?.[0].dataCells.length, detailed.reportMetadata.detailColumns.length);
    const describe = get(routes, id, '', 'describe').body as { reportMetadata: { id: string } };
    assert.equal(describe.reportMetadata.id, id);
  });

  it('gives at most the first 2,000 detail rows, allData false, totals over every row', () => {
    reports.set('00O5g0000000900AAA', {
      id: '00O5g0000000900AAA',
      developerName: 'All',
      folderName: 'F',
      name: 'All',
      xml: customXml({ columns: [{ field: 'CUST_NAME' }, { field: 'sfLma__License__c.sfLma__Seats__c', sum: true }] }),
    });
    assert.ok(licenses.length > 2000);
    const r = run('00O5g0000000900AAA', 'includeDetails=true');
    assert.equal(total(r, 'RowCount'), licenses.length);
    const rows = r.groupingsDown.groupings.reduce((s, g) => s + (r.factMap[`${g.key}!T`].rows?.length ?? 0), 0);
    assert.equal(rows, 2000);
    assert.equal(r.allData, false);
    assert.equal(run(idOf('LMA_Site_Licenses', false)).allData, true);
  });

  it('takes hostile account names as text: in a filter value and back in the cells, compared without case', () => {
    // The hostile names the demo gives accounts (even positions; see subscriberOrgs.ts), those a comma-separated value can carry.
    const names = HOSTILE_NAMES.filter((n, i): n is string => i % 2 === 0 && typeof n === 'string' && !n.includes(',') && n === n.trim());
    assert.ok(names.length >= 3 && names.some((n) => n.includes('<')), names.join(' | '));
    names.forEach((name, i) => {
      const id = `00O5g0000000${910 + i}AAA`;
      const criteria = [{ column: 'sfLma__License__c.sfLma__Account__c', operator: 'equals' as const, value: name.toUpperCase() }];
      reports.set(id, {
        id,
        developerName: 'Hostile',
        folderName: 'F',
        name,
        xml: customXml({ columns: [{ field: 'sfLma__License__c.sfLma__Account__c' }], criteria }, name),
      });
      const expected = licenses.filter((l) => {
        const account = l.sfLma__Account__c ? demo.store.lookup(String(l.sfLma__Account__c)) : undefined;
        return String(account?.Name ?? '').toLowerCase() === name.toLowerCase();
      });
      const r = run(id, 'includeDetails=true');
      assert.equal(r.attributes.reportName, name);
      assert.ok(expected.length > 0, `the demo seeds ${name}`);
      assert.equal(total(r, 'RowCount'), expected.length, name);
      for (const g of r.groupingsDown.groupings) for (const row of r.factMap[`${g.key}!T`].rows ?? []) assert.equal(row.dataCells[0].label, name);
    });
  });

  it('refuses an unknown report (404 NOT_FOUND), a report Salesforce would not run (400), and methods other than GET', () => {
    const unknown = refusal(() => run('00O5g0000000999AAA'));
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body(), [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    reports.set('00O5g0000000950AAA', {
      id: '00O5g0000000950AAA',
      developerName: 'Bad',
      folderName: 'F',
      name: 'Bad',
      xml: customXml({ columns: [{ field: 'sfLma__License__c.sfLma__Nope__c' }] }),
    });
    const bad = refusal(() => run('00O5g0000000950AAA'));
    assert.equal(bad.status, 400);
    assert.match(bad.message, /sfLma__Nope__c/);
    const post = refusal(() =>
      routes.handle({
        method: 'POST',
        segments: ['analytics', 'reports', idOf('LMA_Seats', false)],
        version: '62.0',
        params: new URLSearchParams(),
        headers: {},
        body: {},
      }),
    );
    assert.equal(post.status, 405);
  });

  it(`refuses the ${SYNC_RUNS_PER_HOUR + 1}th synchronous run within an hour, and runs again an hour later`, () => {
    let clock = 1_000_000;
    const limited = new AnalyticsRoutes({ reports: source, data: reportDataOf(demo.store), today: () => today, now: () => clock });
    const id = idOf('LMA_Site_Licenses', false);
    for (let i = 0; i < SYNC_RUNS_PER_HOUR; i++) {
      clock += 1000;
      assert.equal(get(limited, id).status, 200);
    }
    get(limited, id, '', 'describe'); // a describe is not a run
    const over = refusal(() => get(limited, id));
    assert.equal(over.status, 403);
    assert.equal(over.errorCode, 'REQUEST_LIMIT_EXCEEDED');
    clock += 3_600_000;
    assert.equal(get(limited, id).status, 200);
  });
});
