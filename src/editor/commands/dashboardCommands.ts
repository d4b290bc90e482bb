import * as vscode from 'vscode';
import { Clock } from '../../core/clock';
import { DEFAULT_DASHBOARD_OPTIONS, DashboardOptions, TreeTarget, isDashboardOptions } from '../../webview/protocol';
import { ConnectionManager } from '../connection/connectionManager';
import { Log } from '../log';
import { DashboardController } from '../panels/dashboardController';
import { DashboardPanel } from '../panels/dashboardPanel';
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
    case 'subscriber': {
      await vscode.commands.executeCommand('lma.subscribers.focus');
      const org = await views.subscribers.findOrg(target.orgId);
      if (org) await views.subscribersView.reveal(org, { select: true, focus: true, expand: true });
      return !!org;
    }
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

export function createDashboardController(connection: ConnectionManager, filter: FilterState, views: Views, clock: Clock, log: Log): DashboardController {
  return new DashboardController({ connection, clock, log, showInTree: (target, options) => showInTree(target, options, filter, views) });
}

export function registerDashboard(context: vscode.ExtensionContext, controller: DashboardController, connection: ConnectionManager): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('lma.openDashboard', () => DashboardPanel.show(context.extensionUri, controller, connection)),
    vscode.commands.registerCommand('lma.exportLicenses', async (target?: vscode.Uri, options?: DashboardOptions) => {
      const scope = options && isDashboardOptions(options) ? options : DEFAULT_DASHBOARD_OPTIONS;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const file = target ?? (await vscode.window.showSaveDialog({ title: 'Export Licenses to CSV', saveLabel: 'Export', filters: { CSV: ['csv'] }, defaultUri: folder ? vscode.Uri.joinPath(folder, 'licenses.csv') : undefined }));
      return file ? controller.exportLicensesTo(file, scope) : undefined;
    }),
    vscode.window.registerWebviewPanelSerializer(DashboardPanel.viewType, {
      deserializeWebviewPanel: async (panel) => {
        DashboardPanel.revive(panel, context.extensionUri, controller, connection);
      },
    }),
  ];
}
