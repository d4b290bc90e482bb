/**
 * The dashboard's server-side aggregates. Composite takes at most five queries per call, so the
 * eleven queries below cost three API calls whatever the install-base size.
 *
 * What SOQL cannot aggregate: COUNT_DISTINCT compares org ids as stored, and cannot compare them
 * on their first 15 characters. The LMA writes the 15-character id, so licenses stored with an
 * 18-character id are rare; the second call lists them (every one: beyond 2,000 rows that list
 * pages, one more call per 2,000) and the third looks up their orgs' 15-character twins (four
 * chunks of 300 org ids ride along; beyond 1,200 orgs, one more call per 1,500), so distinct-org
 * counts are corrected exactly. The cost grows with that anomaly, never with the install base.
 */
import { addDays } from '../core/calendarDate';
import { DashboardAggregates, OrgIdForm } from '../core/metrics/fromAggregates';
import { MetricsOptions, churnSince } from '../core/metrics/installBaseMetrics';
import { Package, PackageVersion } from '../core/package';
import { LmoApi, QueryOptions } from './lmoApi';
import { LicenseFilter, whereClause } from './licenseFilter';
import { LICENSE_FIELDS, PACKAGE_FIELDS, PACKAGE_VERSION_FIELDS, toLicense, toPackage, toPackageVersion } from './records';
import { License } from '../core/license';
import { soql, soqlDate } from './soql';

