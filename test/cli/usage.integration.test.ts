/**
 * `lma-workbench usage` as a partner runs it (dist/cli.js in a child process, a CLI login of the
 * demo LMO): each live license's active users equal an independent count of the demo's own
 * summary file; the calls and downloads it costs; a second run downloads nothing (the cache);
 * each enablement state exits with its explanation; the CI threshold.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Schema, Validator } from '@cfworker/json-schema';
import { type DemoLmo } from '../../src/demo/http/server';
import { ROOT, buildCli, runCli } from '../support/cli';
import { TODAY, loginWithCli, startDemo } from '../support/demoOrg';
import { fetchRawUsageLicenses, oracleActiveUsers, oracleFlags } from '../support/usageOracle';

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'usage.schema.json'), 'utf8')) as Schema;
type Json = Record<string, unknown> & {
  state: string;
  appAnalyticsCalls: number;
  downloads: number;
  fromCache?: boolean;
  summary?: Record<string, number | null>;
  findings?: string[];
  action?: string;
  licenses?: { orgId: string; packageId: string | null; activeUsers: number | null; notMeasured: string | null; shelfware: boolean }[];
};

function parse(stdout: string): Json {
  const value = JSON.parse(stdout) as Json;
  const result = new Validator(schema, '7').validate(value);
  assert.ok(result.valid, JSON.stringify(result.errors.slice(0, 3)));
  return value;
}

describe('lma-workbench usage (dist/cli.js)', function () {
  this.timeout(120_000);
  let demo: DemoLmo;
  let session: number;
  let dir: string;
  const base = ['usage', '--target-org', 'usage-lmo', '--today', TODAY, '--json'];
  const appAnalyticsCalls = (mark: number) => demo.requests.since(mark, session).filter((r) => /AppAnalyticsQueryRequest/.test(r.path)).length;

  before(async () => {
    buildCli();
    demo = await startDemo({ appAnalyticsDelayMs: 100 });
    session = await loginWithCli(demo, 'usage-lmo');
    dir = mkdtempSync(join(tmpdir(), 'lma-usage-cli-'));
  });
  after(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => demo.setAppAnalytics('enabled'));

  it("every measured license's active users equal the independent count of the demo's file; 2 calls and 1 download a month; a second run downloads nothing", async () => {
    const cacheDir = join(dir, 'cache');
    const mark = demo.requests.mark();
    const run = await runCli([...base, '--month', '2026-02', '--cache-dir', cacheDir]);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const json = parse(run.stdout);
    const oracle = oracleActiveUsers(demo.appAnalytics.summaryCsv('2026-02'));
    const measured = (json.licenses ?? []).filter((l) => l.activeUsers !== null);
    assert.ok(measured.length > 20, `measured ${measured.length}`);
    for (const l of measured) assert.equal(l.activeUsers, oracle.get(`${l.orgId}|${(l.packageId ?? '').slice(0, 15)}`) ?? 0, `${l.orgId} ${l.packageId}`);
    assert.equal(
      json.summary?.activeUsers,
      measured.reduce((s, l) => s + (l.activeUsers ?? 0), 0),
    );
    assert.ok((json.summary?.shelfware ?? 0) > 0 && (json.summary?.atCap ?? 0) > 0, JSON.stringify(json.summary));
    // The shelfware and at-cap lists are the tests' own, from the raw License rows and the demo's file.
    const expected = oracleFlags(await fetchRawUsageLicenses(demo.url, demo.issueAccessToken()), oracle, TODAY);
    const flagged = (flag: 'shelfware' | 'atCap') =>
      new Set(
        (json.licenses ?? []).filter((l) => (l as unknown as Record<string, boolean>)[flag]).map((l) => (l as unknown as { licenseId: string }).licenseId),
      );
    const differ = (a: Set<string>, b: Set<string>) =>
      `only the command: ${[...a].filter((x) => !b.has(x)).join(', ')}; only the tests: ${[...b].filter((x) => !a.has(x)).join(', ')}`;
    assert.deepEqual(flagged('shelfware'), expected.shelfware, differ(flagged('shelfware'), expected.shelfware));
    assert.deepEqual(flagged('atCap'), expected.atCap, differ(flagged('atCap'), expected.atCap));
    // Three months (dormancy's default), each: one create and one poll (ready by the first poll), one download.
    assert.equal(json.downloads, 3);
    assert.equal(json.appAnalyticsCalls, appAnalyticsCalls(mark), 'the count the command reports is the one the org saw');
    assert.equal(json.appAnalyticsCalls, 6);
    assert.equal(demo.requests.since(mark, session).filter((r) => r.method === 'POST').length, 3);

    const again = await runCli([...base, '--month', '2026-02', '--cache-dir', cacheDir]);
    assert.equal(again.status, 0, again.stderr);
    const cached = parse(again.stdout);
    assert.equal(cached.fromCache, true);
    assert.equal(cached.downloads, 0);
    assert.equal(cached.appAnalyticsCalls, 0);
    assert.deepEqual(cached.licenses, json.licenses);
  });

  it('the PBO license objects: none said where the org has none; where it has, each disagreement of a live license the demo seeded, field by field', async () => {
    const without = parse((await runCli([...base, '--month', '2026-02', '--no-cache'])).stdout);
    assert.equal(without.pbo, null);
    demo.setPboLicensing(true);
    try {
      const run = await runCli([...base, '--month', '2026-02', '--no-cache']);
      assert.equal(run.status, 0, run.stderr + run.stdout);
      const json = parse(run.stdout) as Json & { pbo: { compared: number; disagreements: { licenseId: string; field: string; between: string }[] } | null };
      assert.ok(json.pbo, 'the PBO comparison is there');
      const live = new Set((json.licenses ?? []).map((l) => (l as unknown as { licenseId: string }).licenseId));
      const key = (d: { licenseId: string; field: string; between: string }) => `${d.licenseId}|${d.field}|${d.between}`;
      const expected = demo.pboDisagreements
        .filter((d) => live.has(d.licenseId))
        .map(key)
        .sort();
      assert.ok(expected.length > 0, 'the demo seeds disagreements among live licenses');
      assert.deepEqual(json.pbo.disagreements.map(key).sort(), expected);
      assert.ok(json.pbo.compared > 0 && json.pbo.compared <= live.size);
    } finally {
      demo.setPboLicensing(false);
    }
  });

  it('sandboxes apart and trials not measured: never shelfware', async () => {
    const run = await runCli([...base, '--month', '2026-02', '--no-cache', '--dormant-months', '1']);
    const json = parse(run.stdout);
    assert.ok((json.summary?.sandboxExcluded ?? 0) > 0, 'the demo has sandbox licenses');
    const trials = (json.licenses ?? []).filter((l) => l.notMeasured === 'trial');
    assert.ok(trials.length > 0);
    assert.ok(trials.every((l) => l.activeUsers === null && !l.shelfware));
    assert.equal(json.downloads, 1);
  });

  it('--max-shelfware: exit 1 with the finding when more licenses are shelfware, 0 when the threshold holds', async () => {
    const over = await runCli([...base, '--month', '2026-02', '--no-cache', '--dormant-months', '1', '--max-shelfware', '0']);
    assert.equal(over.status, 1, over.stderr);
    const json = parse(over.stdout);
    assert.equal(json.findings?.length, 1);
    const within = await runCli([...base, '--month', '2026-02', '--no-cache', '--dormant-months', '1', '--max-shelfware', String(json.summary?.shelfware)]);
    assert.equal(within.status, 0, within.stderr);
  });

  it('not enabled: exit 1 with the state and both ways to enable App Analytics', async () => {
    demo.setAppAnalytics('disabled');
    const run = await runCli([...base, '--month', '2026-02', '--no-cache']);
    assert.equal(run.status, 1, run.stderr);
    const json = parse(run.stdout);
    assert.equal(json.state, 'notEnabled');
    assert.match(json.action ?? '', /--enable-app-analytics/);
  });

  it('no access to the object: exit 4 with the permission to ask for', async () => {
    demo.setAppAnalytics('noAccess');
    const run = await runCli([...base, '--month', '2026-02', '--no-cache']);
    assert.equal(run.status, 4, run.stderr);
    assert.equal(parse(run.stdout).state, 'noAccess');
  });

  it('the current month: not yet available, exit 1, no App Analytics call', async () => {
    const mark = demo.requests.mark();
    const run = await runCli([...base, '--month', '2026-03', '--no-cache']);
    assert.equal(run.status, 1, run.stderr);
    const json = parse(run.stdout);
    assert.equal(json.state, 'notYetAvailable');
    assert.equal(appAnalyticsCalls(mark), 0);
  });

  it('text for a terminal, and a wrong --month is a usage error (exit 2)', async () => {
    const text = await runCli(['usage', '--target-org', 'usage-lmo', '--today', TODAY, '--month', '2026-02', '--no-cache', '--dormant-months', '1']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Seat usage in .*, 2026-02/);
    assert.match(text.stdout, /not measured: App Analytics does not track trial orgs/);
    const bad = await runCli([...base, '--month', '2026-13']);
    assert.equal(bad.status, 2);
  });
});
