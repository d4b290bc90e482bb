/** `lma-workbench packages push-command` as a partner runs it: child processes on CLI logins of demo orgs. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toId18 } from '../../src/core/orgId';
import { compareVersionNumbers } from '../../src/core/versionNumber';
import { type DemoLmo } from '../../src/demo';
import { buildCli, runCli } from '../support/cli';
import { useThreeOrgs } from '../support/threeOrgs';

type Row = Record<string, unknown>;
const CPQ_1_6_0 = '04t5g0200000007AAA';
const CPQ_1_5_0 = toId18('04t5g0200000006');
/** Acme Insights (legacy) 3.2.0: a first-generation package, developed in the demo org as its packaging org. */
const INSIGHTS_3_2_0 = toId18('04t5g0400000003');
interface PushJson {
  generation: string | null;
  generationBasis: string;
  handOff: string;
  beta?: boolean;
  command?: string;
  argv?: string[];
  steps?: string[];
  orgFile?: string;
  candidates: { orgId: string }[];
}
const id15 = (v: unknown) => String(v ?? '').slice(0, 15);

/** What a POSIX shell makes of a command line: its arguments after the program name. */
function shellArgs(line: string): string[] {
  return execFileSync('/bin/sh', ['-c', `sf() { printf '%s\\0' "$@"; }; ${line}`], { encoding: 'utf8' })
    .split('\0')
    .slice(0, -1);
}

