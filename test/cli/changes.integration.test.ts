/**
 * `lma-workbench changes` as users run it (dist/cli.js in a child process, the CLI's login of a
 * demo LMO whose simulator keeps changing licenses), delivering to a local receiver that checks
 * every signature with the Standard Webhooks library. Includes the durability test: the feed is
 * killed with SIGKILL at random points 20 times, and no event may be lost.
 */
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ChangeCursor, LicenseChangeReader } from '../../src/data/lmo/changeFeed';
import { type DemoLmo } from '../../src/demo';
import { CLI_IN_PROCESS, buildCli, runCli } from '../support/cli';
import { connectByAlias, loginWithCli, startDemo, TODAY } from '../support/demoOrg';
import { eventually } from '../support/eventually';
import { newSecret, WebhookReceiver } from '../support/webhookReceiver';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SECRET_ENV = 'LMA_TEST_HOOK_SECRET';

describe('lma-workbench changes (dist/cli.js)', function () {
  this.timeout(300_000);
  let demo: DemoLmo;
  let receiver: WebhookReceiver;
  let dir: string;
  const secret = newSecret();
  const env = { ...process.env, [SECRET_ENV]: secret };

  before(async () => {
    buildCli();
    demo = await startDemo({ licenses: 2000, username: 'admin@feed-lmo.demo' });
    await loginWithCli(demo, 'feed-lmo');
  });
  after(() => demo.close());
  beforeEach(async () => {
    receiver = await new WebhookReceiver(secret).start();
    dir = mkdtempSync(join(tmpdir(), 'lma-feed-cli-'));
  });
  afterEach(async () => {
    demo.changes.stop();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) => runCli(['changes', ...args], { env, timeoutMs: 120_000 });
  const org = ['--target-org', 'feed-lmo', '--today', TODAY];
  const hook = () => ['--webhook', receiver.url, '--secret-env', SECRET_ENV];

  /** Every event id the LMO has since `since`, read in-process by the same reader (the truth to compare with). */
  async function expectedIds(since: Date): Promise<string[]> {
    const lmo = await connectByAlias('feed-lmo');
    const reader = new LicenseChangeReader(lmo.client, { now: () => new Date(demo.now()) });
    const ids: string[] = [];
    let cursor: ChangeCursor = reader.initialCursor(since);
    for (;;) {
      const page = await reader.poll(cursor);
      ids.push(...page.changes.map((c) => c.id));
      cursor = page.cursor;
      if (!page.more) return ids;
    }
  }

  it('delivers a window of changes, signed, then nothing twice; dead letters can be listed and replayed', async () => {
    const since = new Date(demo.now() - 1000).toISOString();
    demo.changes.make(30, ['status', 'seats', 'expiration', 'version', 'install']);
    // The receiver refuses the first three events outright (HTTP 422).
    const refused = new Set<string>();
    receiver.answer = ({ id }) => {
      if (refused.size < 3 && !refused.has(id)) refused.add(id);
      return { status: refused.has(id) ? 422 : 200 };
    };
    const first = await run(...org, '--since', since, ...hook(), '--state-dir', dir, '--json');
    assert.equal(first.status, 1, `dead letters are findings: ${first.stderr}`);
    const summary = JSON.parse(first.stdout) as { read: number; delivered: number; deadLettered: number; apiCalls: number };
    assert.ok(summary.read >= 30, `${summary.read} read`);
    assert.equal(summary.delivered + summary.deadLettered, summary.read);
    assert.equal(summary.deadLettered, 3);
    assert.ok(
      receiver.received.every((r) => r.verified),
      'every signature verifies',
    );
    assert.ok(!first.stdout.includes(secret.slice(6)) && !first.stderr.includes(secret.slice(6)), 'the secret is never printed');

    const again = await run(...org, ...hook(), '--state-dir', dir, '--json');
    assert.equal(again.status, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { read: number }).read, 0, 'the cursor remembered where it was');

    const listed = await run('dead-letters', '--state-dir', dir, '--json');
    assert.equal(listed.status, 1);
    const letters = (JSON.parse(listed.stdout) as { deadLetters: { event: { id: string }; error: string }[] }).deadLetters;
    assert.deepEqual(letters.map((l) => l.event.id).sort(), [...refused].sort());
    assert.match(letters[0].error, /HTTP 422 \(permanent\)/);

    receiver.answer = () => ({ status: 200 });
    const replay = await run('dead-letters', '--replay', '--state-dir', dir, ...hook());
    assert.equal(replay.status, 0, replay.stderr);
    for (const id of refused) assert.equal(receiver.delivered().filter((d) => d === id).length, 1, `${id} delivered once on replay`);
    assert.equal((await run('dead-letters', '--state-dir', dir)).status, 0, 'the list is empty');
  });

  it('refuses a webhook without a secret variable, and a second feed on the same state folder', async () => {
    const noSecret = await run(...org, '--webhook', receiver.url, '--state-dir', dir);
    assert.equal(noSecret.status, 2);
    assert.match(noSecret.stderr, /--secret-env/);
    const unset = await run(...org, '--webhook', receiver.url, '--secret-env', 'LMA_NOT_SET_ANYWHERE', '--state-dir', dir);
    assert.equal(unset.status, 2);
    assert.match(unset.stderr, /LMA_NOT_SET_ANYWHERE .*not set/);
    if (CLI_IN_PROCESS) return; // the rest needs a second process
    const running = spawn(process.execPath, [CLI, 'changes', ...org, '--follow', ...hook(), '--state-dir', dir], { env, stdio: 'ignore' });
    try {
      await eventually(() => existsSync(join(dir, 'cursor.json')), 'the first feed to start');
      const second = await run(...org, ...hook(), '--state-dir', dir);
      assert.equal(second.status, 2);
      assert.match(second.stderr, new RegExp(`Another change feed \\(process ${running.pid}\\) uses`));
    } finally {
      running.kill('SIGKILL');
    }
  });

  it('writes JSON Lines to stdout and CSV to a file', async () => {
    const since = new Date(demo.now() - 1000).toISOString();
    demo.changes.make(6, ['status', 'seats', 'install']);
    // In process (LMA_CLI_IN_PROCESS=1) the events go to a file: the stdout sink writes to file descriptor 1 itself.
    const jsonlFile = join(dir, 'changes.jsonl');
    const jsonl = await run(...org, '--since', since, '--state-dir', join(dir, 'a'), ...(CLI_IN_PROCESS ? ['--out', jsonlFile] : []));
    assert.equal(jsonl.status, 0, jsonl.stderr);
    const lines = (CLI_IN_PROCESS ? readFileSync(jsonlFile, 'utf8') : jsonl.stdout).trim().split('\n');
    assert.ok(lines.length >= 6);
    for (const line of lines) assert.equal((JSON.parse(line) as { specversion: string }).specversion, '1.0');
    const csvFile = join(dir, 'changes.csv');
    const csv = await run(...org, '--since', since, '--state-dir', join(dir, 'b'), '--out', csvFile, '--format', 'csv');
    assert.equal(csv.status, 0, csv.stderr);
    const text = readFileSync(csvFile, 'utf8');
    assert.match(text, /^Event ID,Type,Time,License Record ID/);
    assert.equal(text.trim().split('\n').length, lines.length + 1);
  });

  it('loses no event when killed with SIGKILL at random points 20 times while the LMO keeps changing', async function () {
    if (CLI_IN_PROCESS) this.skip(); // kills child processes
    const since = new Date(demo.now() - 1000);
    // A receiver that is slow now and then and fails one call in ten: kills land mid-delivery and mid-retry too.
    receiver.answer = ({ n }) => ({ status: n % 10 === 3 ? 503 : 200 });
    demo.changes.run(1500);
    // Until a run has saved its cursor (a kill can land before the CLI has even started), the next run starts at `since` again:
    // without it, a feed with no cursor starts a day back and delivers changes from before the test.
    const args = (_first: boolean) => [
      CLI,
      'changes',
      ...org,
      ...(existsSync(join(dir, 'cursor.json')) ? ['--from-cursor'] : ['--since', since.toISOString()]),
      '--follow',
      '--interval',
      '1',
      ...hook(),
      '--state-dir',
      dir,
    ];
    const spawnFeed = (first: boolean): ChildProcess => spawn(process.execPath, args(first), { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = (child: ChildProcess) =>
      new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));
    /** Resolves once the feed has said it started (its cursor is saved by then), or after 30 s. */
    const started = (child: ChildProcess) =>
      new Promise<void>((r) => {
        const done = () => {
          clearTimeout(timer);
          r();
        };
        const timer = setTimeout(done, 30_000);
        child.stderr?.on('data', (c: Buffer) => {
          if (c.toString().includes('Change feed of')) done();
        });
        child.once('exit', done);
      });
    let killedWhileDelivering = 0;
    for (let i = 0; i < 20; i++) {
      // --since until a run has saved its cursor: a run killed before that leaves none, and without
      // --since the next would start 24 hours back and deliver older changes (seen under load).
      const child = spawnFeed(!existsSync(join(dir, 'cursor.json')));
      const before = receiver.received.length;
      // The random point is counted from the feed's start, not from the spawn: a loaded machine's start-up would eat it.
      if (i % 4 !== 0) await started(child);
      await new Promise((r) => setTimeout(r, 400 + Math.floor(Math.random() * 2200)));
      child.kill('SIGKILL');
      await exited(child);
      if (receiver.received.length > before) killedWhileDelivering++;
    }
    demo.changes.stop();
    // Deletes show in the `deleted` resource once their minute has passed: the truth is read after that.
    const lastChange = demo.now();
    const final = spawnFeed(false);
    let stderr = '';
    final.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      await eventually(() => demo.now() >= Math.floor(lastChange / 60_000) * 60_000 + 61_000, 'the minute of the last delete to pass', 90_000, 500);
      const expected = await expectedIds(since);
      assert.ok(expected.length > 100, `${expected.length} changes were made`);
      await eventually(
        () => expected.every((id) => receiver.delivered().includes(id)),
        `every change delivered (${expected.filter((id) => !receiver.delivered().includes(id)).length} missing)`,
        60_000,
        250,
      );
      const delivered = receiver.delivered();
      const unexpected = delivered.filter((id) => !expected.includes(id));
      assert.deepEqual(unexpected, [], 'nothing that did not happen');
      // A duplicate is the same event again: same id, same body.
      const bodies = new Map<string, string>();
      for (const r of receiver.received.filter((x) => x.status === 200)) {
        const seen = bodies.get(r.id);
        if (seen !== undefined) assert.equal(r.body, seen, `duplicate ${r.id} has the same content`);
        bodies.set(r.id, r.body);
      }
      assert.ok(
        receiver.received.every((r) => r.verified),
        'every signature verifies',
      );
      assert.ok(killedWhileDelivering >= 5, `${killedWhileDelivering} of 20 kills landed while events were being delivered`);
      const duplicates = delivered.length - new Set(delivered).size;
      process.stdout.write(`      ${expected.length} changes, ${delivered.length} deliveries, ${duplicates} duplicate(s) after 20 kills\n`);
    } finally {
      final.kill('SIGTERM');
      const code = await exited(final);
      assert.equal(code, 130, `a clean stop on SIGTERM (${stderr.slice(-500)})`);
    }
  });
});
