import { CalendarDate } from '../core/calendarDate';
import { Clock } from '../core/clock';
import { metricsFromAggregates } from '../core/metrics/fromAggregates';
import { InstallBaseMetrics, MetricsOptions } from '../core/metrics/installBaseMetrics';
import { fetchDashboardAggregates } from './dashboardQueries';
import { License } from '../core/license';
import { Package, PackageVersion } from '../core/package';
import { formatVersionNumber } from '../core/versionNumber';
import { LmoError } from './errors';
import { FetchAllResult, LmoApi, QueryOptions } from './lmoApi';
import { LicenseFilter, whereClause } from './licenseFilter';
import { LICENSE_FIELDS, PACKAGE_FIELDS, PACKAGE_VERSION_FIELDS, toLicense, toPackage, toPackageVersion } from './records';
import { raw, soql } from './soql';

export type LmaPresence = { installed: true } | { installed: false; error: LmoError };

export type InstalledLmaVersion =
  | { kind: 'installed'; version: string; source: 'InstalledSubscriberPackage' | 'Publisher'; packageVersionId?: string }
  | { kind: 'notInstalled' }
  | { kind: 'unknown'; error: LmoError };

export interface LicensePage {
  readonly licenses: License[];
  /** Pass back as `afterId` for the next page; undefined on the last page. */
  readonly nextAfterId: string | undefined;
}

export type LicenseGrouping = 'package' | 'version' | 'status';

/** The top of the Install Base: packages and how many licenses (under a filter) each has. */
export interface InstallBaseSummary {
  readonly packages: Package[];
  readonly licenseCounts: Map<string, number>;
}

/** Every package and version with live licenses and seats per version (sandboxes excluded). */
export interface AdoptionSummary {
  readonly packages: Package[];
  readonly versions: PackageVersion[];
  readonly liveByVersion: Map<string, number>;
  readonly seatsByVersion: Map<string, number>;
}

/** One package's versions with their live and total license counts (under a filter). */
export interface PackageVersionSummary {
  readonly versions: PackageVersion[];
  readonly liveCounts: Map<string, number>;
  readonly totalCounts: Map<string, number>;
}

const GROUP_FIELDS: Record<LicenseGrouping, string> = {
  package: 'sfLma__Package__c',
  version: 'sfLma__Package_Version__c',
  status: 'sfLma__Status__c',
};

function countsOf(rows: Record<string, unknown>[]): Map<string, number> {
  return new Map(rows.map((r) => [String(r.groupValue ?? ''), Number(r.licenseCount ?? 0)]));
}

/** Errors that mean "stop": trying another query would only fail the same way. */
const FATAL = new Set(['sessionExpired', 'apiLimit', 'network', 'cancelled']);

/** Typed reads of a License Management Org. Knows the LMA's SOQL; returns domain objects. */
export class LicenseManagementOrg {
  constructor(
    readonly api: LmoApi,
    private readonly clock: Clock,
  ) {}

  get target() {
    return this.api.target;
  }

  /** Is the LMA there (and visible)? INVALID_TYPE on sfLma__License__c means no. */
  async probeLma(options: QueryOptions = {}): Promise<LmaPresence> {
    try {
      await this.api.query('SELECT Id FROM sfLma__License__c LIMIT 1', options);
      return { installed: true };
    } catch (err) {
      if (err instanceof LmoError && err.kind === 'lmaMissing') return { installed: false, error: err };
      throw err;
    }
  }

  async packages(options: QueryOptions = {}): Promise<Package[]> {
    const result = await this.api.fetchAll<Record<string, unknown>>(`SELECT ${PACKAGE_FIELDS.join(', ')} FROM sfLma__Package__c ORDER BY Name, Id`, options);
    return result.records.map(toPackage);
  }

