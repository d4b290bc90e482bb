/**
 * Link packages: the Dev Hub beside the LMO (connected like the LMO, remembered per workspace;
 * not asked for when the LMO owns the packages itself), the Packages view of link states
 * (packagesModel.ts), the guided Link Package flow (linkPackageFlow.ts) and its wait, which survives
 * a window reload (linkWaits.ts), and the push-upgrade hand-off by package generation
 * (pushUpgradeAction.ts). This file is the wiring.
 */
import * as vscode from 'vscode';
import { type LinkReport } from '../../core/linking/linkState';
import { isOrgChoice } from '../../data/org/connect';
import { connectWithProgress } from '../connections/connectionFeature';
import { openInOrg } from '../connections/openInOrg';
import { pickOrg } from '../connections/orgPicker';
import { executeCommand } from '../kit/commandIds';
import { type FeatureContext } from '../kit/featureContext';
import { type Prompts, windowPrompts } from '../kit/prompts';
import { type LinkPackageTarget, linkPackageFlow } from './linkPackageFlow';
import { type LinkWaitRequest, LinkWaits, type PendingLink } from './linkWaits';
import { PackagesModel } from './packagesModel';
import { type PushModel } from './pushModel';
import { type PackagesNode, PackagesTree } from './packagesTree';
import { registerPushActions } from './pushActions';
import { type PushUpgradePrompts, registerPushUpgrade, vscodePushPrompts } from './pushUpgradeAction';

export interface LinkingFeature {
  readonly tree: PackagesTree;
  readonly report: () => LinkReport | undefined;
  readonly onDidChangeReport: vscode.Event<void>;
  /** The org that owns the packages (the LMO itself in a Partner Business Org), once the report loaded. */
  readonly ownerLabel: () => string | undefined;
  /** Reads both orgs again (at most two calls per org). */
  readonly load: () => Promise<LinkReport | undefined>;
  /** Waits (with progress) until a package's record arrives in the LMO; resolves with the final state. */
  readonly waitForLink: (pending: LinkWaitRequest) => Promise<string>;
  readonly pendingWaits: () => readonly PendingLink[];
  /** The push-upgrade hand-off's prompts (a test replaces their functions). */
  readonly pushPrompts: PushUpgradePrompts;
  /** The packages' push requests, jobs and errors, as the Packages view reads them. */
  readonly pushes: PushModel;
}

export function activateLinking(ctx: FeatureContext, prompts: Prompts = windowPrompts): LinkingFeature {
  const { lmo, devHub } = ctx.connections;
  const model = new PackagesModel(ctx.connections, ctx.log);
  const tree = new PackagesTree(() => model.state());
  model.redraw = () => tree.refresh();
  const view = vscode.window.createTreeView<PackagesNode>(PackagesTree.viewId, { treeDataProvider: tree, showCollapseAll: true });
  const waits = new LinkWaits(lmo, ctx.extension.workspaceState, prompts, () => void model.load());
  ctx.subscribe(view, model);
  ctx.subscribe(
    lmo.onDidChange((s) => s.kind !== 'connecting' && void model.load().then(() => waits.resume())),
    devHub.onDidChange((s) => s.kind !== 'connecting' && void model.load()),
    ctx.onDidRequestRefresh(() => void model.load()),
  );

  ctx.command('lma.connectDevHub', async (choice?: unknown) => {
    if (model.ownerSameOrg && lmo.client && !isOrgChoice(choice)) {
      const other = vscode.l10n.t('Connect Another Dev Hub…');
      const message = vscode.l10n.t('{0} owns your packages itself (it is LMO and Dev Hub): there is nothing else to connect.', lmo.client.target.label);
      if ((await prompts.info(message, {}, other)) !== other) return;
    }
    const chosen = isOrgChoice(choice) ? choice : await pickOrg('devHub', ctx.projectOrgs, ctx.log);
    if (chosen) await connectWithProgress(ctx, devHub, chosen);
  });

  ctx.command('lma.linkPackage', async (target?: LinkPackageTarget) => {
    const client = lmo.client;
    if (!client) return;
    await linkPackageFlow(target, {
      client,
      report: model.report,
      ownerLabel: model.ownerLabel,
      prompts,
      waitFor: (wait) => waits.waitFor(wait),
      openConsole: async (subscriberPackageId, consoleUrl) => {
        await vscode.env.clipboard.writeText(subscriberPackageId);
        if (client.target.source === 'demo') await openInOrg(client, '/partnerconsole', ctx.log);
        else await vscode.env.openExternal(vscode.Uri.parse(consoleUrl, true));
      },
    });
  });

  // Push upgrade: from a version in the Install Base, to the package's latest release, handed off by generation.
  const pushPrompts = vscodePushPrompts();
  registerPushUpgrade(ctx, {
    connections: ctx.connections,
    report: () => model.report,
    owner: () => model.owner,
    project: () => model.project,
    ownerSameOrg: () => model.ownerSameOrg,
    prompts: pushPrompts,
  });

  // Push upgrades already scheduled: copy the failed orgs, write the retry org file (read-only).
  registerPushActions(ctx, () => model.pushes, prompts);

  void executeCommand('setContext', 'lma.linking', true);
  return {
    tree,
    report: () => model.report,
    onDidChangeReport: model.onDidLoad,
    ownerLabel: () => model.owner?.label,
    load: () => model.load(),
    waitForLink: (wait) => waits.waitFor(wait),
    pendingWaits: () => waits.pending(),
    pushPrompts,
    pushes: model.pushes,
  };
}
