/** The headless report, run as a user runs it: a child process using the CLI's login of the demo LMO. */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo';
import { buildCli, runCli } from '../support/cli';
import { loginWithCli, startDemo } from '../support/demoOrg';

describe('lma-workbench report (dist/cli.js)', function () {
  this.timeout(120_000);
  let demo: DemoLmo;

  before(async () => {
    buildCli();
    demo = await startDemo({ licenses: 3000, username: 'admin@report-lmo.demo' });
    await loginWithCli(demo, 'report-lmo');
  });
  after(() => demo.close());

  const report = (...args: string[]) => runCli(['report', ...args]);

  it('prints the dashboard as Markdown for a CLI alias', async () => {
    const run = await report('--target-org', 'report-lmo', '--today', '2026-03-10');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^## Install base — report-lmo \(all packages, sandboxes excluded\), 2026-03-10/);
    assert.match(run.stdout, /\| Active subscribers \| [\d,]+ \|/);
    assert.match(run.stdout, /\| Acme Billing \| 2\.3\.0 \| [\d,]+ \| [\d.]+% \|/);
  });

  it('prints JSON for one package, with sandboxes, and says what it cost', async () => {
    const run = await report('--target-org', 'report-lmo', '--package', 'Acme CPQ Connector', '--include-sandboxes', '--json');
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { apiCalls: number; metrics: { versionAdoption: { packageName: string }[]; options: { includeSandboxes: boolean } } };
    assert.ok(out.apiCalls === 3 || out.apiCalls === 4, `${out.apiCalls} calls`);
    assert.deepEqual(
      out.metrics.versionAdoption.map((p) => p.packageName),
      ['Acme CPQ Connector'],
    );
    assert.equal(out.metrics.options.includeSandboxes, true);
  });

  it('never prints a value shaped like a session id, even when one is passed as the org', async () => {
    const token = demo.issueAccessToken();
    const secret = token.split('!')[1];
    for (const args of [
      ['--target-org', token],
      ['--target-org', token, '--json'],
    ]) {
      const run = await report(...args);
      assert.equal(run.status, 2, 'a usage error');
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'the secret is not echoed');
      assert.match(run.stdout + run.stderr, /looks like an access token/);
    }
  });

  it('gives up on an org that accepts and never answers, after --timeout seconds, with its own message', async () => {
    demo.faults.inject({ kind: 'hang' }, { times: 5 });
    try {
      const started = Date.now();
      const run = await report('--target-org', 'report-lmo', '--timeout', '5');
      assert.equal(run.status, 6, 'the org is unreachable');
      assert.match(run.stderr, /did not answer within 5 s/);
      assert.ok(Date.now() - started < 30_000, 'not the default 2 minutes');
    } finally {
      demo.faults.reset();
    }
  });

  it('says what went wrong as JSON with --json, and cleans org text for a terminal', async () => {
    const run = await report('--target-org', 'report-lmo', '--package', 'Nope', '--json');
    assert.equal(run.status, 2);
    const out = JSON.parse(run.stdout) as { error: { kind: string; message: string; exitCode: number } };
    assert.equal(out.error.kind, 'usage');
    assert.equal(out.error.exitCode, 2);
    const md = await report('--target-org', 'report-lmo', '--today', '2026-03-10');
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    assert.ok(!/[\u0000-\u0008\u000B\u001B\u202E]/.test(md.stdout), 'no control characters or direction overrides reach the terminal');
  });

  it('fails with an actionable message and the documented exit code', async () => {
    const unknownOrg = await report('--target-org', 'nobody');
    assert.equal(unknownOrg.status, 3, 'login needed');
    assert.match(unknownOrg.stderr, /sf org login web --alias nobody/);
    const unknownPackage = await report('--target-org', 'report-lmo', '--package', 'Nope');
    assert.equal(unknownPackage.status, 2, 'usage');
    assert.match(unknownPackage.stderr, /No package is named "Nope" or has that id\. Packages:\n {2}Acme Billing \(a0P/);
  });
});
