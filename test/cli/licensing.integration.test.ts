/**
 * `rules` and `licenses`, run as a user runs them: a child process using the CLI's login of a
 * demo LMO. Each test that writes has a demo of its own.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoLmo } from '../../src/demo';
import { DEMO_PACKAGES } from '../../src/demo/catalog';
import { TODAY, loginWithCli, startDemo } from '../support/demoOrg';
import { buildCli, runCli } from '../support/cli';
import { editableLicenses, writePlanFile } from '../support/licenses';

// Asynchronous on purpose: the demo LMO answers from this process's event loop.
const cli = (...args: string[]) => runCli([...args, '--today', TODAY], { timeoutMs: 90_000 });

/** The demo's package defaults as a rules file entry. */
const declared = (override: Record<string, unknown> = {}) =>
  Object.fromEntries(
    DEMO_PACKAGES.map((p) => [
      p.name,
      {
        status: p.defaults.status,
        ...(p.defaults.status === 'Trial' ? { trialDays: p.defaults.trialDays } : { termDays: p.defaults.termDays ?? 'perpetual' }),
        seats: p.defaults.seats,
        ...((override[p.name] as object) ?? {}),
      },
    ]),
  );

describe('lma-workbench rules and licenses (dist/cli.js)', function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    buildCli();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lma-cli-licensing-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('rules', () => {
    let demo: DemoLmo;
    before(async () => {
      demo = await startDemo({ licenses: 4000, username: 'admin@rules-lmo.demo' });
      await loginWithCli(demo, 'rules-lmo');
    });
    after(() => demo.close());

    const rulesFile = (content: object | string) => {
      const file = join(dir, 'provisioning.json');
      writeFileSync(file, typeof content === 'string' ? content : `// rules\n${JSON.stringify(content, null, 2)}\n`);
      return file;
    };

    it('audit exits 0 when recent installs got the declared defaults and no policy is broken', async () => {
      const run = await cli('rules', 'audit', '--target-org', 'rules-lmo', '--rules', rulesFile({ packages: declared() }));
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /No drift/);
      assert.match(run.stdout, /Audit passed\./);
    });

    it('audit exits 1 on drift, pointing at the rule in the file', async () => {
      const file = rulesFile({ packages: declared({ 'Acme Billing': { trialDays: 14 } }) });
      const run = await cli('rules', 'audit', '--target-org', 'rules-lmo', '--rules', file, '--json');
      assert.equal(run.status, 1, run.stderr);
      const out = JSON.parse(run.stdout) as { failed: boolean; drift: { message: string; line: number; column: number; field: string }[] };
      assert.equal(out.failed, true);
      assert.equal(out.drift.length, 1);
      assert.match(out.drift[0].message, /^The last \d+ installs of Acme Billing got 30-day trial; your rules say 14-day trial\.$/);
      const line = readFileSync(file, 'utf8').split('\n')[out.drift[0].line - 1];
      assert.equal(line.slice(out.drift[0].column - 1, out.drift[0].column + 1), '14');
    });

    it('audit exits 1 on policy violations, listing each license with its org, the rule and why', async () => {
      const run = await cli('rules', 'audit', '--target-org', 'rules-lmo', '--rules', rulesFile({ packages: declared(), policies: { maxTrialDays: 30 } }));
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /## Policy violations \(\d+\)/);
      assert.match(run.stdout, /^L-\d{5} {2}a0L\w{15} {2}org 00D\w{12} {2}.+ {2}maxTrialDays: Trial of \d+ days \(installed \d{4}-\d\d-\d\d, expires/m);
      assert.match(run.stdout, /Audit failed/);
    });

    it('audit --fix-plan writes a plan fixing the violations the rules accept, which licenses modify previews without an error', async () => {
      const plan = join(dir, 'fix.json');
      const run = await cli(
        'rules',
        'audit',
        '--target-org',
        'rules-lmo',
        '--rules',
        rulesFile({ packages: declared(), policies: { seatsNeverBelowUsed: true, sandboxesSiteWide: true, expiredGraceDays: 30 } }),
        '--fix-plan',
        plan,
      );
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /Fix plan written: .*fix\.json \(\d+ licenses; \d+ violations need a decision\)/);
      assert.doesNotMatch(run.stdout, /Read-Only/, 'License Type (a legacy field) leaves nothing out of the plan');
      const preview = await cli('licenses', 'modify', '--target-org', 'rules-lmo', '--plan', plan, '--json', '--through-api');
      assert.equal(preview.status, 0, preview.stdout + preview.stderr);
      const out = JSON.parse(preview.stdout) as { status: string; errors: number; licenses: number; confirmation: { typed: boolean } };
      assert.deepEqual([out.status, out.errors, out.confirmation.typed], ['dryRun', 0, true]);
      assert.ok(out.licenses > 10);
    });

    it('audit exits 2 on a rules file that is not valid, with file:line:column for each problem', async () => {
      const file = rulesFile('{\n  "packages": {\n    "Acme Billing": { "status": "Trial", "trialDays": 120, "seats": 10 }\n  }\n}\n');
      const run = await cli('rules', 'audit', '--target-org', 'rules-lmo', '--rules', file);
      assert.equal(run.status, 2);
      assert.match(run.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:55: packages › "Acme Billing" › trialDays: must be at most 90\\.`));
    });

    it('infer prints each package’s defaults with the evidence, and writes a rules file that audits without drift', async () => {
      const file = join(dir, '.lma', 'provisioning.json');
      const run = await cli('rules', 'infer', '--target-org', 'rules-lmo', '--write', file);
      assert.equal(run.status, 0, run.stderr);
      assert.match(
        run.stdout,
        /## Acme Billing \(0335g0000000001AAA\)\nDefaults \(high confidence\):\n {2}status {4}Trial \(\d+ of the last \d+ installs, high confidence\)/,
      );
      assert.match(run.stdout, /Partner Console: Default License: Free Trial, Length: 30 days, Seats: 10\./);
      assert.ok(existsSync(file));
      const again = await cli('rules', 'infer', '--target-org', 'rules-lmo', '--write', file);
      assert.equal(again.status, 2, 'never overwrites');
      const audit = await cli('rules', 'audit', '--target-org', 'rules-lmo', '--rules', file, '--json');
      const out = JSON.parse(audit.stdout) as { drift: unknown[] };
      assert.deepEqual(out.drift, []);
    });
  });

  describe('licenses', () => {
    let demo: DemoLmo;
    let alias: string;
    let n = 0;
    beforeEach(async () => {
      alias = `licenses-lmo-${++n}`;
      demo = await startDemo({ licenses: 3000, username: `admin@${alias}.demo` });
      await loginWithCli(demo, alias);
    });
    afterEach(() => demo.close());

    const editable = (count: number) => editableLicenses(demo, count);
    const planFile = (changes: object[]) => writePlanFile(dir, 'CLI test', changes);
    const state = () => join(dir, 'state');

    it('previews by default and writes nothing; --yes writes, verifies and journals; undo puts it back', async () => {
      const licenses = editable(30);
      const before = licenses.map((l) => [l.sfLma__Seats__c, l.sfLma__Expiration__c]);
      const plan = planFile(licenses.map((l) => ({ license: l.Id, seats: Number(l.sfLma__Seats__c) + 1 })));

      const dry = await cli('licenses', 'modify', '--target-org', alias, '--plan', plan, '--state-dir', state(), '--through-api');
      assert.equal(dry.status, 0, dry.stderr);
      assert.match(dry.stdout, /^License {5}Subscriber {20}Org id {14}Package {15}Field {7}Old {15}New$/m);
      assert.match(dry.stdout, /Dry run: nothing was written\. Type the number of licenses \(30\)/);
      assert.match(dry.stdout, /Re-run with --yes --confirm 30\./);
      assert.deepEqual(
        licenses.map((l) => [l.sfLma__Seats__c, l.sfLma__Expiration__c]),
        before,
      );
      assert.equal(existsSync(join(state(), 'license-changes.jsonl')), false, 'a dry run journals nothing');

      const unconfirmed = await cli('licenses', 'modify', '--target-org', alias, '--plan', plan, '--state-dir', state(), '--yes', '--through-api');
      assert.equal(unconfirmed.status, 2);
      assert.match(unconfirmed.stderr, /Re-run with --yes --confirm 30/);
      assert.deepEqual(
        licenses.map((l) => [l.sfLma__Seats__c, l.sfLma__Expiration__c]),
        before,
      );

      const written = await cli(
        'licenses',
        'modify',
        '--target-org',
        alias,
        '--plan',
        plan,
        '--state-dir',
        state(),
        '--yes',
        '--through-api',
        '--confirm',
        '30',
        '--json',
      );
      assert.equal(written.status, 0, written.stdout + written.stderr);
      const out = JSON.parse(written.stdout) as { status: string; runId: string; counts: object; records: { outcome: string; verified: boolean }[] };
      assert.equal(out.status, 'done');
      assert.deepEqual(out.counts, { saved: 30, failed: 0, notSent: 0, verified: 30, unverified: 0 });
      assert.ok(out.records.every((r) => r.outcome === 'saved' && r.verified));
      assert.deepEqual(
        licenses.map((l) => l.sfLma__Seats__c),
        before.map(([s]) => Number(s) + 1),
      );

      const journal = await cli('licenses', 'journal', '--state-dir', state());
      assert.equal(journal.status, 0);
      assert.match(journal.stdout, new RegExp(`^${out.runId} {2}\\S+ {2}admin@${alias}\\.demo {2}done {2}30 licenses: 30 saved, 0 failed {2}CLI test$`, 'm'));

      const undo = await cli(
        'licenses',
        'undo',
        '--target-org',
        alias,
        '--journal-entry',
        out.runId,
        '--state-dir',
        state(),
        '--yes',
        '--through-api',
        '--confirm',
        '30',
      );
      assert.equal(undo.status, 0, undo.stdout + undo.stderr);
      assert.match(undo.stdout, /30 saved \(30 verified\), 0 failed, 0 not sent\./);
      assert.deepEqual(
        licenses.map((l) => [l.sfLma__Seats__c, l.sfLma__Expiration__c]),
        before,
      );
    });

    it('exits 1 when a record fails, printing Salesforce’s message for it; exits 1 without writing when a rule refuses the plan', async () => {
      const licenses = editable(3);
      demo.faults.failRecords({ ids: [licenses[1].Id] });
      const run = await cli(
        'licenses',
        'modify',
        '--target-org',
        alias,
        '--plan',
        planFile(licenses.map((l) => ({ license: l.Id, extendDays: 30 }))),
        '--state-dir',
        state(),
        '--yes',
        '--through-api',
      );
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, new RegExp(`${licenses[1].Name} +${licenses[1].Id} {2}FAILED {3}UNABLE_TO_LOCK_ROW: unable to obtain exclusive access`));
      assert.match(run.stdout, /2 saved \(2 verified\), 1 failed, 0 not sent\./);

      const refused = await cli('licenses', 'modify', '--target-org', alias, '--plan', planFile([{ license: licenses[0].Id, status: 'Trial' }]), '--yes');
      assert.equal(refused.status, 1);
      assert.match(refused.stdout, /ERROR: A license that has left Trial \(now Active\) can never return to Trial\./);
      assert.match(refused.stdout, /Nothing was written/);
      assert.equal(licenses[0].sfLma__Status__c, 'Active');
    });

    it('lists licenses in the Recycle Bin and exits 1 while there is any', async () => {
      const run = await cli('licenses', 'deleted', '--target-org', alias);
      assert.equal(run.status, 1, run.stderr);
      const count = demo.store.rows('sfLma__License__c').filter((l) => l.IsDeleted === true).length;
      assert.match(run.stdout, new RegExp(`^# Deleted licenses — ${alias}: ${count} in the Recycle Bin$`, 'm'));
      assert.match(run.stdout, /restore it from the\nLMO's Recycle Bin/);
    });

    it('keeps hostile subscriber names on one safe line in the preview', async () => {
      const hostile = demo.store.rows('sfLma__License__c').filter((l) => l.sfLma__Status__c === 'Active' && l.sfLma__Expiration__c === TODAY);
      assert.ok(hostile.length >= 8, 'the demo seeds hostile names on licenses renewing today');
      const run = await cli(
        'licenses',
        'modify',
        '--target-org',
        alias,
        '--plan',
        planFile(hostile.map((l) => ({ license: l.Id, status: 'Suspended' }))),
        '--through-api',
      );
      assert.equal(run.status, 0, run.stderr);
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      assert.ok(!/[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(run.stdout));
      assert.match(run.stdout, /Evil<U\+202E>gnp\.exe<U\+200B> Ltd/);
      assert.match(
        run.stdout,
        /Type the number of licenses \(\d+\) to change \d+ licenses in licenses-lmo-\d: it suspends \d+ licenses, which blocks every user/,
      );
    });
  });
});
