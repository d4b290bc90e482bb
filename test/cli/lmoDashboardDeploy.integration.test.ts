/**
 * `lma-workbench lmo-dashboard deploy` as a partner runs it (dist/cli.js, the demo LMO by alias): a dry
 * run the org validates and writes nothing, then the deploy with each component's outcome and step 5
 * read back; a re-deploy changes in place; a file that is not its own, or a report the org refuses,
 * deploys nothing.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoLmo } from '../../src/demo/http/server';
import { buildCli, runCli } from '../support/cli';
import { TODAY, loginWithCli, startDemo } from '../support/demoOrg';

interface Component {
  type: string;
  fullName: string;
  state: string;
  problem?: string;
}
interface DeployJson {
  dryRun: boolean;
  validation: { success: boolean; components: Component[] };
  deploy?: { success: boolean; status: string; components: Component[] };
  verify?: { verdict: string; findings: { level: string; text: string }[] };
}

describe('lma-workbench lmo-dashboard deploy (dist/cli.js, demo LMO by alias)', function () {
  this.timeout(180_000);
  let dir: string;
  let out: string;
  let demo: DemoLmo;
  const org = ['--target-org', 'lmodash-deploy', '--today', TODAY];
  const deploy = async (...more: string[]) => {
    const run = await runCli(['lmo-dashboard', 'deploy', '--source', out, ...org, '--json', ...more]);
    return { status: run.status, stderr: run.stderr, stdout: run.stdout, json: run.status === 2 ? undefined : (JSON.parse(run.stdout) as DeployJson) };
  };
  before(async () => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'lma-lmodash-deploy-'));
    out = join(dir, 'lmo-dashboard');
    demo = await startDemo({ licenses: 300 });
    await loginWithCli(demo, 'lmodash-deploy');
    const generate = await runCli(['lmo-dashboard', 'generate', '--out', out, '--churn', 'history']);
    assert.equal(generate.status, 0, generate.stderr);
  });
  after(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without --yes: the org validates every component as new, and nothing is written', async () => {
    const dry = await deploy();
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(dry.json?.dryRun, true);
    assert.equal(dry.json?.validation.components.length, 11);
    assert.ok(
      dry.json?.validation.components.every((c) => c.state === 'Created'),
      JSON.stringify(dry.json?.validation.components),
    );
    assert.equal(demo.metadata.reports().length, 0, 'a dry run writes nothing');
  });

  it('with --yes: each component created, queryable, and step 5 read back (the Home page waits for its assignment)', async () => {
    const run = await deploy('--yes');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.json?.deploy?.status, 'Succeeded');
    assert.deepEqual(run.json?.deploy?.components.map((c) => `${c.state} ${c.type} ${c.fullName}`).slice(0, 3), [
      'Created ReportFolder LMA_Executive_Reports',
      'Created Report LMA_Executive_Reports/LMA_Active_Subscribers',
      'Created Report LMA_Executive_Reports/LMA_Seats',
    ]);
    assert.equal(demo.metadata.reports().length, 7);
    assert.equal(demo.metadata.dashboards().length, 1);
    assert.equal(run.json?.verify?.verdict, 'attention');
    assert.match(run.json?.verify?.findings.map((f) => f.text).join('\n') ?? '', /LMA_Executive_Home is not assigned/);
    const text = await runCli(['lmo-dashboard', 'deploy', '--source', out, ...org, '--yes']);
    assert.match(text.stdout, /To pin the Home page for "System Administrator" in standard__LightningSales: lma-workbench lmo-dashboard pin --source /);
  });

  it('a re-deploy changes the same components in place', async () => {
    const ids = demo.metadata.reports().map((r) => r.id);
    const run = await deploy('--yes');
    assert.equal(run.status, 0, run.stderr);
    assert.ok(
      run.json?.deploy?.components.every((c) => c.state === 'Changed'),
      JSON.stringify(run.json?.deploy?.components),
    );
    assert.deepEqual(
      demo.metadata.reports().map((r) => r.id),
      ids,
    );
  });

  it('a report the org refuses: the dry run says which and why, exit 1, nothing written; a file that is not its own exits 2', async () => {
    const path = join(out, 'reports', 'LMA_Executive_Reports', 'LMA_Seats.report-meta.xml');
    const original = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, original.replace('<field>CUST_NAME</field>', '<field>CUST_NOPE</field>'));
      const refused = await deploy('--yes');
      assert.equal(refused.status, 1, refused.stderr);
      assert.equal(refused.json?.dryRun, true, 'refused at validation: no deploy was started');
      const seats = refused.json?.validation.components.find((c) => c.fullName === 'LMA_Executive_Reports/LMA_Seats');
      assert.equal(seats?.state, 'Failed');
      assert.match(seats?.problem ?? '', /CUST_NOPE/);
      assert.match(readFileSync(path, 'utf8'), /CUST_NOPE/, 'the file is left as it is');
      writeFileSync(path, original.replace(/^<!--[^>]*-->\n?/m, ''));
      const foreign = await deploy('--yes');
      assert.equal(foreign.status, 2);
      assert.match(foreign.stdout + foreign.stderr, /was not generated by lma-workbench/);
    } finally {
      writeFileSync(path, original);
    }
  });
});
