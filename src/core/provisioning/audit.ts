/**
 * The drift audit: where the defaults recent installs really got differ from those the rules
 * file declares, and which licenses break its policies — each finding placed on its rule in the
 * file, so the editor can underline it and the command line can fail a CI job.
 */
import type { DiagnosticFinding, Severity, TextSpan } from '../projectInsights/findings';
import { type Package } from '../package';
import { type InferredDefaults, type Observed, type PackageInference, describeDefault } from './inference';
import { type PolicyViolation } from './policies';
import { type DefaultsField, type PackageRule, type PolicyName, type ProvisioningRules } from './rulesFile';

export interface DriftFinding {
  readonly packageKey: string;
  readonly packageName: string;
  readonly field: DefaultsField;
  readonly declared: unknown;
  readonly inferred: Observed<unknown>;
  /** Warnings count as drift (CI fails); information (low confidence) does not. */
  readonly severity: 'warning' | 'information';
  readonly message: string;
  /** The declared value in the rules file (or the package key when the field is not declared). */
  readonly span: TextSpan;
}

export interface AuditNote {
  readonly code: 'unknownPackage' | 'duplicatePackage' | 'noEvidence' | 'noRule';
  readonly severity: Severity;
  readonly message: string;
  readonly span: TextSpan;
  readonly packageName?: string;
}

export interface LocatedViolation extends PolicyViolation {
  /** The policy in the rules file. */
  readonly span: TextSpan;
}

export interface AuditResult {
  readonly drift: readonly DriftFinding[];
  readonly violations: readonly LocatedViolation[];
  readonly notes: readonly AuditNote[];
  /** Drift (not low-confidence), a violation, or a rule naming no package: what makes `rules audit` exit 1. */
  readonly failed: boolean;
}

/** The LMO package a rule's key names: its 033 id (first 15 characters, exact case) or its name (any case). */
export function resolvePackage(key: string, packages: readonly Package[]): Package | undefined {
  const text = key.trim();
  if (/^033[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(text)) return packages.find((p) => p.packageId?.slice(0, 15) === text.slice(0, 15));
  const byName = packages.filter((p) => p.name.trim().toLowerCase() === text.toLowerCase());
  return byName.length === 1 ? byName[0] : undefined;
}

const FIELDS: readonly DefaultsField[] = ['status', 'trialDays', 'seats', 'termDays'];

function observedFor(inferred: InferredDefaults, field: DefaultsField): Observed<unknown> | undefined {
  return inferred[field] as Observed<unknown> | undefined;
}

function driftMessage(pkg: string, field: DefaultsField, declared: unknown, inferred: Observed<unknown>): string {
  const got = describeDefault(field, inferred.value);
  const who = inferred.count === inferred.of ? `The last ${inferred.of} installs of ${pkg}` : `${inferred.count} of the last ${inferred.of} installs of ${pkg}`;
  const rule = declared === undefined ? 'your rules do not say' : `your rules say ${describeDefault(field, declared)}`;
  const caution = inferred.confidence === 'low' ? ' (low confidence: few or mixed installs)' : '';
  return `${who} got ${field === 'status' ? `status ${got}` : got}; ${rule}${caution}.`;
}

export function auditProvisioning(
  rules: ProvisioningRules,
  packages: readonly Package[],
  inferences: readonly PackageInference[],
  violations: readonly PolicyViolation[] = [],
): AuditResult {
  const drift: DriftFinding[] = [];
  const notes: AuditNote[] = [];
  const ruled = new Map<string, PackageRule>();
  for (const rule of rules.packages) {
    const pkg = resolvePackage(rule.key, packages);
    if (!pkg) {
      notes.push({
        code: 'unknownPackage',
        severity: 'error',
        message: `No package in this LMO is named "${rule.key}" or has that 033 id.`,
        span: rule.keySpan,
      });
      continue;
    }
    const earlier = ruled.get(pkg.id);
    if (earlier) {
      notes.push({
        code: 'duplicatePackage',
        severity: 'error',
        message: `"${rule.key}" and "${earlier.key}" both name ${pkg.name}; keep one.`,
        span: rule.keySpan,
        packageName: pkg.name,
      });
      continue;
    }
    ruled.set(pkg.id, rule);
    const inference = inferences.find((i) => i.packageId === pkg.id);
    if (!inference?.defaults) {
      notes.push({
        code: 'noEvidence',
        severity: 'information',
        message: `No recent unchanged install of ${pkg.name} to compare the rules with (${inference?.installs ?? 0} installs in the window).`,
        span: rule.keySpan,
        packageName: pkg.name,
      });
      continue;
    }
    for (const field of FIELDS) {
      const observed = observedFor(inference.defaults, field);
      const declared = rule.defaults[field];
      if (!observed || declared === undefined || observed.value === declared) continue;
      drift.push({
        packageKey: rule.key,
        packageName: pkg.name,
        field,
        declared,
        inferred: observed,
        severity: observed.confidence === 'low' ? 'information' : 'warning',
        message: driftMessage(pkg.name, field, declared, observed),
        span: rule.fieldSpans[field] ?? rule.keySpan,
      });
    }
  }
  for (const inference of inferences) {
    if (ruled.has(inference.packageId)) continue;
    notes.push({
      code: 'noRule',
      severity: 'information',
      message: `${inference.packageName} has no rule in this file.`,
      span: rules.documentSpan,
      packageName: inference.packageName,
    });
  }
  const located = violations.map((v) => ({ ...v, span: rules.policySpans[v.policy] ?? rules.documentSpan }));
  return {
    drift,
    violations: located,
    notes,
    failed: drift.some((d) => d.severity === 'warning') || located.length > 0 || notes.some((n) => n.severity === 'error'),
  };
}

/**
 * The audit as diagnostics on the rules file: one per drift, one per note, and one per broken
 * policy with its count (the licenses themselves belong in a list, not in the file).
 */
export function auditDiagnostics(audit: AuditResult): DiagnosticFinding[] {
  const out: DiagnosticFinding[] = [];
  for (const d of audit.drift) out.push({ code: `drift.${d.field}`, severity: d.severity, span: d.span, message: d.message, fixes: [] });
  for (const n of audit.notes) if (n.code !== 'noRule') out.push({ code: n.code, severity: n.severity, span: n.span, message: n.message, fixes: [] });
  const byPolicy = new Map<PolicyName, LocatedViolation[]>();
  for (const v of audit.violations) {
    const list = byPolicy.get(v.policy);
    if (list) list.push(v);
    else byPolicy.set(v.policy, [v]);
  }
  for (const [policy, list] of byPolicy) {
    const first = list[0];
    out.push({
      code: `policy.${policy}`,
      severity: 'warning',
      span: first.span,
      message: `${list.length.toLocaleString('en-US')} ${list.length === 1 ? 'license breaks' : 'licenses break'} ${policy}, e.g. ${first.licenseName}: ${first.message}`,
      fixes: [],
    });
  }
  return out;
}
