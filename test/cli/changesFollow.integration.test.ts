/**
 * `lma-workbench changes --follow` in process (main(argv, out), stopped the way Ctrl-C stops it: a SIGTERM
 * event to this process): a poll that fails while following is waited out with a back-off that starts again
 * after each success; without --follow the same failure ends the command (docs/feed-service.md).
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main';
import { EXIT, Output } from '../../src/cli/output';
import { type DemoLmo } from '../../src/demo';
import { loginWithCli, startDemo, TODAY } from '../support/demoOrg';
import { eventually } from '../support/eventually';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('lma-workbench changes --follow through failing polls (in process)', function () {
  this.timeout(120_000);
  let demo: DemoLmo;
  let dir: string;
  before(async () => {
    demo = await startDemo({ licenses: 500, username: 'admin@follow-lmo.demo' });
    await loginWithCli(demo, 'follow-lmo');
  });
  after(() => demo.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lma-feed-follow-'));
  });
  afterEach(() => {
    demo.faults.reset();
    rmSync(dir, { recursive: true, force: true });
  });

  // Each poll's query fails with a 503 three times: the request and the org client's two retries.
  const failNextPoll = () => demo.faults.inject({ kind: 'serverError', status: 503 }, { match: 'sfLma__License__History', times: 3 });
  const org = ['--target-org', 'follow-lmo', '--today', TODAY];

  it('with --follow waits out a failing poll (2 s after each first failure), goes on delivering, and stops on SIGTERM (exit 130)', async () => {
    const since = new Date(demo.now() - 1000).toISOString();
    demo.changes.make(3, ['status', 'seats', 'install']);
    const events = join(dir, 'events.jsonl');
    const lines = () => (existsSync(events) ? readFileSync(events, 'utf8').trim().split('\n').filter(Boolean).length : 0);
    const stdout = new Capture();
    const stderr = new Capture();
    failNextPoll();
    const running = main(
      ['changes', ...org, '--since', since, '--follow', '--interval', '1', '--out', events, '--state-dir', join(dir, 'state')],
      new Output(false, stdout, stderr),
    );
    try {
      await eventually(() => lines() >= 3, 'the events after the failed poll', 60_000);
      // A second failure after successful polls starts the back-off again (2 s, not 4 s).
      failNextPoll();
      await eventually(() => (stderr.text.match(/Reading changes failed/g) ?? []).length >= 2, 'the second failure', 60_000);
      demo.changes.make(2, ['status', 'seats']);
      await eventually(() => lines() >= 5, 'the events after the second failure', 60_000);
    } finally {
      process.emit('SIGTERM', 'SIGTERM');
    }
    const status = await running;
    assert.equal(status, EXIT.interrupted, stderr.text);
    const waits = [...stderr.text.matchAll(/Reading changes failed \((.*?)\); trying again in (\d+) s\./g)].map((m) => m[2]);
    assert.deepEqual(waits, ['2', '2'], stderr.text);
    assert.match(stderr.text, /Stopping after the current request \(SIGTERM\)/);
    assert.equal(lines(), 5);
  });

  it('without --follow the failing poll ends the command: exit 6 (org unreachable), nothing written', async () => {
    const events = join(dir, 'events.jsonl');
    // This first poll asks for the deleted licenses too: its history query goes in a Composite call.
    demo.faults.inject({ kind: 'serverError', status: 503 }, { match: '/composite', times: 3 });
    const stdout = new Capture();
    const stderr = new Capture();
    const status = await main(
      ['changes', ...org, '--since', new Date(demo.now() - 60_000).toISOString(), '--out', events, '--state-dir', join(dir, 'state')],
      new Output(false, stdout, stderr),
    );
    assert.equal(status, EXIT.unreachable, stderr.text);
    assert.doesNotMatch(stderr.text, /trying again/);
    assert.equal(existsSync(events) ? readFileSync(events, 'utf8') : '', '');
  });
});
