import * as vscode from 'vscode';
import { Clock } from '../../core/clock';
import { DashboardOptions, TreeTarget } from '../../webview/protocol';
import { ConnectionManager } from '../connection/connectionManager';
import { Log } from '../log';
import { DashboardDeps, DashboardPanel } from '../panels/dashboardPanel';
import { FilterState } from '../trees/filterState';
import { Views } from './licenseCommands';

/** A dashboard chart segment → the matching licenses in the Install Base view. */
async function showInTree(target: TreeTarget, options: DashboardOptions, filter: FilterState, views: Views): Promise<boolean> {
  const live = { statuses: ['Active', 'Trial'] as const, includeExpired: false, includeSandboxes: options.includeSandboxes };
  switch (target.kind) {
    case 'version':
      await filter.set({ ...live, statuses: [...live.statuses] }, { replace: true });
      break;
    case 'renewals':
      await filter.set({ ...live, statuses: [...live.statuses], expiringFrom: target.from, expiringTo: target.to }, { replace: true });
      break;
    case 'status':
      if (target.status === 'Expired') await filter.set({ statuses: ['Active', 'Trial'], expiredOnly: true, includeSandboxes: options.includeSandboxes }, { replace: true });
      else await filter.set({ statuses: [target.status], includeExpired: target.status === 'Active' || target.status === 'Trial' ? false : true, includeSandboxes: options.includeSandboxes }, { replace: true });
      break;
  }
  await vscode.commands.executeCommand('lma.installBase.focus');
  const packageId = target.kind === 'version' ? target.packageId : options.packageId;
  const node = target.kind === 'version' ? await views.installBase.findVersion(target.packageId, target.versionId) : packageId ? await views.installBase.findPackage(packageId) : undefined;
  if (node) await views.installBaseView.reveal(node, { select: true, focus: true, expand: true });
  return true;
}

export function registerDashboard(context: vscode.ExtensionContext, connection: ConnectionManager, filter: FilterState, views: Views, clock: Clock, log: Log): vscode.Disposable[] {
  const deps: DashboardDeps = { extensionUri: context.extensionUri, connection, clock, log, showInTree: (target, options) => showInTree(target, options, filter, views) };
  return [
    vscode.commands.registerCommand('lma.openDashboard', () => DashboardPanel.show(deps)),
    vscode.window.registerWebviewPanelSerializer(DashboardPanel.viewType, {
      deserializeWebviewPanel: async (panel, state) => {
        DashboardPanel.revive(panel, state, deps);
      },
    }),
  ];
}
