/**
 * `licenses modify --exclude`, run as a user runs it (dist/cli.js against a demo LMO through the
 * CLI's login): a plan refused for one license says how to leave it out; left out, the rest is
 * checked again, confirmed, written and journaled without it, and the journal says it was left out.
 */
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DemoLmo } from '../../src/demo';
import { TODAY, loginWithCli, startDemo } from '../support/demoOrg';
import { editableLicenses, writePlanFile } from '../support/licenses';

const ROOT = resolve(__dirname, '../../..');

// Asynchronous on purpose: the demo LMO answers from this process's event loop.
const cli = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'dist', 'cli.js'), ...args, '--today', TODAY],
      { encoding: 'utf8', env: process.env, timeout: 90_000 },
      (err, stdout, stderr) => done({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });

describe('lma-workbench licenses modify --exclude (dist/cli.js)', function () {
  this.timeout(180_000);
  const alias = 'exclude-lmo';
  let dir: string;
  let demo: DemoLmo;

  before(async () => {
    execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'pipe' });
    demo = await startDemo({ licenses: 1500, username: `admin@${alias}.demo` });
    await loginWithCli(demo, alias);
  });
  after(() => demo.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lma-cli-exclude-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const state = () => join(dir, 'state');
  /** Seats +1 on the first and third license; the second sent back to Trial, which Modify License refuses. */
  const planWithARefusedLicense = () => {
    const licenses = editableLicenses(demo, 3);
    const file = writePlanFile(dir, 'exclude test', [
      { license: licenses[0].Id, seats: Number(licenses[0].sfLma__Seats__c) + 1 },
      { license: licenses[1].Id, status: 'Trial' },
      { license: licenses[2].Id, seats: Number(licenses[2].sfLma__Seats__c) + 1 },
    ]);
    return { licenses, file, refused: licenses[1].Id as string, kept: [licenses[0].Id, licenses[2].Id] as string[] };
  };
  const modify = (file: string, ...extra: string[]) => cli('licenses', 'modify', '--target-org', alias, '--plan', file, '--state-dir', state(), ...extra);

  it('a refused plan names the --exclude that leaves the refused license out; with it, the rest is checked again and passes', async () => {
    const { file, refused } = planWithARefusedLicense();
    const blocked = await modify(file);
    assert.equal(blocked.status, 1, blocked.stdout + blocked.stderr);
    assert.match(blocked.stdout, /^3 licenses, 1 error, /m);
    assert.match(blocked.stdout, new RegExp(`Or leave the refused licenses out: --exclude ${refused}$`, 'm'));

    const dry = await modify(file, '--exclude', refused, '--json');
    assert.equal(dry.status, 0, dry.stdout + dry.stderr);
    const out = JSON.parse(dry.stdout) as {
      status: string;
      licenses: number;
      errors: number;
      excluded: { licenseId: string }[];
      preview: { licenseId: string }[];
    };
    assert.deepEqual([out.status, out.licenses, out.errors], ['dryRun', 2, 0]);
    assert.deepEqual(
      out.excluded.map((e) => e.licenseId),
      [refused],
    );
    assert.ok(!out.preview.some((r) => r.licenseId === refused), 'the license left out is not in the preview');
    assert.match(dry.stderr, /Left out \(--exclude\): L-\S+ \(a0L/);
  });

  it('the confirmation counts the licenses kept; the write sends only them; the journal lists the one left out', async () => {
    const { licenses, file, refused, kept } = planWithARefusedLicense();
    const seats = licenses.map((l) => l.sfLma__Seats__c);
    // --confirm-over 1: a plan of two licenses asks for the number typed, which is now 2, not 3.
    const unconfirmed = await modify(file, '--exclude', refused.slice(0, 15), '--yes', '--through-api', '--confirm-over', '1');
    assert.equal(unconfirmed.status, 2, unconfirmed.stdout + unconfirmed.stderr);
    assert.match(unconfirmed.stderr, /Re-run with --yes --confirm 2\b/);

    const written = await modify(file, '--exclude', refused.slice(0, 15), '--yes', '--through-api', '--confirm-over', '1', '--confirm', '2', '--json');
    assert.equal(written.status, 0, written.stdout + written.stderr);
    const out = JSON.parse(written.stdout) as { status: string; runId: string; records: { licenseId: string; outcome: string }[] };
    assert.equal(out.status, 'done');
    assert.deepEqual(out.records.map((r) => [r.licenseId, r.outcome]).sort(), kept.map((id) => [id, 'saved']).sort());
    assert.deepEqual(
      licenses.map((l) => [l.sfLma__Status__c, l.sfLma__Seats__c]),
      [
        ['Active', Number(seats[0]) + 1],
        ['Active', seats[1]],
        ['Active', Number(seats[2]) + 1],
      ],
      'the license left out is untouched',
    );
    const entries = readFileSync(join(state(), 'license-changes.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            type: string;
            runId: string;
            plan?: { changes: { license: { id: string } }[]; excluded?: { licenseId: string }[] };
            licenseIds?: string[];
          },
      );
    const plan = entries.find((e) => e.type === 'plan' && e.runId === out.runId)?.plan;
    assert.deepEqual(
      plan?.changes.map((c) => c.license.id),
      kept,
    );
    assert.deepEqual(
      plan?.excluded?.map((e) => e.licenseId),
      [refused],
    );
    assert.deepEqual(
      entries.filter((e) => e.type === 'batch').flatMap((e) => e.licenseIds ?? []),
      kept,
      'only the kept licenses were sent',
    );
  });

  it('every license left out: nothing to confirm, nothing written or journaled', async () => {
    const { licenses, file } = planWithARefusedLicense();
    const run = await modify(file, '--exclude', licenses.map((l) => l.Id).join(','), '--yes', '--through-api');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^Nothing to change\.$/m);
    assert.match(run.stdout, /^Nothing was written\.$/m);
    assert.equal(existsSync(join(state(), 'license-changes.jsonl')), false);
  });

  it('refuses an id the plan file does not name, one that is not an id, and --exclude outside modify (exit 2)', async () => {
    const { file } = planWithARefusedLicense();
    const stranger = await modify(file, '--exclude', 'a0L000000000000AAA');
    assert.equal(stranger.status, 2, stranger.stdout + stranger.stderr);
    assert.match(stranger.stderr, /--exclude names a0L000000000000AAA, which the plan file does not name\./);
    const bad = await modify(file, '--exclude', "a0L'; DROP");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--exclude takes license record ids/);
    const undo = await cli('licenses', 'undo', '--journal-entry', 'x', '--exclude', 'a0L000000000000AAA', '--state-dir', state());
    assert.equal(undo.status, 2);
    assert.match(undo.stderr, /--exclude is an option of licenses modify only\./);
  });
});
