/**
 * `lma-workbench packages push-status` as a partner runs it (dist/cli.js in a child process, CLI
 * logins of demo orgs): the error groups and the retry org file equal what the demo's own records
 * say, for a 1GP package read from its packaging org and a 2GP package read from its Dev Hub; the
 * API calls it costs; --follow on a simulated push until it ends; exit 1 while any job failed;
 * SIGTERM stops a follow cleanly.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Validator, type Schema } from '@cfworker/json-schema';
import { compareVersionNumbers } from '../../src/core/versionNumber';
import { type DemoLmo } from '../../src/demo/http/server';
import { type DemoPushRequest } from '../../src/demo/pushUpgrades';
import { CLI_IN_PROCESS, ROOT, buildCli, runCli } from '../support/cli';
import { useThreeOrgs } from '../support/threeOrgs';
import { eventually } from '../support/eventually';

type Row = Record<string, unknown>;
const BILLING = '0335g0000000001AAA';
const INSIGHTS = '0335g0000000004AAA';
const id15 = (v: unknown) => String(v ?? '').slice(0, 15);
const sorted = (a: Iterable<string>) => [...a].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'push-status.schema.json'), 'utf8')) as Schema;

interface StatusJson {
  apiCalls: number;
  failedJobs: number;
  followed?: { outcome: string; polls: number };
  requests: {
    id: string;
    status: string;
    packageId: string;
    orgsFailed: number;
    errorGroups: { type: string; title: string; orgCount: number; orgKeys: string[]; names: string[] }[];
    retryOrgKeys: string[] | null;
    retryFile: string | null;
  }[];
}

function parse(stdout: string): StatusJson {
  const value = JSON.parse(stdout) as unknown;
  const result = new Validator(schema, '7').validate(value);
  assert.ok(result.valid, JSON.stringify(result.errors.slice(0, 3)));
  return value as StatusJson;
}

/** The LMO's current version of each org for a package, from the demo's store. */
function lmoVersions(lmo: DemoLmo, packageId: string): Map<string, string> {
  const pkg = lmo.store.rows('sfLma__Package__c').find((p) => id15(p.sfLma__Package_ID__c) === id15(packageId)) as Row;
  const out = new Map<string, string>();
  for (const l of lmo.store.rows('sfLma__License__c'))
    if (l.sfLma__Package__c === pkg.Id && l.sfLma__Status__c !== 'Uninstalled' && l.IsDeleted !== true) {
      const v = String(l.sfLma__Version_Number__c ?? '');
      const org = id15(l.sfLma__Subscriber_Org_ID__c);
      if (!out.has(org) || compareVersionNumbers(v, out.get(org) as string) > 0) out.set(org, v);
    }
  return out;
}

function oracleGroups(r: DemoPushRequest): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const j of r.jobs) for (const e of j.errors) out.set(`${e.type}|${e.title}`, (out.get(`${e.type}|${e.title}`) ?? new Set()).add(id15(j.orgKey)));
  return new Map([...out].map(([k, v]) => [k, sorted(v)]));
}

function oracleRetry(r: DemoPushRequest, versions: Map<string, string>): string[] {
  const orgs = r.jobs.filter((j) => ['Failed', 'Created', 'Pending'].includes(j.status)).map((j) => id15(j.orgKey));
  return sorted(new Set(orgs.filter((o) => !(versions.get(o) && compareVersionNumbers(versions.get(o) as string, r.versionNumber) >= 0))));
}

