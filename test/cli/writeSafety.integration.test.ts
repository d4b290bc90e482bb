/**
 * The write paths against hostile input, as a user runs them (dist/cli.js against a demo LMO through
 * the CLI's login): secrets in Salesforce's errors, an undo run twice, cut-offs, a byte order mark,
 * a journal run without an org id (docs/salesforce/write-safety.md).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoLmo } from '../../src/demo';
import { TODAY, loginWithCli, startDemo } from '../support/demoOrg';
import { buildCli, runCli } from '../support/cli';
import { editableLicenses } from '../support/licenses';

const SECRET = 'AQ0AQH0dMHZfz972Szy0cq5C2L6hN.Zy5xW2sNXdFVqb5lbVbb1FHWaXbMbBUXgp.hlWX5KVXSvxJ5HjQwZhGmEpEhrbIjaY';

const cliIn = (cwd: string | undefined, ...args: string[]) => runCli([...args, '--today', TODAY], { cwd, timeoutMs: 90_000 });
const cli = (...args: string[]) => cliIn(undefined, ...args);

describe('lma-workbench write paths against hostile input (dist/cli.js)', function () {
  this.timeout(180_000);
  let dir: string;
  let demo: DemoLmo;
  let alias: string;
  let n = 0;

  before(() => {
    buildCli();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lma-cli-write-safety-'));
    alias = `write-safety-lmo-${++n}`;
    demo = await startDemo({ licenses: 1500, username: `admin@${alias}.demo` });
    await loginWithCli(demo, alias);
  });
  afterEach(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // At least one seat: 0 seats is a cut-off, which asks for the typed confirmation.
  const editable = (count: number) => editableLicenses(demo, count, 1);
  const planFile = (changes: object[], prefix = '') => {
    const file = join(dir, `plan-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, `${prefix}${JSON.stringify({ description: 'write safety', changes })}`);
    return file;
  };
  const state = () => join(dir, 'state');
  const write = (plan: string, ...extra: string[]) =>
    cli('licenses', 'modify', '--target-org', alias, '--plan', plan, '--state-dir', state(), '--yes', '--through-api', ...extra);

  it('never stores or prints the session id a Salesforce error carries, in any shape', async () => {
    const [license] = editable(1);
    demo.faults.failRecords({
      ids: [license.Id as string],
      errorCode: 'INVALID_SESSION_ID',
      message: `Session ${demo.orgId}!${SECRET} expired; token tail !${SECRET.slice(4)}; Authorization: Bearer ${SECRET.slice(2, 60)}`,
    });
    const plan = planFile([{ license: license.Id, extendDays: 30 }]);
    for (const run of [await write(plan, '--json'), await write(plan)]) {
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /INVALID_SESSION_ID/);
      assert.ok(!run.stdout.includes(SECRET.slice(10, 30)) && !run.stderr.includes(SECRET.slice(10, 30)), run.stdout);
      assert.match(run.stdout, /<redacted>/);
    }
    const journal = readFileSync(join(state(), 'license-changes.jsonl'), 'utf8');
    assert.match(journal, /INVALID_SESSION_ID/);
    assert.ok(!journal.includes(SECRET.slice(10, 30)), 'the journal holds no part of the secret');
  });

  it('undo of a run already undone says so and leaves alone a license someone changed back since', async () => {
    const [license] = editable(1);
    const seats = Number(license.sfLma__Seats__c);
    const written = JSON.parse((await write(planFile([{ license: license.Id, seats: seats + 5 }]), '--json')).stdout) as { runId: string };
    const undo = (...extra: string[]) => cli('licenses', 'undo', '--target-org', alias, '--journal-entry', written.runId, '--state-dir', state(), ...extra);
    const first = await undo('--yes', '--through-api');
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.equal(license.sfLma__Seats__c, seats);
    // Someone else sets the same value again.
    license.sfLma__Seats__c = seats + 5;

    const again = await undo('--yes', '--through-api', '--json');
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.match(again.stderr, new RegExp(`Run ${written.runId} was already undone by run \\S+ \\(all 1 record\\)`));
    assert.match(again.stderr, /Left alone: .*: Already undone by run \S+\./);
    const out = JSON.parse(again.stdout) as { licenses: number; alreadyUndoneBy: string[] };
    assert.equal(out.licenses, 0);
    assert.equal(out.alreadyUndoneBy.length, 1);
    assert.equal(license.sfLma__Seats__c, seats + 5, 'the other person’s change stays');
  });

  it('asks the typed confirmation for 0 seats and for an expiration in the past, as for a suspension', async () => {
    const [a, b] = editable(2);
    for (const change of [
      { license: a.Id, seats: 0 },
      { license: b.Id, expiration: '2026-01-01' },
    ]) {
      const run = await write(planFile([change]));
      assert.equal(run.status, 2, run.stdout + run.stderr);
      const orgId = (change.license === a.Id ? a : b).sfLma__Subscriber_Org_ID__c as string;
      assert.match(run.stderr, new RegExp(`Re-run with --yes --confirm ${orgId}`));
    }
    assert.notEqual(a.sfLma__Seats__c, 0);
    const confirmed = await write(planFile([{ license: a.Id, seats: 0 }]), '--confirm', a.sfLma__Subscriber_Org_ID__c as string);
    assert.equal(confirmed.status, 0, confirmed.stdout + confirmed.stderr);
    assert.equal(a.sfLma__Seats__c, 0);
  });

  it('refuses an expiration beyond what a Salesforce date holds, naming the range', async () => {
    const [license] = editable(1);
    const run = await write(planFile([{ license: license.Id, expiration: '9999-12-31' }]));
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /outside what a Salesforce date field holds \(1700-01-01 to 4000-12-31\)/);
  });

  it('reads a plan file that starts with a byte order mark', async () => {
    const [license] = editable(1);
    const run = await cli('licenses', 'modify', '--target-org', alias, '--plan', planFile([{ license: license.Id, extendDays: 30 }], '\uFEFF'));
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Dry run: nothing was written/);
  });

  it('does not undo a journaled run that has no org id, and says why', async () => {
    const [license] = editable(1);
    const written = JSON.parse((await write(planFile([{ license: license.Id, extendDays: 30 }]), '--json')).stdout) as { runId: string };
    const file = join(state(), 'license-changes.jsonl');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => (line ? JSON.stringify({ ...(JSON.parse(line) as object), orgId: undefined }) : line))
        .join('\n'),
    );
    const expiration = license.sfLma__Expiration__c;
    const undo = await cli('licenses', 'undo', '--target-org', alias, '--journal-entry', written.runId, '--state-dir', state(), '--yes', '--through-api');
    assert.equal(undo.status, 2, undo.stdout + undo.stderr);
    assert.match(undo.stderr, new RegExp(`Run ${written.runId} has no org id in the journal, so it cannot be checked against ${alias}: it is not undone\\.`));
    assert.equal(license.sfLma__Expiration__c, expiration);
  });

  it('names the file and line of a damaged journal instead of failing with a TypeError', async () => {
    const file = join(state(), 'license-changes.jsonl');
    rmSync(state(), { recursive: true, force: true });
    execFileSync('mkdir', ['-p', state()]);
    writeFileSync(file, `${JSON.stringify({ runId: 'r1', at: 'x', user: 'u', orgId: demo.orgId, type: 'plan' })}\n`);
    const run = await cli('licenses', 'journal', '--state-dir', state());
    assert.equal(run.status, 7, run.stdout + run.stderr);
    assert.match(run.stderr, /license-changes\.jsonl:1: the journal is damaged \(a plan entry without a plan and its changes\)/);
    assert.doesNotMatch(run.stderr, /TypeError/);
  });

  it('quotes for the shell an alias read from the project’s .sf/config.json in the login hint', async () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, '.sf'), { recursive: true });
    writeFileSync(join(project, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }));
    writeFileSync(join(project, '.sf', 'config.json'), JSON.stringify({ 'target-org': "lmo'; touch pwned; echo '" }));
    const run = await cliIn(project, 'licenses', 'deleted');
    assert.equal(run.status, 3, run.stdout + run.stderr);
    assert.ok(run.stderr.includes(`Log in with: sf org login web --alias 'lmo'\\''; touch pwned; echo '\\'''`), run.stderr);
  });
});
