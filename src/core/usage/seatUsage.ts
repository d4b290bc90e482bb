/**
 * Seat usage: for each live license, the users active last month in App Analytics' package usage
 * summary (distinct user tokens for that org and package) against the seats the license grants
 * and the seats assigned in the subscriber org (Used Licenses). Pure: the counts come in already
 * aggregated (src/data/lmo/appAnalytics.ts), the licenses from the LMA.
 *
 * What the summaries do not cover is said, never counted as zero (docs/salesforce/seat-usage.md):
 * sandbox, scratch and trial orgs are not tracked, so sandbox licenses are counted apart, and trial
 * licenses (or licenses in an org whose status is Trial) are "not measured", not "unused".
 */
import { type License, isLive, subscriberName } from '../license';
import { orgKey } from '../orgId';
import { type UsageMonth, monthsEndingWith } from './usageMonth';

/** The key of one org and package in the active-user counts: `<org id, 15>|<033 id, 15>`. */
export function usageKey(orgId: string, packageId: string): string {
  return `${orgKey(orgId)}|${packageId.trim().slice(0, 15)}`;
}

/** The LMA fields seat usage reads. */
export type UsageLicense = Pick<
  License,
  | 'id'
  | 'name'
  | 'status'
  | 'statusLabel'
  | 'seats'
  | 'usedSeats'
  | 'expiration'
  | 'installDate'
  | 'subscriberOrgId'
  | 'isSandbox'
  | 'orgStatus'
  | 'packageId'
  | 'packageName'
  | 'accountName'
  | 'leadCompany'
>;

/** One month's counts: active users per usageKey. A month absent from the history has no summary. */
export interface MonthUsage {
  readonly month: UsageMonth;
  readonly activeUsers: ReadonlyMap<string, number>;
}

export interface SeatUsageOptions {
  /** The month studied ("last month"). */
  readonly month: UsageMonth;
  readonly today: string;
  /** sfLma__Package__c record id → its 033 package id (the id the summaries carry). */
  readonly packageIds: ReadonlyMap<string, string | undefined>;
  /** 033 ids (15 or 18) the summary was requested for; licenses of other packages are not measured. Default: every package. */
  readonly measuredPackages?: readonly string[];
  /** Shelfware: paid seats with active users / seats at or below this. Default 0.2 (20 %). */
  readonly shelfwareMaxRatio?: number;
  /** Dormant: no use for this many months, the studied month included. Default 3. */
  readonly dormantMonths?: number;
  /** Summaries of earlier months (any order); the studied month's comes from `activeUsers`. */
  readonly history?: readonly MonthUsage[];
}

export const DEFAULT_SHELFWARE_MAX_RATIO = 0.2;
export const DEFAULT_DORMANT_MONTHS = 3;

/** Why a live license has no count. */
export type NotMeasuredReason = 'trial' | 'noPackageId' | 'packageNotMeasured';

export type Measure = { readonly kind: 'measured'; readonly activeUsers: number } | { readonly kind: 'notMeasured'; readonly reason: NotMeasuredReason };

export interface UsageRow {
  readonly licenseId: string;
  readonly licenseName: string;
  readonly subscriber: string;
  /** 15 characters. */
  readonly orgKey: string;
  readonly packageRecordId: string | undefined;
  readonly packageId: string | undefined;
  readonly packageName: string | undefined;
  readonly status: string;
  /** Per-seat count, or "site" / "unset" (no ratio then). */
  readonly seats: number | 'site' | 'unset';
  /** Used Licenses: seats assigned in the subscriber org. */
  readonly usedLicenses: number | undefined;
  readonly measure: Measure;
  /** Active users / seats, for measured per-seat licenses with seats > 0. */
  readonly ratio: number | undefined;
  readonly shelfware: boolean;
  readonly atCap: boolean;
  /** Undefined when not enough months of summaries exist to say. */
  readonly dormant: boolean | undefined;
}

export type DormantVerdict =
  | { readonly kind: 'ready'; readonly months: readonly UsageMonth[]; readonly rows: readonly UsageRow[] }
  | { readonly kind: 'notEnoughHistory'; readonly months: readonly UsageMonth[]; readonly missing: readonly UsageMonth[] };

