import * as vscode from 'vscode';
import { type Clock } from '../../core/clock';
import { singleLine } from '../../core/displayText';
import { type License } from '../../core/license';
import { type OrgKey, orgKey } from '../../core/orgId';
import { type SubscriberOrg, groupBySubscriberOrg, joinSubscriberPage, rollupState } from '../../core/subscriberOrg';
import { type LmoError, isLmoError } from '../../data/org/errors';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { type LmoConnection } from '../connections/connections';
import { commandLink } from '../kit/commandIds';
import { type Log } from '../kit/log';
import { type FilterState, toLicenseFilter } from '../kit/filterState';
import { licenseTreeItem, orgDescription, orgTooltip, stateIcon } from '../kit/licenseItem';
import { LicenseTree } from '../kit/licenseTree';
import { type Loaded, type MessageNode, errorNode, messageItem, reportActionError, retryCommand } from '../kit/treeSupport';

export interface SubscriberOrgNode {
  readonly kind: 'subscriberOrg';
  org: SubscriberOrg;
}
export interface OrgLicenseNode {
  readonly kind: 'license';
  readonly license: License;
  readonly parent: SubscriberOrgNode;
}
export interface LoadMoreOrgsNode {
  readonly kind: 'loadMoreOrgs';
  readonly shown: number;
}
export type SubscriberNode = SubscriberOrgNode | OrgLicenseNode | LoadMoreOrgsNode | MessageNode;

interface OrgList {
  readonly nodes: SubscriberOrgNode[];
  readonly next: { orgId: string; id: string } | undefined;
}

/** Customer orgs (by 15-character org id) → their licenses across packages. */
export class SubscribersTree extends LicenseTree<SubscriberNode> implements vscode.TreeDataProvider<SubscriberNode> {
  static readonly viewId = 'lma.subscribers';
  private list: Loaded<OrgList> | undefined;
  /** Orgs loaded on demand for "reveal", shown above the paged list. */
  private pinned: SubscriberOrgNode[] = [];

  constructor(connection: LmoConnection, filter: FilterState, clock: Clock, log: Log, pageSize: () => number) {
    super(SubscribersTree.viewId, connection, filter, clock, log, pageSize);
  }

  protected forget(): void {
    this.list = undefined;
    this.pinned = [];
  }

  protected override onRefresh(): void {
    this.pinned = [];
  }

  getTreeItem(node: SubscriberNode): vscode.TreeItem {
    const today = this.clock.today();
    switch (node.kind) {
      case 'message':
        return messageItem(node);
      case 'subscriberOrg': {
        const state = rollupState(node.org.licenses, today);
        const item = new vscode.TreeItem(singleLine(node.org.name), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `org:${node.org.orgKey}`;
        item.description = orgDescription(node.org);
        item.iconPath = stateIcon(state);
        item.tooltip = orgTooltip(node.org, state);
        item.contextValue = 'subscriberOrg';
        return item;
      }
      case 'license': {
        const l = node.license;
        return licenseTreeItem(
          `${l.packageName ?? vscode.l10n.t('Unknown package')} ${l.versionNumber ?? ''}`.trim(),
          l,
          today,
          `orglic:${l.id}`,
          false,
          this.noteFor(l.id),
        );
      }
      case 'loadMoreOrgs': {
        const item = new vscode.TreeItem(
          vscode.l10n.t('Load more… ({0} orgs shown)', node.shown.toLocaleString('en-US')),
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = `moreorgs:${node.shown}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = commandLink('lma.loadMore', vscode.l10n.t('Load More'), node);
        return item;
      }
    }
  }

  getParent(node: SubscriberNode): SubscriberNode | undefined {
    return node.kind === 'license' ? node.parent : undefined;
  }

  protected async childrenOf(node: SubscriberNode | undefined): Promise<SubscriberNode[]> {
    const lmo = this.connection.lmo;
    if (!lmo) return [];
    if (node?.kind === 'subscriberOrg') return node.org.licenses.map((license) => ({ kind: 'license' as const, license, parent: node }));
    if (node) return [];
    const result = await this.loadFirstPage(lmo);
    if (isLmoError(result)) return [errorNode('error:orgs', result, retryCommand('lma.refresh'))];
    const pinnedKeys = new Set(this.pinned.map((p) => p.org.orgKey));
    const children: SubscriberNode[] = [...this.pinned, ...result.nodes.filter((n) => !pinnedKeys.has(n.org.orgKey))];
    if (result.next) children.push({ kind: 'loadMoreOrgs', shown: result.nodes.length });
    if (children.length === 0)
      children.push({
        kind: 'message',
        id: 'empty:orgs',
        icon: 'info',
        text: this.filter.current.search ? vscode.l10n.t('No subscriber matches the search.') : vscode.l10n.t('No subscriber orgs match the filter.'),
      });
    return children;
  }

  async loadMore(): Promise<void> {
    const lmo = this.connection.lmo;
    const list = this.list;
    if (!lmo || !list?.value.next) return;
    try {
      const page = await this.progress(
        (signal) => lmo.licensePageByOrg(toLicenseFilter(this.filter.current), { after: list.value.next, pageSize: this.pageSize() }, { signal }),
        vscode.l10n.t('Loading more subscribers'),
      );
      this.list = { ...list, value: { nodes: merge(list.value.nodes, page.licenses), next: page.next } };
      this.changed.fire(undefined);
    } catch (err) {
      reportActionError(this.log, 'Loading more subscribers', err, lmo.target);
    }
  }

  /** The node of an org, loading that org alone if it is not on a loaded page. */
  async findOrg(orgId: string): Promise<SubscriberOrgNode | undefined> {
    const lmo = this.connection.lmo;
    if (!lmo) return undefined;
    const key = orgKey(orgId);
    const loaded = await this.loadFirstPage(lmo);
    const known = [...this.pinned, ...(isLmoError(loaded) ? [] : loaded.nodes)].find((n) => n.org.orgKey === key);
    if (known) return known;
    // The org's own licenses only: SOQL matched the id without regard to case.
    const [org] = groupBySubscriberOrg(await this.progress((signal) => lmo.licensesOfOrg(key, {}, { signal }), vscode.l10n.t('Finding the subscriber')));
    if (!org) return undefined;
    const node: SubscriberOrgNode = { kind: 'subscriberOrg', org };
    this.pinned = [node, ...this.pinned];
    this.changed.fire(undefined);
    return node;
  }

  private loadFirstPage(lmo: LicenseManagementOrg): Promise<OrgList | LmoError> {
    return this.cached(
      'orgs',
      this.list,
      (value) => (this.list = value),
      async (signal) => {
        const page = await lmo.licensePageByOrg(toLicenseFilter(this.filter.current), { pageSize: this.pageSize() }, { signal });
        return { nodes: merge([], page.licenses), next: page.next };
      },
      lmo,
      vscode.l10n.t('Loading subscriber orgs'),
    );
  }
}

/** Adds a page of licenses (ordered by org) to the org nodes; an org split across pages is joined. */
function merge(nodes: readonly SubscriberOrgNode[], licenses: readonly License[]): SubscriberOrgNode[] {
  // The join is core's (joinSubscriberPage); the tree keeps its node objects, so an open org stays open.
  const byKey = new Map<OrgKey, SubscriberOrgNode>(nodes.map((n) => [n.org.orgKey, n]));
  return joinSubscriberPage(
    nodes.map((n) => n.org),
    licenses,
  ).map((org): SubscriberOrgNode => {
    const node = byKey.get(org.orgKey);
    if (!node) return { kind: 'subscriberOrg', org };
    node.org = org;
    return node;
  });
}
