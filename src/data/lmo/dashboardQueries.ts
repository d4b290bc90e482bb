/**
 * The dashboard's server-side aggregates: thirteen queries in three Composite calls that go out
 * together (one round trip), whatever the install-base size. A second round trip happens only
 * when it must: licenses that store an 18-character org id (their 15-character twins are looked
 * up so distinct-org counts are exact), an org that refuses GROUP BY CUBE with COUNT_DISTINCT
 * (plain GROUP BY queries instead, remembered per connection), or one whose License history
 * cannot be read (churn from LastModifiedDate instead, labelled so).
 *
 * What SOQL cannot aggregate: COUNT_DISTINCT compares org ids as stored, and cannot compare them
 * on their first 15 characters. The LMA writes the 15-character id, so licenses stored with an
 * 18-character id are rare; the cost of correcting for them grows with that anomaly, never with
 * the install base.
 */
import { addDays, addMonths } from '../../core/calendarDate';
import { type DashboardAggregates, type OrgIdForm } from '../../core/dashboard/fromAggregates';
import { type ChurnWindow, type MetricsOptions, type StatusChange, asOfEnd, churnWindow, churnedFromHistory } from '../../core/dashboard/installBaseMetrics';
import { type License } from '../../core/license';
import { type Package, type PackageVersion } from '../../core/package';
import { type LmoError, isLmoError } from '../org/errors';
import { CallMeter, type CallOptions, type QueryPage } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { chunkByWhereLength, raw, soql, soqlDate, soqlDateTime } from '../org/soql';
import { type LicenseFilter, whereClause } from './licenseFilter';
import { LICENSE_FIELDS, PACKAGE_FIELDS, PACKAGE_VERSION_FIELDS, toLicense, toPackage, toPackageVersion } from './records';

export interface DashboardData {
  readonly aggregates: DashboardAggregates;
  readonly packages: Package[];
  readonly versions: PackageVersion[];
  /** The ten live licenses that expire soonest (next 90 days), for the "renewing next" list. */
  readonly renewingNext: License[];
  /** API calls this load cost, and its sequential round trips. */
  readonly apiCalls: number;
  readonly roundTrips: number;
}

/** What an org turned out not to support, remembered per connection. */
export interface DashboardCapabilities {
  cube?: boolean;
  history?: boolean;
}

type Row = Record<string, unknown>;
type Settled = Record<string, QueryPage<Row> | LmoError>;
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
const text = (v: unknown) => (typeof v === 'string' ? v : null);
/** LIKE with 18 single-character wildcards: exactly 18 characters. */
const EIGHTEEN = `'${'_'.repeat(18)}'`;
const ORG = 'sfLma__Subscriber_Org_ID__c';
const orgIdForm = (r: Row): OrgIdForm => ({ orgId: String(r[ORG]), status: text(r.sfLma__Status__c), edition: text(r.sfLma__Org_Type__c) });

function page(settled: Settled, key: string): QueryPage<Row> {
  const value = settled[key];
  if (isLmoError(value)) throw value;
  if (!value) throw new Error(`missing query result ${key}`);
  return value;
}

/** The License history condition for the scope and the churn window: history rows are filtered through their Parent license. */
function historyScope(options: MetricsOptions): string {
  const { from, until } = churnWindow(options);
  const parts = [soql`Field = ${'sfLma__Status__c'}`, `CreatedDate >= ${soqlDateTime(from)}`, `CreatedDate < ${soqlDateTime(until)}`];
  if (options.packageId) parts.push(soql`Parent.sfLma__Package__c = ${options.packageId}`);
  if (!options.includeSandboxes) parts.push('Parent.sfLma__Subscriber_Org_Is_Sandbox__c = false');
  return parts.join(' AND ');
}

