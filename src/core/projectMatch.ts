/** Matches an sfdx-project.json's packages and version aliases to what the LMO knows. */
import { type Package, type PackageVersion } from './package';
import { type ProjectPackage, type ProjectVersionAlias, type SfdxProject } from './sfdxProject';
import { type PackageAdoption, type VersionAdoption, packageAdoption } from './versionAdoption';
import { parseVersionNumber } from './versionNumber';

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

/** major.minor.patch of a version number (an alias's build number, 2.3.0-1, is not part of the LMA's version number). */
function releaseKey(version: string): string | undefined {
  const parts = parseVersionNumber(version);
  if (!parts) return undefined;
  return [0, 1, 2].map((i) => parts[i] ?? 0).join('.');
}

const nameKey = (name: string | undefined) => name?.trim().toLowerCase() ?? '';
const id15 = (id: string | undefined) => (id ? id.slice(0, 15) : '');

/**
 * Matches a project to the LMO's packages and versions through indexes (one lookup per entry),
 * so a project with thousands of aliases against an LMO with thousands of versions stays fast.
 */
export function matchProject(project: SfdxProject, data: AdoptionData): ProjectMatch {
  const packagesById = new Map(data.packages.map((p) => [p.id, p]));
  const packagesByName = new Map<string, Package>();
  const packagesBy033 = new Map<string, Package>();
  for (const p of data.packages) {
    if (!packagesByName.has(nameKey(p.name))) packagesByName.set(nameKey(p.name), p);
    if (p.packageId && !packagesBy033.has(id15(p.packageId))) packagesBy033.set(id15(p.packageId), p);
  }
  const versionsById = new Map<string, PackageVersion>();
  const versionsByRelease = new Map<string, PackageVersion>();
  for (const v of data.versions) {
    if (v.versionId && !versionsById.has(id15(v.versionId))) versionsById.set(id15(v.versionId), v);
    const release = releaseKey(v.versionNumber);
    const key = `${v.packageId}|${release}`;
    if (release && !versionsByRelease.has(key)) versionsByRelease.set(key, v);
  }
  const adoptions = new Map<string, PackageAdoption>();
  const adoptionOf = (packageId: string): PackageAdoption | undefined => {
    const pkg = packagesById.get(packageId);
    if (!pkg) return undefined;
    let a = adoptions.get(packageId);
    if (!a) adoptions.set(packageId, (a = packageAdoption(pkg, data.versions, data.liveByVersion, data.seatsByVersion)));
    return a;
  };
  const versionOf = (alias: ProjectVersionAlias): PackageVersion | undefined => {
    const byId = versionsById.get(id15(alias.versionId));
    if (byId) return byId;
    const pkg = packagesByName.get(nameKey(alias.packageName));
    const release = alias.versionNumber ? releaseKey(alias.versionNumber) : undefined;
    return pkg && release ? versionsByRelease.get(`${pkg.id}|${release}`) : undefined;
  };

  const versions: MatchedVersion[] = project.versionAliases.map((entry) => {
    const version = versionOf(entry);
    const pkgAdoption = version ? adoptionOf(version.packageId) : undefined;
    return { entry, adoption: pkgAdoption?.versions.find((a) => a.version.id === version?.id), packageAdoption: pkgAdoption };
  });
  const packageOfVersionAlias = new Map<string, Package>();
  for (const v of versions)
    if (v.packageAdoption && v.entry.packageName && !packageOfVersionAlias.has(nameKey(v.entry.packageName)))
      packageOfVersionAlias.set(nameKey(v.entry.packageName), v.packageAdoption.pkg);

  const packages: MatchedPackage[] = project.packages.map((entry) => {
    const byId = entry.packageId?.startsWith('033') ? packagesBy033.get(id15(entry.packageId)) : undefined;
    const pkg = byId ?? packagesByName.get(nameKey(entry.name)) ?? packageOfVersionAlias.get(nameKey(entry.name));
    return { entry, adoption: pkg ? adoptionOf(pkg.id) : undefined };
  });
  return { packages, versions };
}
