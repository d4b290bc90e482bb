/**
 * `lma-workbench lmo-dashboard verify` as a partner runs it (dist/cli.js, the demo LMO by alias): on an
 * org without the dashboard, step 5 is missing with the action, exit 1, and the product's figures are
 * `dashboard --json`'s for the same scope and day; deployed (the demo's Metadata API) it needs
 * attention until a person assigns the Home page, then it is done with every report's total equal
 * to the product's; a report that counts differently is named with both figures; bad input exits 2.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Schema, Validator } from '@cfworker/json-schema';
import { generateLmoDashboard } from '../../src/core/lmoDashboard/generate';
import { DEFAULT_OPTIONS } from '../../src/core/lmoDashboard/options';
import { control } from '../../src/demo/http/controlRoutes';
import { type DemoLmo } from '../../src/demo/http/server';
import { MetadataClient } from '../demo/metadataDeployClient';
import { metadataFiles, zipOf } from '../support/metadataZip';
import { ROOT, buildCli, runCli } from '../support/cli';
import { TODAY, loginWithCli, startDemo } from '../support/demoOrg';

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'lmo-dashboard-verify.schema.json'), 'utf8')) as Schema;

interface Verify {
  verdict: string;
  findings: { level: string; text: string }[];
  comparisons: { key: string; developerName: string; ours: number; theirs?: number; problem?: string }[];
  deployed: { reports: unknown[]; dashboard?: unknown; homePage?: unknown };
  action?: { kind: string; target?: string };
  apiCalls: number;
}

function parse(stdout: string): Verify {
  const value = JSON.parse(stdout) as Verify;
  const result = new Validator(schema, '7').validate(value);
  assert.ok(result.valid, JSON.stringify(result.errors.slice(0, 3)));
  return value;
}

describe('lma-workbench lmo-dashboard verify (dist/cli.js, demo LMO by alias)', function () {
  this.timeout(120_000);
  let dir: string;
  let demo: DemoLmo;
  const org = ['--target-org', 'lmodash-verify', '--today', TODAY];
  before(async () => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'lma-lmodash-verify-'));
    demo = await startDemo({ licenses: 400 });
    await loginWithCli(demo, 'lmodash-verify');
  });
  after(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an org without the dashboard: step 5 missing with the action, exit 1, and the product’s figures are dashboard --json’s', async () => {
    const run = await runCli(['lmo-dashboard', 'verify', ...org, '--json'], { cwd: dir });
    assert.equal(run.status, 1, run.stderr + run.stdout);
    const json = parse(run.stdout);
    assert.equal(json.verdict, 'missing');
    assert.match(json.findings.map((f) => f.text).join('\n'), /not in this LMO: generate them and deploy them/);
    assert.deepEqual(json.action, { kind: 'buildLmoDashboard', label: 'Build the Executive Dashboard…' });
    assert.deepEqual(json.deployed.reports, []);
    assert.ok(json.comparisons.every((c) => c.theirs === undefined && c.problem === 'not in the org'));

    const dashboard = await runCli(['dashboard', ...org, '--json'], { cwd: dir });
    assert.equal(dashboard.status, 0, dashboard.stderr);
    const m = (JSON.parse(dashboard.stdout) as { metrics: Record<string, unknown> }).metrics as {
      activeSubscribers: number;
      seats: number;
      siteLicenses: number;
      renewals: { licenses: number }[];
      churn: { churned: number };
    };
    const ours = Object.fromEntries(json.comparisons.map((c) => [c.key, c.ours]));
    assert.deepEqual(ours, {
      activeSubscribers: m.activeSubscribers,
      seats: m.seats,
      siteLicenses: m.siteLicenses,
      renewals0to30: m.renewals[0].licenses,
      renewals31to60: m.renewals[1].licenses,
      renewals61to90: m.renewals[2].licenses,
      churn: m.churn.churned,
    });
    assert.ok(m.activeSubscribers > 0 && m.seats > 0, 'the demo has customers to count');
  });

  it('says it in words without --json; a --source without lmo-dashboard.json, or an unknown subcommand, exits 2', async () => {
    const text = await runCli(['lmo-dashboard', 'verify', ...org], { cwd: dir });
    assert.equal(text.status, 1);
    assert.match(text.stdout, /^Step 5, the executives' dashboard in .*: Missing \(options from the defaults/);
    assert.match(text.stdout, /LMA_Seats\s+—\s+[\d,]+ {2}\(not in the org\)/);
    const noSource = await runCli(['lmo-dashboard', 'verify', '--source', join(dir, 'nowhere'), ...org]);
    assert.equal(noSource.status, 2);
    assert.match(noSource.stderr, /lmo-dashboard\.json cannot be read/);
    const bad = await runCli(['lmo-dashboard', 'deploy-now', ...org]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /generate, deploy, pin or verify/);
  });

  it('deployed: attention until the Home page is assigned, then done with every total equal; a report changed in the org differs with both figures', async () => {
    // What lmo-dashboard generate writes (history churn, so all seven totals are compared), in the workspace and in the org.
    const g = generateLmoDashboard({ ...DEFAULT_OPTIONS, churn: 'history' });
    const source = join(dir, 'deployed', 'lmo-dashboard');
    for (const f of g.files) {
      mkdirSync(dirname(join(source, f.path)), { recursive: true });
      writeFileSync(join(source, f.path), f.content);
    }
    const metadata = new MetadataClient(demo);
    const result = await metadata.deploy(await zipOf(metadataFiles(g)));
    assert.equal(result.status, 'Succeeded', JSON.stringify(result.details));
    const verify = async () => {
      const run = await runCli(['lmo-dashboard', 'verify', '--source', source, ...org, '--json']);
      return { status: run.status, json: parse(run.stdout) };
    };

    const unassigned = await verify();
    assert.equal(unassigned.status, 1);
    assert.equal(unassigned.json.verdict, 'attention');
    assert.match(
      unassigned.json.findings.map((f) => f.text).join('\n'),
      /LMA_Executive_Home is not assigned for the app standard__LightningSales and the profile System Administrator/,
    );
    assert.equal(unassigned.json.deployed.reports.length, 7);
    for (const c of unassigned.json.comparisons) assert.equal(c.theirs, c.ours, `${c.developerName}: the report's total against the product's`);
    assert.ok(unassigned.json.comparisons.some((c) => c.ours > 0 && c.key === 'seats'));

    // A person activates the page in Lightning App Builder for the app and profile the options name.
    control(demo, { action: 'activateHomePage', app: 'standard__LightningSales', profile: 'System Administrator', page: 'LMA_Executive_Home' });
    const done = await verify();
    assert.equal(done.status, 0, JSON.stringify(done.json.findings));
    assert.equal(done.json.verdict, 'done');
    assert.match(String(done.json.action?.target), /^\/lightning\/r\/Dashboard\/01Z\w{15}\/view$/);

    // Someone edits the Seats report in the org: it now counts trials' seats out.
    const files = metadataFiles(g);
    const seatsPath = Object.keys(files.files).find((p) => p.endsWith('LMA_Seats.report'))!;
    files.files[seatsPath] = files.files[seatsPath].replace('<value>Active,Trial</value>', '<value>Active</value>');
    assert.equal((await metadata.deploy(await zipOf(files))).status, 'Succeeded');
    const differs = await verify();
    assert.equal(differs.status, 1);
    assert.equal(differs.json.verdict, 'attention');
    const seats = differs.json.comparisons.find((c) => c.key === 'seats')!;
    assert.ok(seats.theirs !== undefined && seats.theirs < seats.ours, JSON.stringify(seats));
    assert.ok(
      differs.json.findings.some(
        (f) =>
          f.text ===
          `Seats (per-seat licenses): the report counts ${seats.theirs!.toLocaleString('en-US')}, this product ${seats.ours.toLocaleString('en-US')}.`,
      ),
      JSON.stringify(differs.json.findings),
    );
  });
});
