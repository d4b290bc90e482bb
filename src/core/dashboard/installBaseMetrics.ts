/**
 * The install-base dashboard's numbers, exactly as docs/salesforce/metrics.md defines them. Two ways to get
 * them: from server aggregates (fromAggregates.ts, what the product uses) and from a full list
 * of licenses (fromLicenses.ts, the straightforward reference the tests and the benchmark's
 * naive approach use). Both must agree; hand-built fixtures pin the shared helpers here.
 */
import { type CalendarDate, addDays, addMonths, monthOf } from '../calendarDate';
import { type Package, type PackageVersion, latestReleasedVersion } from '../package';
import { compareVersionNumbers } from '../versionNumber';

export interface MetricsOptions {
  readonly today: CalendarDate;
  /** Sandbox licenses are excluded unless this is true. */
  readonly includeSandboxes: boolean;
  /** Record id of one sfLma__Package__c, or undefined for all packages. */
  readonly packageId?: string;
  /** Churn period P in days (default 90). */
  readonly churnDays: number;
  /** The instant the churn period starts (the first day's midnight in the user's zone); default UTC midnight. */
  readonly churnFrom?: string;
  /**
   * The instant `today` ends (the next day's midnight in the user's zone); default UTC midnight.
   * Nothing at or after it counts: the numbers are as of `today` (docs/salesforce/metrics.md).
   */
  readonly asOfEnd?: string;
}

export const DEFAULT_CHURN_DAYS = 90;

export interface RenewalBucket {
  readonly label: '0–30 days' | '31–60 days' | '61–90 days';
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly licenses: number;
  readonly seats: number;
}

export interface VersionShare {
  readonly versionId: string;
  readonly versionNumber: string;
  readonly isBeta: boolean;
  readonly live: number;
}

export interface PackageVersionAdoption {
  readonly packageId: string;
  readonly packageName: string;
  readonly latestVersion: string | undefined;
  /** Share of the package's live licenses on its latest released version (undefined without live licenses). */
  readonly shareOnLatest: number | undefined;
  readonly live: number;
  /** Oldest first, numerically. */
  readonly versions: readonly VersionShare[];
}

export type StatusMixKey = 'Active' | 'Trial' | 'Expired' | 'Suspended' | 'Uninstalled' | 'Other';

/**
 * Where churn came from: License history (a status change to Uninstalled or Suspended in the
 * period), or — when history cannot be read — the last change of licenses in those statuses.
 */
export type ChurnSource = 'history' | 'lastModified';

export interface Churn {
  readonly periodDays: number;
  readonly since: CalendarDate;
  readonly churned: number;
  readonly rate: number | undefined;
  readonly source: ChurnSource;
}

export interface InstallBaseMetrics {
  readonly options: MetricsOptions;
  readonly activeSubscribers: number;
  readonly trialSubscribers: number;
  readonly liveLicenses: number;
  readonly seats: number;
  readonly usedSeats: number;
  /** usedSeats / seats, undefined when there are no seats. */
  readonly utilisation: number | undefined;
  readonly siteLicenses: number;
  readonly renewals: readonly RenewalBucket[];
  readonly churn: Churn;
  readonly versionAdoption: readonly PackageVersionAdoption[];
  /** The last 12 months, oldest first, this month included. */
  readonly installsByMonth: readonly { readonly month: string; readonly installs: number }[];
  /** Distinct orgs with a live license, by org edition; most first. */
  readonly subscribersByEdition: readonly { readonly edition: string; readonly subscribers: number }[];
  /** Licenses in scope by what a user calls their state (expired = Active/Trial past expiry). */
  readonly statusMix: readonly { readonly status: StatusMixKey; readonly licenses: number }[];
}

/** One status change read from License history (sfLma__License__History, Field = sfLma__Status__c). */
export interface StatusChange {
  readonly licenseId: string;
  readonly newStatus: string | null;
  /** ISO date-time of the change. */
  readonly at: string;
}

export const UNKNOWN_EDITION = 'Unknown edition';
export const CHURN_STATUSES: readonly string[] = ['Uninstalled', 'Suspended'];

/** Renewal windows relative to today (today included in the first). */
export function renewalWindows(today: CalendarDate): { label: RenewalBucket['label']; from: CalendarDate; to: CalendarDate }[] {
  return [
    { label: '0–30 days', from: today, to: addDays(today, 30) },
    { label: '31–60 days', from: addDays(today, 31), to: addDays(today, 60) },
    { label: '61–90 days', from: addDays(today, 61), to: addDays(today, 90) },
  ];
}

