/**
 * The Packages view: every package the Dev Hub (or the LMO, when it is also the Dev Hub) owns or
 * sfdx-project.json names, with its link state to this LMO; under each, the released versions
 * the LMO does not know yet, and — on demand — the two views of its subscribers: installs with
 * no license, and licenses whose org no longer has the package.
 */
import * as vscode from 'vscode';
import { singleLine } from '../../core/displayText';
import { LINK_STATE_LABELS, type LinkReport, MISSING_VERSIONS_NOTE, type PackageLink } from '../../core/linking/linkState';
import { type OwnedVersion } from '../../core/linking/ownedPackages';
import { type PackageSubscriber } from '../../core/linking/subscribers';
import { type License, subscriberName } from '../../core/license';
import { commandLink } from '../kit/commandIds';
import { type MessageNode, messageItem, textLines } from '../kit/treeSupport';
import { type PushModel } from './pushModel';
import { type OrgRowNode, type PushNode, pushChildren, pushItem } from './pushTree';

export type Drift = {
  readonly installedWithoutLicense: readonly PackageSubscriber[];
  readonly licensesWithoutInstall: readonly License[];
  readonly complete: boolean;
};

export type PackagesNode =
  | MessageNode
  | { readonly kind: 'package'; readonly id: string; readonly link: PackageLink }
  | { readonly kind: 'missingVersions'; readonly id: string; readonly link: PackageLink }
  | { readonly kind: 'version'; readonly id: string; readonly version: OwnedVersion }
  | { readonly kind: 'drift'; readonly id: string; readonly link: PackageLink; readonly which: 'installedWithoutLicense' | 'licensesWithoutInstall' }
  | OrgRowNode
  | PushNode;

const ICON: Record<PackageLink['state'], [string, string | undefined]> = {
  linked: ['pass', 'testing.iconPassed'],
  linkedElsewhere: ['error', 'errorForeground'],
  notLinked: ['circle-slash', 'errorForeground'],
  unverified: ['question', undefined],
};

export interface PackagesState {
  readonly connected: boolean;
  readonly report: LinkReport | undefined;
  readonly loading: boolean;
  readonly error: string | undefined;
  readonly ownerLabel: string | undefined;
  /** Loads (once per package) the two subscriber views. */
  readonly drift: (link: PackageLink) => Promise<Drift>;
  /** The packages' push upgrades (read on demand). */
  readonly pushes: PushModel;
}

