/**
 * Typed reads of the org that owns the packages: the Dev Hub (2GP) or the packaging org (1GP).
 * Wraps the connection's generic OrgClient, as LicenseManagementOrg does for the LMO.
 *
 * Costs: `owningOrg()` (every package with its released versions) is one Tooling Composite, plus
 * one query of the Organization when the org id is not known from the login; `subscribers()` is
 * one query per 2,000 rows (and per WHERE-length chunk of package ids).
 */
import { type OwnedPackage, type OwnedVersion, type OwningOrg, id15 } from '../../core/linking/ownedPackages';
import { type PackageSubscriber } from '../../core/linking/subscribers';
import { LmoError, isLmoError } from '../org/errors';
import { type CallOptions, type QueryPage } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { chunkByWhereLength, raw, soql, whereOf } from '../org/soql';
import { ORGANIZATION_QUERY, OWNER_QUERIES, SUBSCRIBER_FIELDS, firstGenerationPackages, secondGenerationPackages, toPackageSubscriber } from './ownerRecords';

export type DevHubPresence = { ok: true } | { ok: false; error: LmoError };

type Row = Record<string, unknown>;

/** Errors that mean "this org does not have that object" rather than "stop". */
const NOT_HERE = new Set(['invalidQuery', 'permission', 'lmaMissing']);

export interface OrgIdentity {
  readonly orgId: string | undefined;
  readonly name: string | undefined;
}

export interface SubscriberQuery extends CallOptions {
  /** Only InstalledStatus = 'i' (the default); false reads uninstalled rows too. */
  readonly installedOnly?: boolean;
  /** Stop after this many rows and say so (`complete: false`). */
  readonly cap?: number;
  readonly onPage?: (fetched: number) => void;
}

export class DevHubReader {
  private identity: OrgIdentity | undefined;

  constructor(readonly client: OrgClient) {}

  get target() {
    return this.client.target;
  }

  /** Can this org list the packages it owns (Tooling Package2 or MetadataPackage)? */
  async probe(options: CallOptions = {}): Promise<DevHubPresence> {
    try {
      await this.client.query('SELECT Id FROM Package2 LIMIT 1', { ...options, tooling: true });
      return { ok: true };
    } catch (err) {
      if (!isLmoError(err) || !['invalidQuery', 'permission'].includes(err.kind)) throw err;
      try {
        await this.client.query('SELECT Id FROM MetadataPackage LIMIT 1', { ...options, tooling: true });
        return { ok: true };
      } catch (second) {
        if (isLmoError(second) && ['invalidQuery', 'permission'].includes(second.kind)) return { ok: false, error: this.notAnOwner(second) };
        throw second;
      }
    }
  }

  /** The org's id and name: from the login when it knows them (no call), else one query. Remembered. */
  async orgIdentity(options: CallOptions = {}): Promise<OrgIdentity> {
    if (this.identity) return this.identity;
    if (this.client.target.orgId) return (this.identity = { orgId: this.client.target.orgId, name: undefined });
    const page = await this.client.query<Row>(ORGANIZATION_QUERY, options);
    const row = page.records[0];
    return (this.identity = { orgId: typeof row?.Id === 'string' ? row.Id : undefined, name: typeof row?.Name === 'string' ? row.Name : undefined });
  }

  /** Tells the reader who it is, when another read already found out (the LMO's Organization query, for the same org). */
  knowIdentity(identity: OrgIdentity): void {
    this.identity = identity;
  }

  /**
   * Every package the org owns, 2GP and 1GP, with its released versions, and the org's id: one
   * Tooling Composite (four queries) and, only when the login does not say, one Organization query.
   * A Dev Hub without 1GP packages, or a 1GP packaging org without Package2, is fine; an org with
   * neither is refused as not an owning org.
   */
  async owningOrg(options: CallOptions = {}): Promise<OwningOrg> {
    const [identity, owned] = await Promise.all([this.orgIdentity(options), this.ownedPackages(options)]);
    return { orgId: identity.orgId, name: identity.name, ...owned };
  }

