/**
 * What the Packages view shows: the link report (both orgs read again, at most two calls per org),
 * the org that owns the packages, the project's packages, and each link's subscriber drift (loaded
 * once per link, on demand). One load at a time; a failed load keeps its message for the view.
 */
import * as vscode from 'vscode';
import { type LinkReport, type PackageLink, type ProjectPackageLike } from '../../core/linking/linkState';
import { type OwningOrg } from '../../core/linking/ownedPackages';
import { subscriberDrift } from '../../core/linking/subscribers';
import { parseSfdxProject } from '../../core/sfdxProject';
import type { DevHubReader } from '../../data/devHub/devHubReader';
import { salesforceStack } from '../../data/org/connect';
import { toLmoError } from '../../data/org/errors';
import { type Connections } from '../connections/connections';
import { type Log } from '../kit/log';
import { type Drift, type PackagesState } from './packagesTree';
import { PushModel } from './pushModel';

export class PackagesModel implements vscode.Disposable {
  report: LinkReport | undefined;
  /** The org that owns the packages, when it owns any (the view names it). */
  ownerLabel: string | undefined;
  ownerSameOrg = false;
  owner: { org: OwningOrg; label: string } | undefined;
  project: ProjectPackageLike[] | undefined;
  private error: string | undefined;
  private loading: Promise<LinkReport | undefined> | undefined;
  /** The orgs the load in flight reads: a load for other orgs (a reconnect, another Dev Hub) is not shared with it. */
  private loadingFor: readonly unknown[] | undefined;
  /** Bumped by each new load: a load overtaken by a newer one keeps its answer to itself. */
  private generation = 0;
  private readonly drifts = new Map<string, Promise<Drift>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** After every load, whatever its outcome. */
  readonly onDidLoad = this.changed.event;
  /** Push requests, jobs and errors, read on demand (cleared with every load). */
  readonly pushes: PushModel;
  /** Redraws the view (set by the wiring). */
  redraw: () => void = () => undefined;

  constructor(
    private readonly connections: Connections,
    private readonly log: Log,
  ) {
    this.pushes = new PushModel(connections, () => this.ownerSameOrg, log);
  }

  /** What the tree draws. */
  state(): PackagesState {
    const { report, loading, error, ownerLabel } = this;
    return { connected: !!this.connections.lmo.lmo, report, loading: !!loading, error, ownerLabel, drift: (link) => this.drift(link), pushes: this.pushes };
  }

  /**
   * Reads both orgs again. A load in flight for the same orgs is shared; one for other orgs (the
   * connection changed while it ran) is overtaken: its answer is dropped, and this one reads the orgs now connected.
   */
  load(): Promise<LinkReport | undefined> {
    const { lmo, devHub } = this.connections;
    const client = lmo.client;
    const hub = devHub.state.kind === 'connected' ? devHub.devHub : undefined;
    const orgs = [client, hub];
    if (this.loading && this.loadingFor?.every((o, i) => o === orgs[i])) return this.loading;
    const generation = ++this.generation;
    if (!client || lmo.state.kind !== 'connected' || lmo.state.problem) {
      this.loading = undefined;
      this.loadingFor = undefined;
      this.report = undefined;
      this.redraw();
      return Promise.resolve(undefined);
    }
    const current = () => generation === this.generation;
    this.loadingFor = orgs;
    this.loading = (async () => {
      try {
        const stack = await salesforceStack();
        const [inventory, projectPackages] = await Promise.all([stack.readLinkInventory(client, hub), projectPackagesLike()]);
        if (!current()) return this.report;
        this.report = stack.reportOf(inventory, projectPackages);
        this.project = projectPackages;
        this.owner = inventory.owner.ok ? { org: inventory.owner.org, label: inventory.owner.label } : undefined;
        this.ownerLabel = inventory.owner.ok && inventory.owner.org.packages.length ? inventory.owner.label : undefined;
        this.ownerSameOrg = inventory.owner.ok && inventory.owner.sameOrg;
        if (!inventory.owner.ok) this.log.warn(`Packages: the packages ${inventory.owner.label} owns could not be read: ${inventory.owner.error.message}`);
        this.error = undefined;
        this.drifts.clear();
        this.pushes.clear();
        return this.report;
      } catch (err) {
        if (!current()) return this.report;
        this.error = toLmoError(err, client.target).message;
        this.log.warn(`Packages: ${this.error}`);
        return undefined;
      } finally {
        // Only the newest load says it is done: an overtaken one would tell listeners of a report that is not the current orgs'.
        if (current()) {
          this.loading = undefined;
          this.loadingFor = undefined;
          this.redraw();
          this.changed.fire();
        }
      }
    })();
    this.redraw();
    return this.loading;
  }

  /** The Dev Hub to read subscribers from: the connected one, or the LMO when it owns the packages itself. */
  private async devHubReader(): Promise<DevHubReader | undefined> {
    const { lmo, devHub } = this.connections;
    const client = lmo.client;
    if (devHub.state.kind === 'connected') return devHub.devHub;
    if (this.ownerSameOrg && client) return new (await salesforceStack()).DevHubReader(client);
    return undefined;
  }

  /** Installs without a license and licenses without an install, for one link (loaded once). */
  drift(link: PackageLink): Promise<Drift> {
    const key = link.subscriberPackageId ?? link.name;
    let loadingDrift = this.drifts.get(key);
    if (!loadingDrift) {
      loadingDrift = (async () => {
        const hub = await this.devHubReader();
        const reader = this.connections.lmo.lmo;
        if (!hub || !reader || !link.subscriberPackageId || !link.lmoPackage)
          return { installedWithoutLicense: [], licensesWithoutInstall: [], complete: true };
        const [subs, licenses] = await Promise.all([
          hub.subscribers([link.subscriberPackageId], { installedOnly: false }),
          reader.licenses({ packageId: link.lmoPackage.id }),
        ]);
        const d = subscriberDrift(subs.subscribers, licenses.records, [link.lmoPackage]);
        return { installedWithoutLicense: d.installedWithoutLicense, licensesWithoutInstall: d.licensesWithoutInstall, complete: subs.complete };
      })();
      loadingDrift.catch(() => this.drifts.delete(key));
      this.drifts.set(key, loadingDrift);
    }
    return loadingDrift;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The packages of the workspace's sfdx-project.json files (undefined when there is none). */
async function projectPackagesLike(): Promise<{ name: string; packageId: string | undefined }[] | undefined> {
  let out: { name: string; packageId: string | undefined }[] | undefined;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      const parsed = parseSfdxProject(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'sfdx-project.json'))));
      if (parsed.ok) out = [...(out ?? []), ...parsed.project.packages.map((p) => ({ name: p.name, packageId: p.packageId }))];
    } catch {
      // No project here.
    }
  }
  return out;
}
