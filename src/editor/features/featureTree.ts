/**
 * Feature parameters in the Install Base tree: under each package, a "Feature Parameters" node
 * (each parameter with its type, direction, the version it shipped in, and how its values spread
 * across live licenses — two API calls a package), and under each license its values (one call).
 */
import * as vscode from 'vscode';
import { singleLine } from '../../core/displayText';
import { NO_VALUE_YET_NOTE, parameterAdoption } from '../../core/features/adoption';
import { type ParameterDistribution } from '../../core/features/distribution';
import { type FeatureValueRecord, SUBSCRIBER_TO_LMO_NOTE, describeDirection, describeFeatureValue, introducedVersion } from '../../core/features/parameter';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { toLmoError } from '../../data/org/errors';
import { type ExtraNode, type InstallBaseExtension, type InstallBaseNode, type LicenseNode, type PackageNode } from '../installBase/installBaseTree';

type Payload =
  | { readonly type: 'group'; readonly pkg: PackageNode }
  | { readonly type: 'parameter'; readonly item: ParameterDistribution; readonly live: number; readonly since: string | undefined }
  | { readonly type: 'value'; readonly value: FeatureValueRecord; readonly name: string }
  | { readonly type: 'note'; readonly text: string; readonly icon: string };

/** The value a node of this tree shows (for Edit Feature Values on it), with its license. */
export function featureValueOf(node: InstallBaseNode | { kind: string }): { value: FeatureValueRecord; licenseId: string; name: string } | undefined {
  if (node.kind !== 'extra') return undefined;
  const extraNode = node as ExtraNode;
  const payload = extraNode.payload as Payload;
  if (payload?.type !== 'value' || extraNode.parent.kind !== 'license') return undefined;
  return { value: payload.value, licenseId: extraNode.parent.license.id, name: payload.name };
}

const extra = (id: string, parent: InstallBaseNode, payload: Payload): ExtraNode => ({ kind: 'extra', id, parent, payload });

export class FeatureTreeExtension implements InstallBaseExtension {
  /** Whether the connected LMO has the Feature Management App (probed once per connection). */
  present = false;

  constructor(private readonly reader: () => LicenseManagementOrg | undefined) {}

  licensesExpand(): boolean {
    return this.present;
  }

  async packageChildren(pkg: PackageNode): Promise<ExtraNode[]> {
    return this.present ? [extra(`features:${pkg.pkg.id}`, pkg, { type: 'group', pkg })] : [];
  }

  async licenseChildren(license: LicenseNode): Promise<InstallBaseNode[]> {
    const reader = this.reader();
    if (!this.present || !reader) return [];
    try {
      const values = await reader.features.licenseValues(license.license.id);
      if (!values.length)
        return [extra(`values:${license.license.id}:none`, license, { type: 'note', text: vscode.l10n.t('No feature parameter values.'), icon: 'info' })];
      return values
        .map((value) => ({ value, name: value.fullName.includes('__') ? value.fullName.split('__').slice(1).join('__') : value.fullName }))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(({ value, name }) => extra(`value:${value.id}`, license, { type: 'value', value, name }));
    } catch (err) {
      return [
        extra(`values:${license.license.id}:error`, license, {
          type: 'note',
          text: vscode.l10n.t("Couldn't read the values: {0}", toLmoError(err, reader.client.target).message),
          icon: 'warning',
        }),
      ];
    }
  }

  async children(node: ExtraNode): Promise<InstallBaseNode[]> {
    const payload = node.payload as Payload;
    const reader = this.reader();
    if (payload.type !== 'group' || !reader) return [];
    try {
      // Two calls at most for the distributions, one for the versions (to name the one each parameter shipped in).
      const [features, versions] = await Promise.all([reader.features.distributions(payload.pkg.pkg.id), reader.packageVersions(payload.pkg.pkg.id)]);
      if (!features.parameters.length)
        return [extra(`${node.id}:none`, node, { type: 'note', text: vscode.l10n.t('No feature parameters in this package yet.'), icon: 'info' })];
      return features.parameters.map((item) =>
        extra(`${node.id}:${item.parameter.id}`, node, {
          type: 'parameter',
          item,
          live: features.liveLicenses,
          since: introducedVersion(item.parameter, versions),
        }),
      );
    } catch (err) {
      return [
        extra(`${node.id}:error`, node, {
          type: 'note',
          text: vscode.l10n.t("Couldn't read the feature parameters: {0}", toLmoError(err, reader.client.target).message),
          icon: 'warning',
        }),
      ];
    }
  }

  getTreeItem(node: ExtraNode): vscode.TreeItem {
    const payload = node.payload as Payload;
    switch (payload.type) {
      case 'group': {
        const item = new vscode.TreeItem(vscode.l10n.t('Feature Parameters'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('symbol-property');
        item.tooltip = vscode.l10n.t("The Feature Management App's parameters of this package, and how their values spread across its live licenses.");
        item.contextValue = 'featureGroup';
        return item;
      }
      case 'parameter': {
        const p = payload.item.parameter;
        // The dashboard's card says the same, from the same function (docs/salesforce/metrics.md).
        const adoption = parameterAdoption(payload.item, payload.live);
        const item = new vscode.TreeItem(singleLine(p.name, 80), vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = `${p.dataType} · ${singleLine(adoption.summary, 100)}`;
        // Plain text: names are customer-visible text from the org.
        item.tooltip = [
          p.fullName,
          `${p.dataType} · ${describeDirection(p.direction)}`,
          payload.since ? vscode.l10n.t('Introduced in {0}', payload.since) : '',
          adoption.summary,
          adoption.withoutValue ? NO_VALUE_YET_NOTE : '',
          p.direction === 'SubscriberToLmo' ? SUBSCRIBER_TO_LMO_NOTE : '',
        ]
          .filter(Boolean)
          .map((line) => singleLine(line, 300))
          .join('\n');
        item.iconPath = new vscode.ThemeIcon(p.direction === 'SubscriberToLmo' ? 'arrow-left' : 'arrow-right');
        item.contextValue = 'featureParameter';
        return item;
      }
      case 'value': {
        const v = payload.value;
        const item = new vscode.TreeItem(singleLine(payload.name, 80), vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        const reported = v.direction === 'SubscriberToLmo';
        item.description = `${describeFeatureValue(v.value, v.dataType)}${reported ? ` · ${vscode.l10n.t('reported by the subscriber, up to 24 h old')}` : ''}`;
        item.tooltip = `${v.fullName} (${v.dataType}, ${describeDirection(v.direction)})${v.lastModified ? `\n${vscode.l10n.t('Last changed {0}', v.lastModified)}` : ''}${reported ? `\n${SUBSCRIBER_TO_LMO_NOTE}` : ''}`;
        item.iconPath = new vscode.ThemeIcon(reported ? 'arrow-left' : 'arrow-right');
        item.contextValue = reported ? 'featureValue.reported' : 'featureValue';
        return item;
      }
      case 'note': {
        const item = new vscode.TreeItem(payload.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(payload.icon);
        return item;
      }
    }
  }
}
