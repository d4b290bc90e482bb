/**
 * What the Install Base and Subscribers trees share: a tree of the LMO's licenses under the sidebar's
 * filter that starts over when the connection or the filter changes, loads each node once (concurrent
 * requests share the load), keeps what it showed (marked stale) when a reload fails, and cancels
 * loads in flight when it starts over. A tree says which loads it caches (`forget`) and builds its
 * nodes; this class does the rest.
 */
import * as vscode from 'vscode';
import { type Clock } from '../../core/clock';
import { type LmoError } from '../../data/org/errors';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { type LmoConnection } from '../connections/connections';
import { type FilterState, describeFilter } from './filterState';
import { type LicenseNote, type LicenseNotes } from './licenseNotes';
import { type Log } from './log';
import { Freshness, type Loaded, loadOrFallBack, withViewProgress } from './treeSupport';

/** How long an overtaken request waits before asking VS Code again: answers overtaken together ask once. */
const ASK_AGAIN_MS = 50;

export abstract class LicenseTree<N> implements vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<N | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private generation = 0;
  private view: vscode.TreeView<N> | undefined;
  readonly freshness = new Freshness(
    () => this.view as vscode.TreeView<unknown> | undefined,
    () => (this.connection.lmo ? describeFilter(this.filter.current) : ''),
  );
  private readonly disposables: vscode.Disposable[] = [];
  /** Loads in flight, shared by concurrent requests for the same node. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Fires when the tree starts over; in-flight loads are cancelled. */
  private readonly resets = new vscode.EventEmitter<void>();
  /** Change events sent to VS Code so far, and a pending "ask again" (see getChildren). */
  private changes = 0;
  private askAgain: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly viewId: string,
    protected readonly connection: LmoConnection,
    protected readonly filter: FilterState,
    protected readonly clock: Clock,
    protected readonly log: Log,
    protected readonly pageSize: () => number,
  ) {
    this.disposables.push(
      connection.onDidChange(() => this.reset()),
      filter.onDidChange(() => this.reset()),
      this.changed.event(() => this.changes++),
    );
  }

  /**
   * A node's children. VS Code drops the answer to a request for a node's children that a change
   * event overtook: its extension host discards fetches in flight when a refresh starts, and the
   * refresh reuses the request already in flight for a node still loading, so the node stays
   * expanded with no children at all (docs/architecture.md, "Trees"). Such a request, once
   * answered, makes VS Code ask again; the answer then comes from the cache, with no API call.
   */
  async getChildren(node?: N): Promise<N[]> {
    const before = this.changes;
    const children = await this.childrenOf(node);
    if (node !== undefined && this.changes !== before) this.askAgainSoon();
    return children;
  }

  /** What the tree shows under a node (the packages or orgs at the top when none). */
  protected abstract childrenOf(node: N | undefined): Promise<N[]>;

  private askAgainSoon(): void {
    if (this.askAgain) return;
    this.askAgain = setTimeout(() => {
      this.askAgain = undefined;
      this.changed.fire(undefined);
    }, ASK_AGAIN_MS);
  }

  private notes: LicenseNotes | undefined;

  /** Shows other capabilities' notes on license rows (seat usage's badge); redraws rows when they change. */
  annotate(notes: LicenseNotes): void {
    this.notes = notes;
    this.disposables.push(notes.onDidChange(() => this.changed.fire(undefined)));
  }

  protected noteFor(licenseId: string): LicenseNote | undefined {
    return this.notes?.noteFor(licenseId);
  }

  attach(view: vscode.TreeView<N>): void {
    this.view = view;
    this.freshness.render();
  }

  /** Reloads everything; what is shown stays (marked stale) if the reload fails. */
  refresh(): void {
    this.generation++;
    this.resets.fire();
    this.onRefresh();
    this.changed.fire(undefined);
  }

  /** Forgets everything (new connection or filter). */
  private reset(): void {
    this.generation++;
    this.resets.fire();
    this.forget();
    this.freshness.succeeded();
    this.freshness.render();
    this.changed.fire(undefined);
  }

  /** Drops every cached load (the tree starts over). */
  protected abstract forget(): void;

  /** What a refresh drops besides reloading (nothing by default). */
  protected onRefresh(): void {}

  /** A node's children from cache, or loaded once (shared by concurrent callers), or the error when there is nothing to fall back on. */
  protected cached<T>(
    key: string,
    entry: Loaded<T> | undefined,
    store: (value: Loaded<T>) => void,
    load: (signal: AbortSignal) => Promise<T>,
    lmo: LicenseManagementOrg,
    what: string,
  ): Promise<T | LmoError> {
    return loadOrFallBack({
      entry,
      store,
      load,
      what,
      generation: () => this.generation,
      viewId: this.viewId,
      freshness: this.freshness,
      log: this.log,
      target: lmo.target,
      onReset: this.resets.event,
      inFlight: { map: this.inFlight, key },
    });
  }

  /** A user-started load (Load more…, reveal) with the view's progress, cancelled when the tree starts over. */
  protected progress<T>(task: (signal: AbortSignal) => Promise<T>, what?: string): Promise<T> {
    return withViewProgress(this.viewId, task, { what, abortWhen: (abort) => this.resets.event(abort) });
  }

  dispose(): void {
    clearTimeout(this.askAgain);
    this.changed.dispose();
    this.resets.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
