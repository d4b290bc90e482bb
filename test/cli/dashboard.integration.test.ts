/** The headless report, run as a user runs it: a child process using the CLI's login of the demo LMO. */
import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type DemoLmo } from '../../src/demo';
import { DemoLmo as Demo } from '../../src/demo/http/server';
import { type LoggedRequest } from '../../src/demo/http/requestLog';
import { CLI_IN_PROCESS, ROOT, buildCli, runCli } from '../support/cli';
import { TODAY, loginWithCli, startDemo } from '../support/demoOrg';
import { HOSTILE_NAMES } from '../support/hostile';

/** Editor wording that means nothing in a terminal. */
const EDITOR_WORDS = /refresh the view|the view|LMA Workbench log|lmaWorkbench\.|command palette|click/i;

/** A request that may change data: anything but a GET, or a Composite call with a subrequest that is not a GET. */
const isWrite = (r: LoggedRequest) => (r.subrequests ? r.subrequests.some((s) => !s.startsWith('GET ')) : r.method !== 'GET' && r.method !== 'HEAD');

describe('lma-workbench dashboard (and its old name, report) (dist/cli.js)', function () {
  this.timeout(120_000);
  let demo: DemoLmo;
  let session: number;

  before(async () => {
    buildCli();
    demo = await startDemo({ licenses: 3000, username: 'admin@report-lmo.demo' });
    session = await loginWithCli(demo, 'report-lmo');
  });
  after(() => demo.close());

  const report = (...args: string[]) => runCli(['dashboard', ...args]);

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

  it('--today nine days back: churn counts the status changes of that window only, not the nine days since', async () => {
    const asOf = '2026-03-01';
    const soqlRows = async (q: string) => {
      const res = await fetch(`${demo.url}/services/data/v62.0/query?q=${encodeURIComponent(q)}`, {
        headers: { Authorization: `Bearer ${demo.issueAccessToken()}` },
      });
      return ((await res.json()) as { records: Record<string, unknown>[] }).records;
    };
    const changes = await soqlRows(
      "SELECT ParentId, NewValue, CreatedDate FROM sfLma__License__History WHERE Field = 'sfLma__Status__c' AND Parent.sfLma__Subscriber_Org_Is_Sandbox__c = false AND CreatedDate >= 2025-12-01T00:00:00Z",
    );
    const churned = (until: string) =>
      new Set(changes.filter((r) => ['Uninstalled', 'Suspended'].includes(String(r.NewValue)) && String(r.CreatedDate) < until).map((r) => r.ParentId)).size;
    assert.ok(churned('9999') > churned('2026-03-02'), 'the demo has churn after the day too');
    // In UTC, so the day's bounds are UTC midnights (2025-12-01 to 2026-03-02).
    const run = await runCli(['report', '--target-org', 'report-lmo', '--today', asOf, '--json'], { env: { ...process.env, TZ: 'UTC' } });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { metrics: { churn: { since: string; churned: number } } };
    assert.equal(out.metrics.churn.since, '2025-12-01');
    assert.equal(out.metrics.churn.churned, churned('2026-03-02'));
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
      const started = performance.now();
      const run = await report('--target-org', 'report-lmo', '--timeout', '5');
      assert.equal(run.status, 6, 'the org is unreachable');
      assert.match(run.stderr, /did not answer within 5 s/);
      assert.ok(performance.now() - started < 30_000, 'not the default 2 minutes');
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

  it('matches --package only to an exact id or name: " ", "a" and "0" list the packages and exit 2', async () => {
    for (const wanted of [' ', 'a', '0', 'Acme']) {
      const run = await report('--target-org', 'report-lmo', '--package', wanted);
      assert.equal(run.status, 2, `"${wanted}": a usage error, not the first package`);
      assert.equal(run.stdout, '', `"${wanted}": no report`);
      assert.match(run.stderr, /or has that id\. Packages:\n {2}Acme Billing \(a0P\w{15}, 033\w{15}\)\n/, `"${wanted}" lists the candidates`);
      assert.equal(run.stderr.match(/^ {2}\S.* \(a0P/gm)?.length, 4, 'all four packages');
    }
  });

  it('takes a package by its exact 18- or 15-character id, or its exact name in any case', async () => {
    const listed = await report('--target-org', 'report-lmo', '--package', 'Nope');
    const line = /^ {2}Acme CPQ Connector \((a0P\w{15}), (033\w{15})\)$/m.exec(listed.stderr);
    assert.ok(line, listed.stderr);
    const [, recordId, packageId] = line;
    for (const wanted of [recordId, packageId.slice(0, 15), 'acme cpq CONNECTOR']) {
      const run = await report('--target-org', 'report-lmo', '--package', wanted, '--json');
      assert.equal(run.status, 0, `${wanted}: ${run.stderr}`);
      const out = JSON.parse(run.stdout) as { scope: string; metrics: { versionAdoption: { packageName: string }[] } };
      assert.deepEqual(
        out.metrics.versionAdoption.map((p) => p.packageName),
        ['Acme CPQ Connector'],
        wanted,
      );
    }
  });

  it('refuses a demo size outside 100 to 1,000,000 at once, with exit 2 and a clear message', async () => {
    for (const size of ['1e12', '0', '-5', 'abc', '99', '1000001', '1.5']) {
      const started = performance.now();
      const run = await report('--demo', `--licenses=${size}`);
      assert.equal(run.status, 2, `${size}: ${run.stderr}`);
      assert.equal(run.stderr, 'lma-workbench: --licenses must be a whole number from 100 to 1,000,000.\n', size);
      assert.ok(performance.now() - started < 15_000, `${size}: refused before generating anything`);
    }
    const dashed = await report('--demo', '--licenses', '-5');
    assert.equal(dashed.status, 2, 'a negative size written apart from its option is a usage error too');
    assert.match(dashed.stderr, /--licenses/);
  });

  it('refuses the same sizes when the demo LMO runs on its own (npm run demo-lmo)', async function () {
    if (CLI_IN_PROCESS) this.skip(); // runs dist/demoLmoCli.js
    for (const size of ['1e12', '0', '-5', 'abc']) {
      const run = await new Promise<{ code: number | null; stderr: string }>((done) =>
        execFile(process.execPath, [join(ROOT, 'dist', 'demoLmoCli.js'), `--licenses=${size}`], { timeout: 30_000 }, (err, _out, stderr) =>
          done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr }),
        ),
      );
      assert.equal(run.code, 1, size);
      assert.equal(run.stderr, 'demo LMO: --licenses must be a whole number from 100 to 1,000,000\n', size);
    }
  });

  it('starts the standalone demo LMO in the scenario asked for (npm run demo-lmo -- --scenario), and refuses one it does not know', async function () {
    if (CLI_IN_PROCESS) this.skip(); // runs dist/demoLmoCli.js
    const hostileAccounts = async (scenario: string) => {
      const child = spawn(process.execPath, [join(ROOT, 'dist', 'demoLmoCli.js'), '--licenses', '100', '--scenario', scenario, '--json'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        const line = await new Promise<string>((done, fail) => {
          let text = '';
          child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()).includes('\n') && done(text.slice(0, text.indexOf('\n'))));
          child.once('exit', (code) => fail(new Error(`the demo exited with ${code}`)));
        });
        const { url, accessToken } = JSON.parse(line) as { url: string; accessToken: string };
        const res = await fetch(`${url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Name FROM Account')}`, {
          headers: { Authorization: `Bearer ${accessToken}` },
        });
        const names = ((await res.json()) as { records: { Name: string }[] }).records.map((r) => r.Name);
        return names.filter((n) => HOSTILE_NAMES.includes(n)).length;
      } finally {
        child.kill();
      }
    };
    assert.ok((await hostileAccounts('edge-cases')) > 0, 'the default, as before: the hostile names');
    assert.equal(await hostileAccounts('showcase'), 0, 'plausible customers only');
    const run = await new Promise<{ code: number | null; stderr: string }>((done) =>
      execFile(process.execPath, [join(ROOT, 'dist', 'demoLmoCli.js'), '--scenario', 'hostile'], { timeout: 30_000 }, (err, _out, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr }),
      ),
    );
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'demo LMO: --scenario must be one of showcase, broken-setup, edge-cases, not "hostile"\n');
  });

  it('refuses a demo scenario it does not know, naming the ones it does (exit 2)', async () => {
    const run = await report('--demo', '--licenses', '100', '--demo-scenario', 'hostile');
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /--demo-scenario must be one of showcase, broken-setup, edge-cases, not "hostile"/);
  });

  it('reports the demo with --demo: exit 0 and the numbers of a demo of that size', async () => {
    const run = await report('--demo', '--licenses', '100', '--include-sandboxes', '--today', TODAY, '--json');
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as {
      org: string;
      metrics: { statusMix: { status: string; licenses: number }[]; versionAdoption: { packageName: string }[] };
    };
    assert.equal(out.org, 'Demo LMO');
    // The same demo, in this process: 100 licenses as of TODAY, seed 42, the showcase --demo shows by default.
    const same = await Demo.start({ licenses: 100, today: TODAY, scenario: 'showcase' });
    try {
      const count = async (where: string) => {
        const res = await fetch(`${same.url}/services/data/v62.0/query?q=${encodeURIComponent(`SELECT COUNT() FROM sfLma__License__c${where}`)}`, {
          headers: { Authorization: `Bearer ${same.accessToken}` },
        });
        return ((await res.json()) as { totalSize: number }).totalSize;
      };
      assert.equal(
        out.metrics.statusMix.reduce((n, s) => n + s.licenses, 0),
        await count(''),
        'every license of the demo, by status',
      );
      assert.equal(
        out.metrics.statusMix.find((m) => m.status === 'Uninstalled')?.licenses ?? 0,
        await count(" WHERE sfLma__Status__c = 'Uninstalled'"),
        'uninstalled licenses',
      );
      const packages = await fetch(`${same.url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Name FROM sfLma__Package__c ORDER BY Name')}`, {
        headers: { Authorization: `Bearer ${same.accessToken}` },
      });
      assert.deepEqual(
        out.metrics.versionAdoption.map((p) => p.packageName).sort(),
        ((await packages.json()) as { records: { Name: string }[] }).records.map((r) => r.Name).sort(),
      );
    } finally {
      await same.close();
    }
  });

  it('sends no write to the org: every request of a report is a read', async () => {
    const mark = demo.requests.mark();
    const run = await report('--target-org', 'report-lmo', '--include-sandboxes');
    assert.equal(run.status, 0, run.stderr);
    const requests = demo.requests.since(mark, session);
    assert.ok(requests.length >= 3, `the report's own requests were seen (${requests.length})`);
    assert.deepEqual(
      requests.filter(isWrite).map((r) => `${r.method} ${r.path} ${r.subrequests?.join(', ') ?? ''}`),
      [],
    );
  });

  it('exits 5 when the org has used up its daily API limit, and 7 for an error it cannot place', async () => {
    demo.faults.settings.apiLimitReached = true;
    try {
      const limited = await report('--target-org', 'report-lmo');
      assert.equal(limited.status, 5, limited.stderr);
      assert.match(limited.stderr, /has used up its daily API request limit \(REQUEST_LIMIT_EXCEEDED\)/);
    } finally {
      demo.faults.reset();
    }
    demo.faults.inject(
      { kind: 'apiError', status: 400, errorCode: 'SOMETHING_NEW', message: 'Something Salesforce never said before' },
      { match: 'sfLma', times: 20 },
    );
    try {
      const other = await report('--target-org', 'report-lmo');
      assert.equal(other.status, 7, other.stderr);
      assert.match(other.stderr, /Something Salesforce never said before/);
    } finally {
      demo.faults.reset();
    }
  });

  it('words its errors for a terminal: no view, log or setting of the editor', async () => {
    const runs: [string, Awaited<ReturnType<typeof report>>, number][] = [];
    demo.setLmaInstalled(false);
    try {
      runs.push(['LMA missing', await report('--target-org', 'report-lmo'), 4]);
    } finally {
      demo.setLmaInstalled(true);
    }
    demo.faults.inject({ kind: 'apiError', status: 400, errorCode: 'MALFORMED_QUERY', message: 'unexpected token: FROM' }, { match: 'sfLma', times: 20 });
    try {
      runs.push(['query refused', await report('--target-org', 'report-lmo'), 7]);
    } finally {
      demo.faults.reset();
    }
    demo.faults.inject({ kind: 'hang' }, { times: 5 });
    try {
      runs.push(['timeout', await report('--target-org', 'report-lmo', '--timeout', '5'), 6]);
    } finally {
      demo.faults.reset();
    }
    demo.expireSession();
    try {
      runs.push(['session expired', await report('--target-org', 'report-lmo'), 3]);
    } finally {
      session = await loginWithCli(demo, 'report-lmo');
    }
    for (const [what, run, code] of runs) {
      assert.equal(run.status, code, `${what}: ${run.stderr}`);
      assert.match(run.stderr, /^lma-workbench: \S/, what);
      assert.doesNotMatch(run.stderr, EDITOR_WORDS, what);
    }
    const [, refused] = runs.find(([what]) => what === 'query refused') as [string, { stderr: string }, number];
    assert.match(refused.stderr, /unexpected token: FROM/, 'the details a bug report needs are on the terminal');
    const [, timedOut] = runs.find(([what]) => what === 'timeout') as [string, { stderr: string }, number];
    assert.match(timedOut.stderr, /--timeout/, 'says how to allow more time on the command line');
    const [, expired] = runs.find(([what]) => what === 'session expired') as [string, { stderr: string }, number];
    assert.match(expired.stderr, /sf org login web --alias report-lmo/);
  });
});
