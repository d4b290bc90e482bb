/**
 * `lma-workbench changes` as an unattended service (dist/cli.js in a child process against the
 * demo LMO, loopback receivers): SIGTERM while a receiver drips its answer loses nothing; sinks
 * that are not files; CSV on a terminal; an untrusted cursor and an unreadable outbox line through
 * the command line; and the systemd recipe's ExecStart line, read out of docs/feed-service.md.
 */
import * as assert from 'node:assert/strict';
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FeedState } from '../../src/cli/changes/feedState';
import { type ChangeCursor, LicenseChangeReader } from '../../src/data/lmo/changeFeed';
import { type DemoLmo } from '../../src/demo';
import { connectByAlias, loginWithCli, startDemo, TODAY } from '../support/demoOrg';
import { eventually } from '../support/eventually';
import { newSecret, WebhookReceiver } from '../support/webhookReceiver';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SECRET_ENV = 'LMA_WEBHOOK_SECRET';
const ALIAS = 'feed-svc';

describe('lma-workbench changes as a service (dist/cli.js)', function () {
  this.timeout(120_000);
  let demo: DemoLmo;
  let receiver: WebhookReceiver;
  let dir: string;
  const secret = newSecret();
  const env = { ...process.env, [SECRET_ENV]: secret };
  const org = ['--target-org', ALIAS, '--today', TODAY];
  const hook = () => ['--webhook', receiver.url, '--secret-env', SECRET_ENV];
  const children: ChildProcess[] = [];

  before(async () => {
    execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'pipe' });
    demo = await startDemo({ licenses: 300, username: 'admin@feed-svc.demo' });
    await loginWithCli(demo, ALIAS);
  });
  after(() => demo.close());
  beforeEach(async () => {
    receiver = await new WebhookReceiver(secret).start();
    dir = mkdtempSync(join(tmpdir(), 'lma-feed-svc-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, [CLI, 'changes', ...args], { encoding: 'utf8', env, timeout: 60_000 }, (err, stdout, stderr) => {
        done({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
    });
  const start = (command: string, args: string[]) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const output = { stdout: '', stderr: '' };
    child.stdout?.on('data', (c: Buffer) => (output.stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output.stderr += c.toString()));
    return { child, output };
  };
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

  async function expectedIds(since: string): Promise<string[]> {
    const lmo = await connectByAlias(ALIAS);
    const reader = new LicenseChangeReader(lmo.client, { now: () => new Date(demo.now()) });
    const ids: string[] = [];
    let cursor: ChangeCursor = reader.initialCursor(new Date(since));
    for (;;) {
      const page = await reader.poll(cursor);
      ids.push(...page.changes.map((c) => c.id));
      cursor = page.cursor;
      if (!page.more) return ids;
    }
  }

  it('stops within seconds on SIGTERM while the receiver drips its answers, and loses no event: the next run delivers each once', async () => {
    const since = new Date(demo.now() - 1000).toISOString();
    demo.changes.make(12, ['status', 'seats', 'expiration']);
    const expected = await expectedIds(since);
    receiver.answer = () => ({ status: 200, drip: 500 });
    const feed = ['--since', since, '--follow', '--interval', '1', ...hook(), '--webhook-timeout', '60', '--state-dir', dir];
    const { child, output } = start(process.execPath, [CLI, 'changes', ...org, ...feed]);
    await eventually(() => receiver.received.length >= 1, 'a delivery to be held by the receiver', 30_000);
    const stopped = performance.now();
    child.kill('SIGTERM');
    const code = await Promise.race([exited(child), new Promise<string>((r) => setTimeout(() => r('still running after 10 s'), 10_000))]);
    assert.equal(code, 130, output.stderr.slice(-600));
    assert.ok(performance.now() - stopped < 10_000);
    const state = new FeedState<unknown>(dir);
    const pending = state.outbox.entries.map((e) => e.event.id);
    state.close();
    assert.deepEqual([...pending].sort(), [...expected].sort(), 'every event still in the outbox');

    receiver.answer = () => ({ status: 204 });
    receiver.received.length = 0;
    const again = await run(...org, ...hook(), '--state-dir', dir, '--json');
    assert.equal(again.status, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { recovered: number }).recovered, expected.length);
    assert.deepEqual([...receiver.delivered()].sort(), [...expected].sort(), 'each delivered once');
  });

  it('writes to a FIFO and to /dev/stdout in a pipe (no fsync on what is not a file)', async () => {
    const since = new Date(demo.now() - 1000).toISOString();
    demo.changes.make(5, ['status', 'seats']);
    const fifo = join(dir, 'events.fifo');
    execFileSync('mkfifo', [fifo]);
    const { child: cat, output } = start('cat', [fifo]);
    const toFifo = await run(...org, '--since', since, '--state-dir', join(dir, 'a'), '--out', fifo);
    assert.equal(toFifo.status, 0, toFifo.stderr);
    await exited(cat);
    const lines = output.stdout.trim().split('\n');
    assert.ok(lines.length >= 5, output.stdout);
    for (const line of lines) assert.equal((JSON.parse(line) as { specversion: string }).specversion, '1.0');
    for (const shell of [false, true]) {
      // Node gives a child a socket for stdout; a shell's `|` gives a pipe: both, as users run it.
      const args = [CLI, 'changes', ...org, '--since', since, '--state-dir', join(dir, `b${shell}`), '--out', '/dev/stdout', '--format', 'csv'];
      const { child, output: piped } = shell
        ? start('sh', ['-c', `${args.map((a) => `'${a}'`).join(' ')} | cat`.replace(/^/, `'${process.execPath}' `)])
        : start(process.execPath, args);
      assert.equal(await exited(child), 0, piped.stderr);
      assert.match(piped.stdout, /^Event ID,Type,Time,License Record ID/);
      assert.equal(piped.stdout.trim().split('\n').length, lines.length + 1);
    }
  });

  it('neutralises escape sequences in CSV on a terminal, and leaves a file as the org has it', async () => {
    const since = new Date(demo.now() - 1000).toISOString();
    const hostile = 'Evil \u001b]8;;https://evil.example/\u0007Click\u001b]8;;\u0007 \u001b[2J\rOverwritten';
    const [change] = demo.changes.make(1, ['seats']);
    const license = demo.store.lookup(change.licenseId);
    const account = demo.store.lookup(String(license?.sfLma__Account__c));
    assert.ok(account, 'the license has an account');
    account.Name = hostile;
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, CLI, 'changes', ...org, '--since', since, '--state-dir', join(dir, 'tty'), '--format', 'csv'].map(quote).join(' ');
    // `script` gives the command a pseudo-terminal, as a user's shell would.
    const { child, output } = start('script', ['-qec', command, '/dev/null']);
    assert.equal(await exited(child), 0, output.stderr + output.stdout);
    assert.ok(output.stdout.includes('Evil <U+001B>]8;;https://evil.example/<U+0007>Click'), output.stdout);
    assert.ok(output.stdout.includes('<U+001B>[2J<U+000D>Overwritten'));
    assert.ok(!output.stdout.includes('\u001b]8;;') && !output.stdout.includes('\u001b[2J'), 'no escape sequence reaches the terminal');
    const file = join(dir, 'changes.csv');
    const toFile = await run(...org, '--since', since, '--state-dir', join(dir, 'file'), '--out', file, '--format', 'csv');
    assert.equal(toFile.status, 0, toFile.stderr);
    assert.ok(readFileSync(file, 'utf8').includes(hostile), 'the file gets the name as the org holds it');
  });

  it('refuses an untrusted cursor and an unreadable outbox line with the remedy; --repair goes on', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cursor.json'), 'null');
    const nullCursor = await run(...org, '--state-dir', dir);
    assert.equal(nullCursor.status, 2, nullCursor.stderr);
    assert.match(nullCursor.stderr, /cursor\.json: it holds null.*--since <date>/s);
    rmSync(join(dir, 'cursor.json'));
    writeFileSync(join(dir, 'outbox.jsonl'), 'not json\n');
    const since = new Date(demo.now() - 1000).toISOString();
    const bad = await run(...org, '--since', since, '--state-dir', dir, '--out', join(dir, 'out.jsonl'));
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /outbox\.jsonl, line 1: unreadable record .*--repair/s);
    const repaired = await run(...org, '--since', since, '--state-dir', dir, '--out', join(dir, 'out.jsonl'), '--repair');
    assert.equal(repaired.status, 0, repaired.stderr);
    assert.match(repaired.stderr, /Moved 1 unreadable record/);
    const letters = await run('dead-letters', '--state-dir', dir, '--json');
    assert.equal(letters.status, 1);
    assert.equal((JSON.parse(letters.stdout) as { deadLetters: { raw: string }[] }).deadLetters[0].raw, 'not json');
  });

  it("runs the systemd recipe's ExecStart line from docs/feed-service.md: /healthz and /metrics answer, SIGTERM stops it cleanly", async () => {
    const doc = readFileSync(join(ROOT, 'docs', 'feed-service.md'), 'utf8');
    const unit = (key: string) => new RegExp(`^${key}=(.+)$`, 'm').exec(doc)?.[1] ?? assert.fail(`${key}= in the recipe`);
    const execStart = unit('ExecStart');
    assert.equal(unit('KillSignal'), 'SIGTERM');
    assert.equal(unit('Restart'), 'on-failure');
    assert.match(unit('EnvironmentFile'), /^\/etc\//);
    assert.ok(unit('StateDirectory'));
    assert.ok(!/["'\\]/.test(execStart), 'no quoting to interpret: split on spaces as systemd does');
    const timeoutStopMs = Number(unit('TimeoutStopSec')) * 1000;
    const port = await freePort();
    // What differs on this machine: the paths, the alias and the URL; systemd sets $STATE_DIRECTORY from StateDirectory=.
    const args = execStart
      .split(/\s+/)
      .map((word) =>
        word === '/usr/bin/node'
          ? process.execPath
          : word === '/opt/lma-workbench/dist/cli.js'
            ? CLI
            : word === 'my-lmo'
              ? ALIAS
              : word === 'https://billing.example.com/hooks/lma'
                ? receiver.url
                : word === '${STATE_DIRECTORY}'
                  ? dir
                  : word === '9464'
                    ? String(port)
                    : word,
      );
    assert.deepEqual(args.slice(2, 3), ['changes']);
    for (const flag of ['--follow', '--webhook', '--secret-env', '--state-dir', '--health-port']) assert.ok(args.includes(flag), flag);
    demo.changes.make(3, ['status']);
    // The demo's clock is on a fixed day: --today puts the feed on it (a real org needs nothing).
    const { child, output } = start(args[0], [...args.slice(1), '--today', TODAY]);
    const health = `http://127.0.0.1:${port}`;
    const answer = await eventually(
      async () => {
        const res = await fetch(`${health}/healthz`);
        const body = (await res.json()) as { org: string; lastSuccessfulPoll: string | null };
        return res.status === 200 && body.lastSuccessfulPoll ? body : undefined;
      },
      `/healthz after the first poll (${output.stderr})`,
      30_000,
      200,
    );
    assert.equal(answer.org.slice(0, 15), demo.orgId.slice(0, 15));
    const metrics = await (await fetch(`${health}/metrics`)).text();
    assert.match(metrics, /^# TYPE lma_workbench_feed_outbox_pending gauge$/m);
    assert.match(metrics, /^lma_workbench_feed_healthy\{org="\w+"\} 1$/m);
    const stopped = performance.now();
    child.kill(unit('KillSignal') as NodeJS.Signals);
    assert.equal(await exited(child), Number(unit('SuccessExitStatus')), output.stderr);
    assert.ok(performance.now() - stopped < timeoutStopMs, 'within TimeoutStopSec');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