export interface PackageUsage {
  readonly packageId: string | undefined;
  readonly packageName: string | undefined;
  readonly licenses: number;
  readonly measured: number;
  readonly activeUsers: number;
  /** Per-seat seats of the measured licenses. */
  readonly seats: number;
  readonly shelfware: number;
  readonly atCap: number;
  readonly dormant: number;
}

export interface SeatUsageResult {
  readonly month: UsageMonth;
  readonly shelfwareMaxRatio: number;
  readonly dormantMonths: number;
  /** Every live production license (sandboxes apart), measured or not. */
  readonly rows: readonly UsageRow[];
  readonly shelfware: readonly UsageRow[];
  readonly atCap: readonly UsageRow[];
  readonly dormant: DormantVerdict;
  /** What the summaries do not cover. */
  readonly excluded: { readonly sandbox: number; readonly trial: number; readonly notMeasured: number };
  readonly packages: readonly PackageUsage[];
}

function checkOptions(options: SeatUsageOptions): { maxRatio: number; dormantMonths: number } {
  const maxRatio = options.shelfwareMaxRatio ?? DEFAULT_SHELFWARE_MAX_RATIO;
  const dormantMonths = options.dormantMonths ?? DEFAULT_DORMANT_MONTHS;
  if (!Number.isFinite(maxRatio) || maxRatio < 0 || maxRatio > 1) throw new RangeError(`A shelfware ratio is from 0 to 1, not ${maxRatio}`);
  if (!Number.isInteger(dormantMonths) || dormantMonths < 1 || dormantMonths > 120)
    throw new RangeError(`Dormant months are a whole number from 1 to 120, not ${dormantMonths}`);
  return { maxRatio, dormantMonths };
}

/** A Trial license, or a license in an org whose status says Trial: App Analytics does not track trial orgs. */
function isTrialOrg(license: UsageLicense): boolean {
  return license.status === 'Trial' || (license.orgStatus ?? '').trim().toLowerCase() === 'trial';
}

/** At or below the ratio, exactly (ratio as a decimal fraction of seats, without floating-point drift at the boundary). */
export function atOrBelowRatio(activeUsers: number, seats: number, maxRatio: number): boolean {
  // 3 of 15 seats at 20 %: 3 / 15 is 0.2 only within rounding; compare in parts per million instead.
  return activeUsers * 1_000_000 <= Math.round(maxRatio * 1_000_000) * seats;
}

/**
 * The usage of each live license in `licenses` for `options.month`, with shelfware, licenses at
 * cap and dormant licenses. `activeUsers` holds the studied month's counts by usageKey; an org
 * and package missing from it had no active user that month.
 */
