/**
 * Seat usage in the editor (docs/salesforce/seat-usage.md): one measure at a time of the LMO's
 * packages (or one package) for a month, shared by the dashboard's card, the trees' badges and the
 * usage filter. A measure is what `lma-workbench usage` runs (data/lmo/seatUsageRun.ts); its
 * months are kept in the same month cache as the CLI's for a real org, in memory for the demo
 * (whose data changes with its seed). What App Analytics cannot give is a state with its action.
 */
import * as vscode from 'vscode';
import { type Clock } from '../../core/clock';
import { type SeatUsageResult, type UsageRow } from '../../core/usage/seatUsage';
import { type UsageFlag, flaggedRows, usageBadge, usageSummaryText } from '../../core/usage/usageFlags';
import { type UsageMonth, lastCompleteMonth } from '../../core/usage/usageMonth';
import { type StoredUsageMonth, type UsageStore, packageSet } from '../../core/usage/usageStore';
import { type ExplainedUsageState } from '../../data/lmo/appAnalytics';
import { MAX_FILTER_IDS } from '../../data/lmo/licenseFilter';
import { salesforceStack } from '../../data/org/connect';
import { notConnected, toLmoError } from '../../data/org/errors';
import { UsageCache, defaultUsageCacheDir } from '../../storage/usageCache';
import { type LmoConnection } from '../connections/connections';
import { type UsageFilter } from '../kit/filterState';
import { type LicenseNote } from '../kit/licenseNotes';
import { type Settings } from '../kit/settings';

export interface UsageScope {
  readonly month: UsageMonth;
  /** sfLma__Package__c record id, or '' for every package. */
  readonly packageId: string;
}

interface Costs {
  readonly apiCalls: number;
  readonly downloads: number;
}

export type UsageState =
  | { readonly kind: 'none' }
  | ({ readonly kind: 'ready'; readonly result: SeatUsageResult; readonly fromCache: boolean; readonly measuredAt: string } & UsageScope & Costs)
  | ({ readonly kind: 'explained'; readonly state: ExplainedUsageState; readonly message: string; readonly action: string } & UsageScope & Costs)
  | ({ readonly kind: 'noPackageId'; readonly message: string } & UsageScope);

/** The month cache in memory: the demo's months live as long as the window. */
class MemoryUsageStore implements UsageStore {
  private readonly months = new Map<string, StoredUsageMonth>();
  read(month: UsageMonth, packageIds: readonly string[]): Promise<StoredUsageMonth | undefined> {
    return Promise.resolve(this.months.get(`${month}|${packageSet(packageIds).join(',')}`));
  }
  write(entry: StoredUsageMonth): Promise<void> {
    this.months.set(`${entry.month}|${packageSet(entry.packageIds).join(',')}`, entry);
    return Promise.resolve();
  }
}

