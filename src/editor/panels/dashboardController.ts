import { stringify } from 'csv-stringify/sync';
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { Clock } from '../../core/clock';
import { singleLine } from '../../core/displayText';
import { describeSeats, subscriberName } from '../../core/license';
import { metricsMarkdown, metricsRows } from '../../core/metrics/summary';
import { LmoError, toLmoError } from '../../data/errors';
import { LicenseManagementOrg } from '../../data/lmo';
import { DEFAULT_DASHBOARD_OPTIONS, DashboardOptions, DashboardRequests, DashboardView, HostToPage, PageToHost, RequestName, TreeTarget, isDashboardOptions } from '../../webview/protocol';
import { ConnectionManager, abortSignal } from '../connection/connectionManager';
import { Log } from '../log';
import { exportLicensesCsv, neutralizeFormula } from './licenseExport';

export interface DashboardControllerDeps {
  readonly connection: ConnectionManager;
  readonly clock: Clock;
  readonly log: Log;
  /** Shows a chart segment's licenses in the sidebar. */
  readonly showInTree: (target: TreeTarget, options: DashboardOptions) => Promise<boolean>;
}

type Ready = Extract<DashboardView, { state: 'ready' }>;
type Handler<K extends RequestName> = (params: DashboardRequests[K]['params']) => Promise<DashboardRequests[K]['result']>;

function isTreeTarget(value: unknown): value is TreeTarget {
  const t = value as TreeTarget | undefined;
  if (!t || typeof t !== 'object') return false;
  switch (t.kind) {
    case 'version':
      return typeof t.packageId === 'string' && typeof t.versionId === 'string';
    case 'renewals':
      return /^\d{4}-\d{2}-\d{2}$/.test(t.from) && /^\d{4}-\d{2}-\d{2}$/.test(t.to);
    case 'status':
      return ['Active', 'Trial', 'Suspended', 'Uninstalled', 'Expired'].includes(t.status);
    case 'subscriber':
      return typeof t.orgId === 'string' && /^00D\w{12}(\w{3})?$/.test(t.orgId);
    default:
      return false;
  }
}

/**
 * Answers the dashboard page's requests. Everything the page receives is display data; every
 * request is validated, since the page renders customer text and is treated as untrusted.
 */
export class DashboardController {
  /** Last good view per options, shown (marked stale) when a reload fails. */
  private readonly lastGood = new Map<string, Ready>();
  private lastOptions: DashboardOptions = DEFAULT_DASHBOARD_OPTIONS;

  constructor(private readonly deps: DashboardControllerDeps) {}

  private readonly handlers: { [K in RequestName]: Handler<K> } = {
    load: (options) => this.load(options),
    exportLicenses: async (options) => {
      const target = await this.askFile('Export Licenses to CSV', 'licenses.csv');
      return target ? this.exportLicensesTo(target, options) : { cancelled: true };
    },
    exportMetrics: async (options) => {
      const target = await this.askFile('Export Dashboard Metrics to CSV', 'install-base-metrics.csv');
      return target ? this.exportMetricsTo(target, options) : { cancelled: true };
    },
    copySummary: (options) => this.copySummary(options),
    showInTree: async (target) => ({ shown: await this.deps.showInTree(target, this.lastOptions) }),
  };

  /** One message from the page → the reply to post back (undefined for anything that is not a request). */
  async handle(message: unknown): Promise<HostToPage | undefined> {
    const m = message as PageToHost;
    if (!m || m.type !== 'request' || typeof m.id !== 'number' || typeof m.name !== 'string' || !Object.prototype.hasOwnProperty.call(this.handlers, m.name)) return undefined;
    try {
      if (m.name === 'showInTree' ? !isTreeTarget(m.params) : !isDashboardOptions(m.params)) throw new LmoError('unknown', `Invalid ${m.name} request from the dashboard.`, JSON.stringify(m.params)?.slice(0, 200) ?? '');
      if (m.name !== 'showInTree') this.lastOptions = m.params as DashboardOptions;
      const handler = this.handlers[m.name] as Handler<RequestName>;
      const result = await handler(m.params as never);
      return { type: 'response', id: m.id, ok: true, result };
    } catch (err) {
      const lmo = this.deps.connection.lmo;
      const error = err instanceof LmoError ? err : lmo ? toLmoError(err, lmo.target) : new LmoError('unknown', (err as Error)?.message ?? String(err), String(err));
      if (error.kind !== 'cancelled') this.deps.log.error(`Dashboard ${m.name}`, error);
      return { type: 'response', id: m.id, ok: false, error: { message: error.message, kind: error.kind } };
    }
  }

