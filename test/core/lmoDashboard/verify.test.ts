/** Step 5 verified (docs/salesforce/lmo-dashboard.md#verify): what the org has, and each report's total against the product's. */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { type InstallBaseMetrics } from '../../../src/core/dashboard/installBaseMetrics';
import { DEFAULT_OPTIONS, type LmoDashboardOptions } from '../../../src/core/lmoDashboard/options';
import { COLUMN, reportSpecs } from '../../../src/core/lmoDashboard/reports';
import {
  type DeployedDashboard,
  type ReportRun,
  type ReportTotals,
  checkLmoDashboard,
  ourFigure,
  reportDeveloperName,
  reportFigure,
} from '../../../src/core/lmoDashboard/verify';

/** The product's figures (only those step 5 compares). */
const metrics = (over: Partial<InstallBaseMetrics> = {}): InstallBaseMetrics =>
  ({
    activeSubscribers: 12,
    seats: 340,
    siteLicenses: 2,
    renewals: [
      { label: '0–30 days', from: '2026-12-08', to: '2027-01-07', licenses: 4, seats: 40 },
      { label: '31–60 days', from: '2027-01-08', to: '2027-02-06', licenses: 5, seats: 50 },
      { label: '61–90 days', from: '2027-02-07', to: '2027-03-08', licenses: 6, seats: 60 },
    ],
    churn: { periodDays: 90, since: '2026-09-09', churned: 3, rate: 0.1, source: 'lastModified' },
    ...over,
  }) as unknown as InstallBaseMetrics;

/** Totals a report run gives when it agrees with the product. */
function agreeingTotals(o: LmoDashboardOptions, m: InstallBaseMetrics): Map<string, ReportTotals> {
  const out = new Map<string, ReportTotals>();
  for (const spec of reportSpecs(o)) {
    const ours = ourFigure(spec.key, m);
    const grouped = spec.key === 'activeSubscribers' || spec.reportType.startsWith('CustomEntityHistory$');
    out.set(spec.key, {
      rowCount: grouped ? ours + 5 : spec.measure.kind === 'sum' ? 9 : ours,
      groups: grouped ? ours : 1,
      sums: spec.measure.kind === 'sum' ? { [spec.measure.column]: ours } : {},
    });
  }
  return out;
}

function deployedAll(o: LmoDashboardOptions, assigned = true): DeployedDashboard {
  return {
    reports: reportSpecs(o).map((s, i) => ({ id: `00O00000000000${i}AAA`, developerName: reportDeveloperName(o, s), folderName: o.reportFolder.label })),
    dashboard: { id: '01Z000000000001AAA', developerName: o.dashboardDeveloperName },
    homePage: { id: '0M0000000000001AAA', developerName: o.homePageDeveloperName },
    assigned,
  };
}

function runsFor(o: LmoDashboardOptions, deployed: DeployedDashboard, totals: Map<string, ReportTotals>, fail?: string): Map<string, ReportRun> {
  const runs = new Map<string, ReportRun>();
  for (const spec of reportSpecs(o)) {
    const found = deployed.reports.find((r) => r.developerName === reportDeveloperName(o, spec));
    if (!found) continue;
    runs.set(found.id, fail === spec.key ? { ok: false, message: 'REPORT_RUN_LIMIT_EXCEEDED' } : { ok: true, totals: totals.get(spec.key)! });
  }
  return runs;
}

