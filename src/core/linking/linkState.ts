/**
 * Is each package linked to this LMO? Verified, not guessed (docs/salesforce/linking.md): a package is
 * linked when the LMO has an sfLma__Package__c whose Package ID is the package's 033 id and whose
 * Developer Org ID is the org that owns the package (the Dev Hub for 2GP, the packaging org for
 * 1GP), both compared exactly on 15 characters. The packages are those the owning org has and
 * those the workspace's sfdx-project.json names. Pure: the editor and the command line share it.
 */
import { type Package, type PackageVersion } from '../package';
import { type OwnedPackage, type OwnedVersion, type OwningOrg, id15, latestOwnedVersion, sameId, sortOwnedVersions } from './ownedPackages';

export type LinkState =
  /** The LMO has its Package record, registered from the org that owns it. */
  | 'linked'
  /** The LMO has a Package record for its 033 id, but registered from another org. */
  | 'linkedElsewhere'
  /** No Package record: installs create no license. */
  | 'notLinked'
  /** A Package record matches by name (or by id, with no owning org to compare): the Dev Hub would tell for sure. */
  | 'unverified';

export const LINK_STATE_LABELS: Record<LinkState, string> = {
  linked: 'Linked',
  linkedElsewhere: 'Linked from another org',
  notLinked: 'Not linked',
  unverified: 'Not verified',
};

/** Why released versions can be missing from the LMO: they are not an error. */
export const MISSING_VERSIONS_NOTE =
  'The LMA records a package version when it is first installed; it may take 30 minutes or more after the first install to appear.';

/** A package of the workspace's sfdx-project.json (its packageAliases id, when it has one). */
export interface ProjectPackageLike {
  readonly name: string;
  /** 0Ho… or 033… */
  readonly packageId: string | undefined;
}

export interface PackageLink {
  readonly name: string;
  readonly generation: '2gp' | '1gp' | undefined;
  /** 0Ho… (2GP), when known. */
  readonly package2Id: string | undefined;
  /** 033…, when known (from the owning org, or the project's alias). */
  readonly subscriberPackageId: string | undefined;
  readonly namespace: string | undefined;
  readonly state: LinkState;
  /** One sentence saying why. */
  readonly reason: string;
  /** Whether it can be linked at all: unlocked packages have no licenses. */
  readonly linkable: boolean;
  /** The LMO's Package record behind the state, if any. */
  readonly lmoPackage: Package | undefined;
  readonly ownedByDevHub: boolean;
  readonly inProject: boolean;
  /** The name sfdx-project.json gives it, when the project names it (it may differ from the Dev Hub's). */
  readonly projectName: string | undefined;
  /** Released versions, oldest first (empty without the owning org). */
  readonly releasedVersions: readonly OwnedVersion[];
  /** Released versions with no Package Version record in the LMO: a warning, see MISSING_VERSIONS_NOTE. */
  readonly missingVersions: readonly OwnedVersion[];
  readonly latestVersion: OwnedVersion | undefined;
}

export interface LinkReportInput {
  /** The LMO's org id (18 characters), when read. */
  readonly lmoOrgId: string | undefined;
  readonly lmoPackages: readonly Package[];
  readonly lmoVersions: readonly Pick<PackageVersion, 'versionId' | 'packageId'>[];
  /** The org that owns the packages, when connected and readable. */
  readonly owner: OwningOrg | undefined;
  /** The workspace's packages; undefined without an sfdx-project.json. */
  readonly project: readonly ProjectPackageLike[] | undefined;
}

export interface LinkReport {
  readonly lmoOrgId: string | undefined;
  readonly ownerOrgId: string | undefined;
  /** The LMO is itself the org that owns the packages (a Partner Business Org usually is). */
  readonly sameOrg: boolean;
  readonly packages: readonly PackageLink[];
}

const nameKey = (name: string) => name.trim().toLowerCase();

/** Every package the owning org has (managed or not) and every one the project names, with its link state. */
export function linkReport(input: LinkReportInput): LinkReport {
  const { owner, lmoPackages } = input;
  const lmoBy033 = new Map<string, Package>();
  const lmoByName = new Map<string, Package[]>();
  for (const p of lmoPackages) {
    if (p.packageId && !lmoBy033.has(id15(p.packageId))) lmoBy033.set(id15(p.packageId), p);
    const list = lmoByName.get(nameKey(p.name)) ?? [];
    list.push(p);
    lmoByName.set(nameKey(p.name), list);
  }
  const lmoVersionIds = new Set(input.lmoVersions.map((v) => id15(v.versionId)).filter(Boolean));
  const ownedBy0Ho = new Map<string, OwnedPackage>();
  const ownedBy033 = new Map<string, OwnedPackage>();
  const ownedByName = new Map<string, OwnedPackage>();
  for (const p of owner?.packages ?? []) {
    if (p.package2Id) ownedBy0Ho.set(id15(p.package2Id), p);
    ownedBy033.set(id15(p.subscriberPackageId), p);
    if (!ownedByName.has(nameKey(p.name))) ownedByName.set(nameKey(p.name), p);
  }

  const inProject = new Map<OwnedPackage, string>();
  const projectOnly: ProjectPackageLike[] = [];
  for (const entry of input.project ?? []) {
    const id = entry.packageId?.trim();
    const owned =
      (id?.startsWith('0Ho') ? ownedBy0Ho.get(id15(id)) : id?.startsWith('033') ? ownedBy033.get(id15(id)) : undefined) ?? ownedByName.get(nameKey(entry.name));
    if (owned && !inProject.has(owned)) inProject.set(owned, entry.name);
    else if (!owned) projectOnly.push(entry);
  }

  const links: PackageLink[] = [];
  for (const p of owner?.packages ?? []) {
    if (!p.managed && !inProject.has(p)) continue;
    links.push(ownedLink(p, owner as OwningOrg, lmoBy033, lmoVersionIds, inProject.get(p)));
  }
  for (const entry of projectOnly) links.push(projectLink(entry, owner, lmoBy033, lmoByName));
  return {
    lmoOrgId: input.lmoOrgId,
    ownerOrgId: owner?.orgId,
    sameOrg: sameId(input.lmoOrgId, owner?.orgId),
    packages: links,
  };
}

