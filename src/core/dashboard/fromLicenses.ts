/** The reference computation: every metric from the full list of licenses (and their status history), one pass each. */
import { monthOf } from '../calendarDate';
import { type License, isExpired, isLive } from '../license';
import { type Package, type PackageVersion } from '../package';
import {
  CHURN_STATUSES,
  type InstallBaseMetrics,
  type MetricsOptions,
  type StatusChange,
  type StatusMixKey,
  UNKNOWN_EDITION,
  asOfEnd,
  churnWindow,
  churnSince,
  churnedFromHistory,
  within,
  lastTwelveMonths,
  ratio,
  renewalWindows,
  statusMixList,
  versionAdoptionOf,
} from './installBaseMetrics';

/** With `history` (every status change), churn comes from it; without, from LastModifiedDate. */
export function metricsFromLicenses(
  all: readonly License[],
  packages: readonly Package[],
  versions: readonly PackageVersion[],
  options: MetricsOptions,
  history?: readonly StatusChange[],
): InstallBaseMetrics {
  const { today } = options;
  // As of today: a license created after today ends did not exist yet.
  const end = Date.parse(asOfEnd(options));
  const existed = (l: License) => !l.createdDate || Date.parse(l.createdDate.replace(/\+0000$/, 'Z')) < end;
  const scope = all.filter((l) => (options.includeSandboxes || !l.isSandbox) && (!options.packageId || l.packageId === options.packageId) && existed(l));
  const live = scope.filter((l) => isLive(l, today));

  const liveOrgs = new Set(live.map((l) => l.orgKey));
  const activeOrgs = new Set(live.filter((l) => l.status === 'Active').map((l) => l.orgKey));
  const perSeat = live.filter((l) => l.seats.kind === 'perSeat');
  const seats = perSeat.reduce((s, l) => s + (l.seats.kind === 'perSeat' ? l.seats.count : 0), 0);
  const usedSeats = perSeat.reduce((s, l) => s + (l.usedSeats ?? 0), 0);

  const renewals = renewalWindows(today).map((w) => {
    const inWindow = live.filter((l) => l.expiration.kind === 'date' && l.expiration.date >= w.from && l.expiration.date <= w.to);
    return { ...w, licenses: inWindow.length, seats: inWindow.reduce((s, l) => s + (l.seats.kind === 'perSeat' ? l.seats.count : 0), 0) };
  });

  const window = churnWindow(options);
  const inScope = new Set(scope.map((l) => l.id.slice(0, 15)));
  const churned = history
    ? churnedFromHistory(history, window, (id) => inScope.has(id.slice(0, 15)))
    : scope.filter((l) => l.status !== undefined && CHURN_STATUSES.includes(l.status) && !!l.lastModified && within(l.lastModified, window)).length;

  const liveByVersion = new Map<string, number>();
  const liveByPackage = new Map<string, number>();
  for (const l of live) {
    if (l.packageId) liveByPackage.set(l.packageId, (liveByPackage.get(l.packageId) ?? 0) + 1);
    if (l.packageVersionId) liveByVersion.set(l.packageVersionId, (liveByVersion.get(l.packageVersionId) ?? 0) + 1);
  }
  const versionAdoption = versionAdoptionOf(packages, versions, options.packageId, liveByVersion, liveByPackage);

  const months = lastTwelveMonths(today);
  // Installs up to today: this month's later days have not happened yet.
  const installsByMonth = months.map((month) => ({
    month,
    installs: scope.filter((l) => l.installDate && l.installDate <= today && monthOf(l.installDate) === month).length,
  }));

  const editionOrgs = new Map<string, Set<string>>();
  for (const l of live) {
    const edition = l.orgEdition?.trim() || UNKNOWN_EDITION;
    if (!editionOrgs.has(edition)) editionOrgs.set(edition, new Set());
    editionOrgs.get(edition)?.add(l.orgKey);
  }
  const subscribersByEdition = [...editionOrgs.entries()]
    .map(([edition, orgs]) => ({ edition, subscribers: orgs.size }))
    .sort((a, b) => b.subscribers - a.subscribers || a.edition.localeCompare(b.edition));

  const mix = new Map<StatusMixKey, number>();
  for (const l of scope) {
    const key: StatusMixKey = l.status === 'Active' || l.status === 'Trial' ? (isExpired(l, today) ? 'Expired' : l.status) : (l.status ?? 'Other');
    mix.set(key, (mix.get(key) ?? 0) + 1);
  }

  return {
    options,
    activeSubscribers: activeOrgs.size,
    trialSubscribers: liveOrgs.size - activeOrgs.size,
    liveLicenses: live.length,
    seats,
    usedSeats,
    utilisation: ratio(usedSeats, seats),
    siteLicenses: live.filter((l) => l.seats.kind === 'site').length,
    renewals,
    churn: {
      periodDays: options.churnDays,
      since: churnSince(options),
      churned,
      rate: ratio(churned, churned + live.length),
      source: history ? 'history' : 'lastModified',
    },
    versionAdoption,
    installsByMonth,
    subscribersByEdition,
    statusMix: statusMixList(mix),
  };
}