  /** Versions of one package, or of all; rows without a version number are skipped. */
  async packageVersions(packageId?: string, options: QueryOptions = {}): Promise<PackageVersion[]> {
    const where = packageId ? soql` WHERE sfLma__Package__c = ${packageId}` : '';
    const result = await this.api.fetchAll<Record<string, unknown>>(`SELECT ${PACKAGE_VERSION_FIELDS.join(', ')} FROM sfLma__Package_Version__c${where} ORDER BY sfLma__Package__c, sfLma__Release_Date__c, Id`, options);
    return result.records.map(toPackageVersion).filter((v): v is PackageVersion => v !== undefined);
  }

  /**
   * One page of licenses in Id order, fetched by keyset (Id > last) so any page costs one call
   * whatever the install-base size, and no query locator has to stay alive between pages.
   */
  async licensePage(filter: LicenseFilter, page: { afterId?: string; pageSize?: number } = {}, options: QueryOptions = {}): Promise<LicensePage> {
    const pageSize = page.pageSize ?? 200;
    const after = page.afterId ? soql`Id > ${page.afterId}` : '';
    const where = whereClause(filter, this.clock.today(), after);
    const result = await this.api.query<Record<string, unknown>>(`SELECT ${LICENSE_FIELDS.join(', ')} FROM sfLma__License__c${where} ORDER BY Id LIMIT ${pageSize + 1}`, options);
    const licenses = result.records.slice(0, pageSize).map(toLicense);
    // More rows exist when the extra row came back, or when the server cut the batch short
    // (a batch holds at most 2,000 rows, and fewer are allowed): continue after the last one.
    const more = result.records.length > pageSize || !result.done;
    return { licenses, nextAfterId: more ? licenses[licenses.length - 1]?.id : undefined };
  }

  /**
   * Licenses ordered by subscriber org, a page at a time, for grouping into orgs. Keyset on
   * (org id, Id), so the order is total even where org ids differ only in letter case.
   */
  async licensePageByOrg(filter: LicenseFilter, page: { after?: { orgId: string; id: string }; pageSize?: number } = {}, options: QueryOptions = {}): Promise<{ licenses: License[]; next: { orgId: string; id: string } | undefined }> {
    const pageSize = page.pageSize ?? 500;
    const after = page.after
      ? soql`(sfLma__Subscriber_Org_ID__c > ${page.after.orgId} OR (sfLma__Subscriber_Org_ID__c = ${page.after.orgId} AND Id > ${page.after.id}))`
      : '';
    const where = whereClause(filter, this.clock.today(), after);
    const result = await this.api.query<Record<string, unknown>>(`SELECT ${LICENSE_FIELDS.join(', ')} FROM sfLma__License__c${where} ORDER BY sfLma__Subscriber_Org_ID__c, Id LIMIT ${pageSize + 1}`, options);
    const licenses = result.records.slice(0, pageSize).map(toLicense);
    const last = licenses[licenses.length - 1];
    const more = result.records.length > pageSize || !result.done;
    return { licenses, next: more && last ? { orgId: last.subscriberOrgId, id: last.id } : undefined };
  }

  /** All licenses matching a filter, following nextRecordsUrl up to `cap` (complete=false when capped). */
  async licenses(filter: LicenseFilter, options: QueryOptions & { cap?: number; onPage?: (fetched: number, total: number) => void; orderBy?: 'Id' | 'org' } = {}): Promise<FetchAllResult<License>> {
    const order = options.orderBy === 'org' ? 'sfLma__Subscriber_Org_ID__c, Id' : 'Id';
    const result = await this.api.fetchAll<Record<string, unknown>>(`SELECT ${LICENSE_FIELDS.join(', ')} FROM sfLma__License__c${whereClause(filter, this.clock.today())} ORDER BY ${order}`, options);
    return { ...result, records: result.records.map(toLicense) };
  }

  async countLicenses(filter: LicenseFilter, options: QueryOptions = {}): Promise<number> {
    return this.api.count(`SELECT COUNT() FROM sfLma__License__c${whereClause(filter, this.clock.today())}`, options);
  }

