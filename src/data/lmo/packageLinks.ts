/**
 * The LMO's side of linking: its org id, its Package records and their version ids in one REST
 * Composite (one API call), and one poll while waiting for a package to be linked (one API call:
 * a Composite of the package record and its versions).
 */
import { type LinkPoll, type LinkTarget, linkPollOf, linkPollStep } from '../../core/linking/linkPoll';
import { id15 } from '../../core/linking/ownedPackages';
import { toId18 } from '../../core/orgId';
import { type Package, type PackageVersion } from '../../core/package';
import { type PollOutcome, type PollOptions, pollWithBackoff } from '../../core/polling';
import { isLmoError } from '../org/errors';
import { type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { raw, soql } from '../org/soql';
import { PACKAGE_FIELDS, PACKAGE_VERSION_FIELDS, toPackage, toPackageVersion } from './records';

type Row = Record<string, unknown>;

export const LMO_LINK_QUERIES = {
  org: 'SELECT Id, Name FROM Organization LIMIT 1',
  packages: `SELECT ${PACKAGE_FIELDS.join(', ')} FROM sfLma__Package__c ORDER BY Name, Id`,
  versions: `SELECT ${PACKAGE_VERSION_FIELDS.join(', ')} FROM sfLma__Package_Version__c ORDER BY sfLma__Package__c, sfLma__Release_Date__c, Id`,
} as const;

export interface LmoLinks {
  readonly orgId: string | undefined;
  readonly orgName: string | undefined;
  readonly packages: Package[];
  readonly versions: PackageVersion[];
}

/** The LMO's org, Package records and Package Version records: one REST Composite (more calls only past 2,000 rows). */
export async function readLmoLinks(client: OrgClient, options: CallOptions = {}): Promise<LmoLinks> {
  const r = await client.compositeQueries<Row>(LMO_LINK_QUERIES, options);
  const org = r.org.records[0];
  return {
    orgId: typeof org?.Id === 'string' ? org.Id : client.target.orgId,
    orgName: typeof org?.Name === 'string' ? org.Name : undefined,
    packages: r.packages.records.map(toPackage),
    versions: r.versions.records.map(toPackageVersion).filter((v): v is PackageVersion => v !== undefined),
  };
}

/** Both spellings a Package ID may be stored in. */
function idForms(id: string): string[] {
  const short = id15(id);
  return [...new Set([short, toId18(short)])];
}

/** One look at the LMO for the target package: one API call (a Composite of two queries). */
export async function readLinkPoll(client: OrgClient, target: LinkTarget, options: CallOptions = {}): Promise<LinkPoll> {
  if (!/^033[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(target.subscriberPackageId.trim()))
    throw new RangeError(`A subscriber package id starts with 033, not ${JSON.stringify(target.subscriberPackageId)}`);
  const forms = idForms(target.subscriberPackageId.trim());
  const r = await client.compositeQueries<Row>(
    {
      packages: soql`SELECT ${raw(PACKAGE_FIELDS.join(', '))} FROM sfLma__Package__c WHERE sfLma__Package_ID__c IN ${forms}`,
      versions: soql`SELECT Id, sfLma__Package__c, sfLma__Version_ID__c FROM sfLma__Package_Version__c WHERE sfLma__Package__r.sfLma__Package_ID__c IN ${forms}`,
    },
    options,
  );
  return linkPollOf(
    target,
    r.packages.records.map(toPackage),
    r.versions.records.map((v) => ({
      packageId: String(v.sfLma__Package__c ?? ''),
      versionId: typeof v.sfLma__Version_ID__c === 'string' ? v.sfLma__Version_ID__c : undefined,
    })),
  );
}

/** Errors a multi-hour wait rides out: the next poll may well succeed. */
export function isTransientError(err: unknown): boolean {
  return isLmoError(err) && ['network', 'timeout', 'serverError', 'queryTimeout', 'badResponse'].includes(err.kind);
}

/**
 * Polls the LMO until the package's record arrives (linked, or linked from another org), on the
 * back-off schedule, one API call per poll; resumable from `startedAt`, cancellable by `signal`.
 * With `untilVersions`, a linked package is done once every released version's record arrived too.
 */
export function waitForLink(
  client: OrgClient,
  target: LinkTarget,
  options: Omit<PollOptions<LinkPoll>, 'isTransient'> & { untilVersions?: boolean },
): Promise<PollOutcome<LinkPoll>> {
  return pollWithBackoff(async (signal) => linkPollStep(await readLinkPoll(client, target, { signal }), options.untilVersions), {
    ...options,
    isTransient: isTransientError,
  });
}