export async function fetchDashboardAggregates(
  api: OrgClient,
  options: MetricsOptions,
  caps: DashboardCapabilities,
  call: CallOptions = {},
): Promise<DashboardData> {
  const meter = call.meter ?? new CallMeter();
  const opts = { ...call, meter };
  const { today } = options;
  // As of today: licenses created after it ends are left out of every number (docs/salesforce/metrics.md).
  const scope: LicenseFilter = { packageId: options.packageId, includeSandboxes: options.includeSandboxes, createdBefore: asOfEnd(options) };
  const live: LicenseFilter = { ...scope, liveOnly: true };
  const window = `sfLma__Expiration__c >= ${soqlDate(today)} AND sfLma__Expiration__c <= ${soqlDate(addDays(today, 90))} AND sfLma__Expiration__c != 1970-01-01`;
  const firstMonth = addMonths(today, -11);
  const churn = churnWindow(options);

  const liveCounts = liveCountQueries(live, today, caps.cube !== false);
  const round1: Record<string, string> = {
    ...liveCounts,
    perSeat: `SELECT SUM(sfLma__Seats__c) seats, SUM(sfLma__Used_Licenses__c) used FROM sfLma__License__c${whereClause(live, today, 'sfLma__Seats__c >= 0')}`,
    site: `SELECT COUNT() FROM sfLma__License__c${whereClause(live, today, 'sfLma__Seats__c < 0')}`,
    renewals: `SELECT sfLma__Expiration__c expiration, COUNT(Id) licenses FROM sfLma__License__c${whereClause(live, today, window)} GROUP BY sfLma__Expiration__c`,
    renewalSeats: `SELECT sfLma__Expiration__c expiration, SUM(sfLma__Seats__c) seats FROM sfLma__License__c${whereClause(live, today, window, 'sfLma__Seats__c >= 0')} GROUP BY sfLma__Expiration__c`,
    byVersion: `SELECT sfLma__Package_Version__c version, COUNT(Id) licenses FROM sfLma__License__c${whereClause(live, today)} GROUP BY sfLma__Package_Version__c`,
    byStatus: `SELECT sfLma__Status__c status, COUNT(Id) licenses FROM sfLma__License__c${whereClause(scope, today)} GROUP BY sfLma__Status__c`,
    installs: `SELECT CALENDAR_YEAR(sfLma__Install_Date__c) year, CALENDAR_MONTH(sfLma__Install_Date__c) month, COUNT(Id) licenses FROM sfLma__License__c${whereClause(scope, today, `sfLma__Install_Date__c >= ${soqlDate(firstMonth)} AND sfLma__Install_Date__c <= ${soqlDate(today)}`)} GROUP BY CALENDAR_YEAR(sfLma__Install_Date__c), CALENDAR_MONTH(sfLma__Install_Date__c)`,
    churn: caps.history === false ? lastModifiedChurn(scope, today, churn) : historyQuery(historyScope(options)),
    eighteen: `SELECT ${ORG}, sfLma__Status__c, sfLma__Org_Type__c FROM sfLma__License__c${whereClause(live, today, `${ORG} LIKE ${EIGHTEEN}`)}`,
    packages: `SELECT ${PACKAGE_FIELDS.join(', ')} FROM sfLma__Package__c ORDER BY Name, Id`,
    versions: `SELECT ${PACKAGE_VERSION_FIELDS.join(', ')} FROM sfLma__Package_Version__c ORDER BY sfLma__Package__c, sfLma__Release_Date__c, Id`,
    renewingNext: `SELECT ${LICENSE_FIELDS.join(', ')} FROM sfLma__License__c${whereClause(live, today, window)} ORDER BY sfLma__Expiration__c, Id LIMIT 10`,
  };
  const first = await api.compositeQueriesSettled<Row>(round1, { ...opts, firstPageOnly: ['churn'] });
  let roundTrips = 1;

  // Round two, only for what round one could not settle.
  const round2: Record<string, string> = {};
  const cubeRefused = caps.cube !== false && isLmoError(first.liveCube) && first.liveCube.kind === 'invalidQuery';
  if (cubeRefused) {
    caps.cube = false;
    Object.assign(round2, liveCountQueries(live, today, false));
  } else if (caps.cube !== false && !isLmoError(first.liveCube)) caps.cube = true;
  const historyRefused = caps.history !== false && isLmoError(first.churn) && ['lmaMissing', 'invalidQuery', 'permission'].includes(first.churn.kind);
  if (historyRefused) {
    caps.history = false;
    round2.churnFallback = lastModifiedChurn(scope, today, churn);
  } else if (caps.history !== false && !isLmoError(first.churn)) caps.history = true;
  const eighteen = page(first, 'eighteen').records.map(orgIdForm);
  const prefixes = [...new Set(eighteen.map((e) => e.orgId.slice(0, 15)))];
  const twinQuery = (chunk: readonly string[]) =>
    `SELECT ${ORG}, sfLma__Status__c, sfLma__Org_Type__c FROM sfLma__License__c${whereClause(live, today, soql`${raw(ORG)} IN ${chunk}`)}`;
  chunkByWhereLength(prefixes, (chunk) => whereClause(live, today, soql`${raw(ORG)} IN ${chunk}`).replace(/^ WHERE /, '')).forEach(
    (chunk, i) => (round2[`twins${i}`] = twinQuery(chunk)),
  );
  // Status changes past the first page: the rest of the period in time windows, all at once.
  const churnPage = first.churn;
  const windows =
    caps.history !== false && !isLmoError(churnPage) && !churnPage.done ? historyWindows(churnPage, historyScope(options), Date.parse(churn.until)) : {};
  Object.assign(round2, windows);
  const second: Settled = Object.keys(round2).length ? await api.compositeQueriesSettled<Row>(round2, opts) : {};
  if (Object.keys(round2).length) roundTrips++;
  const all: Settled = { ...first, ...second };

  const counts = liveCountsFrom(all, caps.cube !== false);
  const perSeat = page(all, 'perSeat').records[0] ?? {};
  const twins = Object.keys(all)
    .filter((k) => k.startsWith('twins'))
    .flatMap((k) => page(all, k).records.map(orgIdForm));
  let churned: number;
  if (caps.history === false) churned = page(all, historyRefused ? 'churnFallback' : 'churn').totalSize;
  else {
    // Windows overlap at their edges (same CreatedDate): each history row counts once, by its Id.
    const rows = new Map<string, Row>();
    for (const key of ['churn', ...Object.keys(windows)]) for (const r of page(all, key).records) rows.set(String(r.Id), r);
    const changes: StatusChange[] = [...rows.values()].map((r) => ({ licenseId: String(r.ParentId), newStatus: text(r.NewValue), at: String(r.CreatedDate) }));
    churned = churnedFromHistory(changes, churn);
  }

  return {
    aggregates: {
      ...counts,
      perSeat: { seats: num(perSeat.seats), used: num(perSeat.used) },
      siteLicenses: page(all, 'site').totalSize,
      renewalLicenses: page(all, 'renewals').records.map((r) => ({ expiration: String(r.expiration) as typeof today, licenses: num(r.licenses) })),
      renewalSeats: page(all, 'renewalSeats').records.map((r) => ({ expiration: String(r.expiration) as typeof today, seats: num(r.seats) })),
      liveByVersion: new Map(page(all, 'byVersion').records.map((r) => [String(r.version ?? ''), num(r.licenses)])),
      byStatus: page(all, 'byStatus').records.map((r) => ({ status: text(r.status), licenses: num(r.licenses) })),
      installsByMonth: page(all, 'installs')
        .records.filter((r) => r.year !== null && r.month !== null)
        .map((r) => ({ year: num(r.year), month: num(r.month), licenses: num(r.licenses) })),
      churned,
      churnSource: caps.history === false ? 'lastModified' : 'history',
      eighteenCharacterIds: eighteen,
      fifteenCharacterTwins: twins,
    },
    packages: page(all, 'packages').records.map(toPackage),
    versions: page(all, 'versions')
      .records.map(toPackageVersion)
      .filter((v): v is PackageVersion => v !== undefined),
    renewingNext: page(all, 'renewingNext').records.map(toLicense),
    apiCalls: meter.calls,
    roundTrips,
  };
}

