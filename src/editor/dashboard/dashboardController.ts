/**
 * The Install-Base Dashboard's requests. Everything the page receives is display data; the
 * panel host validates every request before it reaches these handlers.
 */
import { stringify } from 'csv-stringify/sync';
import * as vscode from 'vscode';
import { type Clock } from '../../core/clock';
import { type PackageAdoption, packageAdoption } from '../../core/features/adoption';
import { singleLine } from '../../core/displayText';
import { safeCells } from '../../core/installBase/licenseCsv';
import { describeSeats, subscriberName } from '../../core/license';
import { metricsMarkdown, metricsRows } from '../../core/dashboard/summary';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { LmoError, cancelled, notConnected, toLmoError } from '../../data/org/errors';
import {
  DEFAULT_DASHBOARD_OPTIONS,
  type DashboardOptions,
  type DashboardRequests,
  type DashboardView,
  type FeatureAdoptionView,
  type TreeTarget,
} from '../../webview/protocol/dashboard';
import { type LmoConnection } from '../connections/connections';
import type { UsageCard } from '../usage/usageFeature';
import { abortSignal } from '../connections/orgConnection';
import { exportLicensesCsv, openForWriting } from '../kit/licenseExport';
import { type Handlers } from '../kit/panelHost';

/** Packages whose feature adoption loads at the same time (each is a Composite of five aggregates). */
const FEATURE_LOADS_AT_ONCE = 3;

/** Runs `task` over `items`, at most `width` at a time, settling each (one failure stops nothing else). */
async function inTurns<T, R>(items: readonly T[], width: number, task: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]).then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** A load the page can cancel, where a new one replaces (and stops) the one in flight. */
class LatestLoad {
  private current: AbortController | undefined;

  start(): AbortController {
    this.current?.abort();
    this.current = new AbortController();
    return this.current;
  }

  finish(load: AbortController): void {
    if (this.current === load) this.current = undefined;
  }

  /** Stops the load in flight; false when there was none. */
  cancel(): boolean {
    const load = this.current;
    load?.abort();
    return !!load;
  }
}

/** A token cancelled when either one is. */
function anyToken(a: vscode.CancellationToken, b: vscode.CancellationToken): vscode.CancellationToken {
  const source = new vscode.CancellationTokenSource();
  for (const t of [a, b]) {
    if (t.isCancellationRequested) source.cancel();
    t.onCancellationRequested(() => source.cancel());
  }
  return source.token;
}

export interface DashboardControllerDeps {
  readonly connection: LmoConnection;
  readonly clock: Clock;
  /** Shows a chart segment's licenses in the sidebar. */
  readonly showInTree: (target: TreeTarget, options: DashboardOptions) => Promise<boolean>;
  /** The Seat usage card's measures. */
  readonly usage: UsageCard;
}

type Ready = Extract<DashboardView, { state: 'ready' }>;

export class DashboardController {
  /** Last good view per options, shown (marked stale) when a reload fails. */
  private readonly lastGood = new Map<string, Ready>();
  private lastOptions: DashboardOptions = DEFAULT_DASHBOARD_OPTIONS;
  /** The scope the page shows, so a chart click filters what it shows. */
  private remember = (options: DashboardOptions) => (this.lastOptions = options);

  constructor(private readonly deps: DashboardControllerDeps) {}

  readonly handlers: Handlers<DashboardRequests> = {
    load: (options) => this.load(this.remember(options)),
    loadFeatures: (options) => this.loadFeatures(options),
    exportLicenses: async (options) => {
      const target = await this.askFile('Export Licenses to CSV', 'licenses.csv');
      return target ? this.exportLicensesTo(target, this.remember(options)) : { cancelled: true };
    },
    exportMetrics: async (options) => {
      const target = await this.askFile('Export Dashboard Metrics to CSV', 'install-base-metrics.csv');
      return target ? this.exportMetricsTo(target, this.remember(options)) : { cancelled: true };
    },
    copySummary: (options) => this.copySummary(this.remember(options)),
    showInTree: async (target) => ({ shown: await this.deps.showInTree(target, this.lastOptions) }),
    cancelLoad: async () => ({ cancelled: this.numbers.cancel() }),
    cancelFeatures: async () => ({ cancelled: this.features.cancel() }),
    loadUsage: (request) => this.deps.usage.load(request),
    cancelUsage: async () => ({ cancelled: this.deps.usage.cancel() }),
  };

  /** The loads in flight, which the page can cancel: the numbers, and the Feature adoption card. */
  private readonly numbers = new LatestLoad();
  private readonly features = new LatestLoad();

