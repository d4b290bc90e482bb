/** `lma-workbench packages` and `packages wait-link` as a partner runs them (push-command: packagesPush.integration.test.ts): child processes on CLI logins of demo orgs. */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DemoLmo } from '../../src/demo';
import { DEMO_DEV_HUB_ORG_ID } from '../../src/demo/generator';
import { CLI_IN_PROCESS, ROOT, buildCli, runCli } from '../support/cli';
import { useThreeOrgs } from '../support/threeOrgs';
import { eventually } from '../support/eventually';
import { HOSTILE_NAMES } from '../support/hostile';

type Row = Record<string, unknown>;
interface PackagesJson {
  lmo: { label: string; orgId: string };
  owner: { label: string; orgId?: string; sameOrg?: boolean; error?: string };
  apiCalls: number;
  needsLinking: string[];
  packages: { name: string; state: string; missingVersions: { versionNumber: string }[]; inProject: boolean; ownedByDevHub: boolean }[];
}
const PAYROLL = '0335g0000000009AAA';
const CPQ_1_6_0 = '04t5g0200000007AAA';

describe('lma-workbench packages (dist/cli.js)', function () {
  this.timeout(120_000);
  let pbo: DemoLmo;
  let hub: DemoLmo;
  let lmo: DemoLmo;
  let dir: string;
  const three = useThreeOrgs('pkg');
  before(() => {
    buildCli();
    ({ pbo, hub, lmo, dir } = three());
  });

  describe('packages', () => {
    it('exits 1 naming the packages not linked; the JSON says each state and what it cost (two API calls: the LMO is its own Dev Hub)', async () => {
      const run = await runCli(['packages', '--target-org', 'pkg-pbo', '--json']);
      assert.equal(run.status, 1, run.stderr);
      const out = JSON.parse(run.stdout) as PackagesJson;
      assert.equal(out.apiCalls, 2);
      assert.equal(out.owner.sameOrg, true);
      assert.deepEqual(out.needsLinking, ['Acme Field Service', 'Acme Payroll']);
      assert.deepEqual(
        out.packages.map((p) => [p.name, p.state]),
        [
          ['Acme Billing', 'linked'],
          ['Acme CPQ Connector', 'linked'],
          ['Acme Field Service', 'linkedElsewhere'],
          ['Acme Payroll', 'notLinked'],
          ['Acme Insights (legacy)', 'linked'],
        ],
      );
      assert.deepEqual(
        out.packages[1].missingVersions.map((v) => v.versionNumber),
        ['1.6.0'],
      );
    });

    it('prints each package with its state, the versions the LMO lacks and what to do', async () => {
      const run = await runCli(['packages', '--target-org', 'pkg-pbo']);
      assert.equal(run.status, 1);
      assert.match(run.stdout, /^Packages of pkg-pbo \(org 00D5g0000LMODEMEQ5\), which is both the LMO and the Dev Hub that owns them/);
      assert.match(
        run.stdout,
        /✔ Acme CPQ Connector \(0Ho5g0000000002CAA, 0335g0000000002AAA\): Linked\n.*\n {4}! 1 of 7 released versions not in the LMO yet: 1\.6\.0\. The LMA records/,
      );
      assert.match(run.stdout, /! Acme Field Service .*: Linked from another org\n {4}The LMO's Package record was registered from org 00D5g00000PKG03EAH/);
      assert.match(
        run.stdout,
        /✖ Acme Payroll .*: Not linked\n.*\n {4}→ Register it in the Partner Console, then: lma-workbench packages wait-link --package 0335g0000000009AAA/,
      );
      assert.match(run.stderr, /2 packages not linked to this LMO: Acme Field Service, Acme Payroll\./);
    });

    it('two orgs: the Dev Hub by --target-dev-hub, its org id from the login; at most two calls per org', async () => {
      const hubMark = hub.requests.mark();
      const lmoMark = lmo.requests.mark();
      const run = await runCli(['packages', '--target-org', 'pkg-lmo', '--target-dev-hub', 'pkg-hub', '--json']);
      assert.equal(run.status, 1, run.stderr);
      const out = JSON.parse(run.stdout) as PackagesJson;
      assert.deepEqual(out.owner, { label: 'pkg-hub', orgId: DEMO_DEV_HUB_ORG_ID, sameOrg: false });
      assert.equal(out.apiCalls, 2);
      assert.equal(hub.requests.since(hubMark).length, 1);
      assert.equal(lmo.requests.since(lmoMark).length, 1);
      assert.equal(out.packages.find((p) => p.name === 'Acme Billing')?.state, 'linked');
    });

    it("adds the project's packages, with hostile names kept inert in the terminal", async () => {
      const project = join(dir, 'project');
      const evil = `${String(HOSTILE_NAMES[0])} \u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u001b[2J`;
      execFileSync('mkdir', ['-p', project]);
      writeFileSync(
        join(project, 'sfdx-project.json'),
        JSON.stringify({
          packageDirectories: [
            { path: 'a', package: evil },
            { path: 'b', package: 'Acme Payroll' },
          ],
          packageAliases: { [evil]: '0Ho5g0000000777AAA', 'Acme Payroll': '0Ho5g0000000009AAA' },
        }),
      );
      const run = await runCli(['packages', '--target-org', 'pkg-pbo', '--project', project]);
      assert.equal(run.status, 1);
      assert.equal(run.stdout.includes('\u001b'), false, 'no escape character reaches the terminal');
      assert.match(
        run.stdout,
        /✖ <img src=x onerror=alert\(1\)> <U\+001B>\]8;;https:\/\/evil\.example<U\+0007>click.* \(in sfdx-project\.json; 0Ho5g0000000777AAA\): Not linked/,
      );
      const json = JSON.parse((await runCli(['packages', '--target-org', 'pkg-pbo', '--project', project, '--json'])).stdout) as PackagesJson;
      assert.equal(json.packages.find((p) => p.name === 'Acme Payroll')?.inProject, true);
    });

    it('says what is missing: no Dev Hub and no project is a usage error (2); an org without the LMA exits 4', async () => {
      const alone = await runCli(['packages', '--target-org', 'pkg-lmo']);
      assert.equal(alone.status, 2, alone.stderr + alone.stdout);
      assert.match(alone.stderr, /pkg-lmo owns no packages, so there is nothing to check\. Pass --target-dev-hub <alias>/);
      const noLma = await runCli(['packages', '--target-org', 'pkg-hub']);
      assert.equal(noLma.status, 4, noLma.stderr);
      const typo = await runCli(['packages', 'wait-lnk', '--target-org', 'pkg-pbo']);
      assert.equal(typo.status, 2);
      assert.match(typo.stderr, /Unknown subcommand "wait-lnk"/);
      const stray = await runCli(['packages', '--target-org', 'pkg-pbo', '--version', CPQ_1_6_0]);
      assert.equal(stray.status, 2);
      assert.match(stray.stderr, /--version belongs to another subcommand/);
    });
  });

  describe('checklist with the Dev Hub', () => {
    it('verifies step 3 by package id and developer org: two more calls', async () => {
      const run = await runCli(['checklist', '--target-org', 'pkg-pbo', '--target-dev-hub', 'pkg-pbo', '--json']);
      const out = JSON.parse(run.stdout) as { apiCalls: number; steps: { id: string; findings: { level: string; text: string }[] }[] };
      assert.equal(out.apiCalls, 5);
      const texts = out.steps.find((s) => s.id === 'packages')?.findings.map((f) => `${f.level}: ${f.text}`) ?? [];
      assert.ok(
        texts.includes(
          'attention: Acme Payroll is not linked to this LMO: link it in the Partner Console before customers install it, or their installs create no license.',
        ),
        texts.join('\n'),
      );
      assert.ok(texts.some((t) => /^attention: Acme Field Service: the LMO's package record was registered from org 00D5g00000PKG03EAH/.test(t)));
      assert.ok(texts.some((t) => /^info: Acme CPQ Connector: 1 released version not in the LMO yet \(1\.6\.0\)/.test(t)));
    });
  });

  describe('packages wait-link (links the demo: runs last)', () => {
    it('refuses a package the Dev Hub does not own, listing those it does; and an unlocked one', async () => {
      const unknown = await runCli(['packages', 'wait-link', '--target-org', 'pkg-pbo', '--package', 'Acme Payrol']);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /pkg-pbo owns no package "Acme Payrol"\. Its packages:\n {2}Acme Billing \(0335g0000000001AAA\)/);
      const unlocked = await runCli(['packages', 'wait-link', '--target-org', 'pkg-pbo', '--package', 'Acme Dev Tools']);
      assert.equal(unlocked.status, 2);
      assert.match(unlocked.stderr, /unlocked package/);
    });

    it('stops on Ctrl-C after the check in flight (exit 130)', async function () {
      if (CLI_IN_PROCESS) this.skip(); // signals a child process
      const child = spawn(
        process.execPath,
        [join(ROOT, 'dist', 'cli.js'), 'packages', 'wait-link', '--target-org', 'pkg-pbo', '--package', PAYROLL, '--interval', '60'],
        {
          env: process.env,
        },
      );
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no first check: ${stderr}`)), 30_000);
        child.stderr.on('data', () => {
          if (/check 1 done/.test(stderr)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      assert.equal(code, 130, stderr);
    });

    it('waits until the Partner Console registration lands: exit 0, one API call per check', async () => {
      // The registration lands once the first check has seen the package unlinked (not on a timer, which a slow machine's start-up outruns):
      // the command reads the link state once (with the Dev Hub's packages), then checks one call at a time.
      const mark = pbo.requests.mark();
      const running = runCli(['packages', 'wait-link', '--target-org', 'pkg-pbo', '--package', 'Acme Payroll', '--interval', '1', '--json']);
      const reads = () => pbo.requests.since(mark).filter((r) => [r.path, ...(r.subrequests ?? [])].some((p) => p.includes('sfLma__Package__c'))).length;
      await eventually(() => reads() >= 2, 'the first check', 60_000);
      pbo.linkPackage(PAYROLL, 0);
      const run = await running;
      assert.equal(run.status, 0, run.stderr);
      const out = JSON.parse(run.stdout) as {
        outcome: string;
        state: string;
        attempts: number;
        apiCalls: number;
        versionsArrived: number;
        missingVersionIds: string[];
      };
      assert.equal(out.outcome, 'done');
      assert.equal(out.state, 'linked');
      assert.ok(out.attempts >= 2, `${out.attempts} checks`);
      assert.equal(out.apiCalls, out.attempts);
      assert.equal(out.versionsArrived, 1);
      assert.deepEqual(out.missingVersionIds, []);
      assert.match(run.stderr, /Acme Payroll is not linked yet; check 1 done, the next in 1 s\./);
      const text = await runCli(['packages', 'wait-link', '--target-org', 'pkg-pbo', '--package', 'Acme Payroll']);
      assert.equal(text.status, 0);
      assert.match(text.stdout, /^Acme Payroll is linked to pkg-pbo: package record a0P\w+, 1 of 1 released versions arrived\./);
    });

    it('a package linked from another org ends the wait with exit 1; with everything linked, `packages` exits 0', async () => {
      const elsewhere = await runCli(['packages', 'wait-link', '--target-org', 'pkg-pbo', '--package', 'Acme Field Service']);
      assert.equal(elsewhere.status, 1);
      assert.match(elsewhere.stdout, /registered from org 00D5g00000PKG03EAH, not from pkg-pbo/);
      const fieldService = pbo.store.rows('sfLma__Package__c').find((p) => p.Name === 'Acme Field Service') as Row;
      const before = fieldService.sfLma__Developer_Org_ID__c;
      fieldService.sfLma__Developer_Org_ID__c = pbo.orgId;
      try {
        const run = await runCli(['packages', '--target-org', 'pkg-pbo', '--json']);
        assert.equal(run.status, 0, run.stdout);
        assert.deepEqual((JSON.parse(run.stdout) as PackagesJson).needsLinking, []);
      } finally {
        fieldService.sfLma__Developer_Org_ID__c = before;
      }
    });
  });
});
