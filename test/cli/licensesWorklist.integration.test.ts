/**
 * `licenses modify --yes` without --through-api: the Modify License worklist, run as a user runs
 * it — a child process on the CLI's login of a demo LMO, its stdin piped as the user's keys, while
 * the test saves Modify License pages in the demo as the user would. The demo's request log proves
 * that nothing is written through the API.
 */
import * as assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DemoLmo } from '../../src/demo';
import { TODAY, loginWithCli, startDemo } from '../support/demoOrg';
import { eventually } from '../support/eventually';
import { editableLicenses, writePlanFile } from '../support/licenses';

/** Waits until the text shows the pattern. */
const shows = (text: () => string, pattern: RegExp) => eventually(() => pattern.test(text()), `output matching ${pattern}`, 30_000);

const ROOT = resolve(__dirname, '../../..');
const fmt = (n: number) => n.toLocaleString('en-US');

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  output(): string;
  readonly done: Promise<{ status: number | null; stdout: string; stderr: string }>;
}

function start(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Running {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args, '--today', TODAY], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((ok) => child.on('close', (status) => ok({ status, stdout, stderr })));
  return { child, output: () => stdout + stderr, done };
}

/** A request that writes: anything but a GET, except a Composite call whose subrequests are all GETs (queries). */
const writes = (demo: DemoLmo, mark: number) =>
  demo.requests
    .since(mark)
    .filter(
      (r) =>
        r.method !== 'GET' &&
        !(r.path.includes('/composite') && !r.path.includes('/composite/sobjects') && (r.subrequests ?? []).every((s) => s.startsWith('GET '))),
    )
    .map((r) => `${r.method} ${r.path}`);