  /** Packages and their license counts in one API call (Composite). */
  async installBaseSummary(filter: LicenseFilter, options: QueryOptions = {}): Promise<InstallBaseSummary> {
    const today = this.clock.today();
    const r = await this.api.compositeQueries<Record<string, unknown>>({
      packages: `SELECT ${PACKAGE_FIELDS.join(', ')} FROM sfLma__Package__c ORDER BY Name, Id`,
      counts: `SELECT sfLma__Package__c groupValue, COUNT(Id) licenseCount FROM sfLma__License__c${whereClause(filter, today)} GROUP BY sfLma__Package__c`,
    }, options);
    return { packages: r.packages.records.map(toPackage), licenseCounts: countsOf(r.counts.records) };
  }

  /** A package's versions with live and total license counts, in one API call (Composite). */
  async packageVersionSummary(packageId: string, filter: LicenseFilter, options: QueryOptions = {}): Promise<PackageVersionSummary> {
    const today = this.clock.today();
    const scoped = { ...filter, packageId };
    const r = await this.api.compositeQueries<Record<string, unknown>>({
      versions: soql`SELECT ${raw(PACKAGE_VERSION_FIELDS.join(', '))} FROM sfLma__Package_Version__c WHERE sfLma__Package__c = ${packageId} ORDER BY sfLma__Release_Date__c, Id`,
      live: `SELECT sfLma__Package_Version__c groupValue, COUNT(Id) licenseCount FROM sfLma__License__c${whereClause({ ...scoped, liveOnly: true }, today)} GROUP BY sfLma__Package_Version__c`,
      total: `SELECT sfLma__Package_Version__c groupValue, COUNT(Id) licenseCount FROM sfLma__License__c${whereClause(scoped, today)} GROUP BY sfLma__Package_Version__c`,
    }, options);
    return {
      versions: r.versions.records.map(toPackageVersion).filter((v): v is PackageVersion => v !== undefined),
      liveCounts: countsOf(r.live.records),
      totalCounts: countsOf(r.total.records),
    };
  }

  /**
   * Version adoption across all packages, in one API call (Composite, four queries): live
   * licenses and per-seat seats per version, sandboxes excluded.
   */
  async adoptionSummary(options: QueryOptions = {}): Promise<AdoptionSummary> {
    const today = this.clock.today();
    const live: LicenseFilter = { liveOnly: true, includeSandboxes: false };
    const r = await this.api.compositeQueries<Record<string, unknown>>({
      packages: `SELECT ${PACKAGE_FIELDS.join(', ')} FROM sfLma__Package__c ORDER BY Name, Id`,
      versions: `SELECT ${PACKAGE_VERSION_FIELDS.join(', ')} FROM sfLma__Package_Version__c ORDER BY sfLma__Package__c, sfLma__Release_Date__c, Id`,
      live: `SELECT sfLma__Package_Version__c groupValue, COUNT(Id) licenseCount FROM sfLma__License__c${whereClause(live, today)} GROUP BY sfLma__Package_Version__c`,
      seats: `SELECT sfLma__Package_Version__c groupValue, SUM(sfLma__Seats__c) licenseCount FROM sfLma__License__c${whereClause(live, today, 'sfLma__Seats__c >= 0')} GROUP BY sfLma__Package_Version__c`,
    }, options);
    return {
      packages: r.packages.records.map(toPackage),
      versions: r.versions.records.map(toPackageVersion).filter((v): v is PackageVersion => v !== undefined),
      liveByVersion: countsOf(r.live.records),
      seatsByVersion: countsOf(r.seats.records),
    };
  }