function ownedLink(
  p: OwnedPackage,
  owner: OwningOrg,
  lmoBy033: ReadonlyMap<string, Package>,
  lmoVersionIds: ReadonlySet<string>,
  projectName: string | undefined,
): PackageLink {
  const record = lmoBy033.get(id15(p.subscriberPackageId));
  const released = sortOwnedVersions(p.releasedVersions);
  const base = {
    name: p.name,
    generation: p.generation,
    package2Id: p.package2Id,
    subscriberPackageId: p.subscriberPackageId,
    namespace: p.namespace,
    linkable: p.managed,
    lmoPackage: record,
    ownedByDevHub: true,
    inProject: projectName !== undefined,
    projectName,
    releasedVersions: released,
    missingVersions: released.filter((v) => !lmoVersionIds.has(id15(v.subscriberPackageVersionId))),
    latestVersion: latestOwnedVersion(p),
  };
  const owning = p.generation === '2gp' ? 'Dev Hub' : 'packaging org';
  if (!p.managed) return { ...base, state: 'notLinked', reason: 'An unlocked package has no licenses: there is nothing to link.' };
  if (!record)
    return {
      ...base,
      state: 'notLinked',
      reason: `The LMO has no Package record for ${p.subscriberPackageId}: installs create no license until it is linked.`,
    };
  if (!owner.orgId)
    return {
      ...base,
      state: 'unverified',
      reason: `The LMO has its Package record, but the ${owning}'s org id is unknown, so who registered it cannot be checked.`,
    };
  if (!sameId(record.developerOrgId, owner.orgId))
    return {
      ...base,
      state: 'linkedElsewhere',
      reason: `The LMO's Package record was registered from org ${record.developerOrgId || '(none)'}, not from the ${owning} that owns the package (${owner.orgId}).`,
    };
  return { ...base, state: 'linked', reason: `Linked: the LMO's Package record names this ${owning} (${owner.orgId}) as its developer org.` };
}

function projectLink(
  entry: ProjectPackageLike,
  owner: OwningOrg | undefined,
  lmoBy033: ReadonlyMap<string, Package>,
  lmoByName: ReadonlyMap<string, readonly Package[]>,
): PackageLink {
  const id = entry.packageId?.trim();
  const subscriberPackageId = id?.startsWith('033') ? id : undefined;
  const byId = subscriberPackageId ? lmoBy033.get(id15(subscriberPackageId)) : undefined;
  const byName = lmoByName.get(nameKey(entry.name)) ?? [];
  const record = byId ?? (byName.length === 1 ? byName[0] : undefined);
  const base = {
    name: entry.name,
    generation: id?.startsWith('0Ho') ? ('2gp' as const) : undefined,
    package2Id: id?.startsWith('0Ho') ? id : undefined,
    subscriberPackageId,
    namespace: undefined,
    linkable: true,
    lmoPackage: record,
    ownedByDevHub: false,
    inProject: true,
    projectName: entry.name,
    releasedVersions: [],
    missingVersions: [],
    latestVersion: undefined,
  };
  const why = owner ? `The connected ${owner.name ? `org (${owner.name})` : 'Dev Hub'} does not own it` : 'No Dev Hub is connected to resolve its package id';
  if (record)
    return {
      ...base,
      state: 'unverified',
      reason: `${why}; the LMO has a Package record ${byId ? `for ${subscriberPackageId}` : 'of that name'}, but who registered it cannot be checked.`,
    };
  return {
    ...base,
    state: 'notLinked',
    reason: `${why}, and the LMO has no Package record ${subscriberPackageId ? `for ${subscriberPackageId}` : 'of that name'}.`,
  };
}

/** The packages that make a check fail: linkable and not linked to this LMO (or linked from another org). */
export function packagesNeedingLinks(report: LinkReport): PackageLink[] {
  return report.packages.filter((p) => p.linkable && (p.state === 'notLinked' || p.state === 'linkedElsewhere'));
}
