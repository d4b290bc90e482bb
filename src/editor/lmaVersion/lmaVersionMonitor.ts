import * as vscode from 'vscode';
import { addDays } from '../../core/calendarDate';
import { type Clock } from '../../core/clock';
import { type LmaCurrency, assessLmaCurrency, checkIntervalMs, describeBaseline, findingKey, resolveBaseline, shouldAnnounce } from '../../core/lmaCurrency';
import shippedBaseline from '../../core/lmaBaseline.json';
import { toLmoError } from '../../data/org/errors';
import { type LmoConnection } from '../connections/connections';
import { INSTALLED_PACKAGES_PATH, openInOrg } from '../connections/openInOrg';
import { type Log } from '../kit/log';
import { type Settings } from '../kit/settings';

const NOTIFIED = 'lma.lmaVersion.notified';
const SNOOZED_UNTIL = 'lma.lmaVersion.snoozedUntil';

/** Timers, injectable so a test can run the schedule without waiting hours. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** How the monitor tells the user: the editor's notifications, injectable so a test can see and answer them. */
export interface Notices {
  warn(message: string, ...actions: string[]): Thenable<string | undefined>;
  inform(message: string): Thenable<string | undefined>;
}

const WINDOW_NOTICES: Notices = {
  warn: (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
  inform: (message) => vscode.window.showInformationMessage(message),
};

const SYSTEM_TIMERS: Timers = { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

/**
 * Watches whether the connected LMO's License Management App is current: on connect, on an
 * interval, and on demand. Tells the user once per finding (unless asked, or snoozed).
 */
export class LmaVersionMonitor implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LmaCurrency | undefined>();
  readonly onDidChange = this.changed.event;
  private value: LmaCurrency | undefined;
  private timer: unknown;
  private readonly disposables: vscode.Disposable[] = [];
  /** Checks run so far (tests watch the schedule through it). */
  checks = 0;

  constructor(
    private readonly connection: LmoConnection,
    private readonly memento: vscode.Memento,
    private readonly clock: Clock,
    private readonly settings: Settings,
    private readonly log: Log,
    private readonly timers: Timers = SYSTEM_TIMERS,
    private readonly notices: Notices = WINDOW_NOTICES,
  ) {
    this.disposables.push(
      connection.onDidChange((state) => {
        if (state.kind === 'connected' && !state.problem) void this.check({ interactive: false });
        else if (state.kind !== 'connecting') this.set(undefined);
        this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lmaWorkbench.lmaBaseline') && this.connection.lmo) void this.check({ interactive: false });
        if (e.affectsConfiguration('lmaWorkbench.lmaVersionCheck')) this.schedule();
      }),
    );
  }

  get currency(): LmaCurrency | undefined {
    return this.value;
  }

  /** The baseline in force: the settings' override when valid, else the shipped one. */
  baseline(): ReturnType<typeof resolveBaseline> {
    return resolveBaseline(shippedBaseline, { version: this.settings.text('lmaBaseline.version'), asOf: this.settings.text('lmaBaseline.asOf') });
  }

  /** Reads the installed version and compares it with the baseline. */
  async check(options: { interactive: boolean }): Promise<LmaCurrency | undefined> {
    const lmo = this.connection.lmo;
    if (!lmo) {
      if (options.interactive)
        void vscode.window.showInformationMessage(vscode.l10n.t('Connect to your License Management Org first (LMA: Connect to an LMO…).'));
      return undefined;
    }
    this.checks++;
    const resolved = this.baseline();
    if (resolved.warning) this.log.warn(resolved.warning);
    let currency: LmaCurrency;
    try {
      const installed = await lmo.installedLmaVersion();
      if (!resolved.ok) currency = { kind: 'unknown', reason: vscode.l10n.t('there is no usable baseline: {0}', resolved.problem), baseline: undefined };
      else if (installed.kind === 'installed') currency = assessLmaCurrency(installed.version, resolved.baseline);
      else if (installed.kind === 'notInstalled') currency = { kind: 'notInstalled', baseline: resolved.baseline };
      else currency = { kind: 'unknown', reason: installed.error.message, baseline: resolved.baseline };
    } catch (err) {
      const error = toLmoError(err, lmo.target);
      this.log.error('Checking the LMA version', error);
      currency = { kind: 'unknown', reason: error.message, baseline: resolved.ok ? resolved.baseline : undefined };
    }
    if (this.connection.lmo !== lmo) return this.value;
    this.log.info(`LMA version check for ${lmo.target.label}: ${this.describe(currency)}`);
    this.set(currency);
    // Not awaited: a notification waits for the user, the check does not.
    void this.notify(currency, options.interactive);
    return currency;
  }

  describe(currency: LmaCurrency): string {
    const org = this.connection.lmo?.target.label ?? vscode.l10n.t('the LMO');
    switch (currency.kind) {
      case 'current':
        return vscode.l10n.t(
          'The License Management App in {0} is {1}: current. The newest release known is {2}.',
          org,
          currency.installed,
          describeBaseline(currency.baseline),
        );
      case 'behind':
        return vscode.l10n.t(
          "The License Management App in {0} is {1}. The newest release known is {2}. Salesforce updates the LMA: upgrade it from the LMO's Installed Packages page.",
          org,
          currency.installed,
          describeBaseline(currency.baseline),
        );
      case 'notInstalled':
        return vscode.l10n.t('The License Management App is not installed in {0}.', org);
      case 'unknown':
        return vscode.l10n.t('Cannot tell whether the License Management App in {0} is current: {1}', org, currency.reason);
    }
  }

  private async notify(currency: LmaCurrency, interactive: boolean): Promise<void> {
    const today = this.clock.today();
    if (
      !shouldAnnounce({
        currency,
        interactive,
        lastAnnounced: this.memento.get<string>(NOTIFIED),
        snoozedUntil: this.memento.get<string>(SNOOZED_UNTIL),
        today,
      })
    )
      return;
    await this.memento.update(NOTIFIED, findingKey(currency));
    const message = this.describe(currency);
    const lmo = this.connection.lmo;
    if (currency.kind === 'current') {
      void this.notices.inform(message);
      return;
    }
    if (currency.kind === 'behind') {
      const openInstalled = vscode.l10n.t('Open Installed Packages');
      const snooze = vscode.l10n.t('Snooze for 7 Days');
      const checklist = vscode.l10n.t('Open Setup Checklist');
      const action = await this.notices.warn(message, openInstalled, checklist, snooze);
      if (action === openInstalled && lmo) await openInOrg(lmo.client, INSTALLED_PACKAGES_PATH, this.log);
      if (action === checklist) await vscode.commands.executeCommand('lma.openSetupChecklist');
      if (action === snooze) await this.memento.update(SNOOZED_UNTIL, addDays(today, 7));
      return;
    }
    void this.notices.warn(message, vscode.l10n.t('Show Log')).then((a) => a && this.log.show());
  }

  /** (Re)arms the next check: only while connected, never beyond what a timer can hold. */
  private schedule(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const ms = checkIntervalMs(this.settings.number('versionCheckHours'));
    if (ms === undefined || !this.connection.lmo) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.check({ interactive: false }).finally(() => this.schedule());
    }, ms);
  }

  private set(currency: LmaCurrency | undefined): void {
    this.value = currency;
    this.changed.fire(currency);
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
