/**
 * Linking packages to the LMA, as the (demo) Partner Console does it: a registration the LMA
 * finishes after a delay by writing the Package record and a Package Version per released version.
 */
import { ApiError } from '../apiError';
import { type DemoCatalogPackage, linkRecords } from '../devHub';
import { DEMO_DEV_HUB_NAME, DEMO_ORG_NAME } from '../generator';
import { type DemoRecord } from '../schema';
import { type DemoStore } from '../store';
import { type ConsolePackage } from './partnerConsole';

export const DEFAULT_LINK_DELAY_MS = 20_000;
/** The longest registration delay the demo accepts (the real one can take hours). */
export const MAX_LINK_DELAY_MS = 6 * 3_600_000;

/** A Partner Console registration the LMA has not finished yet. */
export interface PendingLink {
  readonly subscriberPackageId: string;
  readonly name: string;
  readonly requestedAt: number;
  readonly dueAt: number;
}

/** What linking needs to know about the demo org. */
export interface LinkingOrg {
  readonly store: DemoStore;
  /** Every package the demo Dev Hub owns, linked or not. */
  readonly catalog: readonly DemoCatalogPackage[];
  readonly orgId: string;
  readonly devHubOrgId: string;
  readonly lmaInstalled: () => boolean;
  readonly userId: () => string;
  readonly now: () => number;
}

export function checkLinkDelay(ms: number): number {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_LINK_DELAY_MS)
    throw new ApiError(400, 'INVALID_FIELD', `A registration delay is a whole number of milliseconds from 0 to ${MAX_LINK_DELAY_MS}, not ${String(ms)}`);
  return ms;
}

export class PackageLinks {
  private readonly pending = new Map<string, PendingLink & { timer: NodeJS.Timeout }>();
  private serial = 0;

  constructor(
    private readonly org: LinkingOrg,
    private readonly delayMs: number,
  ) {}

  /** The Partner Console's packages, with their state in this LMO. */
  consolePackages(): ConsolePackage[] {
    return this.org.catalog.map((p) => ({
      name: p.name,
      namespace: p.namespace,
      subscriberPackageId: p.subscriberPackageId,
      containerOptions: p.containerOptions,
      linkedFrom: this.packageRecordOf(p.subscriberPackageId)?.sfLma__Developer_Org_ID__c as string | undefined,
      dueAt: this.pending.get(p.subscriberPackageId.slice(0, 15))?.dueAt,
    }));
  }

  private packageRecordOf(subscriberPackageId: string): DemoRecord | undefined {
    const key = subscriberPackageId.trim().slice(0, 15);
    return this.org.store.rows('sfLma__Package__c').find((r) => r.IsDeleted !== true && String(r.sfLma__Package_ID__c ?? '').slice(0, 15) === key);
  }

  /**
   * Registers a package in the (demo) Partner Console: after `delayMs` the LMA writes its Package
   * record (Developer Org ID = the owning Dev Hub, Package ID, lead manager) and a Package Version
   * per released version, as the LMA would. Refused for a package that is already linked (linking is
   * permanent), unknown, unlocked, or being registered.
   */
  link(subscriberPackageId: string, delayMs: number = this.delayMs): PendingLink {
    const { org } = this;
    if (!org.lmaInstalled()) throw new ApiError(400, 'INVALID_FIELD', 'This demo org has no LMA: register packages in the demo LMO.');
    const key = String(subscriberPackageId ?? '')
      .trim()
      .slice(0, 15);
    const pkg = org.catalog.find((p) => p.subscriberPackageId.slice(0, 15) === key);
    if (!pkg) throw new ApiError(400, 'INVALID_ID_FIELD', `No package with id ${key || '(none)'} in the demo Dev Hub.`);
    if (pkg.containerOptions !== 'Managed')
      throw new ApiError(400, 'INVALID_FIELD', `${pkg.name} is an unlocked package: only managed packages can be linked to the LMA.`);
    const linked = this.packageRecordOf(key);
    if (linked)
      throw new ApiError(
        400,
        'DUPLICATE_VALUE',
        `${pkg.name} is already linked (from org ${String(linked.sfLma__Developer_Org_ID__c)}); a package is linked once, for good.`,
      );
    if (this.pending.has(key)) throw new ApiError(400, 'DUPLICATE_VALUE', `${pkg.name} is already being registered.`);
    const delay = checkLinkDelay(delayMs);
    const requestedAt = Date.now();
    const complete = () => {
      this.pending.delete(key);
      if (this.packageRecordOf(key)) return;
      const lmaUser = org.store.rows('User').find((u) => u.Username === 'license.manager@acme-lmo.demo');
      const { pkg: record, versions } = linkRecords(pkg, {
        developerOrgId: org.devHubOrgId,
        developerName: org.devHubOrgId === org.orgId ? String(org.store.rows('Organization')[0]?.Name ?? DEMO_ORG_NAME) : DEMO_DEV_HUB_NAME,
        leadManagerId: org.userId(),
        lmaUserId: String(lmaUser?.Id ?? org.userId()),
        ownerId: org.userId(),
        nowMs: org.now(),
        serial: ++this.serial,
      });
      org.store.insert('sfLma__Package__c', record);
      for (const v of versions) org.store.insert('sfLma__Package_Version__c', v);
    };
    const pending = { subscriberPackageId: pkg.subscriberPackageId, name: pkg.name, requestedAt, dueAt: requestedAt + delay };
    if (delay === 0) {
      complete();
      return pending;
    }
    const timer = setTimeout(complete, delay);
    timer.unref();
    this.pending.set(key, { ...pending, timer });
    return pending;
  }

  /** Registrations the LMA has not finished. */
  get inProgress(): PendingLink[] {
    return [...this.pending.values()].map(({ timer: _timer, ...link }) => link);
  }

  /** Drops every unfinished registration (the demo is closing). */
  stop(): void {
    for (const link of this.pending.values()) clearTimeout(link.timer);
    this.pending.clear();
  }
}
