/** `lma-workbench checklist` as a partner runs it in CI: a child process on a CLI login of a demo LMO. */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo';
import { buildCli, ROOT, runCli } from '../support/cli';
import { loginWithCli, startDemo } from '../support/demoOrg';
import { HOSTILE_NAMES } from '../support/hostile';
import { join } from 'node:path';

interface ChecklistJson {
  org: string;
  apiCalls: number;
  needsFixing: string[];
  steps: { id: string; number: number; verdict: string; summary: string; findings: { level: string; text: string }[]; action?: { kind: string } }[];
  gotchas: { id: string; level: string; text: string }[];
}

describe('lma-workbench checklist (dist/cli.js)', function () {
  this.timeout(120_000);
  let demo: DemoLmo;
  before(async () => {
    buildCli();
    demo = await startDemo({ licenses: 1000, username: 'admin@checklist-lmo.demo' });
    await loginWithCli(demo, 'checklist-lmo');
  });
  after(() => demo.close());

  it('exits 1 when a step is broken, naming it, and prints every step with its verdict', async () => {
    const run = await runCli(['checklist', '--target-org', 'checklist-lmo']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^LMA setup checklist for checklist-lmo/);
    assert.match(run.stdout, /✖ 3\. Packages linked to the LMA: Broken\./);
    assert.match(run.stdout, /→ Open Acme Field Service: \/lightning\/r\/sfLma__Package__c\/\w{18}\/view/);
    assert.match(run.stdout, /\? 4\. Provisioning defaults: Cannot be verified\./);
    assert.equal((run.stdout.match(/^. \d\. /gm) ?? []).length, 6);
    assert.match(run.stderr, /1 step missing or broken: 3\./);
  });

  it('exits 0 once nothing is missing or broken (attention alone passes), and the JSON says what it cost', async () => {
    demo.setSetup([]);
    try {
      const run = await runCli(['checklist', '--target-org', 'checklist-lmo', '--json']);
      assert.equal(run.status, 0, run.stderr);
      const out = JSON.parse(run.stdout) as ChecklistJson;
      assert.equal(out.apiCalls, 3);
      assert.deepEqual(out.needsFixing, []);
      assert.deepEqual(
        out.steps.map((s) => s.verdict),
        ['done', 'attention', 'done', 'unverifiable', 'unverifiable', 'done'],
      );
    } finally {
      demo.setSetup(['lead-manager-inactive']);
    }
  });

  it('--verify-dashboard: step 5 verified in the org — missing here, with the action to build it, and it counts toward the exit code', async () => {
    demo.setSetup([]);
    try {
      const run = await runCli(['checklist', '--target-org', 'checklist-lmo', '--verify-dashboard', '--json']);
      assert.equal(run.status, 1, run.stderr);
      const out = JSON.parse(run.stdout) as ChecklistJson;
      const step5 = out.steps.find((s) => s.id === 'dashboard');
      assert.equal(step5?.verdict, 'missing');
      assert.equal(step5?.action?.kind, 'buildLmoDashboard');
      assert.match(step5?.findings[0].text ?? '', /not in this LMO: generate them and deploy them/);
      assert.deepEqual(out.needsFixing, ['dashboard']);
      assert.ok(out.apiCalls > 3, `the verification's calls are counted: ${out.apiCalls}`);
    } finally {
      demo.setSetup(['lead-manager-inactive']);
    }
  });

  it('exits 0 on a before-update-only trigger (attention, with the reason), 1 on a before-insert trigger on Package Version', async () => {
    const updateOnly = await runCli(['checklist', '--demo', '--licenses', '100', '--demo-setup', 'before-update-trigger', '--json']);
    assert.equal(updateOnly.status, 0, updateOnly.stderr);
    const out = JSON.parse(updateOnly.stdout) as ChecklistJson;
    assert.deepEqual(out.needsFixing, []);
    const billing = out.steps.find((s) => s.id === 'billing');
    assert.equal(billing?.verdict, 'attention');
    assert.ok(billing?.findings.some((f) => f.level === 'attention' && /LicenseAuditStamp runs before update on License, not on create/.test(f.text)));
    const version = await runCli(['checklist', '--demo', '--licenses', '100', '--demo-setup', 'package-version-trigger']);
    assert.equal(version.status, 1, version.stderr);
    assert.match(version.stdout, /✖ 6\. Billing integration: Broken\./);
    assert.match(version.stdout, /✖ Apex trigger VersionNaming runs before insert on Package Version/);
    assert.match(version.stderr, /1 step missing or broken: 6\./);
  });

  it('exits 0 on a Developer Edition org (step 1 needs attention) and prints step 5 as cannot be verified, with what to check', async () => {
    const run = await runCli(['checklist', '--demo', '--licenses', '100', '--demo-setup', 'developer-edition']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /! 1\. The License Management Org: Needs attention\. Not an edition the LMA is documented for\./);
    assert.match(run.stdout, /! This org is Developer Edition\./);
    assert.match(run.stdout, /\? 5\. The install-base dashboard: Cannot be verified\. Check by hand/);
    assert.match(run.stdout, /\? Check by hand, in the LMO \(Dashboards, \/lightning\/o\/Dashboard\/home\)/);
  });

  it("checks the project's packages: one the LMO does not have is named", async () => {
    const run = await runCli(['checklist', '--target-org', 'checklist-lmo', '--json', '--project', join(ROOT, 'samples', 'acme-packages')]);
    const out = JSON.parse(run.stdout) as ChecklistJson;
    const packages = out.steps.find((s) => s.id === 'packages');
    assert.ok(packages?.findings.some((f) => f.level === 'attention' && f.text.startsWith('Acme Payroll (in sfdx-project.json) is not linked')));
  });

  it('runs on the embedded demo with setup breaks, and refuses an unknown break with exit 2', async () => {
    const broken = await runCli(['checklist', '--demo', '--licenses', '100', '--demo-setup', 'sandbox,no-billing', '--json']);
    assert.equal(broken.status, 1);
    // A list replaces the default break (the inactive lead manager) unless it names "default".
    assert.deepEqual((JSON.parse(broken.stdout) as ChecklistJson).needsFixing, ['lmo', 'billing']);
    const typo = await runCli(['checklist', '--demo', '--demo-setup', 'before-triger']);
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /Unknown setup break "before-triger"; known: none, default, sandbox/);
  });

  it('keeps customer text inert in the terminal: no escape sequences from org data', async () => {
    const flow = demo.store.rows('FlowDefinitionView').find((f) => f.ApiName === 'License_Renewal_Notice');
    assert.ok(flow);
    const label = flow.Label;
    flow.Label = `${HOSTILE_NAMES[0]} \u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u001b[2J`;
    try {
      const run = await runCli(['checklist', '--target-org', 'checklist-lmo']);
      assert.equal(run.stdout.includes('\u001b'), false, 'no escape character reaches the terminal');
      assert.match(run.stdout, /flow “/);
    } finally {
      flow.Label = label;
    }
  });

  it('says the LMA is missing as a step, not as a crash (exit 1, not 4)', async () => {
    demo.setLmaInstalled(false);
    try {
      const run = await runCli(['checklist', '--target-org', 'checklist-lmo', '--json']);
      assert.equal(run.status, 1, run.stderr);
      const out = JSON.parse(run.stdout) as ChecklistJson;
      assert.deepEqual(out.needsFixing, ['lmaApp', 'packages', 'dashboard']);
    } finally {
      demo.setLmaInstalled(true);
    }
  });
});
