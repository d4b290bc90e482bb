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
import { ROOT, buildCli, runCli } from '../support/cli';
import { parseXml, textOf } from '../support/xmlTree';

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'lmo-dashboard.schema.json'), 'utf8')) as Schema;

interface Json {
  out: string;
  files: { path: string; state: string }[];
  components: { type: string; fullName: string }[];
  options: { dashboardTitle: string; churn: string; runningUser: { kind: string; username?: string }; profile: string };
  homePageAssignment: { app: string; profile: string; flexiPage: string };
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
