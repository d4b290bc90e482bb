/**
 * What an LMO has of the generated executives' dashboard, and each report run through the
 * Analytics REST API (docs/salesforce/lmo-dashboard.md#verify): `Report` and `Dashboard` rows by
 * developer name (SOQL), the Home page (Tooling FlexiPage), its assignment (Tooling
 * CustomApplication's Metadata: profileActionOverrides), and `GET /analytics/reports/{id}` per
 * report, whose grand total ("T!T") is compared with the product's figure.
 * Costs: 5 queries and one run per report found; runs count against the org's 500 synchronous
 * report runs an hour.
 */
import { type CalendarDate } from '../../core/calendarDate';
import {
  type DeployedDashboard,
  type FoundRecord,
  type LmoDashboardCheck,
  type ReportRun,
  type ReportTotals,
  checkLmoDashboard,
  reportDeveloperName,
} from '../../core/lmoDashboard/verify';
import { type LmoDashboardOptions } from '../../core/lmoDashboard/options';
import { assignsPage, overridesOf } from '../../core/lmoDashboard/pin';
import { reportSpecs } from '../../core/lmoDashboard/reports';
import { isLmoError } from '../org/errors';
import { CallMeter, type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { soql } from '../org/soql';
import { whereClause } from './licenseFilter';
import { type LicenseManagementOrg } from './licenseManagementOrg';

/** Errors that stop the check: another call would only fail the same way. */
const FATAL = new Set(['sessionExpired', 'apiLimit', 'network', 'cancelled', 'timeout']);

const found = (r: Record<string, unknown>): FoundRecord => ({
  id: String(r.Id),
  developerName: String(r.DeveloperName),
  ...(typeof r.FolderName === 'string' ? { folderName: r.FolderName } : {}),
});

/** A query that may fail for want of access: its message then (the caller says "could not be read"). */
async function tryQuery(
  client: OrgClient,
  query: string,
  options: CallOptions & { tooling?: boolean },
): Promise<Record<string, unknown>[] | { readonly failed: string }> {
  try {
    return (await client.query<Record<string, unknown>>(query, options)).records;
  } catch (err) {
    if (!isLmoError(err) || FATAL.has(err.kind)) throw err;
    return { failed: err.errorCode ? `${err.errorCode}: ${err.message}` : err.message };
  }
}

const rows = (r: Record<string, unknown>[] | { failed: string }) => (Array.isArray(r) ? r : undefined);

export async function readDeployedDashboard(client: OrgClient, o: LmoDashboardOptions, options: CallOptions = {}): Promise<DeployedDashboard> {
  const names = reportSpecs(o).map((s) => reportDeveloperName(o, s));
  const [reports, dashboards, pages, apps, profiles] = await Promise.all([
    tryQuery(client, soql`SELECT Id, DeveloperName, FolderName, Name FROM Report WHERE DeveloperName IN ${names}`, options),
    tryQuery(client, soql`SELECT Id, DeveloperName, FolderName, Title FROM Dashboard WHERE DeveloperName = ${o.dashboardDeveloperName}`, options),
    tryQuery(client, soql`SELECT Id, DeveloperName FROM FlexiPage WHERE DeveloperName = ${o.homePageDeveloperName}`, { ...options, tooling: true }),
    // Tooling returns Metadata only for a query that selects one record (Tooling API: "CustomApplication").
    tryQuery(client, soql`SELECT Id, DeveloperName, Metadata FROM CustomApplication WHERE DeveloperName = ${appDeveloperName(o.app)} LIMIT 1`, {
      ...options,
      tooling: true,
    }),
    // An override names the profile by its metadata full name, which only a one-row query returns (Tooling API: Profile).
    tryQuery(client, soql`SELECT Id, Name, FullName FROM Profile WHERE Name = ${o.profile} LIMIT 1`, { ...options, tooling: true }),
  ]);
  const fullName = rows(profiles)?.[0]?.FullName;
  const page = rows(pages)?.[0];
  const homePage = page ? found(page) : undefined;
  const app = rows(apps);
  const unread: { what: 'reports' | 'dashboard' | 'homePage'; message: string }[] = [];
  for (const [what, r] of [
    ['reports', reports],
    ['dashboard', dashboards],
    ['homePage', pages],
  ] as const)
    if (!Array.isArray(r)) unread.push({ what, message: r.failed });
  return {
    reports: (rows(reports) ?? []).map(found),
    dashboard: rows(dashboards)?.[0] ? found(rows(dashboards)![0]) : undefined,
    homePage,
    assigned: app === undefined ? undefined : homePage ? assignedIn(app[0]?.Metadata, o, typeof fullName === 'string' ? fullName : undefined) : false,
    ...(unread.length ? { unread } : {}),
  };
}

/** `standard__LightningSales` → its developer name in Tooling (the namespace prefix apart). */
function appDeveloperName(app: string): string {
  const i = app.indexOf('__');
  return i < 0 ? app : app.slice(i + 2);
}

/**
 * Whether the app's profileActionOverrides put the page on the desktop Home tab for the profile,
 * named in the override by its metadata full name (`Admin` for System Administrator) or its name.
 */
export function assignedIn(metadata: unknown, o: LmoDashboardOptions, profileFullName?: string): boolean {
  const names = profileFullName ? [o.profile, profileFullName] : [o.profile];
  return overridesOf(metadata).some((x) => assignsPage(x, o.homePageDeveloperName, names));
}

/** Runs one report synchronously and reads its grand total. */
export async function runReport(client: OrgClient, id: string, options: CallOptions = {}): Promise<ReportRun> {
  if (!/^00O[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(id)) return { ok: false, message: `${id} is not a report id` };
  try {
    const body = await client.request<unknown>('GET', `/analytics/reports/${id}`, undefined, options);
    return reportTotals(body);
  } catch (err) {
    if (!isLmoError(err) || FATAL.has(err.kind)) throw err;
    return { ok: false, message: err.errorCode ? `${err.errorCode}: ${err.message}` : err.message };
  }
}

/**
 * The grand total of a report run: the "T!T" fact's aggregates, in the order of
 * reportMetadata.aggregates ("RowCount", "s!<column>" for a sum), and the first level of groupings.
 */
export function reportTotals(body: unknown): ReportRun {
  const b = body as {
    reportMetadata?: { aggregates?: unknown };
    factMap?: Record<string, { aggregates?: { value?: unknown }[] }>;
    groupingsDown?: { groupings?: unknown[] };
  };
  const names = b?.reportMetadata?.aggregates;
  const values = b?.factMap?.['T!T']?.aggregates;
  if (!Array.isArray(names) || !Array.isArray(values)) return { ok: false, message: 'the report run had no grand total (T!T)' };
  let rowCount: number | undefined;
  const sums: Record<string, number> = {};
  names.forEach((name, i) => {
    const value = values[i]?.value;
    if (typeof name !== 'string' || typeof value !== 'number') return;
    if (name === 'RowCount') rowCount = value;
    else if (name.startsWith('s!')) sums[name.slice(2)] = value;
  });
  if (rowCount === undefined) return { ok: false, message: 'the report run had no row count' };
  const totals: ReportTotals = { rowCount, groups: Array.isArray(b.groupingsDown?.groupings) ? b.groupingsDown.groupings.length : 0, sums };
  return { ok: true, totals };
}

export interface LmoDashboardVerification extends LmoDashboardCheck {
  readonly deployed: DeployedDashboard;
  /** API calls it took: 5 queries, one run per report found, and the product's own metrics. */
  readonly apiCalls: number;
}

/** Step 5 checked in the org: what it has, each report run, and the product's figures for the same scope and day. */
export async function verifyLmoDashboardIn(
  lmo: LicenseManagementOrg,
  o: LmoDashboardOptions,
  today: CalendarDate,
  options: CallOptions = {},
): Promise<LmoDashboardVerification> {
  const meter = options.meter ?? new CallMeter();
  const before = meter.calls;
  const call = { ...options, meter };
  const [deployed, dashboard] = await Promise.all([
    readDeployedDashboard(lmo.client, o, call),
    lmo.dashboard({ today, includeSandboxes: o.includeSandboxes, churnDays: o.churnDays }, call),
  ]);
  // One synchronous run per report found (the org allows 500 an hour).
  const runs = new Map<string, ReportRun>(await Promise.all(deployed.reports.map(async (r) => [r.id, await runReport(lmo.client, r.id, call)] as const)));
  let check = checkLmoDashboard(o, deployed, runs, dashboard.metrics);
  // More subscribers in the report than here: count the orgs as the report groups them (ids as written), one query.
  const subscribers = check.comparisons.find((c) => c.key === 'activeSubscribers');
  if (subscribers?.theirs !== undefined && subscribers.theirs > subscribers.ours) {
    const where = whereClause({ statuses: ['Active'], includeExpired: false, includeSandboxes: o.includeSandboxes }, today);
    const [row] = (await lmo.client.query<{ orgs?: number }>(`SELECT COUNT_DISTINCT(sfLma__Subscriber_Org_ID__c) orgs FROM sfLma__License__c${where}`, call))
      .records;
    if (row?.orgs === subscribers.theirs) check = checkLmoDashboard(o, deployed, runs, dashboard.metrics, { activeSubscribersAsWritten: row.orgs });
  }
  return { ...check, deployed, apiCalls: meter.calls - before };
}
