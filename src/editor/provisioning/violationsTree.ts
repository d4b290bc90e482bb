/** The Provisioning view: the rules audit's policy violations, by policy, each license one click from Modify License in Salesforce. */
import * as vscode from 'vscode';
import { singleLine } from '../../core/displayText';
import { type AuditResult, type LocatedViolation } from '../../core/provisioning/audit';
import { commandLink } from '../kit/commandIds';
import { type MessageNode, messageItem } from '../kit/treeSupport';

export type ProvisioningNode =
  | MessageNode
  | { readonly kind: 'policy'; readonly id: string; readonly policy: string; readonly violations: readonly LocatedViolation[] }
  | { readonly kind: 'violation'; readonly id: string; readonly violation: LocatedViolation };

export interface ProvisioningState {
  readonly rulesFile: vscode.Uri | undefined;
  readonly audit: AuditResult | undefined;
  readonly loading: boolean;
  readonly error: string | undefined;
  readonly connected: boolean;
}

export class ViolationsTree implements vscode.TreeDataProvider<ProvisioningNode> {
  static readonly viewId = 'lma.provisioning';
  private readonly changed = new vscode.EventEmitter<ProvisioningNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly state: () => ProvisioningState) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: ProvisioningNode): ProvisioningNode[] {
    if (node?.kind === 'policy')
      return node.violations.map((violation) => ({ kind: 'violation', id: `violation:${node.policy}:${violation.licenseId}`, violation }));
    if (node) return [];
    const s = this.state();
    if (!s.connected) return [];
    if (!s.rulesFile)
      return [
        {
          kind: 'message',
          id: 'provisioning:none',
          text: vscode.l10n.t('No rules file yet: create one from what recent installs got'),
          icon: 'new-file',
          command: commandLink('lma.editProvisioningRules', vscode.l10n.t('Edit Provisioning Rules')),
        },
      ];
    if (s.error)
      return [
        {
          kind: 'message',
          id: 'provisioning:error',
          text: vscode.l10n.t("Couldn't audit: {0}", s.error),
          icon: 'warning',
          command: commandLink('lma.auditProvisioningRules', vscode.l10n.t('Try Again')),
        },
      ];
    if (!s.audit)
      return [
        {
          kind: 'message',
          id: 'provisioning:pending',
          text: s.loading ? vscode.l10n.t('Auditing…') : vscode.l10n.t('Audit the rules file against the org'),
          icon: s.loading ? 'loading~spin' : 'checklist',
          command: s.loading ? undefined : commandLink('lma.auditProvisioningRules', vscode.l10n.t('Audit Provisioning Rules')),
        },
      ];
    const byPolicy = new Map<string, LocatedViolation[]>();
    for (const v of s.audit.violations) byPolicy.set(v.policy, [...(byPolicy.get(v.policy) ?? []), v]);
    const nodes: ProvisioningNode[] = [...byPolicy].map(([policy, violations]) => ({ kind: 'policy', id: `policy:${policy}`, policy, violations }));
    const drift = s.audit.drift.filter((d) => d.severity === 'warning');
    if (drift.length)
      nodes.unshift({
        kind: 'message',
        id: 'provisioning:drift',
        text: vscode.l10n.t('{0} defaults drift from the rules (see the Problems panel)', drift.length),
        icon: 'warning',
        command: commandLink('vscode.open', vscode.l10n.t('Open the rules file'), s.rulesFile),
      });
    if (!nodes.length) nodes.push({ kind: 'message', id: 'provisioning:clean', text: vscode.l10n.t('Every live license meets the policies.'), icon: 'pass' });
    return nodes;
  }

  getTreeItem(node: ProvisioningNode): vscode.TreeItem {
    if (node.kind === 'message') return messageItem(node);
    if (node.kind === 'policy') {
      const item = new vscode.TreeItem(node.policy, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = vscode.l10n.t('{0} licenses', node.violations.length.toLocaleString());
      item.iconPath = new vscode.ThemeIcon('law', new vscode.ThemeColor('editorWarning.foreground'));
      item.contextValue = node.violations.some((v) => v.fix) ? 'policy.fixable' : 'policy';
      return item;
    }
    const v = node.violation;
    const item = new vscode.TreeItem(singleLine(`${v.subscriber}${v.packageName ? ` · ${v.packageName}` : ''}`, 80), vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = singleLine(v.message, 120);
    const tooltip = new vscode.MarkdownString(undefined, false);
    for (const line of [
      v.message,
      vscode.l10n.t('License: {0}', v.licenseName),
      vscode.l10n.t('Org ID: {0}', v.orgId),
      v.fix ? vscode.l10n.t('A fix follows from the policy.') : '',
    ].filter(Boolean)) {
      tooltip.appendText(singleLine(line, 200));
      tooltip.appendMarkdown('  \n');
    }
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon('key');
    item.contextValue = v.fix ? 'violation.fixable' : 'violation';
    item.command = commandLink('lma.openLicenseInOrg', vscode.l10n.t('Modify License in Salesforce'), v.licenseId);
    return item;
  }
}
