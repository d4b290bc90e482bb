/**
 * What the Packages view shows of push upgrades (read-only: nothing here schedules, starts or
 * cancels a push). A package's push requests are read from the org that owns it — the Dev Hub
 * for 2GP and unlocked packages, the packaging org for 1GP, or the LMO when it owns the packages
 * itself (docs/salesforce/push-status.md) — in at most two calls for the list; a request's jobs
 * and errors on demand, one call per page; the subscribers' names and current versions from the
 * LMO's licenses of the package. Each is loaded once until the next refresh.
 */
import { type PackageLink } from '../../core/linking/linkState';
import { type PushJob, type PushRequest, type PushRequestReport, pushRequestReport, pushSubscribers } from '../../core/linking/pushStatus';
import { orgKey } from '../../core/orgId';
import { salesforceStack } from '../../data/org/connect';
import type { OrgClient } from '../../data/org/orgClient';
import { type Connections } from '../connections/connections';
import { type Log } from '../kit/log';

/** One request, read in full: the report the view draws, the jobs behind it, and each org's license. */
export interface PushDetail {
  readonly report: PushRequestReport;
  readonly jobs: readonly PushJob[];
  /** 15-character org id → the id of its license of the package (the newest one read). */
  readonly licenseOf: ReadonlyMap<string, string>;
  /** 15-character org id → the subscriber's name in the LMA. */
  readonly nameOf: ReadonlyMap<string, string>;
}

export class PushModel {
  private readonly lists = new Map<string, Promise<PushRequest[]>>();
  private readonly details = new Map<string, Promise<PushDetail>>();
  private readonly licenses = new Map<string, ReturnType<PushModel['readLicenses']>>();

  constructor(
    private readonly connections: Connections,
    private readonly ownerSameOrg: () => boolean,
    private readonly log: Log,
  ) {}

  /** Forgets everything read (the next expansion reads again). */
  clear(): void {
    this.lists.clear();
    this.details.clear();
    this.licenses.clear();
  }

  /** The org that owns the packages: the connected Dev Hub (or packaging org), else the LMO when it owns them itself. */
  private owner(): OrgClient | undefined {
    const { lmo, devHub } = this.connections;
    if (devHub.state.kind === 'connected' && devHub.devHub) return devHub.devHub.client;
    if (this.ownerSameOrg() && lmo.client) return lmo.client;
    return undefined;
  }

  /** The package's push requests, newest first. */
  requestsOf(link: PackageLink): Promise<PushRequest[]> {
    const key = link.subscriberPackageId ?? link.name;
    return this.once(this.lists, key, async () => {
      const client = this.owner();
      if (!client || !link.subscriberPackageId) return [];
      const reader = new (await salesforceStack()).PushRequestReader(client);
      const requests = await reader.requests({ packageIds: [link.subscriberPackageId] });
      return [...requests].sort((a, b) => timeOf(b).localeCompare(timeOf(a)) || b.id.localeCompare(a.id));
    });
  }

  /** One request's jobs and errors, joined with the LMO's licenses of its package. */
  detailOf(link: PackageLink, request: PushRequest): Promise<PushDetail> {
    return this.once(this.details, request.id, async () => {
      const client = this.owner();
      if (!client) throw new Error('The org that owns the package is not connected.');
      const reader = new (await salesforceStack()).PushRequestReader(client);
      const [jobs, errors, licensed] = await Promise.all([
        reader.jobs(request.id, { statuses: ['Failed', 'Created', 'Pending'] }),
        reader.errors(request.id),
        this.readLicensesOnce(link),
      ]);
      return { report: pushRequestReport(request, jobs, errors, licensed.subscribers), jobs, licenseOf: licensed.licenseOf, nameOf: licensed.nameOf };
    });
  }

  private readLicensesOnce(link: PackageLink): ReturnType<PushModel['readLicenses']> {
    const key = link.lmoPackage?.id ?? link.name;
    let loading = this.licenses.get(key);
    if (!loading) {
      loading = this.readLicenses(link);
      loading.catch(() => this.licenses.delete(key));
      this.licenses.set(key, loading);
    }
    return loading;
  }

  private async readLicenses(link: PackageLink) {
    const reader = this.connections.lmo.lmo;
    const records = reader && link.lmoPackage ? (await reader.licenses({ packageId: link.lmoPackage.id })).records : [];
    const subscribers = pushSubscribers(records);
    const licenseOf = new Map<string, string>();
    for (const l of records) {
      const key = orgKey(l.subscriberOrgId);
      if (key && (!licenseOf.has(key) || l.status !== 'Uninstalled')) licenseOf.set(key, l.id);
    }
    const nameOf = new Map([...subscribers].map(([k, s]) => [k, s.name]));
    return { subscribers, licenseOf, nameOf };
  }

  private once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let loading = cache.get(key);
    if (!loading) {
      loading = load();
      loading.catch((err: unknown) => {
        cache.delete(key);
        this.log.warn(`Push upgrades: ${(err as Error).message}`);
      });
      cache.set(key, loading);
    }
    return loading;
  }
}

/** When a request happened, for ordering: started, else scheduled, else never (last). */
const timeOf = (r: PushRequest) => r.startTime ?? r.scheduledStartTime ?? '';