function historyQuery(where: string): string {
  return `SELECT Id, ParentId, NewValue, CreatedDate FROM sfLma__License__History WHERE ${where} ORDER BY CreatedDate, Id`;
}

/** Rows per window aimed for, below the 2,000 of a page (changes do not spread evenly over time). */
const WINDOW_ROWS = 1_200;

/**
 * The rest of a history query whose first page did not hold every row: the time after the first
 * page's last row, cut into windows expected to hold one page each, queried together. A window
 * that still overflows is completed with queryMore, so nothing is lost if changes bunch up.
 */
function historyWindows(first: QueryPage<Row>, where: string, endMs: number): Record<string, string> {
  const last = first.records[first.records.length - 1];
  const fromMs = Date.parse(String(last?.CreatedDate ?? '').replace(/\+0000$/, 'Z'));
  const remaining = first.totalSize - first.records.length;
  if (!last || Number.isNaN(fromMs) || remaining <= 0) return {};
  const count = Math.max(1, Math.ceil(remaining / WINDOW_ROWS));
  const step = Math.max(1000, endMs - fromMs) / count;
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const start = soqlDateTime(new Date(Math.floor(fromMs + step * i)));
    const end = soqlDateTime(new Date(Math.floor(fromMs + step * (i + 1))));
    // The first window includes the last row's second (ties with it may not have fit the page).
    // The last window ends where the scope's own bound does (the end of today).
    out[`churnWindow${i}`] = historyQuery(`${where} AND CreatedDate ${i === 0 ? '>=' : '>'} ${start}${i === count - 1 ? '' : ` AND CreatedDate <= ${end}`}`);
  }
  return out;
}

