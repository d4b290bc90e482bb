/**
 * Step 5, verified: the generated reports and dashboard exist in the LMO, the Home page carries the
 * dashboard and is assigned, and each report's total equals the product's own figure for the same
 * scope and day (docs/salesforce/lmo-dashboard.md#verify). A difference is a finding with both
 * figures; the step is done only when everything holds.
 */
import { type StepContribution, plural } from '../checklist/input';
import { type Evidence, type Finding, type SetupAction, worstVerdict } from '../checklist/verdicts';
import { type InstallBaseMetrics } from '../dashboard/installBaseMetrics';
import { LMO_DASHBOARDS_PATH } from '../checklist/steps/dashboard';
import { singleLine } from '../displayText';
import { type LmoDashboardOptions } from './options';
import { LICENSE_HISTORY_REPORT_TYPE, type ReportKey, type ReportSpec, reportSpecs } from './reports';

/** A record the org has, by developer name. */
export interface FoundRecord {
  readonly id: string;
  readonly developerName: string;
  readonly folderName?: string;
}

/** What the org has of the generated metadata. */
export interface DeployedDashboard {
  readonly reports: readonly FoundRecord[];
  readonly dashboard: FoundRecord | undefined;
  readonly homePage: FoundRecord | undefined;
  /** Whether the Home page is assigned for the app and profile; undefined when that could not be read. */
  readonly assigned: boolean | undefined;
  /** What could not be read (no access, an object this org does not have), with the org's words: not "missing". */
  readonly unread?: readonly { readonly what: 'reports' | 'dashboard' | 'homePage'; readonly message: string }[];
}

/** A report's totals as the Analytics REST API ran it (its grand total: "T!T"). */
export interface ReportTotals {
  readonly rowCount: number;
  /** Groupings at the first level (a summary report's groups). */
  readonly groups: number;
  /** Sums by column (`sfLma__License__c.sfLma__Seats__c`). */
  readonly sums: Readonly<Record<string, number>>;
}

export type ReportRun = { readonly ok: true; readonly totals: ReportTotals } | { readonly ok: false; readonly message: string };

export interface ReportComparison {
  readonly key: ReportKey;
  readonly developerName: string;
  readonly label: string;
  readonly ours: number;
  /** Undefined when the report is missing or its run failed. */
  readonly theirs: number | undefined;
  /** What went wrong when there is no figure. */
  readonly problem?: string;
  /** Both figures count different things (the churn approximation against the history count): shown, not compared. */
  readonly approximation?: boolean;
  /** The difference is accounted for: the report's figure is what the org holds counted as the report counts (ids as written). */
  readonly explained?: boolean;
}

export interface LmoDashboardCheck {
  readonly contribution: StepContribution;
  readonly comparisons: readonly ReportComparison[];
}

/** The developer name of a report as the generator writes it. */
export const reportDeveloperName = (o: LmoDashboardOptions, spec: Pick<ReportSpec, 'name'>): string => `${o.reportPrefix}${spec.name}`;

/**
 * The product's metric as a report's totals give it (not always what its dashboard tile shows: the
 * Active subscribers tile counts licenses, the report's groups are the orgs).
 */
export function reportFigure(spec: ReportSpec, totals: ReportTotals): number {
  // Grouped counts (subscribers by org, churned licenses in history by license) are the number of groups.
  if (spec.key === 'activeSubscribers' || spec.reportType === LICENSE_HISTORY_REPORT_TYPE) return totals.groups;
  if (spec.measure.kind === 'sum') return totals.sums[spec.measure.column] ?? 0;
  return totals.rowCount;
}

/** The product's own figure for a report (docs/salesforce/metrics.md). */
export function ourFigure(key: ReportKey, m: InstallBaseMetrics): number {
  switch (key) {
    case 'activeSubscribers':
      return m.activeSubscribers;
    case 'seats':
      return m.seats;
    case 'siteLicenses':
      return m.siteLicenses;
    case 'renewals0to30':
      return m.renewals[0]?.licenses ?? 0;
    case 'renewals31to60':
      return m.renewals[1]?.licenses ?? 0;
    case 'renewals61to90':
      return m.renewals[2]?.licenses ?? 0;
    case 'churn':
      return m.churn.churned;
  }
}

/** Why a report may count more subscribers than the product (docs/salesforce/lmo-dashboard.md#verify). */
export const TWO_IDS =
  'A report groups Subscriber Org ID as it is written, so an org recorded under both its 15- and its 18-character id counts twice there; this product counts it once.';

const UNREAD_WORDS = { reports: 'reports (Report)', dashboard: 'dashboard (Dashboard)', homePage: 'Home page (Tooling FlexiPage)' } as const;

const byName = (records: readonly FoundRecord[], name: string) => records.find((r) => r.developerName.toLowerCase() === name.toLowerCase());

