/** `rules audit` on a runaway rules file: linear, a size limit with a clear message, and stopped by SIGTERM (dist/cli.js against a demo LMO). */
import * as assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DemoLmo } from '../../src/demo';
import { TODAY, loginWithCli, startDemo } from '../support/demoOrg';

const ROOT = resolve(__dirname, '../../..');

const cli = (timeout: number, ...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'dist', 'cli.js'), ...args, '--today', TODAY],
      { encoding: 'utf8', env: process.env, timeout, killSignal: 'SIGKILL', maxBuffer: 1 << 30 },
      (err, stdout, stderr) => done({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });

const rulesOf = (count: number) =>
  `{"packages": {\n${Array.from({ length: count }, (_, i) => `"Pkg ${i}": {"status":"Active","seats":1,"termDays":365}`).join(',\n')}\n}}`;

describe('lma-workbench rules audit on a large rules file (dist/cli.js)', function () {
  this.timeout(180_000);
  let dir: string;
  let demo: DemoLmo;

  before(async () => {
    execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'pipe' });
    demo = await startDemo({ licenses: 500, username: 'admin@rules-limits.demo' });
    await loginWithCli(demo, 'rules-limits');
  });
  after(() => demo.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lma-cli-rules-limits-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('audits 15,000 rules in seconds, each finding placed on its line (it took minutes: every finding rescanned the file)', async () => {
    const file = join(dir, 'rules.json');
    writeFileSync(file, rulesOf(15_000));
    const started = Date.now();
    const run = await cli(30_000, 'rules', 'audit', '--target-org', 'rules-limits', '--rules', file, '--json');
    assert.equal(run.status, 1, `${run.stderr.slice(0, 500)} after ${Date.now() - started} ms`);
    const out = JSON.parse(run.stdout) as { notes: { code: string; line: number }[] };
    const unknown = out.notes.filter((n) => n.code === 'unknownPackage');
    assert.equal(unknown.length, 15_000);
    assert.deepEqual(
      unknown.slice(-1).map((n) => n.line),
      [15_001],
    );
  });

  it('refuses a rules file over the size limit, naming the limit', async () => {
    const file = join(dir, 'rules.json');
    writeFileSync(file, rulesOf(300_000));
    const run = await cli(30_000, 'rules', 'audit', '--target-org', 'rules-limits', '--rules', file);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /a rules file may have at most 1,000,000/);
  });

  it('ends within seconds of a SIGTERM during a 15,000-rule audit (it went on for minutes, deaf to the signal)', async () => {
    const file = join(dir, 'rules.json');
    writeFileSync(file, rulesOf(15_000));
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'rules', 'audit', '--target-org', 'rules-limits', '--rules', file, '--today', TODAY]);
    try {
      child.stdout.resume();
      child.stderr.resume();
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      // Past the requests to the org: where the audit spent minutes on its report.
      await new Promise((done) => setTimeout(done, 6_000));
      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'still running'>((done) => setTimeout(() => done('still running'), 10_000))]);
      assert.ok(code === 130 || code === 1, `${String(code)} ${Date.now() - signalled} ms after SIGTERM`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('stops on SIGTERM while it waits on the org, exiting 130', async () => {
    const file = join(dir, 'rules.json');
    writeFileSync(file, rulesOf(10));
    demo.faults.inject({ kind: 'slow', delayMs: 20_000 }, { match: 'sfLma__License__c', times: 50 });
    try {
      const child = spawn(process.execPath, [
        join(ROOT, 'dist', 'cli.js'),
        'rules',
        'audit',
        '--target-org',
        'rules-limits',
        '--rules',
        file,
        '--today',
        TODAY,
      ]);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      await new Promise((done) => setTimeout(done, 3_000));
      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      assert.equal(code, 130, stderr);
      assert.ok(Date.now() - signalled < 10_000, `stopped ${Date.now() - signalled} ms after SIGTERM`);
      assert.match(stderr, /Stopping after the current request \(SIGTERM\)/);
    } finally {
      demo.faults.reset();
    }
  });
});