  /** The owned packages with their released versions (one Tooling Composite). */
  async packages(options: CallOptions = {}): Promise<OwnedPackage[]> {
    return (await this.ownedPackages(options)).packages;
  }

  /** The owned packages, and whether the org answered for Package2 (a Dev Hub): one Tooling Composite. */
  async ownedPackages(options: CallOptions = {}): Promise<{ packages: OwnedPackage[]; isDevHub: boolean }> {
    const r = await this.client.compositeQueriesSettled<Row>(OWNER_QUERIES, { ...options, tooling: true });
    const rows = (key: keyof typeof OWNER_QUERIES): Row[] | LmoError => {
      const v = r[key];
      if (isLmoError(v)) return v;
      return (v as QueryPage<Row>).records;
    };
    const [p2, p2v, mp, mpv] = [rows('package2'), rows('package2Versions'), rows('metadataPackages'), rows('metadataPackageVersions')];
    for (const v of [p2, p2v, mp, mpv]) if (isLmoError(v) && !NOT_HERE.has(v.kind)) throw v;
    const second = isLmoError(p2) ? undefined : secondGenerationPackages(p2, isLmoError(p2v) ? [] : p2v);
    const first = isLmoError(mp) ? undefined : firstGenerationPackages(mp, isLmoError(mpv) ? [] : mpv);
    if (!second && !first) throw this.notAnOwner(p2 as LmoError);
    return { packages: [...(second ?? []), ...(first ?? [])], isDevHub: !!second };
  }

  /** Released versions of some packages (033 ids; all when omitted), oldest first per package. */
  async releasedVersions(subscriberPackageIds?: readonly string[], options: CallOptions = {}): Promise<Map<string, OwnedVersion[]>> {
    const wanted = subscriberPackageIds ? new Set(subscriberPackageIds.map(id15)) : undefined;
    const out = new Map<string, OwnedVersion[]>();
    for (const p of await this.packages(options))
      if (!wanted || wanted.has(id15(p.subscriberPackageId))) out.set(p.subscriberPackageId, [...p.releasedVersions]);
    return out;
  }

  /**
   * PackageSubscriber rows of some packages (033 ids), filtered by the server (package, installed
   * status) and paged with nextRecordsUrl. Rows are re-checked here: ids compare exactly, and
   * Salesforce has returned rows outside an IN filter before (W-6129024).
   */
  async subscribers(subscriberPackageIds: readonly string[], query: SubscriberQuery = {}): Promise<{ subscribers: PackageSubscriber[]; complete: boolean }> {
    const ids = [...new Set(subscriberPackageIds.map((id) => id.trim()).filter((id) => /^033[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(id)))];
    if (ids.length === 0) return { subscribers: [], complete: true };
    const installed = query.installedOnly === false ? '' : " AND InstalledStatus = 'i'";
    const render = (chunk: readonly string[]) =>
      soql`SELECT ${raw(SUBSCRIBER_FIELDS.join(', '))} FROM PackageSubscriber WHERE MetadataPackageId IN ${chunk}` + installed;
    const wanted = new Set(ids.map(id15));
    const out: PackageSubscriber[] = [];
    let complete = true;
    for (const chunk of chunkByWhereLength(ids, (c) => whereOf(render(c)))) {
      const cap = query.cap === undefined ? undefined : query.cap - out.length;
      if (cap !== undefined && cap <= 0) {
        complete = false;
        break;
      }
      const result = await this.client.fetchAll<Row>(`${render(chunk)} ORDER BY Id`, { ...query, cap, onPage: (n) => query.onPage?.(out.length + n) });
      complete &&= result.complete;
      for (const r of result.records) {
        const s = toPackageSubscriber(r);
        if (wanted.has(id15(s.subscriberPackageId)) && (query.installedOnly === false || s.installedStatus === 'i')) out.push(s);
      }
    }
    return { subscribers: out, complete };
  }

  private notAnOwner(cause: LmoError): LmoError {
    return new LmoError(
      'permission',
      `${this.target.label} is not a Dev Hub or packaging org that LMA Workbench can read: it lists no packages (Package2 or MetadataPackage).`,
      cause.detail,
      cause.errorCode,
    );
  }
}