/** Which renewal window a date falls in, or undefined outside all three. */
export function renewalWindowOf(date: CalendarDate, today: CalendarDate): number | undefined {
  const i = renewalWindows(today).findIndex((w) => date >= w.from && date <= w.to);
  return i < 0 ? undefined : i;
}

/** The 12 months ending with this one, as YYYY-MM. */
export function lastTwelveMonths(today: CalendarDate): string[] {
  return Array.from({ length: 12 }, (_, i) => monthOf(addMonths(today, i - 11)));
}

export function churnSince(options: Pick<MetricsOptions, 'today' | 'churnDays'>): CalendarDate {
  return addDays(options.today, -options.churnDays);
}

/** The instant churn is counted from (ISO, UTC). */
export function churnFrom(options: MetricsOptions): string {
  return options.churnFrom ?? `${churnSince(options)}T00:00:00.000Z`;
}

/** The instant `today` ends (ISO, UTC): the numbers are as of then, and count nothing later. */
export function asOfEnd(options: Pick<MetricsOptions, 'today' | 'asOfEnd'>): string {
  return options.asOfEnd ?? `${addDays(options.today, 1)}T00:00:00.000Z`;
}

/** The churn period as instants: from its first day's start (included) to the end of `today` (excluded). */
export interface ChurnWindow {
  readonly from: string;
  readonly until: string;
}

export function churnWindow(options: MetricsOptions): ChurnWindow {
  return { from: churnFrom(options), until: asOfEnd(options) };
}

const instantMs = (dateTime: string) => Date.parse(dateTime.replace(/\+0000$/, 'Z'));

/** True when an ISO date-time (Salesforce's `…+0000` form too) lies in the window (from included, until excluded). */
export function within(dateTime: string, window: ChurnWindow): boolean {
  const a = instantMs(dateTime);
  return !Number.isNaN(a) && a >= Date.parse(window.from) && a < Date.parse(window.until);
}

/** Licenses whose history shows a change to Uninstalled or Suspended within the window: each once. */
export function churnedFromHistory(changes: readonly StatusChange[], window: ChurnWindow, inScope: (licenseId: string) => boolean = () => true): number {
  const churned = new Set<string>();
  for (const c of changes)
    if (c.newStatus !== null && CHURN_STATUSES.includes(c.newStatus) && within(c.at, window) && inScope(c.licenseId)) churned.add(c.licenseId);
  return churned.size;
}

export const STATUS_MIX_ORDER: readonly StatusMixKey[] = ['Active', 'Trial', 'Expired', 'Suspended', 'Uninstalled', 'Other'];

/**
 * Each package in scope with its versions (oldest first), the live licenses on each, and the share
 * on its latest released version — the same for both ways of counting. `liveByPackage` counts the
 * package's live licenses whatever their version (a license without a known version too); without
 * it, a package's live licenses are the sum over its versions (what server aggregates give).
 */
export function versionAdoptionOf(
  packages: readonly Package[],
  versions: readonly PackageVersion[],
  packageId: string | undefined,
  liveByVersion: ReadonlyMap<string, number>,
  liveByPackage?: ReadonlyMap<string, number>,
): PackageVersionAdoption[] {
  return packages
    .filter((p) => !packageId || p.id === packageId)
    .map((pkg) => {
      const own = versions.filter((v) => v.packageId === pkg.id).sort((x, y) => compareVersionNumbers(x.versionNumber, y.versionNumber));
      const shares = own.map((v) => ({ versionId: v.id, versionNumber: v.versionNumber, isBeta: v.isBeta, live: liveByVersion.get(v.id) ?? 0 }));
      const live = liveByPackage ? (liveByPackage.get(pkg.id) ?? 0) : shares.reduce((s, v) => s + v.live, 0);
      const latest = latestReleasedVersion(own);
      const onLatest = latest ? (shares.find((s) => s.versionId === latest.id)?.live ?? 0) : 0;
      return {
        packageId: pkg.id,
        packageName: pkg.name,
        latestVersion: latest?.versionNumber,
        live,
        shareOnLatest: latest ? ratio(onLatest, live) : undefined,
        versions: shares,
      };
    });
}

export function ratio(part: number, whole: number): number | undefined {
  return whole > 0 ? part / whole : undefined;
}

export function statusMixList(mix: ReadonlyMap<StatusMixKey, number>): { status: StatusMixKey; licenses: number }[] {
  return STATUS_MIX_ORDER.map((status) => ({ status, licenses: mix.get(status) ?? 0 })).filter((s) => s.licenses > 0 || s.status !== 'Other');
}