export class SeatUsageModel implements vscode.Disposable {
  private current: UsageState = { kind: 'none' };
  private byLicense = new Map<string, UsageRow>();
  private inFlight: { key: string; done: Promise<UsageState> } | undefined;
  private demoStore = new MemoryUsageStore();
  private readonly changed = new vscode.EventEmitter<UsageState>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly connection: LmoConnection,
    private readonly clock: Clock,
    private readonly settings: Settings,
  ) {
    // Another org, or none: what was measured is not this org's.
    this.subscription = connection.onDidChange((state) => {
      if (state.kind === 'connecting') return;
      this.demoStore = new MemoryUsageStore();
      this.set({ kind: 'none' });
    });
  }

  get state(): UsageState {
    return this.current;
  }

  /** The month measured when none is asked for: the last complete one, in UTC. */
  defaultMonth(): UsageMonth {
    return lastCompleteMonth(this.clock.now());
  }

  /**
   * Measures a month for a scope: once, then from memory until `force` (a refresh); concurrent
   * calls for the same scope share the run. Cancelling aborts the run and keeps what was shown.
   */
  measure(scope: UsageScope, options: { signal?: AbortSignal; force?: boolean; onPoll?: (text: string) => void } = {}): Promise<UsageState> {
    const key = `${scope.month}|${scope.packageId}`;
    const now = this.current;
    if (!options.force && now.kind !== 'none' && `${now.month}|${now.packageId}` === key) return Promise.resolve(now);
    if (this.inFlight?.key === key) return this.inFlight.done;
    const done = this.run(scope, options).finally(() => {
      if (this.inFlight?.done === done) this.inFlight = undefined;
    });
    this.inFlight = { key, done };
    return done;
  }

  private async run(scope: UsageScope, options: { signal?: AbortSignal; onPoll?: (text: string) => void }): Promise<UsageState> {
    const state = this.connection.state;
    if (state.kind !== 'connected') throw notConnected();
    const lmo = state.reader;
    const stack = await salesforceStack();
    // Every call of the measure, the package list's included (calls made meanwhile by other views too: what the org saw).
    const before = lmo.client.apiCalls;
    try {
      const allPackages = await lmo.packages({ signal: options.signal });
      const chosen = scope.packageId ? allPackages.filter((p) => p.id.slice(0, 15) === scope.packageId.slice(0, 15)) : allPackages;
      if (!stack.measurablePackages(chosen).length)
        return this.set({
          kind: 'noPackageId',
          ...scope,
          message:
            chosen.length === 1
              ? `${chosen[0].name} has no 033 package id in the LMA: App Analytics reports by package id, so there is nothing to measure.`
              : 'No package in this LMO has a 033 package id: App Analytics reports by package id, so there is nothing to measure.',
        });
      const cache = lmo.target.source === 'demo' ? this.demoStore : new UsageCache(defaultUsageCacheDir(lmo.target.orgId ?? lmo.target.label));
      const run = await stack.measureSeatUsage(lmo, {
        month: scope.month,
        packages: chosen,
        allPackages,
        today: this.clock.today(),
        now: this.clock.now(),
        shelfwareMaxRatio: this.settings.number('usageShelfwarePercent') / 100,
        dormantMonths: this.settings.number('usageDormantMonths'),
        cache,
        signal: options.signal,
        onPoll: (m, s, attempt) => options.onPoll?.(vscode.l10n.t('App Analytics {0}: {1} (check {2})', m, s || vscode.l10n.t('waiting'), attempt)),
      });
      const costs = { apiCalls: lmo.client.apiCalls - before, downloads: run.downloads };
      if (run.state !== 'ready') return this.set({ kind: 'explained', ...scope, ...costs, state: run.state, message: run.message, action: run.action });
      return this.set({ kind: 'ready', ...scope, ...costs, result: run.result, fromCache: run.fromCache, measuredAt: this.clock.now().toISOString() });
    } catch (err) {
      throw toLmoError(err, lmo.target);
    }
  }

  private set(state: UsageState): UsageState {
    this.current = state;
    this.byLicense = new Map(state.kind === 'ready' ? state.result.rows.map((r) => [r.licenseId, r]) : []);
    this.changed.fire(state);
    return state;
  }

  rowFor(licenseId: string): UsageRow | undefined {
    return this.byLicense.get(licenseId);
  }

  /** A license row's note in the trees: its badge, and the sentence in the tooltip. */
  note(licenseId: string): LicenseNote | undefined {
    const row = this.byLicense.get(licenseId);
    if (!row || this.current.kind !== 'ready') return undefined;
    return { badge: usageBadge(row), label: vscode.l10n.t('Seat usage, {0}', this.current.month), text: usageSummaryText(row) };
  }

  /** The trees' filter for a flag: its licenses in reading order, the first MAX_FILTER_IDS. */
  filterFor(flag: UsageFlag): UsageFilter | undefined {
    if (this.current.kind !== 'ready') return undefined;
    const rows = flaggedRows(this.current.result, flag);
    return { flag, month: this.current.month, ids: rows.slice(0, MAX_FILTER_IDS).map((r) => r.licenseId), total: rows.length };
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
