/**
 * One role's connection (the License Management Org, the Dev Hub): its state, the choice
 * remembered per workspace, its context keys, and a generation that changes with every
 * connect and disconnect so writes can tell the org changed under them.
 */
import * as vscode from 'vscode';
import { type LmoError, toLmoError } from '../../data/org/errors';
import { type OrgChoice, describeChoice, isOrgChoice } from '../../data/org/connect';
import type { OrgClient } from '../../data/org/orgClient';
import { namedTarget } from '../../data/org/orgTarget';
import { type Log } from '../kit/log';

export type OrgConnectionState<T> =
  | { readonly kind: 'disconnected'; readonly lastError?: LmoError }
  | { readonly kind: 'connecting'; readonly choice: OrgChoice }
  | { readonly kind: 'connected'; readonly choice: OrgChoice; readonly client: OrgClient; readonly reader: T; readonly problem?: LmoError };

export interface RoleSpec<T> {
  /** "License Management Org", "Dev Hub". */
  readonly title: string;
  /** What the demo is called in this role. */
  readonly demoName: string;
  /** Workspace memento key of the remembered choice. */
  readonly mementoKey: string;
  /** Context keys: `<prefix>.connected`, `<prefix>.connecting`, and `problemKey` when set. */
  readonly contextPrefix: string;
  readonly problemKey?: string;
  /** Opens the org for the choice. */
  open(choice: OrgChoice): Promise<OrgClient>;
  /** Wraps the client for the role; a problem (e.g. the LMA missing) keeps the connection but says why it is not usable. */
  wrap(client: OrgClient, signal: AbortSignal | undefined): Promise<{ reader: T; problem?: LmoError }>;
}

export class OrgConnection<T> implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<OrgConnectionState<T>>();
  readonly onDidChange = this.changed.event;
  private current: OrgConnectionState<T> = { kind: 'disconnected' };
  private attempt = 0;
  /** Changes with every connect and disconnect. */
  generation = 0;

  constructor(
    readonly spec: RoleSpec<T>,
    private readonly memento: vscode.Memento,
    protected readonly log: Log,
  ) {
    this.publishContext();
  }

  get state(): OrgConnectionState<T> {
    return this.current;
  }

  /** The reader when connected and usable. */
  get ready(): T | undefined {
    return this.current.kind === 'connected' && !this.current.problem ? this.current.reader : undefined;
  }

  get client(): OrgClient | undefined {
    return this.current.kind === 'connected' ? this.current.client : undefined;
  }

  get remembered(): OrgChoice | undefined {
    const value = this.memento.get<unknown>(this.spec.mementoKey);
    return isOrgChoice(value) ? value : undefined;
  }

  describe(choice: OrgChoice): string {
    return describeChoice(choice, this.spec.demoName);
  }

  /** Connects and checks the org for its role. Errors leave the connection disconnected with `lastError` set (never thrown). */
  async connect(choice: OrgChoice, token?: vscode.CancellationToken): Promise<OrgConnectionState<T>> {
    const attempt = ++this.attempt;
    this.set({ kind: 'connecting', choice });
    this.log.info(`Connecting to ${this.describe(choice)} as the ${this.spec.title}…`);
    try {
      const client = await this.spec.open(choice);
      const { reader, problem } = await this.spec.wrap(client, abortSignal(token));
      if (attempt !== this.attempt) return this.current;
      await this.memento.update(this.spec.mementoKey, choice);
      this.log.info(
        `Connected to ${client.target.label} (${client.target.instanceUrl ?? 'instance unknown'}) as the ${this.spec.title}${problem ? `; ${problem.message}` : ''}.`,
      );
      return this.set({ kind: 'connected', choice, client, reader, problem });
    } catch (err) {
      if (attempt !== this.attempt) return this.current;
      const error = toLmoError(err, namedTarget(this.describe(choice), choice.kind));
      this.log.error(`Connecting to ${this.describe(choice)}`, error);
      return this.set({ kind: 'disconnected', lastError: error });
    }
  }

  async disconnect(): Promise<void> {
    this.attempt++;
    await this.memento.update(this.spec.mementoKey, undefined);
    this.set({ kind: 'disconnected' });
  }

  private set(state: OrgConnectionState<T>): OrgConnectionState<T> {
    if (state.kind !== 'connecting') this.generation++;
    this.current = state;
    this.publishContext();
    this.changed.fire(state);
    return state;
  }

  private publishContext(): void {
    const state = this.current;
    const prefix = this.spec.contextPrefix;
    void vscode.commands.executeCommand('setContext', `${prefix}.connected`, state.kind === 'connected');
    void vscode.commands.executeCommand('setContext', `${prefix}.connecting`, state.kind === 'connecting');
    if (this.spec.problemKey) void vscode.commands.executeCommand('setContext', this.spec.problemKey, state.kind === 'connected' && !!state.problem);
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

/** A connection's changes, except the passing "connecting" state. */
export function settledChanges<T>(connection: OrgConnection<T>): vscode.Event<void> {
  return (listener, thisArgs, disposables) =>
    connection.onDidChange((state) => state.kind !== 'connecting' && listener.call(thisArgs, undefined), undefined, disposables);
}