export function seatUsage(licenses: readonly UsageLicense[], activeUsers: ReadonlyMap<string, number>, options: SeatUsageOptions): SeatUsageResult {
  const { maxRatio, dormantMonths } = checkOptions(options);
  const today = options.today as Parameters<typeof isLive>[1];
  const measuredSet = options.measuredPackages ? new Set(options.measuredPackages.map((p) => p.trim().slice(0, 15))) : undefined;

  // The months dormancy needs, and which of them have a summary.
  const months = monthsEndingWith(options.month, dormantMonths);
  const byMonth = new Map<string, ReadonlyMap<string, number>>([[options.month, activeUsers]]);
  for (const h of options.history ?? []) if (!byMonth.has(h.month)) byMonth.set(h.month, h.activeUsers);
  const missing = months.filter((m) => !byMonth.has(m));
  const windowStart = `${months[0]}-01`;

  let sandbox = 0;
  const rows: UsageRow[] = [];
  for (const license of licenses) {
    if (!isLive(license, today)) continue;
    if (license.isSandbox) {
      sandbox++;
      continue;
    }
    const packageId = license.packageId ? options.packageIds.get(license.packageId) : undefined;
    const key = packageId ? usageKey(license.subscriberOrgId, packageId) : undefined;
    let measure: Measure;
    if (isTrialOrg(license)) measure = { kind: 'notMeasured', reason: 'trial' };
    else if (!key || !packageId) measure = { kind: 'notMeasured', reason: 'noPackageId' };
    else if (measuredSet && !measuredSet.has(packageId.trim().slice(0, 15))) measure = { kind: 'notMeasured', reason: 'packageNotMeasured' };
    else measure = { kind: 'measured', activeUsers: activeUsers.get(key) ?? 0 };

    const seats = license.seats.kind === 'perSeat' ? license.seats.count : license.seats.kind;
    const perSeat = typeof seats === 'number' && seats > 0 ? seats : undefined;
    const active = measure.kind === 'measured' ? measure.activeUsers : undefined;
    const ratio = perSeat !== undefined && active !== undefined ? active / perSeat : undefined;
    // Paid seats: an Active license with seats; a trial is not paid, and is not measured anyway.
    const shelfware = license.status === 'Active' && perSeat !== undefined && active !== undefined && atOrBelowRatio(active, perSeat, maxRatio);
    const atCap = perSeat !== undefined && license.usedSeats !== undefined && license.usedSeats >= perSeat;
    let dormant: boolean | undefined;
    if (missing.length === 0 && measure.kind === 'measured' && key) {
      // Installed before the window began (an unknown install date counts as before), and no use in any month of it.
      const installedBefore = !license.installDate || license.installDate <= windowStart;
      dormant = installedBefore && months.every((m) => ((byMonth.get(m) as ReadonlyMap<string, number>).get(key) ?? 0) === 0);
    }

    rows.push({
      licenseId: license.id,
      licenseName: license.name,
      subscriber: subscriberName(license),
      orgKey: orgKey(license.subscriberOrgId),
      packageRecordId: license.packageId,
      packageId,
      packageName: license.packageName,
      status: license.statusLabel,
      seats,
      usedLicenses: license.usedSeats,
      measure,
      ratio,
      shelfware,
      atCap,
      dormant,
    });
  }

  const dormantVerdict: DormantVerdict =
    missing.length === 0 ? { kind: 'ready', months, rows: rows.filter((r) => r.dormant === true) } : { kind: 'notEnoughHistory', months, missing };
  return {
    month: options.month,
    shelfwareMaxRatio: maxRatio,
    dormantMonths,
    rows,
    shelfware: rows.filter((r) => r.shelfware),
    atCap: rows.filter((r) => r.atCap),
    dormant: dormantVerdict,
    excluded: {
      sandbox,
      trial: rows.filter((r) => r.measure.kind === 'notMeasured' && r.measure.reason === 'trial').length,
      notMeasured: rows.filter((r) => r.measure.kind === 'notMeasured').length,
    },
    packages: perPackage(rows),
  };
}

function perPackage(rows: readonly UsageRow[]): PackageUsage[] {
  const groups = new Map<string, UsageRow[]>();
  for (const r of rows) {
    const k = r.packageRecordId ?? '';
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()]
    .map((group) => {
      const measured = group.filter((r) => r.measure.kind === 'measured');
      return {
        packageId: group[0].packageId,
        packageName: group[0].packageName,
        licenses: group.length,
        measured: measured.length,
        activeUsers: measured.reduce((n, r) => n + (r.measure.kind === 'measured' ? r.measure.activeUsers : 0), 0),
        seats: measured.reduce((n, r) => n + (typeof r.seats === 'number' ? r.seats : 0), 0),
        shelfware: group.filter((r) => r.shelfware).length,
        atCap: group.filter((r) => r.atCap).length,
        dormant: group.filter((r) => r.dormant === true).length,
      };
    })
    .sort((a, b) => (a.packageName ?? '').localeCompare(b.packageName ?? '') || (a.packageId ?? '').localeCompare(b.packageId ?? ''));
}

/** Findings over CI thresholds: shelfware over `maxShelfware` licenses (undefined: no threshold). */
export function overThresholds(result: SeatUsageResult, thresholds: { maxShelfware?: number }): string[] {
  const out: string[] = [];
  if (thresholds.maxShelfware !== undefined && result.shelfware.length > thresholds.maxShelfware)
    out.push(`${result.shelfware.length} shelfware licenses, more than the ${thresholds.maxShelfware} allowed`);
  return out;
}
