/**
 * Everything the link states need, from both orgs, in at most two API calls per org, all at once:
 * the LMO's org, Package and Package Version records (one REST Composite), the owning org's
 * packages and released versions (one Tooling Composite) and, only when neither the login nor the
 * LMO's answer tells who it is, its Organization (one query). When no Dev Hub is given, the LMO is
 * tried as the owner: a Partner Business Org usually is its own Dev Hub, and then nobody is asked twice.
 */
import { type LinkReport, type ProjectPackageLike, linkReport } from '../../core/linking/linkState';
import { type OwningOrg, sameId } from '../../core/linking/ownedPackages';
import { type LmoError, isLmoError } from '../org/errors';
import { CallMeter, type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { type LmoLinks, readLmoLinks } from '../lmo/packageLinks';
import { DevHubReader } from './devHubReader';

export type OwnerReading =
  | { readonly ok: true; readonly org: OwningOrg; readonly label: string; readonly sameOrg: boolean }
  | { readonly ok: false; readonly error: LmoError; readonly label: string; readonly triedLmo: boolean };

export interface LinkInventory {
  readonly lmo: LmoLinks;
  readonly owner: OwnerReading;
  /** API calls it took, both orgs. */
  readonly apiCalls: number;
}

/** Same org: same org id when both are known, else the same login (username at the same instance). */
export function sameOrgClients(a: OrgClient, b: OrgClient): boolean {
  if (a === b) return true;
  if (a.target.orgId && b.target.orgId) return sameId(a.target.orgId, b.target.orgId);
  return a.target.username === b.target.username && !!a.target.instanceUrl && a.target.instanceUrl === b.target.instanceUrl;
}

export async function readLinkInventory(lmoClient: OrgClient, devHub: DevHubReader | undefined, options: CallOptions = {}): Promise<LinkInventory> {
  const meter = options.meter ?? new CallMeter();
  const call = { ...options, meter };
  const before = meter.calls;
  const sameClient = !devHub || sameOrgClients(lmoClient, devHub.client);
  const owner = devHub && !sameClient ? devHub : new DevHubReader(lmoClient);
  const lmoRead = readLmoLinks(lmoClient, call);
  // Same org: the LMO's Organization row says who the owner is; it needs no query of its own.
  const ownerRead: Promise<OwningOrg | LmoError> = (
    sameClient
      ? Promise.all([lmoRead, owner.ownedPackages(call)]).then(([l, owned]): OwningOrg => ({ orgId: l.orgId, name: l.orgName, ...owned }))
      : owner.owningOrg(call)
  ).catch((err: unknown) => {
    if (isLmoError(err) && NOT_AN_OWNER.has(err.kind)) return err;
    throw err;
  });
  const [lmo, owned] = await Promise.all([lmoRead, ownerRead]);
  const label = owner.target.label;
  const reading: OwnerReading = isLmoError(owned)
    ? { ok: false, error: owned, label, triedLmo: !devHub }
    : { ok: true, org: owned, label, sameOrg: sameClient || sameId(owned.orgId, lmo.orgId) };
  return { lmo, owner: reading, apiCalls: meter.calls - before };
}

/** Errors that mean "this org owns no packages we can read", not "stop". */
const NOT_AN_OWNER = new Set(['permission', 'invalidQuery', 'lmaMissing']);

/** The link report of an inventory and the workspace's packages. */
export function reportOf(inventory: LinkInventory, project: readonly ProjectPackageLike[] | undefined): LinkReport {
  return linkReport({
    lmoOrgId: inventory.lmo.orgId,
    lmoPackages: inventory.lmo.packages,
    lmoVersions: inventory.lmo.versions,
    owner: inventory.owner.ok ? inventory.owner.org : undefined,
    project,
  });
}
