/**
 * The install-base dashboard's numbers, exactly as product.md defines them. Two ways to get
 * them: from server aggregates (fromAggregates.ts, what the product uses) and from a full list
 * of licenses (fromLicenses.ts, the straightforward reference the tests and the benchmark's
 * naive approach use). Both must agree.
 */
import { CalendarDate, addDays, addMonths, monthOf } from '../calendarDate';

export interface MetricsOptions {
  readonly today: CalendarDate;
  /** Sandbox licenses are excluded unless this is true. */
  readonly includeSandboxes: boolean;
  /** Record id of one sfLma__Package__c, or undefined for all packages. */
  readonly packageId?: string;
  /** Churn period P in days (default 90). */
  readonly churnDays: number;
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
  readonly churn: { readonly periodDays: number; readonly since: CalendarDate; readonly churned: number; readonly rate: number | undefined };
  readonly versionAdoption: readonly PackageVersionAdoption[];
  /** The last 12 months, oldest first, this month included. */
  readonly installsByMonth: readonly { readonly month: string; readonly installs: number }[];
  /** Distinct orgs with a live license, by org edition; most first. */
  readonly subscribersByEdition: readonly { readonly edition: string; readonly subscribers: number }[];
  /** Licenses in scope by what a user calls their state (expired = Active/Trial past expiry). */
  readonly statusMix: readonly { readonly status: StatusMixKey; readonly licenses: number }[];
}

export const UNKNOWN_EDITION = 'Unknown edition';

/** Renewal windows relative to today (today included in the first). */
export function renewalWindows(today: CalendarDate): { label: RenewalBucket['label']; from: CalendarDate; to: CalendarDate }[] {
  return [
    { label: '0–30 days', from: today, to: addDays(today, 30) },
    { label: '31–60 days', from: addDays(today, 31), to: addDays(today, 60) },
    { label: '61–90 days', from: addDays(today, 61), to: addDays(today, 90) },
  ];
}

/** The 12 months ending with this one, as YYYY-MM. */
export function lastTwelveMonths(today: CalendarDate): string[] {
  return Array.from({ length: 12 }, (_, i) => monthOf(addMonths(today, i - 11)));
}

export function churnSince(options: MetricsOptions): CalendarDate {
  return addDays(options.today, -options.churnDays);
}

export const STATUS_MIX_ORDER: readonly StatusMixKey[] = ['Active', 'Trial', 'Expired', 'Suspended', 'Uninstalled', 'Other'];

export function ratio(part: number, whole: number): number | undefined {
  return whole > 0 ? part / whole : undefined;
}
