/** The Install-Base Dashboard: its panel, its commands, and how a chart click reaches the sidebar. */
import * as vscode from 'vscode';
import {
  DASHBOARD_VALIDATORS,
  DEFAULT_DASHBOARD_OPTIONS,
  type DashboardOptions,
  type DashboardRequests,
  type TreeTarget,
  isDashboardOptions,
} from '../../webview/protocol/dashboard';
import { executeCommand } from '../kit/commandIds';
import { settledChanges } from '../connections/orgConnection';
import { type FeatureContext } from '../kit/featureContext';
import { createDispatcher, PanelRegistration } from '../kit/panelHost';
import type { UsageFeature } from '../usage/usageFeature';
import { DashboardController } from './dashboardController';

/** A dashboard chart segment → the matching licenses in the sidebar. */
async function showInTree(ctx: FeatureContext, usage: UsageFeature, target: TreeTarget, options: DashboardOptions): Promise<boolean> {
  const { filter, views } = ctx;
  if (target.kind === 'usage') return usage.showInTree(target.flag);
  const live = { statuses: ['Active', 'Trial'] as ('Active' | 'Trial')[], includeExpired: false, includeSandboxes: options.includeSandboxes };
  switch (target.kind) {
    case 'version':
      await filter.set(live, { replace: true });
      break;
    case 'renewals':
      await filter.set({ ...live, expiringFrom: target.from, expiringTo: target.to }, { replace: true });
      break;
    case 'subscriber': {
      await executeCommand('lma.subscribers.focus');
      const org = await views.subscribers.findOrg(target.orgId);
      if (org) await views.subscribersView.reveal(org, { select: true, focus: true, expand: true });
      return !!org;
    }
    case 'status':
      if (target.status === 'Expired')
        await filter.set({ statuses: ['Active', 'Trial'], expiredOnly: true, includeSandboxes: options.includeSandboxes }, { replace: true });
      else
        await filter.set(
          { statuses: [target.status], includeExpired: target.status !== 'Active' && target.status !== 'Trial', includeSandboxes: options.includeSandboxes },
          { replace: true },
        );
      break;
  }
  await executeCommand('lma.installBase.focus');
  const packageId = target.kind === 'version' ? target.packageId : options.packageId;
  const node =
    target.kind === 'version'
      ? await views.installBase.findVersion(target.packageId, target.versionId)
      : packageId
        ? await views.installBase.findPackage(packageId)
        : undefined;
  if (node) await views.installBaseView.reveal(node, { select: true, focus: true, expand: true });
  return true;
}

export interface DashboardFeature {
  readonly controller: DashboardController;
  readonly panel: PanelRegistration<DashboardRequests>;
  /** Answers a page message as the panel would (tests drive the protocol through it). */
  readonly dispatch: (message: unknown) => Promise<unknown>;
}

export const activateDashboard = (ctx: FeatureContext, usage: UsageFeature): DashboardFeature => {
  const controller = new DashboardController({
    connection: ctx.connections.lmo,
    clock: ctx.clock,
    showInTree: (target, options) => showInTree(ctx, usage, target, options),
    usage: usage.card,
  });
  const descriptor = {
    viewType: 'lma.dashboard',
    title: 'Install-Base Dashboard',
    bundle: 'dashboard',
    validators: DASHBOARD_VALIDATORS,
    handlers: controller.handlers,
    reloadOn: [settledChanges(ctx.connections.lmo), ctx.onDidRequestRefresh] as vscode.Event<unknown>[],
  };
  const panel = new PanelRegistration<DashboardRequests>(descriptor, ctx.extension.extensionUri, ctx.log);
  ctx.subscribe(panel);
  ctx.command('lma.openDashboard', () => void panel.show());
  ctx.command('lma.exportLicenses', async (target?: vscode.Uri, options?: DashboardOptions) => {
    const scope = options && isDashboardOptions(options) ? options : DEFAULT_DASHBOARD_OPTIONS;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const file =
      target instanceof vscode.Uri
        ? target
        : await vscode.window.showSaveDialog({
            title: 'Export Licenses to CSV',
            saveLabel: 'Export',
            filters: { CSV: ['csv'] },
            defaultUri: folder ? vscode.Uri.joinPath(folder, 'licenses.csv') : undefined,
          });
    return file ? controller.exportLicensesTo(file, scope) : undefined;
  });
  return { controller, panel, dispatch: createDispatcher(descriptor, ctx.log) };
};