  async load(options: DashboardOptions): Promise<DashboardView> {
    const state = this.deps.connection.state;
    if (state.kind !== 'connected') return { state: 'notConnected' };
    if (state.lmaMissing) return { state: 'lmaMissing', message: state.lmaMissing.message };
    const lmo = state.lmo;
    const key = JSON.stringify(options);
    const today = this.deps.clock.today();
    try {
      const { metrics, packages, renewingNext, apiCalls } = await lmo.dashboard({ includeSandboxes: options.includeSandboxes, churnDays: options.churnDays, packageId: options.packageId || undefined });
      const view: Ready = {
        state: 'ready',
        orgLabel: singleLine(lmo.target.label, 80),
        isDemo: lmo.target.source === 'demo',
        packages: packages.map((p) => ({ id: p.id, name: singleLine(p.name, 120) })),
        metrics,
        renewingNext: renewingNext.map((l) => ({
          subscriber: singleLine(subscriberName(l), 120),
          orgId: l.subscriberOrgId,
          packageName: singleLine(l.packageName ?? '', 120),
          versionNumber: l.versionNumber ?? '',
          seats: describeSeats(l.seats),
          expiration: l.expiration.kind === 'date' ? l.expiration.date : today,
          status: l.statusLabel,
        })),
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

  private requireLmo(): LicenseManagementOrg {
    const lmo = this.deps.connection.lmo;
    if (!lmo) throw new LmoError('unknown', 'Connect to a License Management Org first.', 'not connected');
    return lmo;
  }

  private async ready(options: DashboardOptions): Promise<Ready> {
    const view = await this.load(options);
    if (view.state !== 'ready') throw new LmoError('unknown', view.state === 'notConnected' ? 'Connect to a License Management Org first.' : view.message, view.state);
    return view;
  }

  scopeLabel(options: DashboardOptions): string {
    const known = [...this.lastGood.values()].find((v) => v.packages.length)?.packages;
    const name = options.packageId ? (known?.find((p) => p.id === options.packageId)?.name ?? options.packageId) : 'all packages';
    return `${name}, sandboxes ${options.includeSandboxes ? 'included' : 'excluded'}`;
  }

  /** Streams the licenses in the dashboard's scope to a CSV file, with cancellable progress. */
  async exportLicensesTo(target: vscode.Uri, options: DashboardOptions): Promise<{ written: number; file: string }> {
    const lmo = this.requireLmo();
    const filter = { packageId: options.packageId || undefined, includeSandboxes: options.includeSandboxes };
    const written = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Exporting licenses', cancellable: true }, async (progress, token) => {
      let reported = 0;
      return exportLicensesCsv(lmo, filter, target.fsPath, this.deps.clock.today(), (done, total) => {
        progress.report({ message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`, increment: total ? ((done - reported) / total) * 100 : 0 });
        reported = done;
      }, abortSignal(token));
    });
    void vscode.window.showInformationMessage(`Exported ${written.toLocaleString('en-US')} licenses to ${target.fsPath}.`);
    return { written, file: target.fsPath };
  }

  async exportMetricsTo(target: vscode.Uri, options: DashboardOptions): Promise<{ file: string }> {
    const view = await this.ready(options);
    const rows = metricsRows(view.metrics, { orgLabel: view.orgLabel, scopeLabel: this.scopeLabel(options) }).map((r) => r.map((c) => (typeof c === 'string' ? neutralizeFormula(c) : c)));
    await writeFile(target.fsPath, stringify([['Section', 'Metric', 'Value'], ...rows], { bom: true }), 'utf8');
    void vscode.window.showInformationMessage(`Exported the dashboard metrics to ${target.fsPath}.`);
    return { file: target.fsPath };
  }

  async copySummary(options: DashboardOptions): Promise<{ copied: true }> {
    const view = await this.ready(options);
    await vscode.env.clipboard.writeText(metricsMarkdown(view.metrics, { orgLabel: view.orgLabel, scopeLabel: this.scopeLabel(options) }));
    void vscode.window.setStatusBarMessage('Copied the install-base summary as Markdown', 3000);
    return { copied: true };
  }

  private async askFile(title: string, name: string): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return vscode.window.showSaveDialog({ title, saveLabel: 'Export', filters: { CSV: ['csv'] }, defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined });
  }
}