export function checkLmoDashboard(
  o: LmoDashboardOptions,
  deployed: DeployedDashboard,
  runs: ReadonlyMap<string, ReportRun>,
  metrics: InstallBaseMetrics,
  /** Distinct subscriber org ids as written (the report's grouping), when the report counted more than the product. */
  counted: { readonly activeSubscribersAsWritten?: number } = {},
): LmoDashboardCheck {
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  const specs = reportSpecs(o);
  const title = singleLine(o.dashboardTitle, 80);
  const comparisons: ReportComparison[] = specs.map((spec) => {
    const developerName = reportDeveloperName(o, spec);
    const found = byName(deployed.reports, developerName);
    const ours = ourFigure(spec.key, metrics);
    const base = { key: spec.key, developerName, label: spec.label, ours };
    if (!found) return { ...base, theirs: undefined, problem: 'not in the org' };
    const run = runs.get(found.id);
    if (!run) return { ...base, theirs: undefined, problem: 'not run' };
    if (!run.ok) return { ...base, theirs: undefined, problem: run.message };
    const approximation = spec.key === 'churn' && o.churn === 'approximation' && metrics.churn.source === 'history';
    const theirs = reportFigure(spec, run.totals);
    const explained = spec.key === 'activeSubscribers' && theirs > ours && theirs === counted.activeSubscribersAsWritten;
    return { ...base, theirs, ...(approximation ? { approximation } : {}), ...(explained ? { explained } : {}) };
  });

  const unread = deployed.unread ?? [];
  for (const u of unread) findings.push({ level: 'unverifiable', text: `The ${UNREAD_WORDS[u.what]} could not be read: ${singleLine(u.message, 200)}` });
  const missingReports = unread.length ? [] : comparisons.filter((c) => c.problem === 'not in the org');
  if (unread.length) {
    // Nothing is called missing when part of it could not be read.
  } else if (!deployed.dashboard && missingReports.length === specs.length)
    findings.push({ level: 'missing', text: `The dashboard “${title}” and its reports are not in this LMO: generate them and deploy them.` });
  else {
    if (!deployed.dashboard)
      findings.push({ level: 'missing', text: `The dashboard ${o.dashboardFolder.developerName}/${o.dashboardDeveloperName} is not in this LMO.` });
    if (missingReports.length)
      findings.push({
        level: 'missing',
        text: `${plural(missingReports.length, 'report')} not in this LMO: ${missingReports.map((c) => c.developerName).join(', ')}.`,
      });
    if (!deployed.homePage)
      findings.push({
        level: 'attention',
        text: `The Home page ${o.homePageDeveloperName} carrying the dashboard is not in this LMO: the executives do not see it.`,
      });
    else if (deployed.assigned === false)
      findings.push({
        level: 'attention',
        text: `The Home page ${o.homePageDeveloperName} is not assigned for the app ${o.app} and the profile ${singleLine(o.profile, 60)}.`,
      });
    else if (deployed.assigned === undefined)
      findings.push({
        level: 'unverifiable',
        text: `Whether ${o.homePageDeveloperName} is assigned as the Home page could not be read: check it in Setup, Lightning App Builder.`,
      });
  }
  for (const c of comparisons) {
    if (c.problem === 'not in the org') continue;
    if (c.theirs === undefined)
      findings.push({ level: 'unverifiable', text: `${c.label}: the report could not be run (${singleLine(c.problem ?? '', 160)}).` });
    else if (c.approximation)
      findings.push({
        level: 'info',
        text: `${c.label}: the report counts ${c.theirs.toLocaleString('en-US')}, an approximation; License history counts ${c.ours.toLocaleString('en-US')}.`,
      });
    else if (c.explained)
      findings.push({
        level: 'info',
        text: `${c.label}: the report counts ${c.theirs.toLocaleString('en-US')}, this product ${c.ours.toLocaleString('en-US')}. ${TWO_IDS} The org holds exactly ${c.theirs.toLocaleString('en-US')} ids as written: the report is right by its own count.`,
      });
    else if (c.theirs !== c.ours)
      findings.push({
        level: 'attention',
        text: `${c.label}: the report counts ${c.theirs.toLocaleString('en-US')}, this product ${c.ours.toLocaleString('en-US')}.${c.key === 'activeSubscribers' && c.theirs > c.ours ? ` ${TWO_IDS}` : ''}`,
      });
    const found = byName(deployed.reports, c.developerName);
    evidence.push({
      label: c.label,
      detail: c.theirs === undefined ? (c.problem ?? 'not run') : `report ${c.theirs.toLocaleString('en-US')} · product ${c.ours.toLocaleString('en-US')}`,
      source: 'Report (SOQL) · /analytics/reports/{id}',
      recordId: found?.id,
    });
  }
  if (!findings.some((f) => f.level !== 'info'))
    findings.push({
      level: 'done',
      text: `“${title}” is in this LMO on the Home page ${o.homePageDeveloperName}, and every report’s total agrees with this product’s${comparisons.some((c) => c.explained || c.approximation) ? ' (as the notes above explain)' : ''}.`,
    });
  const verdict = worstVerdict(findings);
  // The page is there but not assigned: pin it; the page itself missing: build (deploy) again.
  const unpinned = !unread.length && deployed.dashboard && deployed.homePage && deployed.assigned === false;
  const pageMissing = !unread.length && deployed.dashboard && !deployed.homePage;
  const action: SetupAction | undefined =
    verdict === 'done'
      ? deployed.dashboard && { kind: 'openInOrg', label: 'Open the Dashboard in the LMO', target: `/lightning/r/Dashboard/${deployed.dashboard.id}/view` }
      : verdict === 'missing'
        ? { kind: 'buildLmoDashboard', label: 'Build the Executive Dashboard…' }
        : unpinned
          ? { kind: 'pinLmoDashboard', label: 'Pin the Executive Home Page…' }
          : pageMissing
            ? { kind: 'buildLmoDashboard', label: 'Build the Executive Dashboard…' }
            : { kind: 'openInOrg', label: 'Open Dashboards in the LMO', target: LMO_DASHBOARDS_PATH };
  return { contribution: { verdict, findings, evidence, action }, comparisons };
}
