import * as vscode from 'vscode';
import { type Clock } from '../../core/clock';
import { singleLine } from '../../core/displayText';
import { type License, subscriberName } from '../../core/license';
import { type Package, type PackageVersion, latestReleasedVersion, sortVersionsNewestFirst } from '../../core/package';
import { isLmoError } from '../../data/org/errors';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { type LmoConnection } from '../connections/connections';
import { commandLink } from '../kit/commandIds';
import { type Log } from '../kit/log';
import { type FilterState, toLicenseFilter } from '../kit/filterState';
import { licenseTreeItem } from '../kit/licenseItem';
import { LicenseTree } from '../kit/licenseTree';
import { type Loaded, type MessageNode, errorNode, messageItem, reportActionError, retryCommand } from '../kit/treeSupport';

export interface PackageNode {
  readonly kind: 'package';
  readonly pkg: Package;
  readonly licenseCount: number;
}
export interface VersionNode {
  readonly kind: 'version';
  readonly version: PackageVersion;
  readonly parent: PackageNode;
  readonly liveCount: number;
  readonly totalCount: number;
  readonly isLatest: boolean;
}
export interface LicenseNode {
  readonly kind: 'license';
  readonly license: License;
  readonly parent: VersionNode;
}
export interface LoadMoreNode {
  readonly kind: 'loadMore';
  readonly parent: VersionNode;
  readonly shown: number;
}
/** A node another feature adds under a package or a license (feature parameters, their values). */
export interface ExtraNode {
  readonly kind: 'extra';
  readonly id: string;
  readonly parent: InstallBaseNode;
  readonly payload: unknown;
}
export type InstallBaseNode = PackageNode | VersionNode | LicenseNode | LoadMoreNode | MessageNode | ExtraNode;

/** What a feature plugs into the Install Base tree: nodes after each package's versions, children for licenses. */
export interface InstallBaseExtension {
  /** Whether licenses have children now (e.g. the LMO has the Feature Management App). */
  licensesExpand(): boolean;
  packageChildren(pkg: PackageNode): Promise<ExtraNode[]>;
  licenseChildren(license: LicenseNode): Promise<InstallBaseNode[]>;
  children(node: ExtraNode): Promise<InstallBaseNode[]>;
  getTreeItem(node: ExtraNode): vscode.TreeItem;
}

interface LicenseList {
  readonly nodes: LicenseNode[];
  readonly nextAfterId: string | undefined;
}

/** Packages → Package Versions → Licenses. Counts come from server aggregates; licenses a page at a time. */
export class InstallBaseTree extends LicenseTree<InstallBaseNode> implements vscode.TreeDataProvider<InstallBaseNode> {
  static readonly viewId = 'lma.installBase';
  private root: Loaded<PackageNode[]> | undefined;
  private readonly versions = new Map<string, Loaded<VersionNode[]>>();
  private readonly licenses = new Map<string, Loaded<LicenseList>>();

  constructor(connection: LmoConnection, filter: FilterState, clock: Clock, log: Log, pageSize: () => number) {
    super(InstallBaseTree.viewId, connection, filter, clock, log, pageSize);
  }

  protected forget(): void {
    this.root = undefined;
    this.versions.clear();
    this.licenses.clear();
  }

