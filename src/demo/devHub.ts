/**
 * The demo Dev Hub: the org that owns Acme's packages. Its catalog is the LMO's packages (same
 * 033 and 04t ids, same release dates) plus what the LMO cannot know: a managed package never
 * linked (Acme Payroll), an unlocked one (never linkable), and a release nobody has installed yet.
 * From the catalog come the Dev Hub's Tooling Package2/Package2Version rows, its MetadataPackage
 * and MetadataPackageVersion rows, and the records the LMA writes when a package is linked.
 */
import { type CalendarDate, addDays } from '../core/calendarDate';
import { toId18 } from '../core/orgId';
import { compareVersionNumbers, parseVersionNumber } from '../core/versionNumber';
import { DEV_HUB_ONLY_PACKAGES, UNINSTALLED_RELEASES } from './catalog';
import { serialId15 } from './random';
import { type DemoRecord } from './schemaDsl';
import { dayMs, sfDateTime } from './time';

export interface DemoCatalogVersion {
  readonly number: string;
  readonly released: CalendarDate;
  readonly beta: boolean;
  /** 04t… (18 characters). */
  readonly versionId: string;
  /** Its position in the package's catalog (gives the 05i id). */
  readonly index: number;
  /** Whether the LMO has a Package Version record for it. */
  readonly inLmo: boolean;
}

export interface DemoCatalogPackage {
  readonly name: string;
  readonly namespace: string | null;
  readonly generation: '2gp' | '1gp';
  readonly containerOptions: 'Managed' | 'Unlocked';
  /** 0Ho… (18 characters), for 2GP. */
  readonly package2Id: string | undefined;
  /** 033… (18 characters). */
  readonly subscriberPackageId: string;
  /** Two digits used in its version ids. */
  readonly serial: number;
  readonly versions: readonly DemoCatalogVersion[];
  /** Installs of a package that is not linked (no license anywhere). */
  readonly unlinkedInstalls: number;
}

export const subscriberPackageIdOf = (serial: number) => toId18(`0335g${String(serial).padStart(10, '0')}`);
export const package2IdOf = (serial: number) => toId18(`0Ho5g${String(serial).padStart(10, '0')}`);
export const versionIdOf = (serial: number, index: number) => toId18(`04t5g${String(serial).padStart(2, '0')}${String(index).padStart(8, '0')}`);
const package2VersionIdOf = (serial: number, index: number) => toId18(`05i5g${String(serial).padStart(2, '0')}${String(index).padStart(8, '0')}`);

/** The Dev Hub-only packages and the releases the LMO has not seen, added to the LMO's own packages. */
export function completeCatalog(lmoPackages: readonly DemoCatalogPackage[], today: CalendarDate): DemoCatalogPackage[] {
  const withReleases = lmoPackages.map((p) => {
    const extra = UNINSTALLED_RELEASES.filter((r) => r.packageName === p.name);
    if (!extra.length) return p;
    let next = Math.max(...p.versions.map((v) => v.index)) + 1;
    const added = extra.map((r) => ({
      number: r.version,
      released: addDays(today, -r.daysAgo),
      beta: false,
      versionId: versionIdOf(p.serial, next),
      index: next++,
      inLmo: false,
    }));
    return { ...p, versions: [...p.versions, ...added] };
  });
  const devHubOnly = DEV_HUB_ONLY_PACKAGES.map((spec): DemoCatalogPackage => ({
    name: spec.name,
    namespace: spec.namespace,
    generation: '2gp',
    containerOptions: spec.containerOptions,
    package2Id: package2IdOf(spec.package2Serial),
    subscriberPackageId: subscriberPackageIdOf(spec.serial),
    serial: spec.serial,
    versions: spec.versions.map((v, i) => ({
      number: v.version,
      released: addDays(today, -v.daysAgo),
      beta: false,
      versionId: versionIdOf(spec.serial, i + 1),
      index: i + 1,
      inLmo: false,
    })),
    unlinkedInstalls: spec.installs,
  }));
  return [...withReleases, ...devHubOnly];
}

const parts = (version: string) => {
  const p = parseVersionNumber(version) ?? [0];
  return { MajorVersion: p[0] ?? 0, MinorVersion: p[1] ?? 0, PatchVersion: p[2] ?? 0 };
};

