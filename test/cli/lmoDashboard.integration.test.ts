/**
 * `lma-workbench lmo-dashboard generate` as a partner runs it (dist/cli.js in a child process, no org):
 * the files land in the folder, --json matches its schema, a re-run remembers the options and changes
 * nothing, a file that is not its own stops the run before anything is written, and bad options exit 2.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type Schema, Validator } from '@cfworker/json-schema';
import { type DemoLmo } from '../../src/demo/http/server';
import { DEFAULT_SETUP_BREAKS } from '../../src/demo/setup';
import { ROOT, buildCli, runCli } from '../support/cli';
import { loginWithCli, startDemo } from '../support/demoOrg';
import { parseXml, textOf } from '../support/xmlTree';

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'lmo-dashboard.schema.json'), 'utf8')) as Schema;

interface Json {
  out: string;
  files: { path: string; state: string }[];
  components: { type: string; fullName: string }[];
  options: { dashboardTitle: string; churn: string; runningUser: { kind: string; username?: string }; profile: string };
  homePageAssignment: { app: string; profile: string; flexiPage: string };
  churnChoice: { mode: string; source: string; reason: string };
}

function parse(stdout: string): Json {
  const value = JSON.parse(stdout) as Json;
  const result = new Validator(schema, '7').validate(value);
  assert.ok(result.valid, JSON.stringify(result.errors.slice(0, 3)));
  return value;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

describe('lma-workbench lmo-dashboard generate (dist/cli.js)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'lma-lmodash-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the reports, dashboard, Home page and options file; --json follows the schema; a re-run remembers the options and changes nothing', async () => {
    const out = join(dir, 'first');
    const args = [
      'lmo-dashboard',
      'generate',
      '--out',
      out,
      '--title',
      'Board <"Q1"> & co',
      '--running-user',
      'ceo@acme.example',
      '--profile',
      'Executives',
      '--churn',
      'history',
    ];
    const run = await runCli([...args, '--json']);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const json = parse(run.stdout);
    assert.equal(json.files.length, 12);
    assert.ok(json.files.every((f) => f.state === 'new'));
    assert.deepEqual(filesUnder(out), json.files.map((f) => f.path).sort());
    assert.equal(json.components.filter((c) => c.type === 'Report').length, 7);
    assert.deepEqual(json.homePageAssignment, {
      ...json.homePageAssignment,
      profile: 'Executives',
      app: 'standard__LightningSales',
      flexiPage: 'LMA_Executive_Home',
    });
    const dashboard = parseXml(readFileSync(join(out, 'dashboards/LMA_Executive_Dashboards/LMA_Install_Base.dashboard-meta.xml'), 'utf8'));
    assert.equal(textOf(dashboard, 'title'), 'Board <"Q1"> & co');
    assert.equal(textOf(dashboard, 'runningUser'), 'ceo@acme.example');

    // No flags but --out: the options come back from lmo-dashboard.json, and nothing changes on disk.
    const before = filesUnder(out).map((f) => readFileSync(join(out, f), 'utf8'));
    const again = await runCli(['lmo-dashboard', 'generate', '--out', out, '--json']);
    assert.equal(again.status, 0, again.stderr + again.stdout);
    const second = parse(again.stdout);
    assert.ok(
      second.files.every((f) => f.state === 'unchanged'),
      JSON.stringify(second.files),
    );
    assert.equal(second.options.dashboardTitle, 'Board <"Q1"> & co');
    assert.equal(second.options.churn, 'history');
    assert.deepEqual(second.options.runningUser, { kind: 'user', username: 'ceo@acme.example' });
    assert.deepEqual(
      filesUnder(out).map((f) => readFileSync(join(out, f), 'utf8')),
      before,
    );

    // A changed option rewrites only what it touches.
    const dynamic = await runCli(['lmo-dashboard', 'generate', '--out', out, '--dynamic']);
    assert.equal(dynamic.status, 0, dynamic.stderr);
    assert.match(dynamic.stdout, /updated\s+dashboards\/LMA_Executive_Dashboards\/LMA_Install_Base\.dashboard-meta\.xml/);
    assert.match(dynamic.stdout, /unchanged\s+reports\/LMA_Executive_Reports\/LMA_Seats\.report-meta\.xml/);
    assert.equal(
      textOf(parseXml(readFileSync(join(out, 'dashboards/LMA_Executive_Dashboards/LMA_Install_Base.dashboard-meta.xml'), 'utf8')), 'dashboardType'),
      'LoggedInUser',
    );
  });

  it('refuses to overwrite a file it did not generate, and writes nothing at all (exit 2)', async () => {
    const out = join(dir, 'foreign');
    mkdirSync(join(out, 'reports', 'LMA_Executive_Reports'), { recursive: true });
    const theirs = '<?xml version="1.0" encoding="UTF-8"?>\n<Report xmlns="http://soap.sforce.com/2006/04/metadata"><name>Hand-made</name></Report>\n';
    const path = join(out, 'reports/LMA_Executive_Reports/LMA_Seats.report-meta.xml');
    writeFileSync(path, theirs);
    const run = await runCli(['lmo-dashboard', 'generate', '--out', out, '--json']);
    assert.equal(run.status, 2, run.stdout);
    const error = (JSON.parse(run.stdout) as { error: { message: string } }).error;
    assert.match(error.message, /LMA_Seats\.report-meta\.xml/);
    assert.match(error.message, /not generated by lma-workbench/);
    assert.equal(readFileSync(path, 'utf8'), theirs);
    assert.deepEqual(filesUnder(out), ['reports/LMA_Executive_Reports/LMA_Seats.report-meta.xml']);
    assert.equal(existsSync(join(out, 'lmo-dashboard.json')), false);
  });

  it('bad options exit 2 with the reason; no subcommand or no --out is a usage error', async () => {
    const bad = await runCli(['lmo-dashboard', 'generate', '--out', join(dir, 'bad'), '--folder', '__', '--churn-days', '0']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--churn-days must be a whole number from 1 to 365/);
    const user = await runCli(['lmo-dashboard', 'generate', '--out', join(dir, 'bad'), '--running-user', 'ceo', '--dynamic']);
    assert.equal(user.status, 2);
    assert.match(user.stderr, /pick one/);
    const noOut = await runCli(['lmo-dashboard', 'generate']);
    assert.equal(noOut.status, 2);
    assert.match(noOut.stderr, /--out <dir> is needed/);
    const noSub = await runCli(['lmo-dashboard']);
    assert.equal(noSub.status, 2);
    assert.match(noSub.stderr, /lmo-dashboard generate/);
    assert.equal(existsSync(join(dir, 'bad')), false);
  });
});

describe('lma-workbench lmo-dashboard generate --churn auto against an org (dist/cli.js, demo LMO by alias)', function () {
  this.timeout(120_000);
  let dir: string;
  let demo: DemoLmo;
  const CHURN = 'reports/LMA_Executive_Reports/LMA_Churn.report-meta.xml';
  const reportType = (out: string) => textOf(parseXml(readFileSync(join(out, CHURN), 'utf8')), 'reportType');
  before(async () => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'lma-lmodash-org-'));
    demo = await startDemo({ licenses: 100 });
    await loginWithCli(demo, 'lmodash-lmo');
  });
  after(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => demo.setSetup(DEFAULT_SETUP_BREAKS));

  it('history tracked on License Status: the churn report is the history one, and the output says it was detected and how', async () => {
    const out = join(dir, 'tracked');
    const run = await runCli(['lmo-dashboard', 'generate', '--out', out, '--target-org', 'lmodash-lmo', '--json']);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const json = parse(run.stdout);
    assert.deepEqual([json.churnChoice.mode, json.churnChoice.source, json.options.churn], ['history', 'detected', 'history']);
    assert.match(json.churnChoice.reason, /IsFieldHistoryTracked is true/);
    assert.equal(reportType(out), 'CustomEntityHistory$sfLma__License__c');
    const text = await runCli(['lmo-dashboard', 'generate', '--out', join(dir, 'tracked-text'), '--target-org', 'lmodash-lmo']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Churn report: history \(detected: .*License Status history is tracked\)/);
  });

  it('not tracked: the approximation, labelled so in the report and said why; an explicit --churn still wins', async () => {
    demo.setSetup(['no-status-history']);
    const out = join(dir, 'untracked');
    const run = await runCli(['lmo-dashboard', 'generate', '--out', out, '--target-org', 'lmodash-lmo', '--json']);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const json = parse(run.stdout);
    assert.deepEqual([json.churnChoice.mode, json.churnChoice.source], ['approximation', 'detected']);
    assert.match(json.churnChoice.reason, /not tracked/);
    assert.equal(reportType(out), 'CustomEntity$sfLma__License__c');
    assert.match(readFileSync(join(out, CHURN), 'utf8'), /<name>Churn, approximation/);
    const forced = await runCli(['lmo-dashboard', 'generate', '--out', join(dir, 'forced'), '--target-org', 'lmodash-lmo', '--churn', 'history', '--json']);
    assert.deepEqual(parse(forced.stdout).churnChoice, { mode: 'history', source: 'flag', reason: '--churn history' });
  });

  it('cannot be read (no View Setup): the approximation, with the reason; no org: the approximation, saying no org was given; auto without one exits 2', async () => {
    demo.setSetup(['no-view-setup']);
    const refused = await runCli(['lmo-dashboard', 'generate', '--out', join(dir, 'refused'), '--target-org', 'lmodash-lmo', '--json']);
    assert.equal(refused.status, 0, refused.stderr + refused.stdout);
    const json = parse(refused.stdout);
    assert.equal(json.churnChoice.mode, 'approximation');
    assert.match(json.churnChoice.reason, /Cannot tell .*INVALID_TYPE/);
    const offline = await runCli(['lmo-dashboard', 'generate', '--out', join(dir, 'offline'), '--json']);
    assert.equal(offline.status, 0, offline.stderr);
    assert.deepEqual([parse(offline.stdout).churnChoice.mode, parse(offline.stdout).churnChoice.source], ['approximation', 'default']);
    assert.match(parse(offline.stdout).churnChoice.reason, /no org given/);
    const auto = await runCli(['lmo-dashboard', 'generate', '--out', join(dir, 'auto'), '--churn', 'auto']);
    assert.equal(auto.status, 2);
    assert.match(auto.stderr, /--target-org/);
  });
});
