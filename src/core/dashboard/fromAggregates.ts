/**
 * Metrics from server aggregates (what the data layer's dashboard queries return). Every
 * number is a COUNT / COUNT_DISTINCT / SUM computed by Salesforce; this only combines them.
 */
import { type CalendarDate } from '../calendarDate';
import { type Package, type PackageVersion } from '../package';
import {
  type ChurnSource,
  type InstallBaseMetrics,
  type MetricsOptions,
  type StatusMixKey,
  UNKNOWN_EDITION,
  churnSince,
  lastTwelveMonths,
  ratio,
  renewalWindows,
  statusMixList,
  versionAdoptionOf,
} from './installBaseMetrics';

/** A live license whose org id is stored in the 18-character form, or a license of that org's 15-character form. */
export interface OrgIdForm {
  readonly orgId: string;
  readonly status: string | null;
  readonly edition: string | null;
}

export interface DashboardAggregates {
  /** Live licenses in scope: how many, and how many distinct org ids (as stored). */
  readonly live: { readonly licenses: number; readonly orgs: number };
  /** Live licenses per status (Active, Trial): licenses and distinct org ids. */
  readonly liveByStatus: readonly { readonly status: string | null; readonly licenses: number; readonly orgs: number }[];
  /** Distinct org ids with a live license, per org edition (raw edition text, blank or null included). */
  readonly liveOrgsByEdition: readonly { readonly edition: string | null; readonly orgs: number }[];
  /** Live licenses with seats ≥ 0: their seats and used seats. */
  readonly perSeat: { readonly seats: number; readonly used: number };
  /** Live licenses with seats < 0. */
  readonly siteLicenses: number;
  /** Live, non-perpetual, expiring today … today+90: licenses per expiration date. */
  readonly renewalLicenses: readonly { readonly expiration: CalendarDate; readonly licenses: number }[];
  /** The same window, per-seat licenses only: seats per expiration date. */
  readonly renewalSeats: readonly { readonly expiration: CalendarDate; readonly seats: number }[];
  readonly liveByVersion: ReadonlyMap<string, number>;
  /** Licenses in scope by status (any status, expired or not). */
  readonly byStatus: readonly { readonly status: string | null; readonly licenses: number }[];
  /** Licenses in scope by install month, over the last 12 months. */
  readonly installsByMonth: readonly { readonly year: number; readonly month: number; readonly licenses: number }[];
  readonly churned: number;
  readonly churnSource: ChurnSource;
  /**
   * COUNT_DISTINCT compares org ids as stored, so an org stored once as 15 and once as 18
   * characters is counted twice. These lists (usually empty: the LMA writes 15) let the counts
   * be corrected exactly.
   */
  readonly eighteenCharacterIds: readonly OrgIdForm[];
  readonly fifteenCharacterTwins: readonly OrgIdForm[];
}

/** How much COUNT_DISTINCT over-counted because one org appears under both id forms. */
export function orgIdOvercount(
  eighteen: readonly OrgIdForm[],
  fifteen: readonly OrgIdForm[],
): { live: number; active: number; byEdition: Map<string, number> } {
  const key = (id: string) => id.slice(0, 15);
  const edition = (e: string | null) => e?.trim() || UNKNOWN_EDITION;
  const twins = new Map<string, OrgIdForm[]>();
  for (const f of fifteen) if (f.orgId.length === 15) twins.set(f.orgId, [...(twins.get(f.orgId) ?? []), f]);
  const live = new Set<string>();
  const active = new Set<string>();
  const byEdition = new Map<string, Set<string>>();
  for (const e of eighteen) {
    const k = key(e.orgId);
    const other = twins.get(k);
    if (!other) continue;
    live.add(k);
    if (e.status === 'Active' && other.some((o) => o.status === 'Active')) active.add(k);
    if (other.some((o) => edition(o.edition) === edition(e.edition))) {
      const set = byEdition.get(edition(e.edition)) ?? new Set<string>();
      set.add(k);
      byEdition.set(edition(e.edition), set);
    }
  }
  return { live: live.size, active: active.size, byEdition: new Map([...byEdition].map(([e, s]) => [e, s.size])) };
}

export function metricsFromAggregates(
  a: DashboardAggregates,
  packages: readonly Package[],
  versions: readonly PackageVersion[],
  options: MetricsOptions,
): InstallBaseMetrics {
  const { today } = options;
  const over = orgIdOvercount(a.eighteenCharacterIds, a.fifteenCharacterTwins);
  const liveOrgs = a.live.orgs - over.live;
  const liveOf = (status: string) => a.liveByStatus.find((r) => r.status === status);
  const activeOrgs = (liveOf('Active')?.orgs ?? 0) - over.active;
  const liveLicenses = a.live.licenses;

  const inWindow = (date: CalendarDate, w: { from: CalendarDate; to: CalendarDate }) => date >= w.from && date <= w.to;
  const renewals = renewalWindows(today).map((w) => ({
    ...w,
    licenses: a.renewalLicenses.filter((r) => inWindow(r.expiration, w)).reduce((s, r) => s + r.licenses, 0),
    seats: a.renewalSeats.filter((r) => inWindow(r.expiration, w)).reduce((s, r) => s + r.seats, 0),
  }));

  const versionAdoption = versionAdoptionOf(packages, versions, options.packageId, a.liveByVersion);

  const installs = new Map<string, number>();
  for (const r of a.installsByMonth) {
    const month = `${r.year}-${String(r.month).padStart(2, '0')}`;
    installs.set(month, (installs.get(month) ?? 0) + r.licenses);
  }

  // Editions that differ only in blank/null fold into one.
  const editionOrgs = new Map<string, number>();
  for (const r of a.liveOrgsByEdition) {
    const edition = r.edition?.trim() || UNKNOWN_EDITION;
    editionOrgs.set(edition, (editionOrgs.get(edition) ?? 0) + r.orgs);
  }
  const subscribersByEdition = [...editionOrgs]
    .map(([edition, orgs]) => ({ edition, subscribers: orgs - (over.byEdition.get(edition) ?? 0) }))
    .sort((x, y) => y.subscribers - x.subscribers || x.edition.localeCompare(y.edition));

  const mix = new Map<StatusMixKey, number>();
  for (const { status, licenses } of a.byStatus) {
    if (status === 'Active' || status === 'Trial') {
      const live = liveOf(status)?.licenses ?? 0;
      mix.set(status, (mix.get(status) ?? 0) + live);
      mix.set('Expired', (mix.get('Expired') ?? 0) + licenses - live);
    } else {
      const key: StatusMixKey = status === 'Suspended' || status === 'Uninstalled' ? status : 'Other';
      mix.set(key, (mix.get(key) ?? 0) + licenses);
    }
  }

  return {
    options,
    activeSubscribers: activeOrgs,
    trialSubscribers: liveOrgs - activeOrgs,
    liveLicenses,
    seats: a.perSeat.seats,
    usedSeats: a.perSeat.used,
    utilisation: ratio(a.perSeat.used, a.perSeat.seats),
    siteLicenses: a.siteLicenses,
    renewals,
    churn: {
      periodDays: options.churnDays,
      since: churnSince(options),
      churned: a.churned,
      rate: ratio(a.churned, a.churned + liveLicenses),
      source: a.churnSource,
    },
    versionAdoption,
    installsByMonth: lastTwelveMonths(today).map((month) => ({ month, installs: installs.get(month) ?? 0 })),
    subscribersByEdition,
    statusMix: statusMixList(mix),
  };
}
