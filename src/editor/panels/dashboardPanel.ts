import { stringify } from 'csv-stringify/sync';
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { Clock } from '../../core/clock';
import { singleLine } from '../../core/displayText';
import { metricsMarkdown, metricsRows } from '../../core/metrics/summary';
import { LmoError, toLmoError } from '../../data/errors';
import { LicenseManagementOrg } from '../../data/lmo';
import { DashboardOptions, DashboardRequests, DashboardState, DashboardView, HostToPage, PageToHost, RequestName, TreeTarget, isDashboardOptions } from '../../webview/protocol';
import { ConnectionManager, abortSignal } from '../connection/connectionManager';
import { Log } from '../log';
import { exportLicensesCsv, neutralizeFormula } from './licenseExport';
import { webviewHtml } from './webviewHtml';

export interface DashboardDeps {
  readonly extensionUri: vscode.Uri;
  readonly connection: ConnectionManager;
  readonly clock: Clock;
  readonly log: Log;
  /** Shows a chart segment's licenses in the sidebar. */
  readonly showInTree: (target: TreeTarget, options: DashboardOptions) => Promise<boolean>;
}

type Handler<K extends RequestName> = (params: DashboardRequests[K]['params']) => Promise<DashboardRequests[K]['result']>;

/** The Install-Base Dashboard webview panel (one per window). */
export class DashboardPanel implements vscode.Disposable {
  static readonly viewType = 'lma.dashboard';
  private static current: DashboardPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Last good view per options, shown (marked stale) when a reload fails. */
  private readonly lastGood = new Map<string, Extract<DashboardView, { state: 'ready' }>>();

  static show(deps: DashboardDeps): DashboardPanel {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal();
      return DashboardPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(DashboardPanel.viewType, 'Install-Base Dashboard', vscode.ViewColumn.Active, DashboardPanel.webviewOptions(deps.extensionUri));
    return new DashboardPanel(panel, deps);
  }

  /** Restores a panel VS Code kept across a reload (its state lives in the page). */
  static revive(panel: vscode.WebviewPanel, state: unknown, deps: DashboardDeps): DashboardPanel {
    void state;
    panel.webview.options = DashboardPanel.webviewOptions(deps.extensionUri);
    return new DashboardPanel(panel, deps);
  }

  static get open(): DashboardPanel | undefined {
    return DashboardPanel.current;
  }