  /** The install-base dashboard from server aggregates: three API calls, whatever the size. */
  async dashboard(options: Omit<MetricsOptions, 'today'> & { today?: CalendarDate }, query: QueryOptions = {}): Promise<{ metrics: InstallBaseMetrics; packages: Package[]; renewingNext: License[]; apiCalls: number }> {
    const full: MetricsOptions = { ...options, today: options.today ?? this.clock.today() };
    const data = await fetchDashboardAggregates(this.api, full, query);
    return { metrics: metricsFromAggregates(data.aggregates, data.packages, data.versions, full), packages: data.packages, renewingNext: data.renewingNext, apiCalls: data.apiCalls };
  }

  /** License counts per package, version or status, aggregated by the server. */
  async licenseCounts(filter: LicenseFilter, groupBy: LicenseGrouping, options: QueryOptions = {}): Promise<Map<string, number>> {
    const field = GROUP_FIELDS[groupBy];
    const result = await this.api.query<Record<string, unknown>>(`SELECT ${field} groupValue, COUNT(Id) licenseCount FROM sfLma__License__c${whereClause(filter, this.clock.today())} GROUP BY ${field}`, options);
    return countsOf(result.records);
  }

  /**
   * The installed LMA version: Tooling InstalledSubscriberPackage filtered on the sfLma
   * namespace; if the org refuses that filter, all rows filtered here; then Publisher
   * (major.minor only). A missing permission is its own explained state.
   */
  async installedLmaVersion(options: QueryOptions = {}): Promise<InstalledLmaVersion> {
    const fields = 'SubscriberPackage.NamespacePrefix, SubscriberPackageVersionId, SubscriberPackageVersion.MajorVersion, SubscriberPackageVersion.MinorVersion, SubscriberPackageVersion.PatchVersion';
    const fromPackage = (rows: Record<string, unknown>[]): InstalledLmaVersion => {
      const row = rows.find((r) => (r.SubscriberPackage as Record<string, unknown> | null)?.NamespacePrefix === 'sfLma');
      if (!row) return { kind: 'notInstalled' };
      const v = (row.SubscriberPackageVersion ?? {}) as Record<string, unknown>;
      const parts = [v.MajorVersion, v.MinorVersion, v.PatchVersion].map((n) => Number(n ?? 0));
      return { kind: 'installed', version: formatVersionNumber(parts), source: 'InstalledSubscriberPackage', packageVersionId: row.SubscriberPackageVersionId as string | undefined };
    };
    const attempts: (() => Promise<InstalledLmaVersion>)[] = [
      async () => fromPackage((await this.api.query<Record<string, unknown>>(`SELECT ${fields} FROM InstalledSubscriberPackage WHERE SubscriberPackage.NamespacePrefix = 'sfLma'`, { ...options, tooling: true })).records),
      async () => fromPackage((await this.api.fetchAll<Record<string, unknown>>(`SELECT ${fields} FROM InstalledSubscriberPackage`, { ...options, tooling: true })).records),
      async () => {
        const rows = (await this.api.query<Record<string, unknown>>("SELECT NamespacePrefix, MajorVersion, MinorVersion FROM Publisher WHERE NamespacePrefix = 'sfLma'", { ...options, tooling: true })).records;
        if (!rows.length) return { kind: 'notInstalled' };
        return { kind: 'installed', version: `${Number(rows[0].MajorVersion)}.${Number(rows[0].MinorVersion)}`, source: 'Publisher' };
      },
    ];
    let lastError: LmoError | undefined;
    for (const attempt of attempts) {
      try {
        return await attempt();
      } catch (err) {
        if (!(err instanceof LmoError) || FATAL.has(err.kind)) throw err;
        lastError = err;
      }
    }
    const error = lastError as LmoError;
    return {
      kind: 'unknown',
      error: new LmoError(
        error.kind === 'permission' || error.kind === 'invalidQuery' ? 'permission' : error.kind,
        `Cannot read the installed LMA version in ${this.target.label}: your user may need the "Download AppExchange Packages" permission to see installed packages. (${error.errorCode ?? error.kind})`,
        error.detail,
        error.errorCode,
      ),
    };
  }
}