/** Churn when history cannot be read: Uninstalled or Suspended licenses last modified in the period (up to the end of today). */
function lastModifiedChurn(scope: LicenseFilter, today: MetricsOptions['today'], churn: ChurnWindow): string {
  const within = `LastModifiedDate >= ${soqlDateTime(churn.from)} AND LastModifiedDate < ${soqlDateTime(churn.until)}`;
  return `SELECT COUNT() FROM sfLma__License__c${whereClause({ ...scope, statuses: ['Uninstalled', 'Suspended'] }, today, within)}`;
}

/** Live licenses and distinct orgs: one GROUP BY CUBE, or three plain aggregates where CUBE is refused. */
function liveCountQueries(live: LicenseFilter, today: MetricsOptions['today'], cube: boolean): Record<string, string> {
  const where = whereClause(live, today);
  if (cube) {
    return {
      liveCube: `SELECT sfLma__Status__c status, sfLma__Org_Type__c edition, COUNT(Id) licenses, COUNT_DISTINCT(${ORG}) orgs, GROUPING(sfLma__Status__c) statusRolled, GROUPING(sfLma__Org_Type__c) editionRolled FROM sfLma__License__c${where} GROUP BY CUBE(sfLma__Status__c, sfLma__Org_Type__c)`,
    };
  }
  return {
    liveTotal: `SELECT COUNT(Id) licenses, COUNT_DISTINCT(${ORG}) orgs FROM sfLma__License__c${where}`,
    liveByStatus: `SELECT sfLma__Status__c status, COUNT(Id) licenses, COUNT_DISTINCT(${ORG}) orgs FROM sfLma__License__c${where} GROUP BY sfLma__Status__c`,
    liveByEdition: `SELECT sfLma__Org_Type__c edition, COUNT_DISTINCT(${ORG}) orgs FROM sfLma__License__c${where} GROUP BY sfLma__Org_Type__c`,
  };
}

function liveCountsFrom(all: Settled, cube: boolean): Pick<DashboardAggregates, 'live' | 'liveByStatus' | 'liveOrgsByEdition'> {
  if (cube) {
    const rows = page(all, 'liveCube').records;
    const grand = rows.find((r) => num(r.statusRolled) === 1 && num(r.editionRolled) === 1);
    return {
      live: { licenses: num(grand?.licenses), orgs: num(grand?.orgs) },
      liveByStatus: rows
        .filter((r) => num(r.statusRolled) === 0 && num(r.editionRolled) === 1)
        .map((r) => ({ status: text(r.status), licenses: num(r.licenses), orgs: num(r.orgs) })),
      liveOrgsByEdition: rows
        .filter((r) => num(r.statusRolled) === 1 && num(r.editionRolled) === 0)
        .map((r) => ({ edition: text(r.edition), orgs: num(r.orgs) })),
    };
  }
  const total = page(all, 'liveTotal').records[0] ?? {};
  return {
    live: { licenses: num(total.licenses), orgs: num(total.orgs) },
    liveByStatus: page(all, 'liveByStatus').records.map((r) => ({ status: text(r.status), licenses: num(r.licenses), orgs: num(r.orgs) })),
    liveOrgsByEdition: page(all, 'liveByEdition').records.map((r) => ({ edition: text(r.edition), orgs: num(r.orgs) })),
  };
}
