/**
 * The dashboard's messages between the extension host and the webview, declared once and shared
 * by both sides. Only metrics and display text cross: never a token, URL or connection detail.
 */
import type { InstallBaseMetrics } from '../core/metrics/installBaseMetrics';

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
  | { readonly kind: 'subscriber'; readonly orgId: string };

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

export interface DashboardRequests {
  load: { params: DashboardOptions; result: DashboardView };
  exportLicenses: { params: DashboardOptions; result: { readonly written: number; readonly file: string } | { readonly cancelled: true } };
  exportMetrics: { params: DashboardOptions; result: { readonly file: string } | { readonly cancelled: true } };
  copySummary: { params: DashboardOptions; result: { readonly copied: true } };
  showInTree: { params: TreeTarget; result: { readonly shown: boolean } };
}

export type RequestName = keyof DashboardRequests;

export type PageToHost = { readonly type: 'request'; readonly id: number; readonly name: RequestName; readonly params: unknown };

export type HostToPage =
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: { readonly message: string; readonly kind: string } }
  /** The connection changed or the user refreshed: load again. */
  | { readonly type: 'reload' };

/** State the webview keeps across reloads (VS Code's webview state). */
export interface DashboardState {
  readonly options: DashboardOptions;
}

export function isDashboardOptions(value: unknown): value is DashboardOptions {
  const v = value as DashboardOptions | undefined;
  return !!v && typeof v.packageId === 'string' && typeof v.includeSandboxes === 'boolean' && typeof v.churnDays === 'number' && v.churnDays > 0 && v.churnDays <= 3650;
}
