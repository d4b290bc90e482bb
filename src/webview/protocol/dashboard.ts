/**
 * The dashboard's requests and views, shared by the extension host and the page. Only metrics
 * and display text cross: never a token, URL or connection detail.
 */
import type { PackageAdoption } from '../../core/features/adoption';
import type { InstallBaseMetrics } from '../../core/dashboard/installBaseMetrics';
import type { Validators } from './envelope';

export interface DashboardOptions {
  /** Record id of one package, or '' for all. */
  readonly packageId: string;
  readonly includeSandboxes: boolean;
  readonly churnDays: number;
}

export const DEFAULT_DASHBOARD_OPTIONS: DashboardOptions = { packageId: '', includeSandboxes: false, churnDays: 90 };

/** What a chart click asks the sidebar to show. */
export type TreeTarget =
  | { readonly kind: 'version'; readonly packageId: string; readonly versionId: string }
  | { readonly kind: 'renewals'; readonly from: string; readonly to: string }
  | { readonly kind: 'status'; readonly status: 'Active' | 'Trial' | 'Suspended' | 'Uninstalled' | 'Expired' }
  | { readonly kind: 'subscriber'; readonly orgId: string }
  | { readonly kind: 'usage'; readonly flag: 'shelfware' | 'atCap' | 'dormant' };

/** A license in the "renewing next" list: display text only. */
export interface RenewalRow {
  readonly subscriber: string;
  readonly orgId: string;
  readonly packageName: string;
  readonly versionNumber: string;
  readonly seats: string;
  readonly expiration: string;
  readonly status: string;
}

export type DashboardView =
  | { readonly state: 'notConnected' }
  | { readonly state: 'lmaMissing'; readonly message: string }
  | {
      readonly state: 'ready';
      readonly orgLabel: string;
      readonly isDemo: boolean;
      readonly packages: readonly { readonly id: string; readonly name: string }[];
      readonly metrics: InstallBaseMetrics;
      /** The ten live licenses expiring soonest (next 90 days). */
      readonly renewingNext: readonly RenewalRow[];
      /** ISO time the numbers were read. */
      readonly loadedAt: string;
      readonly apiCalls: number;
      /** Set when a refresh failed and these are older numbers. */
      readonly stale?: { readonly message: string };
    };

/** The Feature adoption card: loaded after the numbers, only when the LMO has the Feature Management App. */
export type FeatureAdoptionView =
  | { readonly state: 'notConnected' }
  | { readonly state: 'fmaMissing'; readonly message: string }
  | {
      readonly state: 'ready';
      readonly packages: readonly PackageAdoption[];
      /** Packages whose numbers could not be read (the others still show). */
      readonly failed: readonly { readonly packageName: string; readonly message: string }[];
    };

/** Which seat usage the card asks for: a month ('' for the last complete one), the dashboard's package scope. */
export interface UsageRequest {
  readonly packageId: string;
  readonly month: string;
  /** Measure again even when this month and scope were measured already. */
  readonly force: boolean;
}

/** A license in one of the card's lists: display text and numbers only. */
export interface UsageRowView {
  readonly licenseId: string;
  readonly subscriber: string;
  readonly orgId: string;
  readonly packageName: string;
  /** "50", "site-wide", "unset". */
  readonly seats: string;
  readonly usedLicenses: number | null;
  readonly activeUsers: number | null;
  /** "6 %", or "—" without a ratio. */
  readonly share: string;
}

export interface UsageListView {
  readonly flag: 'shelfware' | 'atCap' | 'dormant';
  readonly title: string;
  readonly hint: string;
  readonly total: number;
  /** The first rows, in reading order (the whole list is in the sidebar filter and `usage --json`). */
  readonly rows: readonly UsageRowView[];
  /** Set when the list cannot be known yet (dormancy without enough months). */
  readonly unavailable?: string;
}

