import * as vscode from 'vscode';
import { Clock } from '../../core/clock';
import { LmaCurrency, assessLmaCurrency, describeBaseline, findingKey, resolveBaseline } from '../../core/lmaCurrency';
import { addDays } from '../../core/calendarDate';
import { toLmoError } from '../../data/errors';
import shippedBaseline from '../../core/lmaBaseline.json';
import { ConnectionManager } from '../connection/connectionManager';
import { Log } from '../log';

const NOTIFIED = 'lma.lmaVersion.notified';
const SNOOZED_UNTIL = 'lma.lmaVersion.snoozedUntil';

/** The LMO's Setup page that lists installed packages (where the LMA is upgraded). */
export function installedPackagesUrl(instanceUrl: string): vscode.Uri {
  return vscode.Uri.parse(`${instanceUrl.replace(/\/+$/, '')}/lightning/setup/ImportedPackage/home`);
}

/**
 * Watches whether the connected LMO's License Management App is current: on connect, on an
 * interval, and on demand. Tells the user once per finding (unless asked, or snoozed).
 */
export class LmaVersionMonitor implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LmaCurrency | undefined>();
  readonly onDidChange = this.changed.event;
  private value: LmaCurrency | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly connection: ConnectionManager,
    private readonly memento: vscode.Memento,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {
    this.disposables.push(
      connection.onDidChange((state) => {
        if (state.kind === 'connected' && !state.lmaMissing) void this.check({ interactive: false });
        else if (state.kind !== 'connecting') this.set(undefined);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lmaWorkbench.lmaBaseline') && this.connection.lmo) void this.check({ interactive: false });
        if (e.affectsConfiguration('lmaWorkbench.lmaVersionCheck')) this.schedule();
      }),
    );
    this.schedule();
  }

  get currency(): LmaCurrency | undefined {
    return this.value;
  }

  /** Reads the installed version and compares it with the baseline. */
  async check(options: { interactive: boolean }): Promise<LmaCurrency | undefined> {
    const lmo = this.connection.lmo;
    if (!lmo) {
      if (options.interactive) void vscode.window.showInformationMessage('Connect to your License Management Org first (LMA: Connect to an LMO…).');
      return undefined;
    }
    const settings = vscode.workspace.getConfiguration('lmaWorkbench.lmaBaseline');
    const resolved = resolveBaseline(shippedBaseline, { version: settings.get<string>('version', ''), asOf: settings.get<string>('asOf', '') });
    if (resolved.warning) this.log.warn(resolved.warning);
    let currency: LmaCurrency;
    try {
      const installed = await lmo.installedLmaVersion();
      if (!resolved.ok) currency = { kind: 'unknown', reason: `there is no usable baseline: ${resolved.problem}`, baseline: undefined };
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
    const today = this.clock.today();
    const org = this.connection.lmo?.target.label ?? 'the LMO';
    switch (currency.kind) {
      case 'current':
        return `The License Management App in ${org} is ${currency.installed}: current against ${describeBaseline(currency.baseline, today)}.`;
      case 'behind':
        return `The License Management App in ${org} is ${currency.installed}, behind the latest known release ${currency.baseline.version} (${describeBaseline(currency.baseline, today)}). Salesforce updates the LMA; upgrade it from the LMO's Installed Packages page.`;
      case 'notInstalled':
        return `The License Management App is not installed in ${org}.`;
      case 'unknown':
        return `Cannot tell whether the License Management App in ${org} is current: ${currency.reason}`;
    }
  }

  private async notify(currency: LmaCurrency, interactive: boolean): Promise<void> {
    const key = findingKey(currency);
    const today = this.clock.today();
    if (!interactive) {
      if (currency.kind === 'current') return;
      if (this.memento.get<string>(NOTIFIED) === key) return;
      const snoozed = this.memento.get<string>(SNOOZED_UNTIL);
      if (snoozed && snoozed >= today) return;
    }
    await this.memento.update(NOTIFIED, key);
    const message = this.describe(currency);
    const lmo = this.connection.lmo;
    if (currency.kind === 'current') {
      void vscode.window.showInformationMessage(message);
      return;
    }
    if (currency.kind === 'behind') {
      const action = await vscode.window.showWarningMessage(message, 'Open Installed Packages', 'Snooze for 7 Days');
      if (action === 'Open Installed Packages' && lmo) await vscode.env.openExternal(installedPackagesUrl(lmo.target.instanceUrl));
      if (action === 'Snooze for 7 Days') await this.memento.update(SNOOZED_UNTIL, addDays(today, 7));
      return;
    }
    void vscode.window.showWarningMessage(message, 'Show Log').then((a) => a && this.log.channel.show());
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    const hours = vscode.workspace.getConfiguration('lmaWorkbench.lmaVersionCheck').get<number>('intervalHours', 24);
    if (hours > 0) this.timer = setInterval(() => void this.check({ interactive: false }), hours * 3_600_000);
  }

  private set(currency: LmaCurrency | undefined): void {
    this.value = currency;
    this.changed.fire(currency);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