  private static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: DashboardDeps,
  ) {
    DashboardPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'lma.svg');
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, {
      title: 'Install-Base Dashboard',
      script: 'dist/webview/dashboard.js',
      styles: ['dist/webview/codicon.css', 'dist/webview/dashboard.css'],
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: PageToHost) => void this.onMessage(m)),
      deps.connection.onDidChange((s) => {
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

  private readonly handlers: { [K in RequestName]: Handler<K> } = {
    load: (options) => this.load(options),
    exportLicenses: (options) => this.exportLicenses(options),
    exportMetrics: (options) => this.exportMetrics(options),
    copySummary: (options) => this.copySummary(options),
    showInTree: async (target) => ({ shown: await this.deps.showInTree(target, this.lastOptions) }),
  };

  private lastOptions: DashboardOptions = { packageId: '', includeSandboxes: false, churnDays: 90 };

  private async onMessage(message: PageToHost): Promise<void> {
    if (!message || message.type !== 'request' || typeof message.id !== 'number' || !(message.name in this.handlers)) return;
    try {
      if (message.name !== 'showInTree' && !isDashboardOptions(message.params)) throw new Error('Invalid dashboard options');
      if (message.name !== 'showInTree') this.lastOptions = message.params as DashboardOptions;
      const handler = this.handlers[message.name] as Handler<RequestName>;
      const result = await handler(message.params as never);
      this.post({ type: 'response', id: message.id, ok: true, result });
    } catch (err) {
      const error = err instanceof LmoError ? err : this.deps.connection.lmo ? toLmoError(err, this.deps.connection.lmo.target) : new LmoError('unknown', String((err as Error)?.message ?? err), String(err));
      if (error.kind !== 'cancelled') this.deps.log.error(`Dashboard ${message.name}`, error);
      this.post({ type: 'response', id: message.id, ok: false, error: { message: error.message, kind: error.kind } });
    }
  }

  private requireLmo(): LicenseManagementOrg {
    const lmo = this.deps.connection.lmo;
    if (!lmo) throw new LmoError('unknown', 'Connect to a License Management Org first.', 'not connected');
    return lmo;
  }

  private async load(options: DashboardOptions): Promise<DashboardView> {
    const state = this.deps.connection.state;
    if (state.kind !== 'connected') return { state: 'notConnected' };
    if (state.lmaMissing) return { state: 'lmaMissing', message: state.lmaMissing.message };
    const lmo = state.lmo;
    const key = JSON.stringify(options);
    try {
      const { metrics, packages, apiCalls } = await lmo.dashboard({ includeSandboxes: options.includeSandboxes, churnDays: options.churnDays, packageId: options.packageId || undefined });
      const view: Extract<DashboardView, { state: 'ready' }> = {
        state: 'ready',
        orgLabel: singleLine(lmo.target.label, 80),
        isDemo: lmo.target.source === 'demo',
        packages: packages.map((p) => ({ id: p.id, name: p.name })),
        metrics,
        loadedAt: this.deps.clock.now().toISOString(),
        apiCalls,
      };
      this.lastGood.set(key, view);
      return view;
    } catch (err) {
      const previous = this.lastGood.get(key);
      if (!previous) throw err;
      return { ...previous, stale: { message: toLmoError(err, lmo.target).message } };
    }
  }

  private scopeLabel(options: DashboardOptions): string {
    const ready = [...this.lastGood.values()].find((v) => v.packages.length);
    const name = options.packageId ? ready?.packages.find((p) => p.id === options.packageId)?.name ?? options.packageId : 'all packages';
    return `${name}, sandboxes ${options.includeSandboxes ? 'included' : 'excluded'}`;
  }

  private async exportLicenses(options: DashboardOptions): Promise<DashboardRequests['exportLicenses']['result']> {
    const lmo = this.requireLmo();
    const target = await vscode.window.showSaveDialog({ title: 'Export Licenses to CSV', saveLabel: 'Export', filters: { CSV: ['csv'] }, defaultUri: this.defaultFile('licenses.csv') });
    if (!target) return { cancelled: true };
    const filter = { packageId: options.packageId || undefined, includeSandboxes: options.includeSandboxes };
    const written = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Exporting licenses', cancellable: true },
      async (progress, token) => {
        let reported = 0;
        return exportLicensesCsv(lmo, filter, target.fsPath, this.deps.clock.today(), (done, total) => {
          progress.report({ message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`, increment: total ? ((done - reported) / total) * 100 : 0 });
          reported = done;
        }, abortSignal(token));
      },
    );
    void vscode.window.showInformationMessage(`Exported ${written.toLocaleString('en-US')} licenses to ${target.fsPath}.`);
    return { written, file: target.fsPath };
  }

  private async exportMetrics(options: DashboardOptions): Promise<DashboardRequests['exportMetrics']['result']> {
    const view = await this.load(options);
    if (view.state !== 'ready') throw new LmoError('unknown', 'There is no dashboard data to export.', view.state);
    const target = await vscode.window.showSaveDialog({ title: 'Export Dashboard Metrics to CSV', saveLabel: 'Export', filters: { CSV: ['csv'] }, defaultUri: this.defaultFile('install-base-metrics.csv') });
    if (!target) return { cancelled: true };
    const rows = metricsRows(view.metrics, { orgLabel: view.orgLabel, scopeLabel: this.scopeLabel(options) }).map((r) => r.map((c) => (typeof c === 'string' ? neutralizeFormula(c) : c)));
    await writeFile(target.fsPath, stringify([['Section', 'Metric', 'Value'], ...rows], { bom: true }), 'utf8');
    void vscode.window.showInformationMessage(`Exported the dashboard metrics to ${target.fsPath}.`);
    return { file: target.fsPath };
  }

  private async copySummary(options: DashboardOptions): Promise<DashboardRequests['copySummary']['result']> {
    const view = await this.load(options);
    if (view.state !== 'ready') throw new LmoError('unknown', 'There is no dashboard data to copy.', view.state);
    await vscode.env.clipboard.writeText(metricsMarkdown(view.metrics, { orgLabel: view.orgLabel, scopeLabel: this.scopeLabel(options) }));
    void vscode.window.setStatusBarMessage('Copied the install-base summary as Markdown', 3000);
    return { copied: true };
  }

  private defaultFile(name: string): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return folder ? vscode.Uri.joinPath(folder, name) : undefined;
  }

  dispose(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

export function isDashboardState(value: unknown): value is DashboardState {
  return !!value && isDashboardOptions((value as DashboardState).options);
}
