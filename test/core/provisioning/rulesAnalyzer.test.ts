/** The rules file in the editor (problems, audit lens) and step 4 of the setup checklist, from hand-built evidence. */
import * as assert from 'node:assert/strict';
import { type Package } from '../../../src/core/package';
import { type Observed, type PackageInference } from '../../../src/core/provisioning/inference';
import { type PolicyViolation } from '../../../src/core/provisioning/policies';
import { type ProvisioningEvidence, analyzeRulesFile, provisioningContribution } from '../../../src/core/provisioning/rulesAnalyzer';
import { aPackage } from '../../support/builders';

const BILLING: Package = aPackage({ id: 'a0P5g0000000001AAA', name: 'Acme Billing', packageId: '0335g0000000001AAA' });
const seen = <T>(value: T, count: number, of: number): Observed<T> => ({ value, count, of, confidence: 'high' });
const inference = (defaults: PackageInference['defaults'], sample = 1200): PackageInference => ({
  packageId: BILLING.id,
  packageName: BILLING.name,
  packageKey: BILLING.packageId ?? '',
  installs: 1500,
  unchanged: sample,
  sample,
  sampleFrom: undefined,
  sampleTo: undefined,
  sandboxes: { installs: 0, siteWide: 0 },
  defaults,
  confidence: 'high',
});
const violation = (policy: PolicyViolation['policy'], n: number, fix?: PolicyViolation['fix']): PolicyViolation => ({
  policy,
  licenseId: `a0L5g000000000${n}AAA`,
  licenseName: `L-0000${n}`,
  orgId: `00D5g000000000${n}`,
  subscriber: `Customer ${n}`,
  packageName: 'Acme Billing',
  message: `broken ${n}`,
  ...(fix ? { fix } : {}),
});
const TRIAL_30 = inference({ status: seen('Trial', 1200, 1200), trialDays: seen(30, 1200, 1200), seats: seen(10, 1200, 1200) });
const evidence = (over: Partial<ProvisioningEvidence> = {}): ProvisioningEvidence => ({
  packages: [BILLING],
  inferences: [TRIAL_30],
  violations: [],
  complete: true,
  ...over,
});
const MATCHING = `{ "packages": { "Acme Billing": { "status": "Trial", "trialDays": 30, "seats": 10 } }, "policies": { "seatsNeverBelowUsed": true } }`;
const DRIFTING = `{ "packages": { "Acme Billing": { "status": "Trial", "trialDays": 14, "seats": 10 } }, "policies": { "seatsNeverBelowUsed": true } }`;

describe('the provisioning rules file in the editor', () => {
  it('underlines schema problems as errors and audits nothing until the file parses', () => {
    const text = `{ "packages": { "Acme Billing": { "status": "Trial", "trialDays": "thirty", "seats": 10 } } }`;
    const analysis = analyzeRulesFile(text, evidence());
    assert.equal(analysis.audit, undefined);
    assert.deepEqual(analysis.findings.lenses, []);
    assert.equal(analysis.findings.diagnostics.length, 1);
    for (const d of analysis.findings.diagnostics) {
      assert.equal(d.code, 'rules.schema');
      assert.equal(d.severity, 'error');
      assert.deepEqual(d.fixes, []);
    }
    const [problem] = analysis.findings.diagnostics;
    assert.equal(text.slice(problem.span.offset, problem.span.offset + problem.span.length), '"thirty"');
  });

  it('says nothing about a valid file before the evidence is loaded', () => {
    const analysis = analyzeRulesFile(MATCHING, undefined);
    assert.equal(analysis.audit, undefined);
    assert.deepEqual(analysis.findings, { diagnostics: [], lenses: [], hovers: [] });
  });

  it('puts a lens on the file saying what it was audited against, with drift and violations counted', () => {
    const analysis = analyzeRulesFile(DRIFTING, evidence({ violations: [violation('seatsNeverBelowUsed', 1)] }));
    assert.ok(analysis.audit);
    assert.deepEqual(
      analysis.findings.lenses.map((l) => [l.title, l.action, l.span]),
      [
        [
          'Audited against 1,200 recent installs: 1 drift, 1 policy violations',
          { kind: 'command', id: 'lma.auditProvisioningRules' },
          { offset: 0, length: 0 },
        ],
      ],
    );
    assert.deepEqual(
      analysis.findings.diagnostics.map((d) => d.code),
      ['drift.trialDays', 'policy.seatsNeverBelowUsed'],
    );
  });

  it('does not count low-confidence differences as drift, and says when the policy candidates were capped', () => {
    const few = inference({ status: seen('Trial', 5, 5), trialDays: { value: 21, count: 3, of: 5, confidence: 'low' }, seats: seen(10, 5, 5) }, 5);
    const analysis = analyzeRulesFile(DRIFTING, evidence({ inferences: [few], complete: false }));
    assert.equal(analysis.findings.lenses[0].title, 'Audited against 5 recent installs: 0 drift, 0 policy violations (first 20,000 candidates per policy)');
  });

  it('offers to fix policy violations only when one has a fix that follows from its policy', () => {
    const titles = (violations: PolicyViolation[]) => analyzeRulesFile(MATCHING, evidence({ violations })).findings.lenses.map((l) => l.title);
    assert.equal(titles([violation('seatsAlwaysSet', 1)]).length, 1);
    const fixable = analyzeRulesFile(MATCHING, evidence({ violations: [violation('seatsAlwaysSet', 1), violation('seatsNeverBelowUsed', 2, { seats: 9 })] }));
    assert.deepEqual(
      fixable.findings.lenses.slice(1).map((l) => [l.title, l.action]),
      [['Fix policy violations…', { kind: 'command', id: 'lma.fixPolicyViolations' }]],
    );
  });
});

