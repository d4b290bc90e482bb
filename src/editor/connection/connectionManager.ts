import * as vscode from 'vscode';
import { Clock } from '../../core/clock';
import { connectCliOrg, connectWithAccessToken } from '../../data/connect';
import { LmoError, toLmoError } from '../../data/errors';
import { LicenseManagementOrg } from '../../data/lmo';
import { Log } from '../log';
import { DemoHost } from './demoHost';
import { OrgChoice, describeChoice, isOrgChoice } from './orgChoice';

export type ConnectionState =
  | { readonly kind: 'disconnected'; readonly lastError?: LmoError }
  | { readonly kind: 'connecting'; readonly choice: OrgChoice }
  | { readonly kind: 'connected'; readonly choice: OrgChoice; readonly lmo: LicenseManagementOrg; readonly lmaMissing?: LmoError };

const REMEMBERED = 'lma.connection';

/** Holds the one LMO connection of this window and remembers the choice per workspace. */
export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConnectionState>();
  readonly onDidChange = this.changed.event;
  private current: ConnectionState = { kind: 'disconnected' };
  private attempt = 0;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly demoHost: DemoHost,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  get lmo(): LicenseManagementOrg | undefined {
    return this.current.kind === 'connected' && !this.current.lmaMissing ? this.current.lmo : undefined;
  }

  get remembered(): OrgChoice | undefined {
    const value = this.memento.get<unknown>(REMEMBERED);
    return isOrgChoice(value) ? value : undefined;
  }

  /**
   * Connects and probes for the LMA. Returns the new state; errors leave the manager
   * disconnected with `lastError` set (and are not thrown).
   */
  async connect(choice: OrgChoice, token?: vscode.CancellationToken): Promise<ConnectionState> {
    const attempt = ++this.attempt;
    this.set({ kind: 'connecting', choice });
    this.log.info(`Connecting to ${describeChoice(choice)}…`);
    try {
      const lmo = await this.open(choice);
      const signal = abortSignal(token);
      const probe = await lmo.probeLma({ signal });
      if (attempt !== this.attempt) return this.current;
      await this.memento.update(REMEMBERED, choice);
      this.log.info(`Connected to ${lmo.target.label} (${lmo.target.instanceUrl}); LMA ${probe.installed ? 'found' : 'not found'}.`);
      return this.set({ kind: 'connected', choice, lmo, lmaMissing: probe.installed ? undefined : probe.error });
    } catch (err) {
      if (attempt !== this.attempt) return this.current;
      const error = err instanceof LmoError ? err : toLmoError(err, { source: 'cli', label: describeChoice(choice), username: '', alias: undefined, instanceUrl: 'the org', orgId: undefined, reloginHint: 'sf org login web' });
      this.log.error(`Connecting to ${describeChoice(choice)}`, error);
      return this.set({ kind: 'disconnected', lastError: error });
    }
  }

  async disconnect(): Promise<void> {
    this.attempt++;
    await this.memento.update(REMEMBERED, undefined);
    this.set({ kind: 'disconnected' });
  }

  private async open(choice: OrgChoice): Promise<LicenseManagementOrg> {
    if (choice.kind === 'cli') return connectCliOrg(choice.aliasOrUsername, { clock: this.clock });
    const demo = await this.demoHost.start();
    return connectWithAccessToken({
      clock: this.clock,
      instanceUrl: demo.url,
      // A fresh session each time, as a new login would give.
      accessToken: demo.issueAccessToken(),
      label: 'Demo LMO',
      username: demo.username,
      source: 'demo',
      reloginHint: 'run "LMA: Explore the Demo LMO" again.',
    });
  }

  private set(state: ConnectionState): ConnectionState {
    this.current = state;
    void vscode.commands.executeCommand('setContext', 'lma.connected', state.kind === 'connected');
    void vscode.commands.executeCommand('setContext', 'lma.connecting', state.kind === 'connecting');
    void vscode.commands.executeCommand('setContext', 'lma.lmaMissing', state.kind === 'connected' && !!state.lmaMissing);
    this.changed.fire(state);
    return state;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A VS Code cancellation token as an AbortSignal for the data layer. */
export function abortSignal(token: vscode.CancellationToken | undefined): AbortSignal | undefined {
  if (!token) return undefined;
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
