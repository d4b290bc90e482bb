import * as vscode from 'vscode';
import { HostToPage } from '../../webview/protocol';
import { ConnectionManager } from '../connection/connectionManager';
import { DashboardController } from './dashboardController';
import { webviewHtml } from './webviewHtml';

/** The Install-Base Dashboard webview panel (one per window); the controller answers its requests. */
export class DashboardPanel implements vscode.Disposable {
  static readonly viewType = 'lma.dashboard';
  private static current: DashboardPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, controller: DashboardController, connection: ConnectionManager): DashboardPanel {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal();
      return DashboardPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(DashboardPanel.viewType, 'Install-Base Dashboard', vscode.ViewColumn.Active, DashboardPanel.webviewOptions(extensionUri));
    return new DashboardPanel(panel, extensionUri, controller, connection);
  }

  /** Restores a panel VS Code kept across a reload; the page keeps its own options in its state. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, controller: DashboardController, connection: ConnectionManager): DashboardPanel {
    panel.webview.options = DashboardPanel.webviewOptions(extensionUri);
    return new DashboardPanel(panel, extensionUri, controller, connection);
  }

  static get open(): DashboardPanel | undefined {
    return DashboardPanel.current;
  }

  private static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    controller: DashboardController,
    connection: ConnectionManager,
  ) {
    DashboardPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'lma.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: 'Install-Base Dashboard', script: 'dist/webview/dashboard.js', styles: ['dist/webview/codicon.css', 'dist/webview/dashboard.css'] });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage(async (message: unknown) => {
        const reply = await controller.handle(message);
        if (reply) this.post(reply);
      }),
      connection.onDidChange((s) => {
        if (s.kind !== 'connecting') this.post({ type: 'reload' });
      }),
    );
  }

  /** Asks the page to load again (LMA: Refresh). */
  reload(): void {
    this.post({ type: 'reload' });
  }

  private post(message: HostToPage): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