describe('lma-workbench licenses: the Modify License worklist (dist/cli.js)', function () {
  this.timeout(180_000);
  let dir: string;
  let demo: DemoLmo;
  let alias: string;
  let n = 0;

  before(() => {
    execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'pipe' });
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lma-cli-worklist-'));
    alias = `worklist-lmo-${++n}`;
    demo = await startDemo({ licenses: 2000, username: `admin@${alias}.demo` });
    await loginWithCli(demo, alias);
  });
  afterEach(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const editable = (count: number) => editableLicenses(demo, count);
  const planFile = (changes: object[]) => writePlanFile(dir, 'Worklist test', changes);
  const state = () => join(dir, 'state');

  it('--yes sends no write: each row waits for the save on its page, verified by re-reading; s journals skipped or differs; resume and undo go on the same way', async () => {
    const licenses = editable(3);
    const seats = licenses.map((l) => Number(l.sfLma__Seats__c));
    const plan = planFile(licenses.map((l, i) => ({ license: l.Id, seats: seats[i] + 1 })));
    const mark = demo.requests.mark();

    const run = start(['licenses', 'modify', '--target-org', alias, '--plan', plan, '--state-dir', state(), '--yes', '--poll-seconds', '1', '--json']);
    // Row 1: the user saves the page with the planned value; the poll finds it.
    await shows(run.output, /\[1\/3\] \S+ {2}\S+/);
    assert.match(run.output(), new RegExp(`Open: {2}${demo.url.replace(/[.]/g, '\\.')}/lightning/r/sfLma__License__c/${licenses[0].Id}/view`));
    assert.match(run.output(), new RegExp(`Set: {3}Seats ${fmt(seats[0])} → ${fmt(seats[0] + 1)}\n {9}Seats: ${seats[0] + 1}\n`));
    demo.saveOnModifyLicensePage(String(licenses[0].Id), { sfLma__Seats__c: seats[0] + 1 });
    await shows(run.output, /✔ saved, verified/);
    // Row 2: saved with another value: it differs, and s moves on, journaled as differs.
    await shows(run.output, /\[2\/3\]/);
    demo.saveOnModifyLicensePage(String(licenses[1].Id), { sfLma__Seats__c: seats[1] + 5 });
    await shows(run.output, new RegExp(`≠ Seats is ${fmt(seats[1] + 5)}, not ${fmt(seats[1] + 1)}\\.`));
    run.child.stdin.write('s\n');
    // Row 3: moved past before any save: skipped.
    await shows(run.output, /\[3\/3\]/);
    run.child.stdin.write('s\n');
    const result = await run.done;
    assert.equal(result.status, 1, result.stderr);
    const out = JSON.parse(result.stdout) as {
      status: string;
      channel: string;
      runId: string;
      counts: Record<string, number>;
      rows: { licenseId: string; state: string; reason?: string }[];
    };
    assert.equal(out.channel, 'worklist');
    assert.deepEqual(out.counts, { total: 3, done: 1, skipped: 1, differs: 1, pending: 0 });
    assert.deepEqual(
      out.rows.map((r) => r.state),
      ['done', 'differs', 'skipped'],
    );
    assert.equal(out.rows[1].reason, `Seats is ${fmt(seats[1] + 5)}, not ${fmt(seats[1] + 1)}.`);
    assert.deepEqual(writes(demo, mark), [], 'the worklist sends no write request');
    assert.deepEqual(
      licenses.map((l) => l.sfLma__Seats__c),
      [seats[0] + 1, seats[1] + 5, seats[2]],
      'only what the user saved changed',
    );

    // The journal lists the run as a worklist; resume offers the two rows left, finds row 3 saved meanwhile, q stops it.
    const journal = readFileSync(join(state(), 'license-changes.jsonl'), 'utf8');
    assert.match(journal, /"channel":"worklist"/);
    demo.saveOnModifyLicensePage(String(licenses[2].Id), { sfLma__Seats__c: seats[2] + 1 });
    const resumed = start(['licenses', 'resume', '--target-org', alias, '--journal-entry', out.runId, '--state-dir', state(), '--poll-seconds', '1']);
    await shows(resumed.output, /1 already saved and verified\./);
    await shows(resumed.output, /\[1\/1\] /);
    resumed.child.stdin.write('q\n');
    const stopped = await resumed.done;
    assert.equal(stopped.status, 130, stopped.stderr);
    assert.match(stopped.stdout, /2 done, 0 skipped, 0 differ, 1 to do\./);
    assert.match(stopped.stdout, new RegExp(`resume with: lma-workbench licenses resume --journal-entry ${out.runId}`));

    // Undo of the worklist: a worklist too, of the two rows done (the one that differs is not undone).
    const undo = start([
      'licenses',
      'undo',
      '--target-org',
      alias,
      '--journal-entry',
      out.runId,
      '--state-dir',
      state(),
      '--yes',
      '--poll-seconds',
      '1',
      '--json',
    ]);
    await shows(undo.output, /\[1\/2\]/);
    undo.child.stdin.write('q\n');
    const undone = await undo.done;
    assert.equal(undone.status, 130);
    const undoOut = JSON.parse(undone.stdout) as { rows: { licenseId: string }[] };
    assert.deepEqual(undoOut.rows.map((r) => r.licenseId).sort(), [licenses[0].Id, licenses[2].Id].sort());
    assert.deepEqual(writes(demo, mark), [], 'resume and undo send no write either');
  });

  it('a dry run says what --yes does; --open hands each page to the browser as a one-time URL; --through-api writes and says Salesforce’s guidance', async () => {
    const licenses = editable(1);
    const plan = planFile([{ license: licenses[0].Id, extendDays: 30 }]);
    const dry = start(['licenses', 'modify', '--target-org', alias, '--plan', plan, '--state-dir', state()]);
    const preview = await dry.done;
    assert.equal(preview.status, 0, preview.stderr);
    assert.match(preview.stdout, /Licenses provisioned through AppExchange Checkout can’t be modified in the LMA\. No documented field marks them/);
    assert.match(preview.stdout, /Verified means the LMO’s License record holds the new values and its License history recorded the change\./);
    assert.match(preview.stdout, /Re-run with --yes for the worklist\./);
    assert.equal(existsSync(join(state(), 'license-changes.jsonl')), false, 'a dry run journals nothing');

    // A stand-in browser records what it is given.
    const opened = join(dir, 'opened.txt');
    const browser = join(dir, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\necho "$1" >> '${opened}'\n`);
    chmodSync(browser, 0o755);
    const run = start(['licenses', 'modify', '--target-org', alias, '--plan', plan, '--state-dir', state(), '--yes', '--open', '--poll-seconds', '1'], {
      ...process.env,
      BROWSER: browser,
    });
    await eventually(() => existsSync(opened) && readFileSync(opened, 'utf8').includes('/secur/frontdoor.jsp?otp='), 'the browser given the page', 30_000);
    assert.match(readFileSync(opened, 'utf8'), new RegExp(`startURL=${encodeURIComponent(`/lightning/r/sfLma__License__c/${licenses[0].Id}/view`)}`));
    assert.doesNotMatch(run.output(), /otp=/, 'the one-time URL goes only to the browser');
    run.child.stdin.write('q\n');
    assert.equal((await run.done).status, 130);

    const mark = demo.requests.mark();
    const api = start(['licenses', 'modify', '--target-org', alias, '--plan', plan, '--state-dir', state(), '--yes', '--through-api']);
    const written = await api.done;
    assert.equal(written.status, 0, written.stdout + written.stderr);
    assert.match(written.stderr, /Salesforce's LMA guidance: "Treat the LMA custom objects as read-only\. Use the Modify License page to edit licenses\./);
    assert.match(written.stdout, /1 saved \(1 verified\)/);
    assert.equal(writes(demo, mark).length, 1, 'one sObject Collections write');
  });
});
