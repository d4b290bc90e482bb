/**
 * Provisioning rules in the editor: LMA: Edit Provisioning Rules opens the workspace's rules file
 * (writing it from what recent installs got when it does not exist yet), the file gets its JSON
 * Schema (completion, hovers, validation) and the audit — drift on each rule, a count per broken
 * policy in the Problems panel — on connect, on save and on command; the Provisioning view lists
 * the licenses that break a policy; the setup checklist's step 4 comes from the same evidence.
 */
import * as vscode from 'vscode';
import { type AuditResult } from '../../core/provisioning/audit';
import { type ProvisioningEvidence, analyzeRulesFile, provisioningContribution } from '../../core/provisioning/rulesAnalyzer';
import { parseRulesFile } from '../../core/provisioning/rulesFile';
import { rulesFileFromInference } from '../../core/provisioning/rulesTemplate';
import { type StepContribution } from '../../core/checklist/input';
import { toLmoError } from '../../data/org/errors';
import { abortSignal } from '../connections/orgConnection';
import { type FeatureContext } from '../kit/featureContext';
import { AnalyzerHost } from '../kit/analyzerHost';
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
  const rulesPath = () => ctx.settings.text('provisioning.rulesFile', '.lma/provisioning.json').replace(/^\.?\/+/, '') || '.lma/provisioning.json';
  const rulesUri = () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, rulesPath()) : undefined;
  };
  let evidence: ProvisioningEvidence | undefined;
  let audit: AuditResult | undefined;
  let rulesExists = false;
  let loading = false;
  let error: string | undefined;
  const dataChanged = new vscode.EventEmitter<void>();
  const tree = new ViolationsTree(() => ({ rulesFile: rulesExists ? rulesUri() : undefined, audit, loading, error, connected: !!lmo.lmo }));
  const view = vscode.window.createTreeView<ProvisioningNode>(ViolationsTree.viewId, { treeDataProvider: tree });

  const readRules = async (): Promise<string | undefined> => {
    const uri = rulesUri();
    if (!uri) return undefined;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      rulesExists = true;
      return text;
    } catch {
      rulesExists = false;
      return undefined;
    }
  };

  /** Inference (a few calls, growing with recent installs) and the policies' candidates. */
  const loadEvidence = async (): Promise<ProvisioningEvidence | undefined> => {
    const reader = lmo.lmo;
    if (!reader || lmo.state.kind !== 'connected' || lmo.state.problem) return undefined;
    loading = true;
    error = undefined;
    tree.refresh();
    try {
      const text = await readRules();
      const parsed = text === undefined ? undefined : parseRulesFile(text);
      const [inferred, violations] = await Promise.all([
        reader.inferDefaults(),
        parsed?.ok ? reader.policyViolations(parsed.rules.policies) : Promise.resolve({ violations: [], complete: true }),
      ]);
      evidence = { packages: inferred.packages, inferences: inferred.inferences, violations: violations.violations, complete: violations.complete };
      audit = text !== undefined && evidence ? analyzeRulesFile(text, evidence).audit : undefined;
      return evidence;
    } catch (err) {
      error = toLmoError(err, reader.target).message;
      ctx.log.warn(`Provisioning audit failed: ${error}`);
      return undefined;
    } finally {
      loading = false;
      tree.refresh();
    }
  };

  const host = new AnalyzerHost<ProvisioningEvidence>(
    {
      id: 'provisioning rules',
      files: `**/${rulesPath()}`,
      loadData: loadEvidence,
      analyze: (text, data) => {
        const result = analyzeRulesFile(text, lmo.lmo ? data : undefined);
        audit = result.audit;
        tree.refresh();
        return result.findings;
      },
      onDidChangeData: dataChanged.event,
    },
    ctx.log,
  );
  ctx.subscribe(
    host,
    view,
    dataChanged,
    lmo.onDidChange((state) => {
      if (state.kind === 'connecting') return;
      evidence = undefined;
      audit = undefined;
      dataChanged.fire();
      tree.refresh();
    }),
    ctx.onDidRequestRefresh(() => dataChanged.fire()),
    // The policies live in the file: a saved change is audited against the org again.
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.uri.toString() === rulesUri()?.toString()) dataChanged.fire();
    }),
  );

  const runAudit = async () => {
    dataChanged.fire();
    await host.refresh();
  };

  ctx.command('lma.auditProvisioningRules', () => runAudit());
  ctx.command('lma.editProvisioningRules', async () => {
    const uri = rulesUri();
    if (!uri) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first: the rules file lives in the workspace ({0}).', rulesPath()));
      return;
    }
    if ((await readRules()) === undefined) {
      const reader = lmo.lmo;
      if (!reader) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Connect to your License Management Org first: the rules file starts from what its recent installs got.'),
        );
        return;
      }
      const text = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Inferring the default licenses from recent installs…'), cancellable: true },
        async (_progress, token) => {
          const inferred = await reader.inferDefaults({ signal: abortSignal(token) });
          return rulesFileFromInference(inferred.inferences, { schemaPath: undefined, today: ctx.clock.today() });
        },
      );
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      rulesExists = true;
      dataChanged.fire();
    }
    await vscode.window.showTextDocument(uri);
  });

  return {
    host,
    tree,
    audit: () => audit,
    contribution: () => (evidence ? provisioningContribution(evidence, audit, rulesExists ? rulesPath() : undefined) : undefined),
    runAudit,
  };
}