describe('lma-workbench packages push-status (dist/cli.js)', function () {
  this.timeout(120_000);
  let pbo: DemoLmo;
  let hub: DemoLmo;
  let lmo: DemoLmo;
  let sessions: { pbo: number; hub: number };
  let dir: string;
  const three = useThreeOrgs('status', { pbo: 1000, hub: 1000, lmo: 1000 });
  before(() => {
    buildCli();
    ({ pbo, hub, lmo, dir, sessions } = three());
  });

  it('1GP from its packaging org: error groups and the retry org file equal the demo’s records; exit 1; 2 + 1 + 1 calls for the push records', async () => {
    const failed = pbo.pushUpgrades.requests().find((r) => r.packageId === INSIGHTS && r.status === 'Failed') as DemoPushRequest;
    assert.equal(failed.generation, '1gp');
    const file = join(dir, 'retry 1gp.csv');
    const mark = pbo.requests.mark();
    const run = await runCli(['packages', 'push-status', '--target-org', 'status-pbo', '--request', failed.id, '--retry-file', file, '--json']);
    assert.equal(run.status, 1, run.stderr);
    const json = parse(run.stdout);
    const [shown] = json.requests;
    assert.equal(shown.id, failed.id);
    assert.deepEqual(new Map(shown.errorGroups.map((g) => [`${g.type}|${g.title}`, g.orgKeys])), oracleGroups(failed));
    assert.ok(
      shown.errorGroups.every((g) => g.names.length === g.orgCount),
      'every failed org named from the LMO',
    );
    const expected = oracleRetry(failed, lmoVersions(pbo, INSIGHTS));
    assert.equal(readFileSync(file, 'utf8'), expected.map((o) => `${o}\n`).join(''));
    assert.deepEqual(shown.retryOrgKeys, expected);
    // The push records: the request and its job counts (2), its errors (1), its failed and unstarted jobs (1); never one per org.
    const pushCalls = pbo.requests.since(mark, sessions.pbo).filter((r) => /PackagePush/.test(r.path));
    assert.equal(pushCalls.length, 4, pushCalls.map((c) => c.path).join('\n'));
    assert.equal(json.apiCalls, 4);
  });

  it('2GP from its Dev Hub beside the LMO: the text names the error groups with subscribers, and the retry file leaves out orgs already upgraded', async () => {
    const failed = hub.pushUpgrades.requests().find((r) => r.packageId === BILLING && r.status === 'Failed') as DemoPushRequest;
    assert.equal(failed.generation, '2gp');
    const file = join(dir, 'retry-2gp.csv');
    const mark = hub.requests.mark();
    const run = await runCli([
      'packages',
      'push-status',
      '--target-org',
      'status-lmo',
      '--target-dev-hub',
      'status-hub',
      '--package',
      'Acme Billing',
      '--request',
      failed.id,
      '--retry-file',
      file,
    ]);
    assert.equal(run.status, 1, run.stderr);
    const groups = [...oracleGroups(failed)].sort((a, b) => b[1].length - a[1].length);
    const [type, title] = groups[0][0].split('|');
    assert.match(run.stdout, new RegExp(`${groups[0][1].length} orgs +${type} +${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +\\(`));
    const versions = lmoVersions(lmo, BILLING);
    const expected = oracleRetry(failed, versions);
    assert.ok(
      failed.jobs.some((j) => j.status === 'Failed' && versions.get(id15(j.orgKey)) === failed.versionNumber),
      'the seed has an upgraded failed org',
    );
    assert.equal(readFileSync(file, 'utf8'), expected.map((o) => `${o}\n`).join(''));
    assert.match(run.stdout, new RegExp(`Org file: .*retry-2gp\\.csv`));
    const calls = hub.requests.since(mark, sessions.hub).filter((r) => /PackagePush/.test(r.path));
    assert.equal(calls.length, 4, calls.map((c) => c.path).join('\n'));
  });

  it('every request of every package: one list in two calls plus one call per page of errors and of jobs of the failed requests', async () => {
    const oracle = pbo.pushUpgrades.requests();
    const mark = pbo.requests.mark();
    const run = await runCli(['packages', 'push-status', '--target-org', 'status-pbo', '--json']);
    assert.equal(run.status, 1, run.stderr);
    const json = parse(run.stdout);
    assert.deepEqual(sorted(json.requests.map((r) => r.id)), sorted(oracle.map((r) => r.id)));
    const withFailures = oracle.filter((r) => r.jobs.some((j) => j.status === 'Failed'));
    const endedWithFailures = withFailures.filter((r) => ['Succeeded', 'Failed', 'Canceled'].includes(r.status));
    const pushCalls = pbo.requests.since(mark, sessions.pbo).filter((r) => /PackagePush/.test(r.path));
    assert.equal(pushCalls.length, 2 + withFailures.length + endedWithFailures.length, pushCalls.map((c) => c.path).join('\n'));
    assert.equal(
      json.failedJobs,
      oracle.reduce((n, r) => n + r.jobs.filter((j) => j.status === 'Failed').length, 0),
    );
  });

  it('--follow on a simulated push checks until it ends, then reports it: exit 1 when some orgs failed, 0 when none did', async () => {
    const version = pbo.pushUpgrades.requests().find((r) => r.packageId === BILLING && r.status === 'Failed') as DemoPushRequest;
    const failing = pbo.pushUpgrades.simulate({ versionId: version.packageVersionId, failEvery: 3, stepMs: 400 });
    const run = await runCli(['packages', 'push-status', '--target-org', 'status-pbo', '--request', failing, '--follow', '--interval', '5', '--json']);
    assert.equal(run.status, 1, run.stderr);
    const json = parse(run.stdout);
    assert.equal(json.followed?.outcome, 'done');
    assert.ok((json.followed?.polls ?? 0) >= 2, 'it saw the push running first');
    assert.equal(json.requests[0].status, 'Failed');
    const simulated = pbo.pushUpgrades.requests().find((r) => r.id === failing) as DemoPushRequest;
    assert.equal(simulated.status, 'Failed');
    assert.equal(json.requests[0].orgsFailed, simulated.jobs.filter((j) => j.status === 'Failed').length);
    assert.deepEqual(new Map(json.requests[0].errorGroups.map((g) => [`${g.type}|${g.title}`, g.orgKeys])), oracleGroups(simulated));

    const clean = pbo.pushUpgrades.simulate({ versionId: version.packageVersionId, failEvery: 0, stepMs: 100 });
    const ok = await runCli(['packages', 'push-status', '--target-org', 'status-pbo', '--request', clean, '--follow', '--interval', '5']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(`${clean}  Succeeded`));
  });

  it('SIGTERM stops a follow cleanly (exit 130), having changed nothing', async function () {
    if (CLI_IN_PROCESS) this.skip(); // needs a process to signal
    const running = pbo.pushUpgrades.requests().find((r) => r.packageId === INSIGHTS && r.status === 'In Progress') as DemoPushRequest;
    const before = JSON.stringify(pbo.pushUpgrades.requests());
    const child = spawn(
      process.execPath,
      [join(ROOT, 'dist', 'cli.js'), 'packages', 'push-status', '--target-org', 'status-pbo', '--request', running.id, '--follow'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await eventually(() => stderr.includes(running.id), 'the first check', 30_000);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /Stopped following/);
    assert.equal(JSON.stringify(pbo.pushUpgrades.requests()), before);
  });

  it('refuses wrong arguments with exit 2 and writes nothing', async () => {
    const file = join(dir, 'never.csv');
    for (const args of [
      ['--retry-file', file],
      ['--interval', '10'],
      ['--request', "0DV' OR Id != '"],
      ['--follow', '--interval', '1'],
      ['--package', 'No Such Package'],
    ]) {
      const run = await runCli(['packages', 'push-status', '--target-org', 'status-pbo', ...args]);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    }
    assert.equal(existsSync(file), false);
  });
});
