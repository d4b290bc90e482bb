/**
 * The Recent Changes view: the LMO's license changes of the last days, newest first, grouped by
 * day (from License history, as the change feed reads them); or one license's whole timeline.
 * Loads are cancellable and a failed refresh keeps the last data, marked stale.
 */
import * as vscode from 'vscode';
import { CHANGE_TYPE_LABELS, byDay, changeSubject, changeSummary } from '../../core/changes/describeChange';
import { type LicenseChange, type LicenseChangeType } from '../../core/changes/licenseChange';
import { singleLine } from '../../core/displayText';
import type { LicenseChangeReader } from '../../data/lmo/changeFeed';
import { salesforceStack } from '../../data/org/connect';
import { type LmoError, toLmoError } from '../../data/org/errors';
import { commandLink } from '../kit/commandIds';
import { type LmoConnection } from '../connections/connections';
import { type Log } from '../kit/log';
import { Freshness, type MessageNode, errorNode, messageItem, textLines } from '../kit/treeSupport';

export interface ChangesFilter {
  readonly days: number;
  readonly packageId?: string;
  readonly packageName?: string;
  readonly kinds?: readonly LicenseChangeType[];
}

export type ChangeNode =
  | MessageNode
  | { readonly kind: 'day'; readonly id: string; readonly day: string; readonly changes: readonly LicenseChange[] }
  | { readonly kind: 'change'; readonly id: string; readonly change: LicenseChange; readonly inHistory: boolean };

type Mode = { readonly kind: 'recent' } | { readonly kind: 'license'; readonly licenseId: string; readonly title: string };

const ICONS: Record<LicenseChangeType, [string, string | undefined]> = {
  'license.created': ['add', 'charts.green'],
  'license.status_changed': ['symbol-enum', undefined],
  'license.seats_changed': ['person', undefined],
  'license.expiration_changed': ['calendar', undefined],
  'license.version_changed': ['versions', undefined],
  'license.deleted': ['trash', 'errorForeground'],
};

