/**
 * Link packages: the Dev Hub beside the LMO (connected like the LMO, remembered per workspace;
 * not asked for when the LMO owns the packages itself), the Packages view of link states, the
 * guided Link Package flow (the Partner Console steps with the values to enter, the permanence
 * warning, then a cancellable wait — one API call per poll, with back-off — that survives a
 * window reload), and the push-upgrade hand-off by package generation (pushUpgradeAction.ts).
 */
import * as vscode from 'vscode';
import { type LinkReport, type PackageLink, type ProjectPackageLike } from '../../core/linking/linkState';
import { type OwningOrg } from '../../core/linking/ownedPackages';
import { linkingGuide } from '../../core/linking/guide';
import { type LinkTarget } from '../../core/linking/linkPoll';
import { subscriberDrift } from '../../core/linking/subscribers';
import { parseSfdxProject } from '../../core/sfdxProject';
import { isOrgChoice, salesforceStack } from '../../data/org/connect';
import { toLmoError } from '../../data/org/errors';
import { executeCommand } from '../kit/commandIds';
import { connectWithProgress } from '../connections/connectionFeature';
import { openInOrg } from '../connections/openInOrg';
import { pickOrg } from '../connections/orgPicker';
import { type FeatureContext } from '../kit/featureContext';
import { type Drift, type PackagesNode, PackagesTree } from './packagesTree';
import { type PushUpgradePrompts, registerPushUpgrade, vscodePushPrompts } from './pushUpgradeAction';

/** A wait for a link, kept in the workspace so a window reload resumes it. */
interface PendingLink {
  readonly target: LinkTarget;
  readonly name: string;
  readonly lmoLabel: string;
  readonly startedAt: number;
}

const WAITS_KEY = 'lma.linkWaits';

export interface LinkingFeature {
  readonly tree: PackagesTree;
  readonly report: () => LinkReport | undefined;
  readonly onDidChangeReport: vscode.Event<void>;
  /** Reads both orgs again (at most two calls per org). */
  readonly load: () => Promise<LinkReport | undefined>;
  /** Waits (with progress) until a package's record arrives in the LMO; resolves with the final state. */
  readonly waitForLink: (pending: Omit<PendingLink, 'startedAt'> & { startedAt?: number }) => Promise<string>;
  readonly pendingWaits: () => readonly PendingLink[];
  /** The push-upgrade hand-off's prompts (a test replaces their functions). */
  readonly pushPrompts: PushUpgradePrompts;
}

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

