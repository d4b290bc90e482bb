/**
 * One look at the LMO while waiting for a package to be linked: has the LMA written its Package
 * record yet (and from which org), and which of its released versions have arrived.
 */
import { type Package } from '../package';
import { type PollStep } from '../polling';
import { id15, sameId } from './ownedPackages';

/** The package being waited for. */
export interface LinkTarget {
  /** 033… */
  readonly subscriberPackageId: string;
  /** The Dev Hub or packaging org that owns it: the Developer Org ID the record must name. Unknown: any record counts. */
  readonly ownerOrgId?: string;
  /** 04t… of its released versions, to say which have arrived. */
  readonly releasedVersionIds?: readonly string[];
}

export interface LinkPoll {
  readonly state: 'notLinked' | 'linked' | 'linkedElsewhere' | 'unverified';
  /** The LMO's Package record, once it exists. */
  readonly packageRecord: Package | undefined;
  /** 04t ids of the package's version records in the LMO. */
  readonly versionIds: readonly string[];
  /** Released versions (from the target) with no record yet. */
  readonly missingVersionIds: readonly string[];
}

/**
 * Classifies what one poll read: the Package records with the target's 033 and their versions
 * (SOQL matched them case-insensitively; the exact match is checked here).
 */
export function linkPollOf(
  target: LinkTarget,
  packageRecords: readonly Package[],
  versions: readonly { readonly packageId: string; readonly versionId: string | undefined }[],
): LinkPoll {
  const record = packageRecords.find((p) => id15(p.packageId) === id15(target.subscriberPackageId));
  const present = record ? versions.filter((v) => v.packageId === record.id && v.versionId).map((v) => v.versionId as string) : [];
  const have = new Set(present.map(id15));
  const missing = (target.releasedVersionIds ?? []).filter((v) => !have.has(id15(v)));
  const state = !record ? 'notLinked' : !target.ownerOrgId ? 'unverified' : sameId(record.developerOrgId, target.ownerOrgId) ? 'linked' : 'linkedElsewhere';
  return { state, packageRecord: record, versionIds: present, missingVersionIds: missing };
}

/** Done once the record is there (from any org: linked elsewhere ends the wait too); with `untilVersions`, once every released version is there as well. */
export function linkPollStep(poll: LinkPoll, untilVersions = false): PollStep<LinkPoll> {
  const arrived = poll.state !== 'notLinked' && (!untilVersions || poll.state !== 'linked' || poll.missingVersionIds.length === 0);
  return arrived ? { done: true, value: poll } : { done: false, value: poll };
}