describe('lmo-dashboard verify', () => {
  const o = DEFAULT_OPTIONS;

  it('reads the figure each report shows: groups for subscribers, the seat sum, row counts otherwise', () => {
    const [subscribers, seats, site] = reportSpecs(o);
    const totals: ReportTotals = { rowCount: 30, groups: 7, sums: { [COLUMN.seats]: 410 } };
    assert.equal(reportFigure(subscribers, totals), 7);
    assert.equal(reportFigure(seats, totals), 410);
    assert.equal(reportFigure(site, totals), 30);
    const history = reportSpecs({ ...o, churn: 'history' }).find((s) => s.key === 'churn')!;
    assert.equal(reportFigure(history, totals), 7, 'history rows are changes; its groups are the churned licenses');
  });

  it('an org without any of it: missing, and says to generate and deploy', () => {
    const check = checkLmoDashboard(o, { reports: [], dashboard: undefined, homePage: undefined, assigned: undefined }, new Map(), metrics());
    assert.equal(check.contribution.verdict, 'missing');
    assert.match(check.contribution.findings.map((f) => f.text).join('\n'), /not in this LMO: generate them and deploy them/);
    assert.deepEqual(check.contribution.action, { kind: 'buildLmoDashboard', label: 'Build the Executive Dashboard…' });
  });

  it('everything deployed, pinned and agreeing: done, and the action opens the dashboard', () => {
    const m = metrics();
    const deployed = deployedAll(o);
    const check = checkLmoDashboard(o, deployed, runsFor(o, deployed, agreeingTotals(o, m)), m);
    assert.equal(check.contribution.verdict, 'done', JSON.stringify(check.contribution.findings));
    assert.equal(check.contribution.action?.target, '/lightning/r/Dashboard/01Z000000000001AAA/view');
    assert.equal(check.comparisons.length, 7);
    assert.ok(check.comparisons.every((c) => c.theirs === c.ours));
  });

  it('a total that differs: needs attention, with both figures', () => {
    const m = metrics();
    const deployed = deployedAll(o);
    const totals = agreeingTotals(o, m);
    totals.set('seats', { rowCount: 9, groups: 1, sums: { [COLUMN.seats]: 338 } });
    const check = checkLmoDashboard(o, deployed, runsFor(o, deployed, totals), m);
    assert.equal(check.contribution.verdict, 'attention');
    const text = check.contribution.findings.map((f) => f.text).join('\n');
    assert.match(text, /Seats \(per-seat licenses\): the report counts 338, this product 340/);
  });

  it('not pinned: needs attention; assignment unread: cannot be verified', () => {
    const m = metrics();
    const notAssigned = deployedAll(o, false);
    const unpinned = checkLmoDashboard(o, notAssigned, runsFor(o, notAssigned, agreeingTotals(o, m)), m).contribution;
    assert.equal(unpinned.verdict, 'attention');
    assert.deepEqual(unpinned.action, { kind: 'pinLmoDashboard', label: 'Pin the Executive Home Page…' });
    const noPage = { ...deployedAll(o), homePage: undefined };
    const pageMissing = checkLmoDashboard(o, noPage, runsFor(o, noPage, agreeingTotals(o, m)), m).contribution;
    assert.equal(pageMissing.verdict, 'attention');
    assert.deepEqual(pageMissing.action, { kind: 'buildLmoDashboard', label: 'Build the Executive Dashboard…' }, 'no page to pin: deploy it again');
    const unread = { ...deployedAll(o), assigned: undefined };
    assert.equal(checkLmoDashboard(o, unread, runsFor(o, unread, agreeingTotals(o, m)), m).contribution.verdict, 'unverifiable');
  });

  it('a report missing or failing to run is said by name', () => {
    const m = metrics();
    const deployed = deployedAll(o);
    const oneGone = { ...deployed, reports: deployed.reports.filter((r) => !r.developerName.endsWith('Site_Licenses')) };
    const gone = checkLmoDashboard(o, oneGone, runsFor(o, oneGone, agreeingTotals(o, m)), m);
    assert.equal(gone.contribution.verdict, 'missing');
    assert.match(gone.contribution.findings.map((f) => f.text).join('\n'), /1 report not in this LMO: LMA_Site_Licenses/);
    const failed = checkLmoDashboard(o, deployed, runsFor(o, deployed, agreeingTotals(o, m), 'churn'), m);
    assert.equal(failed.contribution.verdict, 'unverifiable');
    assert.match(failed.contribution.findings.map((f) => f.text).join('\n'), /Churn.*could not be run \(REPORT_RUN_LIMIT_EXCEEDED\)/);
  });

  it('more subscribers in the report: attention with the likely reason, or done when the ids as written account for exactly that many', () => {
    const m = metrics();
    const deployed = deployedAll(o);
    const totals = agreeingTotals(o, m);
    totals.set('activeSubscribers', { rowCount: 40, groups: 14, sums: {} });
    const runs = runsFor(o, deployed, totals);
    const unexplained = checkLmoDashboard(o, deployed, runs, m);
    assert.equal(unexplained.contribution.verdict, 'attention');
    assert.match(
      unexplained.contribution.findings.map((f) => f.text).join('\n'),
      /the report counts 14, this product 12\. A report groups Subscriber Org ID as it is written/,
    );
    assert.equal(
      checkLmoDashboard(o, deployed, runs, m, { activeSubscribersAsWritten: 13 }).contribution.verdict,
      'attention',
      'ids as written that do not account for it',
    );
    const explained = checkLmoDashboard(o, deployed, runs, m, { activeSubscribersAsWritten: 14 });
    assert.equal(explained.contribution.verdict, 'done');
    assert.equal(explained.comparisons[0].explained, true);
    assert.match(explained.contribution.findings.map((f) => `${f.level}: ${f.text}`).join('\n'), /info: Active subscribers: .*holds exactly 14 ids as written/);
  });

  it('what could not be read is unverifiable with the org’s words, never called missing', () => {
    const check = checkLmoDashboard(
      o,
      {
        reports: [],
        dashboard: undefined,
        homePage: undefined,
        assigned: undefined,
        unread: [{ what: 'reports', message: "INVALID_TYPE: sObject type 'Report' is not supported." }],
      },
      new Map(),
      metrics(),
    );
    assert.equal(check.contribution.verdict, 'unverifiable');
    const text = check.contribution.findings.map((f) => `${f.level}: ${f.text}`).join('\n');
    assert.match(text, /unverifiable: The reports \(Report\) could not be read: INVALID_TYPE: sObject type 'Report' is not supported\./);
    assert.doesNotMatch(text, /^missing/m);
  });

  it('the churn approximation against the history count: both shown, not called a difference', () => {
    const m = metrics({ churn: { periodDays: 90, since: calendarDate('2026-09-09'), churned: 3, rate: 0.1, source: 'history' } });
    const deployed = deployedAll(o);
    const totals = agreeingTotals(o, m);
    totals.set('churn', { rowCount: 8, groups: 1, sums: {} });
    const check = checkLmoDashboard(o, deployed, runsFor(o, deployed, totals), m);
    assert.equal(check.contribution.verdict, 'done');
    assert.match(check.contribution.findings.map((f) => f.text).join('\n'), /the report counts 8, an approximation; License history counts 3/);
  });

  it('finds the records whatever the case of their developer names (Salesforce compares them so)', () => {
    const m = metrics();
    const deployed = deployedAll(o);
    const upper = { ...deployed, reports: deployed.reports.map((r) => ({ ...r, developerName: r.developerName.toUpperCase() })) };
    assert.equal(checkLmoDashboard(o, upper, runsFor(o, deployed, agreeingTotals(o, m)), m).contribution.verdict, 'done');
  });
});
