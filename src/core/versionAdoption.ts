/** How a package's live licenses spread over its versions, and which old versions still hold many. */
import { type Package, type PackageVersion, latestReleasedVersion } from './package';
import { compareVersionNumbers } from './versionNumber';

export interface VersionAdoption {
  readonly version: PackageVersion;
  /** Live licenses (Active or Trial, not expired) on this version, sandboxes excluded. */
  readonly live: number;
  /** Seats of those licenses that are per-seat (site licenses are not summed). */
  readonly seats: number;
}

export interface PackageAdoption {
  readonly pkg: Package;
  readonly versions: readonly VersionAdoption[];
  readonly live: number;
  readonly latest: PackageVersion | undefined;
  /** Share of live licenses on the latest released version (undefined when there are none). */
  readonly shareOnLatest: number | undefined;
}

export function packageAdoption(
  pkg: Package,
  versions: readonly PackageVersion[],
  liveByVersion: ReadonlyMap<string, number>,
  seatsByVersion: ReadonlyMap<string, number>,
): PackageAdoption {
  const own = versions.filter((v) => v.packageId === pkg.id);
  const adoption = own.map((version) => ({ version, live: liveByVersion.get(version.id) ?? 0, seats: seatsByVersion.get(version.id) ?? 0 }));
  const live = adoption.reduce((sum, a) => sum + a.live, 0);
  const latest = latestReleasedVersion(own);
  const onLatest = latest ? (liveByVersion.get(latest.id) ?? 0) : 0;
  return { pkg, versions: adoption, live, latest, shareOnLatest: live > 0 && latest ? onLatest / live : undefined };
}

export interface StaleVersion {
  readonly version: PackageVersion;
  readonly live: number;
  readonly share: number;
  readonly latest: PackageVersion;
}

/** Released versions older than the latest that still hold more than `threshold` of the live licenses. */
export function staleVersions(adoption: PackageAdoption, threshold: number): StaleVersion[] {
  const latest = adoption.latest;
  if (!latest || adoption.live === 0) return [];
  return adoption.versions
    .filter((a) => !a.version.isBeta && compareVersionNumbers(a.version.versionNumber, latest.versionNumber) < 0)
    .map((a) => ({ version: a.version, live: a.live, share: a.live / adoption.live, latest }))
    .filter((s) => s.share > threshold);
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