/** The owning org's rows for its catalog: Package2 and Package2Version (2GP), MetadataPackage and MetadataPackageVersion (both). */
export function devHubTables(catalog: readonly DemoCatalogPackage[], ownerUserId: string): Record<string, DemoRecord[]> {
  const package2: DemoRecord[] = [];
  const package2Version: DemoRecord[] = [];
  const metadataPackage: DemoRecord[] = [];
  const metadataPackageVersion: DemoRecord[] = [];
  for (const p of catalog) {
    const sorted = [...p.versions].sort((a, b) => compareVersionNumbers(a.number, b.number));
    const first = [...p.versions].sort((a, b) => a.released.localeCompare(b.released))[0];
    const createdMs = dayMs(addDays(first.released, -30)) + 9 * 3_600_000;
    const latestReleased = [...sorted].reverse().find((v) => !v.beta);
    metadataPackage.push({
      Id: p.subscriberPackageId,
      Name: p.name,
      NamespacePrefix: p.namespace,
      PackageCategory: p.generation === '2gp' ? 'Package2' : 'Package',
      SystemModstamp: sfDateTime(createdMs),
    });
    if (p.package2Id) {
      package2.push({
        Id: p.package2Id,
        IsDeleted: false,
        CreatedDate: sfDateTime(createdMs),
        CreatedById: ownerUserId,
        LastModifiedDate: sfDateTime(createdMs),
        LastModifiedById: ownerUserId,
        SystemModstamp: sfDateTime(createdMs),
        SubscriberPackageId: p.subscriberPackageId,
        Name: p.name,
        Description: null,
        NamespacePrefix: p.namespace,
        ContainerOptions: p.containerOptions,
        IsDeprecated: false,
        IsOrgDependent: false,
        ConvertedFromPackageId: null,
        PackageErrorUsername: null,
        AppAnalyticsEnabled: false,
        RecommendedVersionId: latestReleased?.versionId ?? null,
      });
    }
    let ancestor: string | null = null;
    for (const v of sorted) {
      const at = sfDateTime(dayMs(v.released) + 10 * 3_600_000);
      const numbers = parts(v.number);
      metadataPackageVersion.push({
        Id: v.versionId,
        Name: `ver ${numbers.MajorVersion}.${numbers.MinorVersion}`,
        MetadataPackageId: p.subscriberPackageId,
        ...numbers,
        BuildNumber: 1,
        ReleaseState: v.beta ? 'Beta' : 'Released',
        IsDeprecated: false,
        SystemModstamp: at,
      });
      if (!p.package2Id) continue;
      const id = package2VersionIdOf(p.serial, v.index);
      package2Version.push({
        Id: id,
        IsDeleted: false,
        CreatedDate: at,
        CreatedById: ownerUserId,
        LastModifiedDate: at,
        LastModifiedById: ownerUserId,
        SystemModstamp: at,
        Package2Id: p.package2Id,
        SubscriberPackageVersionId: v.versionId,
        Name: `ver ${numbers.MajorVersion}.${numbers.MinorVersion}`,
        Description: null,
        Tag: null,
        Branch: null,
        ...numbers,
        BuildNumber: 1,
        IsReleased: !v.beta,
        IsDeprecated: false,
        IsPasswordProtected: false,
        AncestorId: p.containerOptions === 'Managed' ? ancestor : null,
        ValidationSkipped: false,
        ValidatedAsync: false,
        ConvertedFromVersionId: null,
        ReleaseVersion: 62,
        BuildDurationInSeconds: 412,
        HasMetadataRemoved: false,
        HasPassedCodeCoverageCheck: true,
        CodeCoverage: { apexCodeCoveragePercentage: 87 },
        Language: 'en_US',
      });
      if (!v.beta) ancestor = id;
    }
  }
  return { Package2: package2, Package2Version: package2Version, MetadataPackage: metadataPackage, MetadataPackageVersion: metadataPackageVersion };
}

/** What the LMA writes when a package is registered in the Partner Console: the Package record and one Package Version per released version. */
export function linkRecords(
  p: DemoCatalogPackage,
  link: { developerOrgId: string; developerName: string; leadManagerId: string; lmaUserId: string; ownerId: string; nowMs: number; serial: number },
): { pkg: DemoRecord; versions: DemoRecord[] } {
  const released = p.versions.filter((v) => !v.beta).sort((a, b) => compareVersionNumbers(a.number, b.number));
  const latest = released[released.length - 1];
  const at = sfDateTime(link.nowMs);
  const pkgId = toId18(serialId15('a0P', 50_000_000 + link.serial));
  const system = { IsDeleted: false, CreatedDate: at, CreatedById: link.lmaUserId, LastModifiedDate: at, SystemModstamp: at };
  const pkg: DemoRecord = {
    Id: pkgId,
    Name: p.name,
    ...system,
    OwnerId: link.ownerId,
    sfLma__Developer_Name__c: link.developerName,
    sfLma__Developer_Org_ID__c: link.developerOrgId,
    sfLma__Package_ID__c: p.subscriberPackageId,
    sfLma__Latest_Version__c: latest?.number ?? null,
    sfLma__Release_Date__c: latest?.released ?? null,
    sfLma__Lead_Manager__c: link.leadManagerId,
    sfLma__Last_License_Refresh__c: null,
  };
  const versions = [...released]
    .sort((a, b) => a.released.localeCompare(b.released))
    .map((v, i): DemoRecord => ({
      Id: toId18(serialId15('a0V', 50_000_000 + link.serial * 1000 + i)),
      Name: `${p.name} ${v.number}`,
      ...system,
      sfLma__Package__c: pkgId,
      sfLma__Version__c: v.number.split('.').slice(0, 2).join('.'),
      sfLma__Version_Number__c: v.number,
      sfLma__Version_ID__c: v.versionId,
      sfLma__Release_Date__c: v.released,
      sfLma__Is_Beta__c: false,
      sfLma__Sequence__c: i + 1,
    }));
  return { pkg, versions };
}