export function activateLinking(ctx: FeatureContext): LinkingFeature {
  const { lmo, devHub } = ctx.connections;
  let report: LinkReport | undefined;
  let ownerLabel: string | undefined;
  let ownerSameOrg = false;
  let owner: { org: OwningOrg; label: string } | undefined;
  let project: ProjectPackageLike[] | undefined;
  let error: string | undefined;
  let loading: Promise<LinkReport | undefined> | undefined;
  const drifts = new Map<string, Promise<Drift>>();
  const changed = new vscode.EventEmitter<void>();
  const memento = ctx.extension.workspaceState;

  const devHubReader = async () => {
    const client = lmo.client;
    if (devHub.state.kind === 'connected') return devHub.devHub;
    if (ownerSameOrg && client) return new (await salesforceStack()).DevHubReader(client);
    return undefined;
  };

  const drift = (link: PackageLink): Promise<Drift> => {
    const key = link.subscriberPackageId ?? link.name;
    let loadingDrift = drifts.get(key);
    if (!loadingDrift) {
      loadingDrift = (async () => {
        const hub = await devHubReader();
        const reader = lmo.lmo;
        if (!hub || !reader || !link.subscriberPackageId || !link.lmoPackage)
          return { installedWithoutLicense: [], licensesWithoutInstall: [], complete: true };
        const [subs, licenses] = await Promise.all([
          hub.subscribers([link.subscriberPackageId], { installedOnly: false }),
          reader.licenses({ packageId: link.lmoPackage.id }),
        ]);
        const d = subscriberDrift(subs.subscribers, licenses.records, [link.lmoPackage]);
        return { installedWithoutLicense: d.installedWithoutLicense, licensesWithoutInstall: d.licensesWithoutInstall, complete: subs.complete };
      })();
      loadingDrift.catch(() => drifts.delete(key));
      drifts.set(key, loadingDrift);
    }
    return loadingDrift;
  };

  const tree = new PackagesTree(() => ({ connected: !!lmo.lmo, report, loading: !!loading, error, ownerLabel, drift }));
  const view = vscode.window.createTreeView<PackagesNode>(PackagesTree.viewId, { treeDataProvider: tree, showCollapseAll: true });
  ctx.subscribe(view, changed);

  const load = (): Promise<LinkReport | undefined> => {
    if (loading) return loading;
    const client = lmo.client;
    if (!client || lmo.state.kind !== 'connected' || lmo.state.problem) {
      report = undefined;
      tree.refresh();
      return Promise.resolve(undefined);
    }
    loading = (async () => {
      try {
        const stack = await salesforceStack();
        const hub = devHub.state.kind === 'connected' ? devHub.devHub : undefined;
        const [inventory, projectPackages] = await Promise.all([stack.readLinkInventory(client, hub), projectPackagesLike()]);
        report = stack.reportOf(inventory, projectPackages);
        project = projectPackages;
        owner = inventory.owner.ok ? { org: inventory.owner.org, label: inventory.owner.label } : undefined;
        ownerLabel = inventory.owner.ok && inventory.owner.org.packages.length ? inventory.owner.label : undefined;
        ownerSameOrg = inventory.owner.ok && inventory.owner.sameOrg;
        error = undefined;
        drifts.clear();
        return report;
      } catch (err) {
        error = toLmoError(err, client.target).message;
        ctx.log.warn(`Packages: ${error}`);
        return undefined;
      } finally {
        loading = undefined;
        tree.refresh();
        changed.fire();
      }
    })();
    tree.refresh();
    return loading;
  };

  ctx.subscribe(
    lmo.onDidChange((s) => s.kind !== 'connecting' && void load().then(() => resumeWaits())),
    devHub.onDidChange((s) => s.kind !== 'connecting' && void load()),
    ctx.onDidRequestRefresh(() => void load()),
  );

  ctx.command('lma.connectDevHub', async (choice?: unknown) => {
    if (ownerSameOrg && lmo.client && !isOrgChoice(choice)) {
      const other = vscode.l10n.t('Connect Another Dev Hub…');
      const answer = await vscode.window.showInformationMessage(
        vscode.l10n.t('{0} owns your packages itself (it is LMO and Dev Hub): there is nothing else to connect.', lmo.client.target.label),
        other,
      );
      if (answer !== other) return;
    }
    const chosen = isOrgChoice(choice) ? choice : await pickOrg('devHub', ctx.projectOrgs, ctx.log);
    if (chosen) await connectWithProgress(ctx, devHub, chosen);
  });

  // Waiting for a link: persisted, so a reload resumes it.
  const pending = (): PendingLink[] => memento.get<PendingLink[]>(WAITS_KEY) ?? [];
  const savePending = (waits: PendingLink[]) => memento.update(WAITS_KEY, waits);
  const running = new Set<string>();

  const waitForLink = async (wait: Omit<PendingLink, 'startedAt'> & { startedAt?: number }): Promise<string> => {
    const client = lmo.client;
    if (!client) return 'notConnected';
    const entry: PendingLink = { ...wait, startedAt: wait.startedAt ?? Date.now() };
    const key = entry.target.subscriberPackageId.slice(0, 15);
    if (running.has(key)) return 'alreadyWaiting';
    running.add(key);
    await savePending([...pending().filter((p) => p.target.subscriberPackageId.slice(0, 15) !== key), entry]);
    const stack = await salesforceStack();
    try {
      const outcome = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Waiting for {0} to be linked to {1}', entry.name, entry.lmoLabel),
          cancellable: true,
        },
        (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return stack.waitForLink(client, entry.target, {
            startedAt: entry.startedAt,
            signal: controller.signal,
            onProgress: (p) =>
              progress.report({
                message:
                  p.nextInMs === undefined
                    ? vscode.l10n.t('checked {0} times', p.attempt)
                    : vscode.l10n.t(
                        'checked {0} times; next check in {1} s (the Package record can take 30 minutes or more)',
                        p.attempt,
                        Math.round(p.nextInMs / 1000),
                      ),
              }),
          });
        },
      );
      if (outcome.kind === 'cancelled') {
        await savePending(pending().filter((p) => p.target.subscriberPackageId.slice(0, 15) !== key));
        return 'cancelled';
      }
      await savePending(pending().filter((p) => p.target.subscriberPackageId.slice(0, 15) !== key));
      void load();
      if (outcome.kind === 'timedOut') {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('{0} is still not linked to {1}. Check the Partner Console, then link it again to resume watching.', entry.name, entry.lmoLabel),
        );
        return 'timedOut';
      }
      const poll = outcome.value;
      if (poll.state === 'linkedElsewhere')
        void vscode.window.showErrorMessage(
          vscode.l10n.t('{0} was registered from another org than the one that owns it. Check the Partner Console.', entry.name),
        );
      else
        void vscode.window.showInformationMessage(
          poll.missingVersionIds.length
            ? vscode.l10n.t(
                '{0} is linked to {1}. {2} released versions have no record yet: they appear after their first install.',
                entry.name,
                entry.lmoLabel,
                poll.missingVersionIds.length,
              )
            : vscode.l10n.t('{0} is linked to {1}, with its versions.', entry.name, entry.lmoLabel),
        );
      return poll.state;
    } catch (err) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Stopped waiting for {0}: {1}', entry.name, toLmoError(err, client.target).message));
      return 'failed';
    } finally {
      running.delete(key);
    }
  };

  const resumeWaits = () => {
    const label = lmo.client?.target.label;
    for (const wait of pending()) if (wait.lmoLabel === label) void waitForLink(wait);
  };

  ctx.command('lma.linkPackage', async (target?: PackagesNode | { subscriberPackageId?: string; name?: string }) => {
    const client = lmo.client;
    if (!client) return;
    const fromNode = target && 'kind' in target && target.kind === 'package' ? target.link : undefined;
    const link =
      fromNode ??
      report?.packages.find(
        (p) =>
          !!target &&
          !('kind' in target) &&
          ((target.subscriberPackageId && p.subscriberPackageId?.slice(0, 15) === target.subscriberPackageId.slice(0, 15)) ||
            (!!target.name && (p.projectName ?? p.name).toLowerCase() === target.name.toLowerCase())),
      );
    const subscriberPackageId = link?.subscriberPackageId ?? (target && !('kind' in target) ? target.subscriberPackageId : undefined);
    if (!subscriberPackageId) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('The package id (033…) is not known: connect the Dev Hub that owns the package (LMA: Connect a Dev Hub…).'),
      );
      return;
    }
    const name = link?.projectName ?? link?.name ?? (target && !('kind' in target) ? target.name : undefined) ?? subscriberPackageId;
    const guide = linkingGuide({
      packageName: name,
      subscriberPackageId,
      generation: link?.generation,
      ownerLabel: ownerLabel,
      lmoLabel: client.target.label,
      lmoOrgId: client.target.orgId,
      lmoUsername: client.target.username,
      consoleUrl: client.target.source === 'demo' ? `${client.target.instanceUrl}/partnerconsole` : undefined,
    });
    const detail = [
      guide.permanence,
      '',
      ...guide.steps.map((s) => `${s.number}. ${s.text}${s.copy ? `\n    ${s.copy.label}: ${s.copy.value}` : ''}`),
      '',
      guide.afterwards,
    ].join('\n');
    const open = vscode.l10n.t('Copy the Package ID and Open the Partner Console');
    const wait = vscode.l10n.t('I Registered It: Watch for the Link');
    const choice = await vscode.window.showWarningMessage(guide.title, { modal: true, detail }, open, wait);
    if (!choice) return;
    if (choice === open) {
      await vscode.env.clipboard.writeText(subscriberPackageId);
      if (client.target.source === 'demo') await openInOrg(client, '/partnerconsole', ctx.log);
      else await vscode.env.openExternal(vscode.Uri.parse(guide.consoleUrl, true));
    }
    void waitForLink({
      name,
      lmoLabel: client.target.label,
      target: {
        subscriberPackageId,
        ownerOrgId: report?.ownerOrgId,
        releasedVersionIds: link?.releasedVersions.map((v) => v.subscriberPackageVersionId),
      },
    });
  });

  // Push upgrade: from a version in the Install Base, to the package's latest release, handed off by generation.
  const pushPrompts = vscodePushPrompts();
  registerPushUpgrade(ctx, {
    connections: ctx.connections,
    report: () => report,
    owner: () => owner,
    project: () => project,
    ownerSameOrg: () => ownerSameOrg,
    prompts: pushPrompts,
  });

  void executeCommand('setContext', 'lma.linking', true);
  return { tree, report: () => report, onDidChangeReport: changed.event, load, waitForLink, pendingWaits: () => pending(), pushPrompts };
}
