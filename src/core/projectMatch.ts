/** Matches an sfdx-project.json's packages and version aliases to what the LMO knows. */
import { Package, PackageVersion } from './package';
import { ProjectPackage, ProjectVersionAlias, SfdxProject } from './sfdxProject';
import { PackageAdoption, VersionAdoption, packageAdoption } from './versionAdoption';
import { compareVersionNumbers, parseVersionNumber } from './versionNumber';

export interface AdoptionData {
  readonly packages: readonly Package[];
  readonly versions: readonly PackageVersion[];
  readonly liveByVersion: ReadonlyMap<string, number>;
  readonly seatsByVersion: ReadonlyMap<string, number>;
}

export interface MatchedPackage {
  readonly entry: ProjectPackage;
  /** Undefined when the LMO has no such package: it is not linked to the LMA (yet). */
  readonly adoption: PackageAdoption | undefined;
}

export interface MatchedVersion {
  readonly entry: ProjectVersionAlias;
  readonly adoption: VersionAdoption | undefined;
  readonly packageAdoption: PackageAdoption | undefined;
}

export interface ProjectMatch {
  readonly packages: readonly MatchedPackage[];
  readonly versions: readonly MatchedVersion[];
}

/** major.minor.patch equal; the alias's build number (2.3.0-1) is not part of the LMA's version number. */
function sameRelease(a: string, b: string): boolean {
  const pa = parseVersionNumber(a);
  const pb = parseVersionNumber(b);
  return !!pa && !!pb && compareVersionNumbers(pa.slice(0, 3).join('.'), pb.slice(0, 3).join('.')) === 0;
}

const same15 = (a: string | undefined, b: string | undefined) => !!a && !!b && a.slice(0, 15) === b.slice(0, 15);
const sameName = (a: string | undefined, b: string | undefined) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

export function matchProject(project: SfdxProject, data: AdoptionData): ProjectMatch {
  const adoptions = new Map(data.packages.map((p) => [p.id, packageAdoption(p, data.versions, data.liveByVersion, data.seatsByVersion)]));
  const versionOf = (alias: ProjectVersionAlias): PackageVersion | undefined =>
    data.versions.find((v) => same15(v.versionId, alias.versionId)) ??
    data.versions.find((v) => {
      const pkg = data.packages.find((p) => p.id === v.packageId);
      return sameName(pkg?.name, alias.packageName) && !!alias.versionNumber && sameRelease(v.versionNumber, alias.versionNumber);
    });

  const versions: MatchedVersion[] = project.versionAliases.map((entry) => {
    const version = versionOf(entry);
    const pkgAdoption = version ? adoptions.get(version.packageId) : undefined;
    return { entry, adoption: pkgAdoption?.versions.find((a) => a.version.id === version?.id), packageAdoption: pkgAdoption };
  });

  const packages: MatchedPackage[] = project.packages.map((entry) => {
    const byId = entry.packageId?.startsWith('033') ? data.packages.find((p) => same15(p.packageId, entry.packageId)) : undefined;
    const byName = data.packages.find((p) => sameName(p.name, entry.name));
    const byVersion = versions.find((v) => sameName(v.entry.packageName, entry.name) && v.packageAdoption)?.packageAdoption?.pkg;
    const pkg = byId ?? byName ?? byVersion;
    return { entry, adoption: pkg ? adoptions.get(pkg.id) : undefined };
  });
  return { packages, versions };
}