/** The Seat usage card: loaded after the numbers; App Analytics' package usage summary against the licenses. */
export type SeatUsageView =
  | { readonly state: 'notConnected' }
  | {
      readonly state: 'explained';
      readonly kind: string;
      readonly month: string;
      readonly months: readonly string[];
      readonly title: string;
      readonly message: string;
      readonly action: string;
    }
  | {
      readonly state: 'ready';
      readonly month: string;
      /** The months the card offers (the last complete twelve). */
      readonly months: readonly string[];
      readonly licenses: number;
      readonly measured: number;
      readonly activeUsers: number;
      readonly seats: number;
      /** Live licenses not in the figures: sandboxes (apart), trials and others not measured. */
      readonly sandboxes: number;
      readonly notMeasured: number;
      readonly lists: readonly UsageListView[];
      readonly fromCache: boolean;
      readonly apiCalls: number;
      readonly downloads: number;
    };

export type DashboardRequests = {
  load: { params: DashboardOptions; result: DashboardView };
  loadFeatures: { params: DashboardOptions; result: FeatureAdoptionView };
  exportLicenses: { params: DashboardOptions; result: { readonly written: number; readonly file: string } | { readonly cancelled: true } };
  exportMetrics: { params: DashboardOptions; result: { readonly file: string } | { readonly cancelled: true } };
  copySummary: { params: DashboardOptions; result: { readonly copied: true } };
  showInTree: { params: TreeTarget; result: { readonly shown: boolean } };
  /** Stops a load in flight (a slow org); the page keeps what it showed. */
  cancelLoad: { params: Record<string, never>; result: { readonly cancelled: boolean } };
  /** Stops the Feature adoption card's load in flight. */
  cancelFeatures: { params: Record<string, never>; result: { readonly cancelled: boolean } };
  loadUsage: { params: UsageRequest; result: SeatUsageView };
  /** Stops the Seat usage card's measure in flight. */
  cancelUsage: { params: Record<string, never>; result: { readonly cancelled: boolean } };
};

/** State the webview keeps across reloads (VS Code's webview state). */
export interface DashboardState {
  readonly options: DashboardOptions;
}

export function isDashboardOptions(value: unknown): value is DashboardOptions {
  const v = value as DashboardOptions | undefined;
  return (
    !!v &&
    typeof v === 'object' &&
    typeof v.packageId === 'string' &&
    v.packageId.length <= 18 &&
    typeof v.includeSandboxes === 'boolean' &&
    typeof v.churnDays === 'number' &&
    Number.isInteger(v.churnDays) &&
    v.churnDays > 0 &&
    v.churnDays <= 3650
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isTreeTarget(value: unknown): value is TreeTarget {
  const t = value as TreeTarget | undefined;
  if (!t || typeof t !== 'object') return false;
  switch (t.kind) {
    case 'version':
      return typeof t.packageId === 'string' && typeof t.versionId === 'string' && /^\w{15,18}$/.test(t.packageId) && /^\w{15,18}$/.test(t.versionId);
    case 'renewals':
      return typeof t.from === 'string' && typeof t.to === 'string' && DATE.test(t.from) && DATE.test(t.to);
    case 'status':
      return ['Active', 'Trial', 'Suspended', 'Uninstalled', 'Expired'].includes(t.status);
    case 'subscriber':
      return typeof t.orgId === 'string' && /^00D\w{12}(\w{3})?$/.test(t.orgId);
    case 'usage':
      return ['shelfware', 'atCap', 'dormant'].includes(t.flag);
    default:
      return false;
  }
}

function isEmptyParams(value: unknown): value is Record<string, never> {
  return !!value && typeof value === 'object' && Object.keys(value).length === 0;
}

export function isUsageRequest(value: unknown): value is UsageRequest {
  const v = value as UsageRequest | undefined;
  return (
    !!v &&
    typeof v === 'object' &&
    typeof v.packageId === 'string' &&
    v.packageId.length <= 18 &&
    typeof v.month === 'string' &&
    (v.month === '' || /^\d{4}-(0[1-9]|1[0-2])$/.test(v.month)) &&
    typeof v.force === 'boolean'
  );
}

export const DASHBOARD_VALIDATORS: Validators<DashboardRequests> = {
  load: isDashboardOptions,
  loadFeatures: isDashboardOptions,
  exportLicenses: isDashboardOptions,
  exportMetrics: isDashboardOptions,
  copySummary: isDashboardOptions,
  showInTree: isTreeTarget,
  cancelLoad: isEmptyParams,
  cancelFeatures: isEmptyParams,
  loadUsage: isUsageRequest,
  cancelUsage: isEmptyParams,
};
