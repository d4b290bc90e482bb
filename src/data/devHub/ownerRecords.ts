/**
 * The owning org's SOQL and its rows as domain objects: Tooling Package2 and Package2Version (2GP),
 * MetadataPackage and MetadataPackageVersion (1GP; 2GP packages appear there too, as category
 * Package2, and are taken from Package2 instead), PackageSubscriber (data API).
 */
import { type OwnedPackage, type OwnedVersion, id15, sortOwnedVersions } from '../../core/linking/ownedPackages';
import { type PackageSubscriber } from '../../core/linking/subscribers';
import { formatVersionNumber } from '../../core/versionNumber';

type Row = Record<string, unknown>;

export const OWNER_QUERIES = {
  /** Not deprecated, as `sf package list` lists them. */
  package2:
    'SELECT Id, Name, NamespacePrefix, SubscriberPackageId, ContainerOptions, IsDeprecated FROM Package2 WHERE IsDeprecated = false ORDER BY NamespacePrefix, Name',
  package2Versions:
    'SELECT Id, Package2Id, SubscriberPackageVersionId, Name, MajorVersion, MinorVersion, PatchVersion, BuildNumber, CreatedDate FROM Package2Version WHERE IsReleased = true AND IsDeprecated = false ORDER BY Package2Id, MajorVersion, MinorVersion, PatchVersion, BuildNumber',
  /** First-generation packages developed in the org (2GP ones are category Package2). */
  metadataPackages: "SELECT Id, Name, NamespacePrefix, PackageCategory FROM MetadataPackage WHERE PackageCategory = 'Package' ORDER BY Name",
  metadataPackageVersions:
    "SELECT Id, MetadataPackageId, Name, MajorVersion, MinorVersion, PatchVersion, BuildNumber, ReleaseState FROM MetadataPackageVersion WHERE ReleaseState = 'Released' AND IsDeprecated = false ORDER BY MetadataPackageId, MajorVersion, MinorVersion, PatchVersion, BuildNumber",
} as const;

export const ORGANIZATION_QUERY = 'SELECT Id, Name FROM Organization LIMIT 1';

export const SUBSCRIBER_FIELDS = [
  'Id',
  'OrgKey',
  'OrgName',
  'OrgStatus',
  'OrgType',
  'InstalledStatus',
  'InstanceName',
  'MetadataPackageId',
  'MetadataPackageVersionId',
  'ParentOrg',
] as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function ownedVersion(r: Row, id: unknown): OwnedVersion | undefined {
  const versionId = str(id);
  if (!versionId) return undefined;
  return {
    subscriberPackageVersionId: versionId,
    versionNumber: formatVersionNumber([num(r.MajorVersion), num(r.MinorVersion), num(r.PatchVersion)]),
    buildNumber: num(r.BuildNumber),
    name: str(r.Name),
    createdDate: str(r.CreatedDate),
  };
}

/** 2GP packages with their released versions. */
export function secondGenerationPackages(packages: readonly Row[], versions: readonly Row[]): OwnedPackage[] {
  const byPackage = new Map<string, OwnedVersion[]>();
  for (const v of versions) {
    const owned = ownedVersion(v, v.SubscriberPackageVersionId);
    const key = id15(str(v.Package2Id));
    if (!owned || !key) continue;
    const list = byPackage.get(key) ?? [];
    list.push(owned);
    byPackage.set(key, list);
  }
  return packages
    .filter((p) => str(p.SubscriberPackageId) && p.IsDeprecated !== true)
    .map((p) => ({
      generation: '2gp' as const,
      package2Id: String(p.Id),
      subscriberPackageId: String(p.SubscriberPackageId),
      name: str(p.Name) ?? String(p.Id),
      namespace: str(p.NamespacePrefix),
      managed: p.ContainerOptions === 'Managed',
      releasedVersions: sortOwnedVersions(byPackage.get(id15(String(p.Id))) ?? []),
    }));
}

/** 1GP packages (managed: with a namespace) with their released versions; other packages' versions are ignored. */
export function firstGenerationPackages(packages: readonly Row[], versions: readonly Row[]): OwnedPackage[] {
  const byPackage = new Map<string, OwnedVersion[]>();
  for (const v of versions) {
    const owned = v.ReleaseState === 'Released' ? ownedVersion(v, v.Id) : undefined;
    const key = id15(str(v.MetadataPackageId));
    if (!owned || !key) continue;
    const list = byPackage.get(key) ?? [];
    list.push(owned);
    byPackage.set(key, list);
  }
  return packages
    .filter((p) => p.PackageCategory === 'Package')
    .map((p) => ({
      generation: '1gp' as const,
      package2Id: undefined,
      subscriberPackageId: String(p.Id),
      name: str(p.Name) ?? String(p.Id),
      namespace: str(p.NamespacePrefix),
      // An unmanaged package has no namespace and no licenses.
      managed: !!str(p.NamespacePrefix),
      releasedVersions: sortOwnedVersions(byPackage.get(id15(String(p.Id))) ?? []),
    }));
}

export function toPackageSubscriber(r: Row): PackageSubscriber {
  return {
    id: String(r.Id),
    orgKey: str(r.OrgKey) ?? '',
    orgName: str(r.OrgName),
    orgStatus: str(r.OrgStatus),
    orgType: str(r.OrgType),
    installedStatus: str(r.InstalledStatus),
    instanceName: str(r.InstanceName),
    subscriberPackageId: str(r.MetadataPackageId) ?? '',
    subscriberPackageVersionId: str(r.MetadataPackageVersionId),
    parentOrg: str(r.ParentOrg),
  };
}
