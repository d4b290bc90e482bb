/**
 * The composition root: builds the pieces and wires them to VS Code. Activation does no
 * network work and loads no Salesforce library; a remembered connection is restored after.
 */
import * as vscode from 'vscode';
import { systemClock } from './core/clock';
import { isSalesforceStackRequested } from './data/connect';
import { registerConnectionCommands } from './editor/commands/connectionCommands';
import { registerFilterCommands } from './editor/commands/filterCommands';
import { registerLicenseCommands } from './editor/commands/licenseCommands';
import { ConnectionManager } from './editor/connection/connectionManager';
import { DemoHost } from './editor/connection/demoHost';
import { OrgChoice } from './editor/connection/orgChoice';
import { Log } from './editor/log';
import { LmaVersionDiagnostics } from './editor/lmaVersion/lmaVersionDiagnostics';
import { LmaVersionMonitor } from './editor/lmaVersion/lmaVersionMonitor';
import { ProjectInsights } from './editor/project/projectInsights';
import { LmoStatusBar } from './editor/statusBar';
import { registerInsightCommands } from './editor/commands/insightCommands';
import { createDashboardController, registerDashboard } from './editor/commands/dashboardCommands';
import { DashboardController } from './editor/panels/dashboardController';
import { DashboardPanel } from './editor/panels/dashboardPanel';
import { FilterState } from './editor/trees/filterState';
import { InstallBaseNode, InstallBaseTree } from './editor/trees/installBaseTree';
import { SubscriberNode, SubscribersTree } from './editor/trees/subscribersTree';

/** What the extension hands to its own tests (and to anything that wants to drive it). */
export interface LmaWorkbenchApi {
  readonly connection: ConnectionManager;
  readonly demoHost: DemoHost;
  readonly filter: FilterState;
  readonly installBase: InstallBaseTree;
  readonly subscribers: SubscribersTree;
  readonly installBaseView: vscode.TreeView<InstallBaseNode>;
  readonly subscribersView: vscode.TreeView<SubscriberNode>;
  readonly lmaVersion: LmaVersionMonitor;
  readonly projectInsights: ProjectInsights;
  readonly dashboard: DashboardController;
  /** Whether @salesforce/core/jsforce have been loaded (activation must not load them). */
  readonly salesforceStackLoaded: () => boolean;
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): LmaWorkbenchApi {
  const started = performance.now();
  const log = new Log();
  const clock = systemClock();
  const demoHost = new DemoHost();
  const connection = new ConnectionManager(context.workspaceState, demoHost, clock, log);
  const filter = new FilterState(context.workspaceState);
  const pageSize = () => vscode.workspace.getConfiguration('lmaWorkbench').get<number>('licensePageSize', 200);

  const installBase = new InstallBaseTree(connection, filter, clock, log, pageSize);
  const subscribers = new SubscribersTree(connection, filter, clock, log, pageSize);
  const installBaseView = vscode.window.createTreeView(InstallBaseTree.viewId, { treeDataProvider: installBase, showCollapseAll: true });
  const subscribersView = vscode.window.createTreeView(SubscribersTree.viewId, { treeDataProvider: subscribers, showCollapseAll: true });
  installBase.attach(installBaseView);
  subscribers.attach(subscribersView);
  const views = { installBase, installBaseView, subscribers, subscribersView };
  const lmaVersion = new LmaVersionMonitor(connection, context.workspaceState, clock, log);
  const projectInsights = new ProjectInsights(connection, log);
  const dashboard = createDashboardController(connection, filter, views, clock, log);

  context.subscriptions.push(
    log,
    demoHost,
    connection,
    filter,
    installBase,
    subscribers,
    installBaseView,
    subscribersView,
    lmaVersion,
    projectInsights,
    new LmaVersionDiagnostics(lmaVersion, connection),
    new LmoStatusBar(connection, lmaVersion),
    ...registerInsightCommands(lmaVersion, filter, views),
    ...registerDashboard(context, dashboard, connection),
    ...registerConnectionCommands(connection, log),
    ...registerLicenseCommands(connection, views),
    ...registerFilterCommands(filter, () => vscode.commands.executeCommand('lma.subscribers.focus')),
    vscode.commands.registerCommand('lma.refresh', async () => {
      installBase.refresh();
      subscribers.refresh();
      DashboardPanel.open?.reload();
      await projectInsights.refresh();
    }),
  );

  // Reconnect to the workspace's remembered (or configured default) LMO after activation returns.
  const initial = connection.remembered ?? defaultOrgChoice(vscode.workspace.getConfiguration('lmaWorkbench').get<string>('defaultOrg', ''));
  if (initial) setTimeout(() => void connection.connect(initial), 0);

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms.`);
  return { connection, demoHost, filter, installBase, subscribers, installBaseView, subscribersView, lmaVersion, projectInsights, dashboard, salesforceStackLoaded: isSalesforceStackRequested, activationMs };
}

function defaultOrgChoice(setting: string): OrgChoice | undefined {
  const value = setting.trim();
  if (!value) return undefined;
  return value.toLowerCase() === 'demo' ? { kind: 'demo' } : { kind: 'cli', aliasOrUsername: value };
}

export function deactivate(): void {
  // Disposables in context.subscriptions stop the demo LMO and close views.
}