  async load(options: DashboardOptions): Promise<DashboardView> {
    const state = this.deps.connection.state;
    if (state.kind !== 'connected') return { state: 'notConnected' };
    if (state.problem) return { state: 'lmaMissing', message: state.problem.message };
    const lmo = state.reader;
    const key = JSON.stringify(options);
    const today = this.deps.clock.today();
    // A new load (a new scope, or a refresh) makes the previous feature adoption load moot.
    this.features.cancel();
    const loading = this.numbers.start();
    try {
      const { metrics, packages, renewingNext, apiCalls } = await lmo.dashboard(
        { includeSandboxes: options.includeSandboxes, churnDays: options.churnDays, packageId: options.packageId || undefined },
        { signal: loading.signal },
      );
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
          versionNumber: singleLine(l.versionNumber ?? '', 40),
          seats: describeSeats(l.seats),
          expiration: l.expiration.kind === 'date' ? l.expiration.date : today,
          status: singleLine(l.statusLabel, 40),
        })),
        loadedAt: this.deps.clock.now().toISOString(),
        apiCalls,
      };
      this.lastGood.set(key, view);
      return view;
    } catch (err) {
      const previous = this.lastGood.get(key);
      if (!previous || toLmoError(err, lmo.target).kind === 'cancelled') throw err;
      return { ...previous, stale: { message: toLmoError(err, lmo.target).message } };
    } finally {
      this.numbers.finish(loading);
    }
  }

  /**
   * Feature adoption for the packages in scope that have feature parameters: one call to see
   * whether the Feature Management App is there, two for packages and parameters, then at most
   * two a package (aggregates, at any size), three packages at a time; a package that fails is reported and the others still show.
   */
  async loadFeatures(options: DashboardOptions): Promise<FeatureAdoptionView> {
    const state = this.deps.connection.state;
    if (state.kind !== 'connected') return { state: 'notConnected' };
    if (state.problem) return { state: 'fmaMissing', message: state.problem.message };
    const lmo = state.reader;
    const loading = this.features.start();
    const call = { signal: loading.signal };
    try {
      const presence = await lmo.features.probe(call);
      if (!presence.installed)
        return {
          state: 'fmaMissing',
          message: 'This LMO has no Feature Management App (or you cannot see its objects): feature adoption shows once it is installed.',
        };
      const [packages, parameters] = await Promise.all([lmo.packages(call), lmo.features.parameters(undefined, call)]);
      const withParameters = new Set(parameters.map((p) => p.packageId.slice(0, 15)));
      const wanted = options.packageId.slice(0, 15);
      const chosen = packages.filter((p) => withParameters.has(p.id.slice(0, 15)) && (!wanted || p.id.slice(0, 15) === wanted));
      const today = this.deps.clock.today();
      const settled = await inTurns(chosen, FEATURE_LOADS_AT_ONCE, (p) =>
        lmo.features.distributions(p.id, { ...call, includeSandboxes: options.includeSandboxes, today }),
      );
      // Cancelled: say so once, not once per package.
      if (loading.signal.aborted) throw cancelled();
      const adoptions: PackageAdoption[] = [];
      const failed: { packageName: string; message: string }[] = [];
      settled.forEach((r, i) => {
        if (r.status === 'fulfilled') adoptions.push(packageAdoption(chosen[i].name, r.value));
        else failed.push({ packageName: singleLine(chosen[i].name, 120), message: toLmoError(r.reason, lmo.target).message });
      });
      return { state: 'ready', packages: adoptions, failed };
    } finally {
      this.features.finish(loading);
    }
  }

  private requireLmo(): LicenseManagementOrg {
    const lmo = this.deps.connection.lmo;
    if (!lmo) throw notConnected();
    return lmo;
  }

  private async ready(options: DashboardOptions): Promise<Ready> {
    const view = await this.load(options);
    if (view.state === 'notConnected') throw notConnected();
    if (view.state === 'lmaMissing') throw new LmoError('lmaMissing', view.message, view.state);
    return view;
  }

  scopeLabel(options: DashboardOptions): string {
    const known = [...this.lastGood.values()].find((v) => v.packages.length)?.packages;
    const name = options.packageId ? (known?.find((p) => p.id === options.packageId)?.name ?? options.packageId) : 'all packages';
    return `${name}, sandboxes ${options.includeSandboxes ? 'included' : 'excluded'}`;
  }

  /**
   * Streams the licenses in the dashboard's scope to a CSV file, with cancellable progress. The
   * notification's Cancel stops it, and so does `cancel` when a caller passes one (tests do).
   */
  async exportLicensesTo(target: vscode.Uri, options: DashboardOptions, cancel?: vscode.CancellationToken): Promise<{ written: number; file: string }> {
    const lmo = this.requireLmo();
    const filter = { packageId: options.packageId || undefined, includeSandboxes: options.includeSandboxes };
    const written = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Exporting licenses', cancellable: true },
      async (progress, token) => {
        let reported = 0;
        return exportLicensesCsv(
          lmo,
          filter,
          target.fsPath,
          this.deps.clock.today(),
          (done, total) => {
            progress.report({
              message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`,
              increment: total ? ((done - reported) / total) * 100 : 0,
            });
            reported = done;
          },
          abortSignal(cancel ? anyToken(token, cancel) : token),
        );
      },
    );
    void vscode.window.showInformationMessage(`Exported ${written.toLocaleString('en-US')} licenses to ${target.fsPath}.`);
    return { written, file: target.fsPath };
  }

  async exportMetricsTo(target: vscode.Uri, options: DashboardOptions): Promise<{ file: string }> {
    const view = await this.ready(options);
    const rows = metricsRows(view.metrics, { orgLabel: view.orgLabel, scopeLabel: this.scopeLabel(options) }).map(safeCells);
    const handle = await openForWriting(target.fsPath);
    try {
      await handle.writeFile(stringify([['Section', 'Metric', 'Value'], ...rows], { bom: true }), 'utf8');
    } finally {
      await handle.close();
    }
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
    return vscode.window.showSaveDialog({
      title,
      saveLabel: 'Export',
      filters: { CSV: ['csv'] },
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    });
  }
}