describe('step 4 of the setup checklist (provisioning defaults)', () => {
  it('without a rules file: unverifiable, with the inferred defaults per package and the Partner Console to open', () => {
    const step = provisioningContribution(evidence(), undefined, undefined);
    assert.equal(step.verdict, 'unverifiable');
    assert.deepEqual(
      step.findings.map((f) => f.level),
      ['unverifiable'],
    );
    assert.match(step.findings[0].text, /^The defaults live in the Partner Console \(no API\)/);
    assert.deepEqual(step.action, { kind: 'openUrl', label: 'Open the Partner Console', target: 'https://partners.salesforce.com/' });
    assert.equal(step.evidence.length, 1);
    assert.equal(step.evidence[0].label, 'Acme Billing');
    assert.equal(step.evidence[0].source, 'recent non-sandbox installs with no change in License history');
    const parts = step.evidence[0].detail.split('; ');
    assert.equal(parts.length, 3);
    assert.match(parts[0], /\(1200 of the last 1200 installs, high confidence\)$/);
    assert.match(parts[1], /^30-day trial /);
  });

  it('says when no recent install went unchanged', () => {
    const step = provisioningContribution(evidence({ inferences: [{ ...inference(undefined, 0), installs: 7 }] }), undefined, undefined);
    assert.equal(step.evidence[0].detail, 'no recent unchanged install (7 installs in the window)');
  });

  it('with a rules file that does not parse: attention, fix the file', () => {
    const step = provisioningContribution(evidence(), undefined, '.lma/provisioning.json');
    assert.equal(step.verdict, 'attention');
    assert.deepEqual(
      step.findings.map((f) => [f.level, f.text]),
      [['attention', '.lma/provisioning.json does not parse: fix it to audit the defaults.']],
    );
    assert.equal(step.action, undefined);
  });

  it('done when recent installs match the rules and no live license breaks a policy', () => {
    const audit = analyzeRulesFile(MATCHING, evidence()).audit;
    const step = provisioningContribution(evidence(), audit, '.lma/provisioning.json');
    assert.equal(step.verdict, 'done');
    assert.deepEqual(
      step.findings.map((f) => [f.level, f.text]),
      [['done', 'Recent installs match .lma/provisioning.json, and every live license meets its policies.']],
    );
  });

  it('attention on drift, and one finding per broken policy with its count', () => {
    const violations = [violation('seatsNeverBelowUsed', 1), violation('seatsNeverBelowUsed', 2), violation('seatsAlwaysSet', 3)];
    const ev = evidence({ violations });
    const step = provisioningContribution(ev, analyzeRulesFile(DRIFTING, ev).audit, '.lma/provisioning.json');
    assert.equal(step.verdict, 'attention');
    assert.deepEqual(
      step.findings.map((f) => [f.level, f.text.replace(/^The last .*/, 'drift')]),
      [
        ['attention', 'drift'],
        ['attention', '2 licenses break the seatsNeverBelowUsed policy.'],
        ['attention', '1 license breaks the seatsAlwaysSet policy.'],
      ],
    );
  });

  it('low-confidence differences are information, and alone leave the step done', () => {
    const few = inference({ status: seen('Trial', 5, 5), trialDays: { value: 21, count: 3, of: 5, confidence: 'low' }, seats: seen(10, 5, 5) }, 5);
    const ev = evidence({ inferences: [few] });
    const step = provisioningContribution(ev, analyzeRulesFile(DRIFTING, ev).audit, '.lma/provisioning.json');
    assert.equal(step.verdict, 'done');
    assert.deepEqual(
      step.findings.map((f) => f.level),
      ['info'],
    );
  });
});
