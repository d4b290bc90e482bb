/**
 * The install base counted by the server: packages with their license counts, a package's
 * versions with live and total counts, version adoption across packages, counts per package,
 * version or status. Each is one API call (Composite) at any install-base size, except where an
 * aggregate has too many groups for one answer (2,000) and is asked again package by package.
 */
import { type CalendarDate } from '../../core/calendarDate';
import { type Package, type PackageVersion } from '../../core/package';
import { type LmoError, isLmoError } from '../org/errors';
import { type CallOptions, type QueryOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { raw, soql } from '../org/soql';
import { type LicenseFilter, whereClause } from './licenseFilter';
import { PACKAGE_FIELDS, PACKAGE_VERSION_FIELDS, toPackage, toPackageVersion } from './records';

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

/** Adds count maps (results of the same aggregate split by package). */
function sumCounts(maps: readonly Map<string, number>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of maps) for (const [k, v] of m) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

/** Packages and their license counts in one API call (Composite). */
export async function installBaseSummary(
  client: OrgClient,
  today: CalendarDate,
  filter: LicenseFilter,
  options: CallOptions = {},
): Promise<InstallBaseSummary> {
  const r = await client.compositeQueries<Record<string, unknown>>(
    {
      packages: `SELECT ${PACKAGE_FIELDS.join(', ')} FROM sfLma__Package__c ORDER BY Name, Id`,
      counts: `SELECT sfLma__Package__c groupValue, COUNT(Id) licenseCount FROM sfLma__License__c${whereClause(filter, today)} GROUP BY sfLma__Package__c`,
    },
    options,
  );
  return { packages: r.packages.records.map(toPackage), licenseCounts: countsOf(r.counts.records) };
}

/** A package's versions with live and total license counts, in one API call (Composite). */
export async function packageVersionSummary(
  client: OrgClient,
  today: CalendarDate,
  packageId: string,
  filter: LicenseFilter,
  options: CallOptions = {},
): Promise<PackageVersionSummary> {
  const scoped = { ...filter, packageId };
  const r = await client.compositeQueries<Record<string, unknown>>(
    {
      versions: soql`SELECT ${raw(PACKAGE_VERSION_FIELDS.join(', '))} FROM sfLma__Package_Version__c WHERE sfLma__Package__c = ${packageId} ORDER BY sfLma__Release_Date__c, Id`,
      live: `SELECT sfLma__Package_Version__c groupValue, COUNT(Id) licenseCount FROM sfLma__License__c${whereClause({ ...scoped, liveOnly: true }, today)} GROUP BY sfLma__Package_Version__c`,
      total: `SELECT sfLma__Package_Version__c groupValue, COUNT(Id) licenseCount FROM sfLma__License__c${whereClause(scoped, today)} GROUP BY sfLma__Package_Version__c`,
    },
    options,
  );
  return {
    versions: r.versions.records.map(toPackageVersion).filter((v): v is PackageVersion => v !== undefined),
    liveCounts: countsOf(r.live.records),
    totalCounts: countsOf(r.total.records),
  };
}

/**
 * Version adoption across all packages, in one API call (Composite, four queries): live
 * licenses and per-seat seats per version, sandboxes excluded. An org whose versions are too
 * many for one aggregate (2,000 groups) is asked again package by package.
 */
export async function adoptionSummary(client: OrgClient, today: CalendarDate, options: CallOptions = {}): Promise<AdoptionSummary> {
  const live: LicenseFilter = { liveOnly: true, includeSandboxes: false };
  const perVersion = (filter: LicenseFilter) => ({
    live: `SELECT sfLma__Package_Version__c groupValue, COUNT(Id) licenseCount FROM sfLma__License__c${whereClause(filter, today)} GROUP BY sfLma__Package_Version__c`,
    seats: `SELECT sfLma__Package_Version__c groupValue, SUM(sfLma__Seats__c) licenseCount FROM sfLma__License__c${whereClause(filter, today, 'sfLma__Seats__c >= 0')} GROUP BY sfLma__Package_Version__c`,
  });
  const r = await client.compositeQueriesSettled<Record<string, unknown>>(
    {
      packages: `SELECT ${PACKAGE_FIELDS.join(', ')} FROM sfLma__Package__c ORDER BY Name, Id`,
      versions: `SELECT ${PACKAGE_VERSION_FIELDS.join(', ')} FROM sfLma__Package_Version__c ORDER BY sfLma__Package__c, sfLma__Release_Date__c, Id`,
      ...perVersion(live),
    },
    options,
  );
  const ok = <T>(v: T | LmoError): T => {
    if (isLmoError(v)) throw v;
    return v;
  };
  const packages = ok(r.packages).records.map(toPackage);
  let liveByVersion: Map<string, number>;
  let seatsByVersion: Map<string, number>;
  if (isLmoError(r.live) || isLmoError(r.seats)) {
    const error = isLmoError(r.live) ? r.live : (r.seats as LmoError);
    if (error.kind !== 'aggregateTooLarge') throw error;
    const split = await client.compositeQueries<Record<string, unknown>>(
      Object.fromEntries(packages.flatMap((p, i) => Object.entries(perVersion({ ...live, packageId: p.id })).map(([k, q]) => [`${k}${i}`, q]))),
      options,
    );
    liveByVersion = sumCounts(
      Object.entries(split)
        .filter(([k]) => k.startsWith('live'))
        .map(([, v]) => countsOf(v.records)),
    );
    seatsByVersion = sumCounts(
      Object.entries(split)
        .filter(([k]) => k.startsWith('seats'))
        .map(([, v]) => countsOf(v.records)),
    );
  } else {
    liveByVersion = countsOf(r.live.records);
    seatsByVersion = countsOf(r.seats.records);
  }
  return {
    packages,
    versions: ok(r.versions)
      .records.map(toPackageVersion)
      .filter((v): v is PackageVersion => v !== undefined),
    liveByVersion,
    seatsByVersion,
  };
}

/** License counts per package, version or status, aggregated by the server. */
export async function licenseCounts(
  client: OrgClient,
  today: CalendarDate,
  filter: LicenseFilter,
  groupBy: LicenseGrouping,
  options: QueryOptions = {},
): Promise<Map<string, number>> {
  const field = GROUP_FIELDS[groupBy];
  const result = await client.query<Record<string, unknown>>(
    `SELECT ${field} groupValue, COUNT(Id) licenseCount FROM sfLma__License__c${whereClause(filter, today)} GROUP BY ${field}`,
    options,
  );
  return countsOf(result.records);
}
