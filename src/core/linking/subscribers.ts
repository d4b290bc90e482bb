/**
 * Subscribers as the packaging org sees them (PackageSubscriber: one row per installation) beside
 * the LMO's licenses: two views of one truth that drift apart. Orgs with the package installed but
 * no License (installed before it was linked, or the license deleted), and licenses whose org no
 * longer has it installed. Org ids join on their first 15 characters, case-sensitively: two ids
 * that differ only in letter case are different orgs.
 */
import { type License } from '../license';
import { type OrgKey, orgKey } from '../orgId';
import { type Package } from '../package';
import { id15 } from './ownedPackages';

/** A PackageSubscriber row. */
export interface PackageSubscriber {
  readonly id: string;
  /** 18-character org id. */
  readonly orgKey: string;
  readonly orgName: string | undefined;
  /** Active, Demo, Free, Inactive or Trial (Inactive orgs cannot take push upgrades). */
  readonly orgStatus: string | undefined;
  /** Production or Sandbox. */
  readonly orgType: string | undefined;
  /** 'i' installed, 'u' uninstalled. */
  readonly installedStatus: string | undefined;
  readonly instanceName: string | undefined;
  /** 033… */
  readonly subscriberPackageId: string;
  /** 04t… of the installed version. */
  readonly subscriberPackageVersionId: string | undefined;
  readonly parentOrg: string | undefined;
}

export const isInstalled = (s: Pick<PackageSubscriber, 'installedStatus'>): boolean => s.installedStatus === 'i';

const keyOf = (org: string, subscriberPackageId: string) => `${orgKey(org)}|${id15(subscriberPackageId)}`;

/** PackageSubscriber rows by org and package, for one lookup per license. */
export class SubscriberIndex {
  private readonly byKey = new Map<string, PackageSubscriber>();

  constructor(subscribers: Iterable<PackageSubscriber>) {
    for (const s of subscribers) {
      const key = keyOf(s.orgKey, s.subscriberPackageId);
      // An installed row wins over an uninstalled one for the same org and package.
      const seen = this.byKey.get(key);
      if (!seen || (!isInstalled(seen) && isInstalled(s))) this.byKey.set(key, s);
    }
  }

  /** The org's row for the package (033), if the packaging org has one. */
  installOf(orgId: string, subscriberPackageId: string): PackageSubscriber | undefined {
    return this.byKey.get(keyOf(orgId, subscriberPackageId));
  }

  /** The 04t the org has installed, when it has the package installed. */
  installedVersionOf(orgId: string, subscriberPackageId: string): string | undefined {
    const row = this.installOf(orgId, subscriberPackageId);
    return row && isInstalled(row) ? row.subscriberPackageVersionId : undefined;
  }
}

/** LMO package record id → 033 id, to put licenses and subscriber rows on one key. */
export function subscriberPackageIds(packages: readonly Package[]): Map<string, string> {
  return new Map(packages.filter((p) => p.packageId).map((p) => [p.id, p.packageId as string]));
}

/**
 * Installed orgs with no License for that package in the LMO (whatever the license's status: an
 * Uninstalled license is still a license). Only rows of packages the LMO knows are compared; a
 * package that is not linked has no licenses at all, and that is its link state's story.
 */
export function installedWithoutLicense(
  subscribers: readonly PackageSubscriber[],
  licenses: readonly Pick<License, 'subscriberOrgId' | 'packageId'>[],
  packages: readonly Package[],
): PackageSubscriber[] {
  const to033 = subscriberPackageIds(packages);
  const linked = new Set([...to033.values()].map(id15));
  const licensed = new Set<string>();
  for (const l of licenses) {
    const pkg = l.packageId ? to033.get(l.packageId) : undefined;
    if (pkg && l.subscriberOrgId) licensed.add(keyOf(l.subscriberOrgId, pkg));
  }
  return subscribers.filter((s) => isInstalled(s) && linked.has(id15(s.subscriberPackageId)) && !licensed.has(keyOf(s.orgKey, s.subscriberPackageId)));
}

/** Licenses (not Uninstalled) whose org does not have the package installed, as the packaging org sees it. */
export function licensesWithoutInstall<L extends Pick<License, 'subscriberOrgId' | 'packageId' | 'status'>>(
  licenses: readonly L[],
  subscribers: SubscriberIndex,
  packages: readonly Package[],
): L[] {
  const to033 = subscriberPackageIds(packages);
  return licenses.filter((l) => {
    if (l.status === 'Uninstalled') return false;
    const pkg = l.packageId ? to033.get(l.packageId) : undefined;
    if (!pkg || !l.subscriberOrgId) return false;
    const row = subscribers.installOf(l.subscriberOrgId, pkg);
    return !row || !isInstalled(row);
  });
}

/** Both views at once, per package (033) and in total. */
export interface SubscriberDrift {
  readonly installedWithoutLicense: readonly PackageSubscriber[];
  readonly licensesWithoutInstall: readonly License[];
  /** Org keys (15 characters) in each view, for tree filters. */
  readonly unlicensedOrgs: ReadonlySet<OrgKey>;
  readonly uninstalledOrgs: ReadonlySet<OrgKey>;
}

export function subscriberDrift(subscribers: readonly PackageSubscriber[], licenses: readonly License[], packages: readonly Package[]): SubscriberDrift {
  const unlicensed = installedWithoutLicense(subscribers, licenses, packages);
  const uninstalled = licensesWithoutInstall(licenses, new SubscriberIndex(subscribers), packages);
  return {
    installedWithoutLicense: unlicensed,
    licensesWithoutInstall: uninstalled,
    unlicensedOrgs: new Set(unlicensed.map((s) => orgKey(s.orgKey))),
    uninstalledOrgs: new Set(uninstalled.map((l) => l.orgKey)),
  };
}