export class ChangesTree implements vscode.TreeDataProvider<ChangeNode>, vscode.Disposable {
  static readonly viewId = 'lma.changes';
  private readonly changed = new vscode.EventEmitter<ChangeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private view: vscode.TreeView<ChangeNode> | undefined;
  private mode: Mode = { kind: 'recent' };
  private data: { changes: readonly LicenseChange[]; complete: boolean; at: Date; key: string } | undefined;
  private loading: { controller: AbortController; done: Promise<void> } | undefined;
  private lastError: LmoError | undefined;
  private readerFor: { client: unknown; reader: LicenseChangeReader } | undefined;
  readonly freshness = new Freshness(
    () => this.view as vscode.TreeView<unknown> | undefined,
    () => this.describe(),
  );
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly connection: LmoConnection,
    private readonly filterOf: () => ChangesFilter,
    private readonly log: Log,
  ) {
    this.disposables.push(connection.onDidChange(() => this.refresh()));
  }

  attach(view: vscode.TreeView<ChangeNode>): void {
    this.view = view;
    this.freshness.render();
  }

  get current(): readonly LicenseChange[] {
    return this.data?.changes ?? [];
  }

  get showing(): Mode {
    return this.mode;
  }

  /** Starts over: the next getChildren loads again (the old data stays on screen until then). */
  refresh(): void {
    this.loading?.controller.abort();
    this.loading = undefined;
    this.data = this.data && { ...this.data, key: '' };
    this.changed.fire(undefined);
  }

  /** Reloads when what is shown is older than `ms` (the view was hidden, so its interval did not run). */
  refreshIfOlderThan(ms: number, now = Date.now()): boolean {
    if (!this.data || this.loading || now - this.data.at.getTime() < ms) return false;
    this.refresh();
    return true;
  }

  /** When what is shown was read from the org. */
  get loadedAt(): Date | undefined {
    return this.data?.at;
  }

  showRecent(): void {
    this.mode = { kind: 'recent' };
    this.data = undefined;
    this.refresh();
  }

  showLicense(licenseId: string, title: string): void {
    this.mode = { kind: 'license', licenseId, title };
    this.data = undefined;
    this.refresh();
  }

  private key(): string {
    return JSON.stringify([this.mode, this.filterOf()]);
  }

  private describe(): string {
    if (this.mode.kind === 'license') return vscode.l10n.t('history of {0}', singleLine(this.mode.title, 50));
    const f = this.filterOf();
    const parts = [vscode.l10n.t('last {0} days', f.days)];
    if (f.packageName) parts.push(singleLine(f.packageName, 40));
    if (f.kinds?.length) parts.push(f.kinds.map((k) => CHANGE_TYPE_LABELS[k]).join(', '));
    // When it was read: a view reopened later says how old its rows are.
    if (this.data) parts.push(vscode.l10n.t('updated {0}', this.data.at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })));
    return parts.join(' · ');
  }

  private async reader(): Promise<LicenseChangeReader | undefined> {
    const client = this.connection.client;
    if (!client) return undefined;
    if (this.readerFor?.client !== client) this.readerFor = { client, reader: new (await salesforceStack()).LicenseChangeReader(client) };
    return this.readerFor.reader;
  }

  /** Loads what the view shows (one load at a time; a refresh cancels the one in flight). */
  load(): Promise<void> {
    if (this.loading) return this.loading.done;
    const controller = new AbortController();
    const key = this.key();
    const mode = this.mode;
    const done = (async () => {
      const reader = await this.reader();
      if (!reader) return;
      try {
        const options = { signal: controller.signal };
        const result =
          mode.kind === 'license'
            ? { ...(await reader.licenseHistory(mode.licenseId, options)), complete: true }
            : await reader.recentChanges({ ...this.filterOf(), limit: 500 }, options);
        if (controller.signal.aborted) return;
        this.data = { changes: result.changes, complete: result.complete, at: new Date(), key };
        this.lastError = undefined;
        this.freshness.succeeded();
        this.freshness.render();
      } catch (err) {
        const error = toLmoError(err, this.connection.client?.target ?? ({ label: 'the org' } as never));
        if (error.kind === 'cancelled') return;
        this.log.error('Recent changes', error);
        this.lastError = error;
        if (this.data) this.freshness.failed(error, this.data.at);
      } finally {
        if (this.loading?.controller === controller) this.loading = undefined;
      }
    })();
    this.loading = { controller, done };
    void vscode.window.withProgress({ location: { viewId: ChangesTree.viewId } }, () => done);
    return done;
  }

  async getChildren(node?: ChangeNode): Promise<ChangeNode[]> {
    if (node?.kind === 'day') return node.changes.map((change) => ({ kind: 'change', id: `change:${change.id}`, change, inHistory: false }));
    if (node) return [];
    if (!this.connection.lmo) return [];
    if (this.data?.key !== this.key()) {
      await this.load();
      if (this.data?.key !== this.key() && !this.data) {
        return this.lastError ? [errorNode('changes:error', this.lastError, commandLink('lma.refresh', vscode.l10n.t('Try Again')))] : [];
      }
    }
    const data = this.data;
    if (!data) return [];
    const nodes: ChangeNode[] = [];
    if (this.mode.kind === 'license') {
      nodes.push({
        kind: 'message',
        id: 'changes:back',
        text: vscode.l10n.t('Back to recent changes'),
        icon: 'arrow-left',
        command: commandLink('lma.showRecentChanges', vscode.l10n.t('Back to recent changes')),
      });
      if (!data.changes.length) nodes.push({ kind: 'message', id: 'changes:none', text: vscode.l10n.t('No recorded change of this license.'), icon: 'info' });
      nodes.push(...data.changes.map((change): ChangeNode => ({ kind: 'change', id: `history:${change.id}`, change, inHistory: true })));
      return nodes;
    }
    if (!data.changes.length) {
      return [{ kind: 'message', id: 'changes:none', text: vscode.l10n.t('No license changed in the last {0} days.', this.filterOf().days), icon: 'info' }];
    }
    nodes.push(...byDay(data.changes).map((g): ChangeNode => ({ kind: 'day', id: `day:${g.day}`, day: g.day, changes: g.changes })));
    if (!data.complete)
      nodes.push({ kind: 'message', id: 'changes:more', text: vscode.l10n.t('Showing the newest {0} changes.', data.changes.length), icon: 'info' });
    return nodes;
  }

  getTreeItem(node: ChangeNode): vscode.TreeItem {
    if (node.kind === 'message') return messageItem(node);
    if (node.kind === 'day') {
      const item = new vscode.TreeItem(dayLabel(node.day), vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.description = vscode.l10n.t('{0} changes', node.changes.length);
      item.iconPath = new vscode.ThemeIcon('calendar');
      item.contextValue = 'changeDay';
      return item;
    }
    const c = node.change;
    const { subscriber, packageName } = changeSubject(c);
    const summary = changeSummary(c);
    const time = new Date(c.time);
    const label = node.inHistory ? summary : singleLine(`${subscriber}${packageName ? ` · ${packageName}` : ''}`, 80);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.inHistory
      ? `${time.toLocaleString()}${c.actor?.name ? ` · ${singleLine(c.actor.name, 40)}` : ''}`
      : `${summary} · ${time.toLocaleTimeString()}`;
    const [icon, colour] = ICONS[c.type];
    item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(summary);
    tooltip.appendMarkdown('\n\n');
    item.tooltip = textLines(
      [
        vscode.l10n.t('Subscriber: {0}', subscriber),
        packageName ? vscode.l10n.t('Package: {0}{1}', packageName, c.license?.versionNumber ? ` ${c.license.versionNumber}` : '') : '',
        c.license?.subscriberOrgId ? vscode.l10n.t('Org ID: {0}', c.license.subscriberOrgId) : '',
        vscode.l10n.t('When: {0}', time.toLocaleString()),
        c.actor?.name ? vscode.l10n.t('By: {0}', c.actor.name) : '',
        vscode.l10n.t('License: {0}', c.license?.name ?? c.licenseId),
      ],
      200,
      tooltip,
    );
    item.contextValue = c.type === 'license.deleted' ? 'change.deleted' : 'change';
    if (!node.inHistory) item.command = commandLink('lma.showLicenseHistory', vscode.l10n.t('Show License History'), c.licenseId, subscriber);
    return item;
  }

  dispose(): void {
    this.loading?.controller.abort();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}

function dayLabel(day: string): string {
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  if (day === today) return vscode.l10n.t('Today');
  if (day === yesterday) return vscode.l10n.t('Yesterday');
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
}
