/**
 * The provisioning rules file and its audit: where the file lives (a setting, in the first
 * workspace folder), whether it exists, the org's evidence (inferred defaults, the policies'
 * violations), the last audit, and the Provisioning view that shows them.
 */
import * as vscode from 'vscode';
import { type AuditResult } from '../../core/provisioning/audit';
import { type ProvisioningEvidence, analyzeRulesFile, provisioningContribution } from '../../core/provisioning/rulesAnalyzer';
import { parseRulesFile } from '../../core/provisioning/rulesFile';
import { type StepContribution } from '../../core/checklist/input';
import { toLmoError } from '../../data/org/errors';
import { type FeatureContext } from '../kit/featureContext';
import { ViolationsTree } from './violationsTree';

export class RulesAudit {
  private evidence: ProvisioningEvidence | undefined;
  /** The last audit of the rules file (undefined before one ran, or when the file does not parse). */
  audit: AuditResult | undefined;
  /** Whether the rules file exists (as last read). */
  rulesExists = false;
  private loading = false;
  private error: string | undefined;
  /** Fired when the org or the file changed: the analyzer loads its evidence again. */
  readonly dataChanged = new vscode.EventEmitter<void>();
  readonly tree: ViolationsTree;

  constructor(private readonly ctx: FeatureContext) {
    this.tree = new ViolationsTree(() => ({
      rulesFile: this.rulesExists ? this.rulesUri() : undefined,
      audit: this.audit,
      loading: this.loading,
      error: this.error,
      connected: !!ctx.connections.lmo.lmo,
    }));
  }

  /** The rules file's path in the workspace (lmaWorkbench.provisioning.rulesFile). */
  rulesPath(): string {
    return this.ctx.settings.text('provisioning.rulesFile', '.lma/provisioning.json').replace(/^\.?\/+/, '') || '.lma/provisioning.json';
  }

  /** The rules file in the first workspace folder; undefined without a folder. */
  rulesUri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, this.rulesPath()) : undefined;
  }

  async readRules(): Promise<string | undefined> {
    const uri = this.rulesUri();
    if (!uri) return undefined;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      this.rulesExists = true;
      return text;
    } catch {
      this.rulesExists = false;
      return undefined;
    }
  }

  /** Inference (a few calls, growing with recent installs) and the policies' candidates. */
  async loadEvidence(): Promise<ProvisioningEvidence | undefined> {
    const lmo = this.ctx.connections.lmo;
    const reader = lmo.lmo;
    if (!reader || lmo.state.kind !== 'connected' || lmo.state.problem) return undefined;
    this.loading = true;
    this.error = undefined;
    this.tree.refresh();
    try {
      const text = await this.readRules();
      const parsed = text === undefined ? undefined : parseRulesFile(text);
      const [inferred, violations] = await Promise.all([
        reader.inferDefaults(),
        parsed?.ok ? reader.policyViolations(parsed.rules.policies) : Promise.resolve({ violations: [], complete: true }),
      ]);
      const evidence = { packages: inferred.packages, inferences: inferred.inferences, violations: violations.violations, complete: violations.complete };
      this.evidence = evidence;
      this.audit = text !== undefined && evidence ? analyzeRulesFile(text, evidence).audit : undefined;
      return evidence;
    } catch (err) {
      this.error = toLmoError(err, reader.target).message;
      this.ctx.log.warn(`Provisioning audit failed: ${this.error}`);
      return undefined;
    } finally {
      this.loading = false;
      this.tree.refresh();
    }
  }

  /** The rules file's findings (drift, broken policies); keeps its audit for the view. */
  analyze(text: string, data: ProvisioningEvidence | undefined) {
    const result = analyzeRulesFile(text, this.ctx.connections.lmo.lmo ? data : undefined);
    this.audit = result.audit;
    this.tree.refresh();
    return result.findings;
  }

  /** The rules file was written: it exists, audit it. */
  written(): void {
    this.rulesExists = true;
    this.dataChanged.fire();
  }

  /** A connection changed: what was read from the org is gone. */
  forget(): void {
    this.evidence = undefined;
    this.audit = undefined;
    this.dataChanged.fire();
    this.tree.refresh();
  }

  /** The setup checklist's step 4, once evidence was loaded. */
  contribution(): StepContribution | undefined {
    return this.evidence ? provisioningContribution(this.evidence, this.audit, this.rulesExists ? this.rulesPath() : undefined) : undefined;
  }
}