export class PackagesTree implements vscode.TreeDataProvider<PackagesNode> {
  static readonly viewId = 'lma.packages';
  private readonly changed = new vscode.EventEmitter<PackagesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly state: () => PackagesState) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: PackagesNode): Promise<PackagesNode[]> {
    const s = this.state();
    if (!node) {
      if (!s.connected) return [];
      if (s.error)
        return [
          {
            kind: 'message',
            id: 'packages:error',
            text: vscode.l10n.t("Couldn't read the packages: {0}", s.error),
            icon: 'warning',
            command: commandLink('lma.refresh', vscode.l10n.t('Try Again')),
          },
        ];
      if (!s.report) return [{ kind: 'message', id: 'packages:loading', text: vscode.l10n.t('Reading the packages…'), icon: 'loading~spin' }];
      const nodes: PackagesNode[] = s.report.packages.map((link) => ({ kind: 'package', id: `package:${link.subscriberPackageId ?? link.name}`, link }));
      if (!s.ownerLabel)
        nodes.push({
          kind: 'message',
          id: 'packages:devhub',
          text: vscode.l10n.t('Connect the Dev Hub that owns your packages to verify them by id'),
          icon: 'plug',
          command: commandLink('lma.connectDevHub', vscode.l10n.t('Connect a Dev Hub…')),
        });
      if (!nodes.length)
        nodes.push({ kind: 'message', id: 'packages:none', text: vscode.l10n.t('No package found in the Dev Hub or sfdx-project.json.'), icon: 'info' });
      return nodes;
    }
    switch (node.kind) {
      case 'package': {
        const out: PackagesNode[] = [];
        if (node.link.missingVersions.length) out.push({ kind: 'missingVersions', id: `${node.id}:missing`, link: node.link });
        if (node.link.state !== 'notLinked' && node.link.subscriberPackageId && s.ownerLabel) {
          out.push({ kind: 'drift', id: `${node.id}:unlicensed`, link: node.link, which: 'installedWithoutLicense' });
          out.push({ kind: 'drift', id: `${node.id}:uninstalled`, link: node.link, which: 'licensesWithoutInstall' });
          out.push({ kind: 'pushes', id: `${node.id}:pushes`, link: node.link });
        }
        return out;
      }
      case 'missingVersions':
        return node.link.missingVersions.map((version) => ({ kind: 'version', id: `${node.id}:${version.subscriberPackageVersionId}`, version }));
      case 'drift': {
        const drift = await s.drift(node.link);
        const rows: PackagesNode[] =
          node.which === 'installedWithoutLicense'
            ? drift.installedWithoutLicense.map((i) => ({
                kind: 'driftOrg',
                id: `${node.id}:${i.orgKey}`,
                orgId: i.orgKey,
                name: i.orgName || i.orgKey,
                detail: [i.orgType, i.orgStatus, i.instanceName].filter(Boolean).join(' · '),
              }))
            : drift.licensesWithoutInstall.map((l) => ({
                kind: 'driftOrg',
                id: `${node.id}:${l.id}`,
                orgId: l.subscriberOrgId,
                name: subscriberName(l),
                detail: vscode.l10n.t('license {0}, {1}', l.status ?? '', l.versionNumber ?? ''),
              }));
        if (!rows.length) rows.push({ kind: 'message', id: `${node.id}:none`, text: vscode.l10n.t('None.'), icon: 'pass' });
        if (!drift.complete)
          rows.push({ kind: 'message', id: `${node.id}:more`, text: vscode.l10n.t('The first installs only: the package has more.'), icon: 'info' });
        return rows;
      }
      case 'pushes':
      case 'pushRequest':
      case 'pushErrorGroup':
        return pushChildren(node, s.pushes);
      default:
        return [];
    }
  }

  getTreeItem(node: PackagesNode): vscode.TreeItem {
    switch (node.kind) {
      case 'message':
        return messageItem(node);
      case 'package': {
        const l = node.link;
        const hasChildren = l.missingVersions.length > 0 || (l.state !== 'notLinked' && !!l.subscriberPackageId && !!this.state().ownerLabel);
        const item = new vscode.TreeItem(
          singleLine(l.projectName ?? l.name, 80),
          hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = node.id;
        const [icon, colour] = l.linkable ? ICON[l.state] : ['circle-outline', undefined];
        item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
        item.description = [
          l.linkable ? LINK_STATE_LABELS[l.state] : vscode.l10n.t('unlocked (no licenses)'),
          l.latestVersion ? `v${l.latestVersion.versionNumber}` : '',
          l.missingVersions.length === 1
            ? vscode.l10n.t('1 version not in the LMO yet')
            : l.missingVersions.length
              ? vscode.l10n.t('{0} versions not in the LMO yet', l.missingVersions.length)
              : '',
        ]
          .filter(Boolean)
          .join(' · ');
        item.tooltip = textLines(
          [
            `${l.name}${l.namespace ? ` (${l.namespace})` : ''}`,
            l.reason,
            l.subscriberPackageId ? vscode.l10n.t('Package ID: {0}', l.subscriberPackageId) : '',
            l.package2Id ? vscode.l10n.t('Package2 ID: {0}', l.package2Id) : '',
            l.missingVersions.length ? MISSING_VERSIONS_NOTE : '',
          ],
          300,
        );
        item.contextValue = l.linkable && l.state === 'notLinked' && l.subscriberPackageId ? 'linkPackage.notLinked' : `linkPackage.${l.state}`;
        return item;
      }
      case 'missingVersions': {
        const item = new vscode.TreeItem(vscode.l10n.t('Released, not in the LMO yet'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = String(node.link.missingVersions.length);
        item.tooltip = MISSING_VERSIONS_NOTE;
        item.iconPath = new vscode.ThemeIcon('watch');
        return item;
      }
      case 'version': {
        const item = new vscode.TreeItem(`v${node.version.versionNumber}`, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.version.subscriberPackageVersionId;
        item.tooltip = MISSING_VERSIONS_NOTE;
        item.iconPath = new vscode.ThemeIcon('versions');
        return item;
      }
      case 'drift': {
        const item = new vscode.TreeItem(
          node.which === 'installedWithoutLicense' ? vscode.l10n.t('Installed, no license') : vscode.l10n.t('Licensed, not installed'),
          vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = node.id;
        item.tooltip =
          node.which === 'installedWithoutLicense'
            ? vscode.l10n.t(
                'Orgs the packaging org sees with the package installed that have no license in this LMO: installed before linking, or their license was deleted.',
              )
            : vscode.l10n.t('Licenses whose org the packaging org no longer sees with the package installed.');
        item.iconPath = new vscode.ThemeIcon(node.which === 'installedWithoutLicense' ? 'person-add' : 'person');
        return item;
      }
      case 'driftOrg': {
        const item = new vscode.TreeItem(singleLine(node.name, 80), vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = singleLine(`${node.orgId.slice(0, 15)} · ${node.detail}`, 120);
        item.iconPath = new vscode.ThemeIcon('organization');
        item.contextValue = node.licenseId ? 'driftOrg.licensed' : 'driftOrg';
        return item;
      }
      case 'pushes':
      case 'pushRequest':
      case 'pushErrorGroup':
        return pushItem(node);
    }
  }
}
