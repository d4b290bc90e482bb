/**
 * The rules file in the editor: its schema problems, then (once the LMO's evidence is loaded)
 * the audit — drift on each rule, a count per broken policy — and a lens over the file saying
 * what it was audited against. Also the setup checklist's step 4 from the same evidence.
 */
import { type DiagnosticFinding, type Findings, type LensFinding } from '../projectInsights/findings';
import { type Package } from '../package';
import { type StepContribution } from '../checklist/input';
import { type Evidence, type Finding } from '../checklist/verdicts';
import { type AuditResult, auditDiagnostics, auditProvisioning } from './audit';
import { type PackageInference, describeObserved } from './inference';
import { type PolicyViolation } from './policies';
import { parseRulesFile } from './rulesFile';

/** What the audit needs from the LMO (loaded by the data layer). */
export interface ProvisioningEvidence {
  readonly packages: readonly Package[];
  readonly inferences: readonly PackageInference[];
  readonly violations: readonly PolicyViolation[];
  /** False when the policy candidates hit their cap. */
  readonly complete: boolean;
}

export interface RulesAnalysis {
  readonly findings: Findings;
  /** Undefined until the evidence is loaded, or when the file does not parse. */
  readonly audit: AuditResult | undefined;
}

export function analyzeRulesFile(text: string, evidence: ProvisioningEvidence | undefined): RulesAnalysis {
  const parsed = parseRulesFile(text);
  if (!parsed.ok) {
    const diagnostics: DiagnosticFinding[] = parsed.problems.map((p) => ({
      code: 'rules.schema',
      severity: 'error',
      span: p.span,
      message: p.message,
      fixes: [],
    }));
    return { findings: { diagnostics, lenses: [], hovers: [] }, audit: undefined };
  }
  if (!evidence) return { findings: { diagnostics: [], lenses: [], hovers: [] }, audit: undefined };
  const audit = auditProvisioning(parsed.rules, evidence.packages, evidence.inferences, evidence.violations);
  const installs = evidence.inferences.reduce((n, i) => n + i.sample, 0);
  const drift = audit.drift.filter((d) => d.severity === 'warning').length;
  const lens: LensFinding = {
    span: { offset: 0, length: 0 },
    title: `Audited against ${installs.toLocaleString('en-US')} recent installs: ${drift} drift, ${audit.violations.length.toLocaleString('en-US')} policy violations${evidence.complete ? '' : ' (first 20,000 candidates per policy)'}`,
    tooltip: 'Defaults inferred from recent unchanged installs; violations among live licenses. Run LMA: Audit Provisioning Rules to read the org again.',
    action: { kind: 'command', id: 'lma.auditProvisioningRules' },
  };
  const lenses: LensFinding[] = [lens];
  if (audit.violations.some((v) => v.fix))
    lenses.push({
      span: { offset: 0, length: 0 },
      title: 'Fix policy violations…',
      tooltip: 'Plan the fixes that follow from the policies, preview them, and apply them through the guarded change path.',
      action: { kind: 'command', id: 'lma.fixPolicyViolations' },
    });
  return { findings: { diagnostics: auditDiagnostics(audit), lenses, hovers: [] }, audit };
}

/** Step 4 of the setup checklist from the rules audit (or from inference alone when there is no rules file). */
export function provisioningContribution(evidence: ProvisioningEvidence, audit: AuditResult | undefined, rulesFile: string | undefined): StepContribution {
  const findings: Finding[] = [];
  const evidenceRows: Evidence[] = evidence.inferences.map((i) => ({
    label: i.packageName,
    detail: i.defaults
      ? (['status', 'trialDays', 'seats', 'termDays'] as const)
          .map((f) => (i.defaults?.[f] ? describeObserved(f, i.defaults[f] as never) : ''))
          .filter(Boolean)
          .join('; ')
      : `no recent unchanged install (${i.installs} installs in the window)`,
    source: 'recent non-sandbox installs with no change in License history',
  }));
  if (!rulesFile) {
    findings.push({
      level: 'unverifiable',
      text: 'The defaults live in the Partner Console (no API). Inferred from recent installs below; write them down as rules (LMA: Edit Provisioning Rules) to audit them.',
    });
    return {
      verdict: 'unverifiable',
      findings,
      evidence: evidenceRows,
      action: { kind: 'openUrl', label: 'Open the Partner Console', target: 'https://partners.salesforce.com/' },
    };
  }
  if (!audit) {
    findings.push({ level: 'attention', text: `${rulesFile} does not parse: fix it to audit the defaults.` });
    return { verdict: 'attention', findings, evidence: evidenceRows };
  }
  for (const d of audit.drift) findings.push({ level: d.severity === 'warning' ? 'attention' : 'info', text: d.message });
  const broken = new Map<string, number>();
  for (const v of audit.violations) broken.set(v.policy, (broken.get(v.policy) ?? 0) + 1);
  for (const [policy, n] of broken)
    findings.push({ level: 'attention', text: `${n.toLocaleString('en-US')} ${n === 1 ? 'license breaks' : 'licenses break'} the ${policy} policy.` });
  if (!findings.length) findings.push({ level: 'done', text: `Recent installs match ${rulesFile}, and every live license meets its policies.` });
  const verdict = findings.some((f) => f.level === 'attention') ? 'attention' : 'done';
  return { verdict, findings, evidence: evidenceRows };
}