export interface DashboardData {
  readonly aggregates: DashboardAggregates;
  readonly packages: Package[];
  readonly versions: PackageVersion[];
  /** The ten live licenses that expire soonest (next 90 days), for the "renewing next" list. */
  readonly renewingNext: License[];
  /** API calls this load cost. */
  readonly apiCalls: number;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
const text = (v: unknown) => (typeof v === 'string' ? v : null);
/** LIKE with 18 single-character wildcards: exactly 18 characters. */
const EIGHTEEN = `'${'_'.repeat(18)}'`;
const TWIN_CHUNK = 300;
const orgIdForm = (r: Row): OrgIdForm => ({ orgId: String(r.sfLma__Subscriber_Org_ID__c), status: text(r.sfLma__Status__c), edition: text(r.sfLma__Org_Type__c) });

export async function fetchDashboardAggregates(api: LmoApi, options: MetricsOptions, query: QueryOptions = {}): Promise<DashboardData> {
  const before = api.apiCalls;
  const { today } = options;
  const scope: LicenseFilter = { packageId: options.packageId, includeSandboxes: options.includeSandboxes };
  const live: LicenseFilter = { ...scope, liveOnly: true };
  const window = `sfLma__Expiration__c >= ${soqlDate(today)} AND sfLma__Expiration__c <= ${soqlDate(addDays(today, 90))} AND sfLma__Expiration__c != 1970-01-01`;

  // SOQL cannot sum "seats where seats ≥ 0" next to other sums, so per-seat totals are the sums
  // over all live licenses minus the sums over site (seats < 0) and unset (null) ones.
  const first = await api.compositeQueries<Row>(
    {
      liveCube: `SELECT sfLma__Status__c status, sfLma__Org_Type__c edition, COUNT(Id) licenses, COUNT_DISTINCT(sfLma__Subscriber_Org_ID__c) orgs, SUM(sfLma__Seats__c) seats, SUM(sfLma__Used_Licenses__c) used, GROUPING(sfLma__Status__c) statusRolled, GROUPING(sfLma__Org_Type__c) editionRolled FROM sfLma__License__c${whereClause(live, today)} GROUP BY CUBE(sfLma__Status__c, sfLma__Org_Type__c)`,
      notPerSeat: `SELECT COUNT(sfLma__Seats__c) site, SUM(sfLma__Seats__c) seats, SUM(sfLma__Used_Licenses__c) used FROM sfLma__License__c${whereClause(live, today, '(sfLma__Seats__c < 0 OR sfLma__Seats__c = null)')}`,
      renewals: `SELECT sfLma__Expiration__c expiration, COUNT(Id) licenses, SUM(sfLma__Seats__c) seats FROM sfLma__License__c${whereClause(live, today, window)} GROUP BY sfLma__Expiration__c`,
      renewalSite: `SELECT sfLma__Expiration__c expiration, SUM(sfLma__Seats__c) seats FROM sfLma__License__c${whereClause(live, today, window, 'sfLma__Seats__c < 0')} GROUP BY sfLma__Expiration__c`,
      byVersion: `SELECT sfLma__Package_Version__c version, COUNT(Id) licenses FROM sfLma__License__c${whereClause(live, today)} GROUP BY sfLma__Package_Version__c`,
    },
    query,
  );
  const second = await api.compositeQueries<Row>(
    {
      byStatusAndMonth: `SELECT sfLma__Status__c status, CALENDAR_YEAR(sfLma__Install_Date__c) year, CALENDAR_MONTH(sfLma__Install_Date__c) month, COUNT(Id) licenses FROM sfLma__License__c${whereClause(scope, today)} GROUP BY sfLma__Status__c, CALENDAR_YEAR(sfLma__Install_Date__c), CALENDAR_MONTH(sfLma__Install_Date__c)`,
      // Churn is approximated by the last change of an Uninstalled or Suspended license (the LMA keeps no uninstall date); UTC day boundary.
      churn: `SELECT COUNT() FROM sfLma__License__c${whereClause({ ...scope, statuses: ['Uninstalled', 'Suspended'] }, today, `LastModifiedDate >= ${churnSince(options)}T00:00:00Z`)}`,
      eighteen: `SELECT sfLma__Subscriber_Org_ID__c, sfLma__Status__c, sfLma__Org_Type__c FROM sfLma__License__c${whereClause(live, today, `sfLma__Subscriber_Org_ID__c LIKE ${EIGHTEEN}`)}`,
      packages: `SELECT ${PACKAGE_FIELDS.join(', ')} FROM sfLma__Package__c ORDER BY Name, Id`,
      versions: `SELECT ${PACKAGE_VERSION_FIELDS.join(', ')} FROM sfLma__Package_Version__c ORDER BY sfLma__Package__c, sfLma__Release_Date__c, Id`,
    },
    query,
  );

  const eighteen: OrgIdForm[] = second.eighteen.records.map(orgIdForm);
  const prefixes = [...new Set(eighteen.map((e) => e.orgId.slice(0, 15)))];
  const third: Record<string, string> = {
    renewingNext: `SELECT ${LICENSE_FIELDS.join(', ')} FROM sfLma__License__c${whereClause(live, today, window)} ORDER BY sfLma__Expiration__c, Id LIMIT 10`,
  };
  for (let i = 0; i < prefixes.length; i += TWIN_CHUNK) {
    third[`twins${i}`] = `SELECT sfLma__Subscriber_Org_ID__c, sfLma__Status__c, sfLma__Org_Type__c FROM sfLma__License__c${whereClause(live, today, soql`sfLma__Subscriber_Org_ID__c IN ${prefixes.slice(i, i + TWIN_CHUNK)}`)}`;
  }
  const thirdResults = await api.compositeQueries<Row>(third, query);
  const twins = Object.entries(thirdResults).filter(([k]) => k.startsWith('twins')).flatMap(([, page]) => page.records.map(orgIdForm));
  const cube = first.liveCube.records;
  const total = cube.find((r) => num(r.statusRolled) === 1 && num(r.editionRolled) === 1);
  const notPerSeat = first.notPerSeat.records[0];
  const siteByDate = new Map(first.renewalSite.records.map((r) => [String(r.expiration), r.seats]));

  return {
    aggregates: {
      liveCube: cube.map((r) => ({ status: text(r.status), edition: text(r.edition), statusRolled: num(r.statusRolled) === 1, editionRolled: num(r.editionRolled) === 1, licenses: num(r.licenses), orgs: num(r.orgs) })),
      perSeat: { seats: num(total?.seats) - num(notPerSeat?.seats), used: num(total?.used) - num(notPerSeat?.used) },
      siteLicenses: num(notPerSeat?.site),
      renewalLicenses: first.renewals.records.map((r) => ({ expiration: String(r.expiration) as typeof today, licenses: num(r.licenses) })),
      renewalSeats: first.renewals.records.map((r) => ({ expiration: String(r.expiration) as typeof today, seats: num(r.seats) - num(siteByDate.get(String(r.expiration))) })),
      liveByVersion: new Map(first.byVersion.records.map((r) => [String(r.version ?? ''), num(r.licenses)])),
      byStatusAndInstallMonth: second.byStatusAndMonth.records.map((r) => ({ status: text(r.status), year: r.year === null ? null : num(r.year), month: r.month === null ? null : num(r.month), licenses: num(r.licenses) })),
      churned: second.churn.totalSize,
      eighteenCharacterIds: eighteen,
      fifteenCharacterTwins: twins,
    },
    packages: second.packages.records.map(toPackage),
    versions: second.versions.records.map(toPackageVersion).filter((v): v is PackageVersion => v !== undefined),
    renewingNext: thirdResults.renewingNext.records.map(toLicense),
    apiCalls: api.apiCalls - before,
  };
}