describe('lma-workbench packages push-command (dist/cli.js)', function () {
  this.timeout(120_000);
  let pbo: DemoLmo;
  let dir: string;
  const three = useThreeOrgs('push');
  before(() => {
    buildCli();
    ({ pbo, dir } = three());
  });

  describe('packages push-command', () => {
    it('writes the orgs on older versions (one 15-character id per line) and prints the exact command, never running it', async () => {
      const file = join(dir, 'my orgs.csv');
      const run = await runCli([
        'packages',
        'push-command',
        '--target-org',
        'push-pbo',
        '--version',
        CPQ_1_6_0,
        '--org-file',
        file,
        '--start-time',
        '2026-04-01T21:00',
      ]);
      assert.equal(run.status, 0, run.stderr);
      const lines = readFileSync(file, 'utf8').split('\n');
      assert.equal(lines.pop(), '');
      assert.ok(lines.every((l) => /^00D[a-zA-Z0-9]{12}$/.test(l)));
      // The same orgs, worked out from the demo's own records: CPQ licenses below 1.6.0, not uninstalled, installed and active per the Dev Hub.
      const cpq = pbo.store.rows('sfLma__Package__c').find((p) => p.Name === 'Acme CPQ Connector') as Row;
      const installs = [...pbo.store.scan({ name: 'PackageSubscriber' } as never)].filter(
        (r) => id15(r.MetadataPackageId) === '0335g0000000002' && r.InstalledStatus === 'i',
      );
      const active = new Set(installs.filter((r) => r.OrgStatus !== 'Inactive').map((r) => id15(r.OrgKey)));
      const expected = new Set(
        pbo.store
          .rows('sfLma__License__c')
          .filter((l) => l.IsDeleted !== true && l.sfLma__Package__c === cpq.Id && l.sfLma__Status__c !== 'Uninstalled')
          .filter((l) => compareVersionNumbers(String(l.sfLma__Version_Number__c), '1.6.0') < 0)
          .map((l) => id15(l.sfLma__Subscriber_Org_ID__c))
          .filter((org) => active.has(org)),
      );
      assert.deepEqual(new Set(lines), expected);
      assert.ok(expected.size > 20);
      assert.deepEqual(shellArgs(run.stdout.trim()), [
        'package',
        'push-upgrade',
        'schedule',
        '--package',
        CPQ_1_6_0,
        '--org-file',
        file,
        '--target-dev-hub',
        'push-pbo',
        '--start-time',
        '2026-04-01T21:00:00',
      ]);
      assert.match(
        run.stderr,
        /orgs on versions of Acme CPQ Connector older than 1\.6\.0 written to .*my orgs\.csv \(checked against the Dev Hub’s installs\)/,
      );
      assert.match(run.stderr, /never runs it/);
      assert.match(run.stderr, /It is a Package2 of the Dev Hub push-pbo: a second-generation managed package\./);
      assert.match(run.stderr, /Beta: `sf package push-upgrade` came as a beta of the Salesforce CLI/);
    });

    it("a first-generation package gets the packaging org's steps and the org file, and no sf command", async () => {
      const file = join(dir, 'legacy orgs.csv');
      const args = [
        'packages',
        'push-command',
        '--target-org',
        'push-pbo',
        '--version',
        INSIGHTS_3_2_0,
        '--org-file',
        file,
        '--start-time',
        '2026-04-01T21:00',
      ];
      const run = await runCli(args);
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stdout + run.stderr, /sf package push-upgrade/);
      assert.match(run.stderr, /It is a first-generation package developed in .* \(a MetadataPackage, not a Package2\), its packaging org\./);
      assert.match(run.stderr, /No Salesforce CLI command: .*first-generation push upgrades in the packaging org/);
      assert.match(run.stdout, /Packages → Acme Insights \(legacy\) → Versions tab → Push Upgrades → Schedule Push Upgrades/);
      assert.match(run.stdout, /Create a PackagePushRequest: PackageVersionId = 04t5g0400000003AAA, ScheduledStartTime = 2026-04-01T21:00:00Z/);
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      assert.ok(lines.length > 0 && lines.every((l) => /^00D[a-zA-Z0-9]{12}$/.test(l)));
      assert.match(run.stdout, new RegExp(`the ${lines.length} orgs in .*legacy orgs\\.csv`));

      const json = await runCli([...args, '--json']);
      assert.equal(json.status, 0, json.stderr);
      assert.doesNotMatch(json.stdout, /sf package push-upgrade/);
      const out = JSON.parse(json.stdout) as PushJson;
      assert.equal(out.generation, '1gp');
      assert.equal(out.handOff, 'packagingOrg');
      assert.equal(out.command, undefined);
      assert.equal(out.argv, undefined);
      assert.ok(out.steps?.some((s) => /PackagePushJob/.test(s)));
      assert.deepEqual(
        out.candidates.map((c) => c.orgId),
        lines,
      );
    });

    it('says when the generation cannot be known (no Dev Hub) and offers no command: exit 1; with the Dev Hub, each package its hand-off', async () => {
      const file = join(dir, 'unknown.csv');
      const alone = await runCli(['packages', 'push-command', '--target-org', 'push-lmo', '--version', CPQ_1_5_0, '--org-file', file, '--json']);
      assert.equal(alone.status, 1, alone.stderr + alone.stdout);
      const out = JSON.parse(alone.stdout) as PushJson;
      assert.equal(out.generation, null);
      assert.equal(out.handOff, 'undetermined');
      assert.equal(out.command, undefined);
      assert.match(out.generationBasis, /cannot be known/);
      assert.ok(out.candidates.length > 0);
      assert.equal(readFileSync(file, 'utf8'), out.candidates.map((c) => `${c.orgId}\n`).join(''));
      const text = await runCli(['packages', 'push-command', '--target-org', 'push-lmo', '--version', CPQ_1_5_0, '--org-file', file]);
      assert.equal(text.status, 1);
      assert.equal(text.stdout, '');
      assert.match(text.stderr, /No push command is offered: .*Pass --target-dev-hub <alias>/);

      const withHub = JSON.parse(
        (
          await runCli([
            'packages',
            'push-command',
            '--target-org',
            'push-lmo',
            '--target-dev-hub',
            'push-hub',
            '--version',
            CPQ_1_5_0,
            '--org-file',
            file,
            '--json',
          ])
        ).stdout,
      ) as PushJson;
      assert.equal(withHub.generation, '2gp');
      assert.equal(withHub.beta, true);
      assert.deepEqual(withHub.argv?.slice(-2), ['--target-dev-hub', 'push-hub']);
      const legacy = JSON.parse(
        (
          await runCli([
            'packages',
            'push-command',
            '--target-org',
            'push-lmo',
            '--target-dev-hub',
            'push-hub',
            '--version',
            INSIGHTS_3_2_0,
            '--org-file',
            file,
            '--json',
          ])
        ).stdout,
      ) as PushJson;
      assert.equal(legacy.generation, '1gp');
      assert.equal(legacy.handOff, 'packagingOrg');
      assert.equal(legacy.command, undefined);
    });

    it('quotes a hostile Dev Hub alias and org file path so the shell reads them back as given', async () => {
      const alias = `acme's hub; touch ${join(dir, 'pwned')} $(id)`;
      const file = join(dir, "o'rgs $(id).csv");
      const run = await runCli([
        'packages',
        'push-command',
        '--demo',
        '--licenses',
        '300',
        '--target-dev-hub',
        alias,
        '--version',
        CPQ_1_6_0,
        '--org-file',
        file,
        '--json',
      ]);
      assert.equal(run.status, 0, run.stderr);
      const out = JSON.parse(run.stdout) as {
        command: string;
        argv: string[];
        candidates: { orgId: string }[];
        orgFile: string;
        generation: string;
        handOff: string;
      };
      assert.equal(out.generation, '2gp');
      assert.equal(out.handOff, 'sfCommand');
      const args = shellArgs(out.command);
      assert.equal(args[args.indexOf('--target-dev-hub') + 1], alias);
      assert.equal(args[args.indexOf('--org-file') + 1], file);
      assert.deepEqual(args, out.argv.slice(1));
      assert.equal(readFileSync(out.orgFile, 'utf8'), out.candidates.map((c) => `${c.orgId}\n`).join(''));
      assert.throws(() => readFileSync(join(dir, 'pwned')));
    });

    it('refuses a version it cannot push: unknown, or a beta', async () => {
      const unknown = await runCli([
        'packages',
        'push-command',
        '--target-org',
        'push-pbo',
        '--version',
        '04t5g0200000999AAA',
        '--org-file',
        join(dir, 'x.csv'),
      ]);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /not a released version the LMO or push-pbo knows/);
      const betaId = String(pbo.store.rows('sfLma__Package_Version__c').find((v) => v.sfLma__Is_Beta__c === true)?.sfLma__Version_ID__c);
      const beta = await runCli(['packages', 'push-command', '--target-org', 'push-pbo', '--version', betaId, '--org-file', join(dir, 'x.csv')]);
      assert.equal(beta.status, 2);
      assert.match(beta.stderr, /beta version/);
    });
  });
});