  getTreeItem(node: InstallBaseNode): vscode.TreeItem {
    const today = this.clock.today();
    switch (node.kind) {
      case 'message':
        return messageItem(node);
      case 'package': {
        const item = new vscode.TreeItem(singleLine(node.pkg.name), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `pkg:${node.pkg.id}`;
        item.description = [
          node.pkg.latestVersion ? `v${node.pkg.latestVersion}` : undefined,
          node.licenseCount === 1
            ? vscode.l10n.t('{0} license', node.licenseCount.toLocaleString('en-US'))
            : vscode.l10n.t('{0} licenses', node.licenseCount.toLocaleString('en-US')),
        ]
          .filter(Boolean)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon('package');
        item.contextValue = 'package';
        const md = new vscode.MarkdownString(undefined, false);
        md.appendMarkdown('**');
        md.appendText(singleLine(node.pkg.name, 200));
        md.appendMarkdown('**\n\n');
        for (const [label, value] of [
          [vscode.l10n.t('Package ID'), node.pkg.packageId],
          [vscode.l10n.t('Latest version'), node.pkg.latestVersion],
          [vscode.l10n.t('Released'), node.pkg.releaseDate],
          [vscode.l10n.t('Developer org'), node.pkg.developerName],
          [vscode.l10n.t('Last license refresh'), node.pkg.lastLicenseRefresh],
          [vscode.l10n.t('Licenses'), node.licenseCount.toLocaleString('en-US')],
        ] as const) {
          if (!value) continue;
          md.appendMarkdown(`${label}: `);
          md.appendText(singleLine(String(value), 200));
          md.appendMarkdown('  \n');
        }
        item.tooltip = md;
        return item;
      }
      case 'version': {
        const v = node.version;
        const item = new vscode.TreeItem(
          v.versionNumber,
          node.totalCount > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `ver:${v.id}`;
        item.description = [
          v.isBeta ? vscode.l10n.t('beta') : undefined,
          node.isLatest ? vscode.l10n.t('latest') : undefined,
          v.releaseDate ? vscode.l10n.t('released {0}', v.releaseDate) : undefined,
          vscode.l10n.t('{0} live', node.liveCount.toLocaleString('en-US')),
          node.totalCount !== node.liveCount ? vscode.l10n.t('{0} total', node.totalCount.toLocaleString('en-US')) : undefined,
        ]
          .filter(Boolean)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon(v.isBeta ? 'beaker' : node.isLatest ? 'tag' : 'versions');
        item.contextValue = v.isBeta ? 'version.beta' : 'version';
        item.tooltip = [
          singleLine(v.name, 200),
          vscode.l10n.t('Version ID: {0}', v.versionId ?? '—'),
          vscode.l10n.t('Released: {0}', v.releaseDate ?? '—'),
          ...(v.isBeta ? [vscode.l10n.t('Beta')] : []),
          vscode.l10n.t('Live licenses: {0}', node.liveCount),
          vscode.l10n.t('Licenses (current filter): {0}', node.totalCount),
        ].join('\n');
        return item;
      }
      case 'license': {
        const l = node.license;
        return licenseTreeItem(subscriberName(l), l, today, `lic:${l.id}`, this.extension?.licensesExpand() ?? false, this.noteFor(l.id));
      }
      case 'extra':
        return this.extension?.getTreeItem(node) ?? new vscode.TreeItem('');
      case 'loadMore': {
        const item = new vscode.TreeItem(
          vscode.l10n.t('Load more… ({0} of {1} shown)', node.shown.toLocaleString('en-US'), node.parent.totalCount.toLocaleString('en-US')),
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = `more:${node.parent.version.id}:${node.shown}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = commandLink('lma.loadMore', vscode.l10n.t('Load More'), node);
        item.contextValue = 'loadMore';
        return item;
      }
    }
  }

  getParent(node: InstallBaseNode): InstallBaseNode | undefined {
    if (node.kind === 'version' || node.kind === 'license' || node.kind === 'loadMore' || node.kind === 'extra') return node.parent;
    return undefined;
  }

  /** Another feature's nodes in this tree, once it plugged in. */
  private extension: InstallBaseExtension | undefined;

  extend(extension: InstallBaseExtension): void {
    this.extension = extension;
    this.changed.fire(undefined);
  }

  /** Redraws a node (or the whole tree) without loading anything again. */
  redraw(node?: InstallBaseNode): void {
    this.changed.fire(node);
  }

  /** A line shown above the packages (e.g. "the LMA is behind"); set by the wiring. */
  private bannerNode: MessageNode | undefined;

  setBanner(node: MessageNode | undefined): void {
    this.bannerNode = node;
    this.changed.fire(undefined);
  }

  protected async childrenOf(node: InstallBaseNode | undefined): Promise<InstallBaseNode[]> {
    const lmo = this.connection.lmo;
    if (!lmo) return [];
    if (!node) return [...(this.bannerNode ? [this.bannerNode] : []), ...(await this.packages(lmo))];
    if (node.kind === 'package') return [...(await this.versionsOf(lmo, node)), ...((await this.extension?.packageChildren(node).catch(() => [])) ?? [])];
    if (node.kind === 'version') return this.licensesOf(lmo, node);
    if (node.kind === 'license') return (await this.extension?.licenseChildren(node)) ?? [];
    if (node.kind === 'extra') return (await this.extension?.children(node)) ?? [];
    return [];
  }

  /** Loads the next page under a version (the "Load more…" node). */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const lmo = this.connection.lmo;
    const list = this.licenses.get(node.parent.version.id);
    if (!lmo || !list?.value.nextAfterId) return;
    try {
      const page = await this.progress(
        (signal) =>
          lmo.licensePage(
            { ...toLicenseFilter(this.filter.current), packageVersionId: node.parent.version.id },
            { afterId: list.value.nextAfterId, pageSize: this.pageSize() },
            { signal },
          ),
        vscode.l10n.t('Loading more licenses'),
      );
      const nodes = [...list.value.nodes, ...page.licenses.map((license) => ({ kind: 'license' as const, license, parent: node.parent }))];
      this.licenses.set(node.parent.version.id, { generation: list.generation, value: { nodes, nextAfterId: page.nextAfterId }, at: list.at });
      this.changed.fire(node.parent);
    } catch (err) {
      reportActionError(this.log, 'Loading more licenses', err, lmo.target);
    }
  }

  /** Finds (loading if needed) a package's node, for reveal. */
  async findPackage(packageId: string): Promise<PackageNode | undefined> {
    const lmo = this.connection.lmo;
    if (!lmo) return undefined;
    return (await this.packages(lmo)).find((p): p is PackageNode => p.kind === 'package' && p.pkg.id === packageId);
  }

  /** Finds (loading if needed) a version's node, for reveal. */
  async findVersion(packageId: string, versionId: string): Promise<VersionNode | undefined> {
    const lmo = this.connection.lmo;
    if (!lmo) return undefined;
    const pkg = await this.findPackage(packageId);
    if (!pkg) return undefined;
    const versions = await this.versionsOf(lmo, pkg);
    return versions.find((v): v is VersionNode => v.kind === 'version' && v.version.id === versionId);
  }

  private async packages(lmo: LicenseManagementOrg): Promise<InstallBaseNode[]> {
    const result = await this.cached(
      'root',
      this.root,
      (v) => (this.root = v),
      async (signal) => {
        const summary = await lmo.installBaseSummary(toLicenseFilter(this.filter.current), { signal });
        return summary.packages.map((pkg) => ({ kind: 'package' as const, pkg, licenseCount: summary.licenseCounts.get(pkg.id) ?? 0 }));
      },
      lmo,
      vscode.l10n.t('Loading packages'),
    );
    if (isLmoError(result)) return [errorNode('error:root', result, retryCommand('lma.refresh'))];
    if (result.length === 0) {
      return [
        {
          kind: 'message',
          id: 'empty:root',
          icon: 'info',
          text: vscode.l10n.t('No packages are linked to the LMA yet.'),
          tooltip: vscode.l10n.t('Link a managed package to this LMO in the Partner Console; Salesforce then creates a License record for every install.'),
        },
      ];
    }
    return result;
  }

  private async versionsOf(lmo: LicenseManagementOrg, pkg: PackageNode): Promise<InstallBaseNode[]> {
    const result = await this.cached(
      `pkg:${pkg.pkg.id}`,
      this.versions.get(pkg.pkg.id),
      (v) => this.versions.set(pkg.pkg.id, v),
      async (signal) => {
        const summary = await lmo.packageVersionSummary(pkg.pkg.id, toLicenseFilter(this.filter.current), { signal });
        const latest = latestReleasedVersion(summary.versions);
        // Newest first, by version number (1.10 above 1.9, whatever the release dates say): that is where a developer looks.
        return sortVersionsNewestFirst(summary.versions).map((version) => ({
          kind: 'version' as const,
          version,
          parent: pkg,
          liveCount: summary.liveCounts.get(version.id) ?? 0,
          totalCount: summary.totalCounts.get(version.id) ?? 0,
          isLatest: version.id === latest?.id,
        }));
      },
      lmo,
      vscode.l10n.t('Loading versions of {0}', pkg.pkg.name),
    );
    if (isLmoError(result)) return [errorNode(`error:${pkg.pkg.id}`, result, retryCommand('lma.refresh'))];
    if (result.length === 0)
      return [{ kind: 'message', id: `empty:${pkg.pkg.id}`, icon: 'info', text: vscode.l10n.t('No versions recorded for this package.') }];
    return result;
  }

  private async licensesOf(lmo: LicenseManagementOrg, version: VersionNode): Promise<InstallBaseNode[]> {
    const result = await this.cached(
      `ver:${version.version.id}`,
      this.licenses.get(version.version.id),
      (v) => this.licenses.set(version.version.id, v),
      async (signal) => {
        const page = await lmo.licensePage(
          { ...toLicenseFilter(this.filter.current), packageVersionId: version.version.id },
          { pageSize: this.pageSize() },
          { signal },
        );
        return { nodes: page.licenses.map((license) => ({ kind: 'license' as const, license, parent: version })), nextAfterId: page.nextAfterId };
      },
      lmo,
      vscode.l10n.t('Loading licenses of {0}', version.version.versionNumber),
    );
    if (isLmoError(result)) return [errorNode(`error:${version.version.id}`, result, retryCommand('lma.refresh'))];
    const children: InstallBaseNode[] = [...result.nodes];
    if (result.nextAfterId) children.push({ kind: 'loadMore', parent: version, shown: result.nodes.length });
    if (children.length === 0)
      children.push({ kind: 'message', id: `empty:${version.version.id}`, icon: 'info', text: vscode.l10n.t('No licenses match the filter.') });
    return children;
  }
}
