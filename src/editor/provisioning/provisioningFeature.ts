/**
 * Provisioning rules in the editor: LMA: Edit Provisioning Rules opens the workspace's rules file
 * (writing it from what recent installs got when it does not exist yet), the file gets its JSON
 * Schema (completion, hovers, validation) and the audit — drift on each rule, a count per broken
 * policy in the Problems panel — on connect, on save and on command; the Provisioning view lists
 * the licenses that break a policy; the setup checklist's step 4 comes from the same evidence.
 * The wiring; the file and its audit live in rulesAudit.ts, the edit command's steps in editRulesFlow.ts.
 */
import * as vscode from 'vscode';
import { type AuditResult } from '../../core/provisioning/audit';
import { type ProvisioningEvidence } from '../../core/provisioning/rulesAnalyzer';
import { type StepContribution } from '../../core/checklist/input';
import { type FeatureContext } from '../kit/featureContext';
import { AnalyzerHost } from '../kit/analyzerHost';
import { EditRulesFlow, windowRulesPrompts } from './editRulesFlow';
import { RulesAudit } from './rulesAudit';
import { type ProvisioningNode, ViolationsTree } from './violationsTree';

export interface ProvisioningFeature {
  readonly host: AnalyzerHost<ProvisioningEvidence>;
  readonly tree: ViolationsTree;
  /** The last audit of the rules file (undefined before one ran, or when the file does not parse). */
  readonly audit: () => AuditResult | undefined;
  /** The setup checklist's step 4, once evidence was loaded. */
  readonly contribution: () => StepContribution | undefined;
  /** Reads the org again and audits the rules file. */
  readonly runAudit: () => Promise<void>;
}

export function activateProvisioning(ctx: FeatureContext): ProvisioningFeature {
  const lmo = ctx.connections.lmo;
  const rules = new RulesAudit(ctx);
  const tree = rules.tree;
  const view = vscode.window.createTreeView<ProvisioningNode>(ViolationsTree.viewId, { treeDataProvider: tree });
  const host = new AnalyzerHost<ProvisioningEvidence>(
    {
      id: 'provisioning rules',
      files: `**/${rules.rulesPath()}`,
      loadData: () => rules.loadEvidence(),
      analyze: (text, data) => rules.analyze(text, data),
      onDidChangeData: rules.dataChanged.event,
    },
    ctx.log,
  );
  ctx.subscribe(
    host,
    view,
    rules.dataChanged,
    lmo.onDidChange((state) => {
      if (state.kind !== 'connecting') rules.forget();
    }),
    ctx.onDidRequestRefresh(() => rules.dataChanged.fire()),
    // The policies live in the file: a saved change is audited against the org again.
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.uri.toString() === rules.rulesUri()?.toString()) rules.dataChanged.fire();
    }),
  );

  const runAudit = async () => {
    rules.dataChanged.fire();
    await host.refresh();
  };
  const edit = new EditRulesFlow(
    {
      lmo: () => lmo.lmo,
      rulesPath: () => rules.rulesPath(),
      rulesUri: () => rules.rulesUri(),
      readRules: () => rules.readRules(),
      today: () => ctx.clock.today(),
      written: () => rules.written(),
    },
    windowRulesPrompts,
  );
  ctx.command('lma.auditProvisioningRules', () => runAudit());
  ctx.command('lma.editProvisioningRules', () => edit.run());

  return { host, tree, audit: () => rules.audit, contribution: () => rules.contribution(), runAudit };
}
