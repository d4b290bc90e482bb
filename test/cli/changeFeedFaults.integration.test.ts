/**
 * The change feed against a hostile receiver and a hostile file system, in process (local
 * receivers on the loopback; time bounded): a receiver that drips its answer, a huge answer, a
 * redirect, a stop during a held delivery, an unreadable outbox or cursor, state file modes,
 * directory fsyncs, and the health figures.
 */
import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type LicenseChangeEnvelope } from '../../src/core/changes/envelope';
import { Dispatcher } from '../../src/cli/changes/dispatcher';
import { FeedState, Outbox } from '../../src/cli/changes/feedState';
import { FeedMonitor, metricsText, startHealthServer } from '../../src/cli/changes/health';
import { DEFAULT_RETRY } from '../../src/cli/changes/retry';
import { changeCursorProblem } from '../../src/cli/changes/stateChecks';
import { WebhookSink, webhookKey } from '../../src/cli/changes/webhook';
import { newSecret, WebhookReceiver } from '../support/webhookReceiver';

let serial = 0;
function event(licenseId = 'a0L5g0000000001AAA'): LicenseChangeEnvelope {
  const id = `0175g00000${String(++serial).padStart(5, '0')}BBB`;
  return {
    specversion: '1.0',
    id,
    source: 'urn:lma-workbench:lmo:00D5g0000LMODEMEQ5',
    type: 'license.seats_changed',
    subject: licenseId,
    time: new Date(Date.UTC(2026, 2, 10, 10, 0, serial % 60)).toISOString(),
    datacontenttype: 'application/json',
    data: { licenseId, field: 'sfLma__Seats__c', oldValue: 1, newValue: 2, oldLabel: null, newLabel: null, actor: null, license: null },
  };
}

describe('Change feed faults (in process, loopback receivers)', function () {
  this.timeout(20_000);
  const secret = newSecret();
  let receiver: WebhookReceiver;
  let dir: string;
  let state: FeedState<unknown> | undefined;
  let sink: WebhookSink;

  beforeEach(async () => {
    receiver = await new WebhookReceiver(secret).start();
    dir = mkdtempSync(join(tmpdir(), 'lma-feed-faults-'));
    sink = new WebhookSink({ url: receiver.url, key: webhookKey(secret, 'SECRET'), concurrency: 2, timeoutMs: 1_000 });
  });
  afterEach(async () => {
    state?.close();
    state = undefined;
    await sink.close();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function dispatcher(s: FeedState<unknown>, stopGraceMs?: number) {
    return new Dispatcher(sink, s.outbox, s.deadLetters, { policy: { ...DEFAULT_RETRY, maxAttempts: 2 }, sleep: async () => undefined, stopGraceMs });
  }

  it('gives a receiver that answers 200 and drips a byte every 200 ms one deadline per delivery: retried, then a dead letter', async () => {
    receiver.answer = () => ({ status: 200, drip: 200 });
    state = new FeedState(dir);
    const d = dispatcher(state);
    const started = performance.now();
    d.enqueue(state.outbox.add([event()]));
    await d.idle();
    await d.stop();
    assert.ok(performance.now() - started < 5_000, `two attempts of 1 s each, not held: ${Math.round(performance.now() - started)} ms`);
    assert.equal(receiver.received.length, 2);
    assert.match(state.deadLetters.list()[0]?.error ?? '', /no complete answer within 1 s \(after 2 attempts\)/);
  });

  it('reads at most 64 KiB of an answer: a 200 with a 1 MiB body is not taken as delivered', async () => {
    receiver.answer = () => ({ status: 200, body: Buffer.alloc(1024 * 1024, 0x41) });
    state = new FeedState(dir);
    const d = dispatcher(state);
    d.enqueue(state.outbox.add([event()]));
    await d.idle();
    await d.stop();
    assert.match(state.deadLetters.list()[0]?.error ?? '', /answer over 64 KiB, not read to its end/);
  });

  it('a stop aborts a delivery the receiver holds once the grace is over; the event stays in the outbox and goes out next time', async () => {
    receiver.answer = () => ({ status: 200, drip: 100 });
    const slow = new WebhookSink({ url: receiver.url, key: webhookKey(secret, 'SECRET'), timeoutMs: 60_000 });
    state = new FeedState(dir);
    const e = event();
    const d = new Dispatcher(slow, state.outbox, state.deadLetters, { policy: DEFAULT_RETRY, stopGraceMs: 300 });
    d.enqueue(state.outbox.add([e]));
    while (receiver.received.length === 0) await new Promise((r) => setTimeout(r, 20));
    const started = performance.now();
    await d.stop();
    assert.ok(performance.now() - started < 2_000, `the stop took ${Math.round(performance.now() - started)} ms`);
    await slow.close();
    assert.deepEqual(
      state.outbox.entries.map((x) => x.event.id),
      [e.id],
      'still in the outbox',
    );
    state.close();
    receiver.answer = () => ({ status: 204 });
    receiver.received.length = 0;
    state = new FeedState(dir);
    const next = dispatcher(state);
    next.enqueue(state.outbox.entries);
    await next.idle();
    await next.stop();
    assert.deepEqual(receiver.delivered(), [e.id]);
    assert.equal(state.outbox.size, 0);
  });

  it('never follows a redirect: a dead letter says where it pointed, and the other host sees nothing', async () => {
    const other = await new WebhookReceiver(secret).start();
    try {
      receiver.answer = () => ({ status: 307, headers: { Location: `${other.url}?token=abc` } });
      state = new FeedState(dir);
      const d = dispatcher(state);
      d.enqueue(state.outbox.add([event()]));
      await d.idle();
      await d.stop();
      const [letter] = state.deadLetters.list();
      assert.equal(letter.attempts, 1);
      assert.ok(letter.error.includes(`HTTP 307: redirect to ${other.url}, not followed`), letter.error);
      assert.ok(!letter.error.includes('token=abc'), 'the query is not copied');
      assert.equal(other.received.length, 0);
    } finally {
      await other.close();
    }
  });

  it('stops on an unreadable outbox line, naming the file and line; --repair moves it to the dead letters and goes on', () => {
    state = new FeedState(dir);
    const events = [event(), event(), event()];
    state.outbox.add(events);
    state.close();
    state = undefined;
    const path = join(dir, 'outbox.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = '{"op":"add","seq":2,"event":{"id":"garbled';
    writeFileSync(path, lines.join('\n'));
    assert.throws(() => new FeedState(dir), /outbox\.jsonl, line 2: unreadable record .*--repair/);
    assert.throws(() => new Outbox(path), /line 2: unreadable/);
    for (const bad of ['null', '{}', '{"op":"add","seq":2}']) {
      writeFileSync(path, [lines[0], bad, lines[2], ''].join('\n'));
      assert.throws(() => new FeedState(dir), /line 2: unreadable record/, bad);
    }
    writeFileSync(path, lines.join('\n'));
    state = new FeedState(dir, { repair: true });
    assert.deepEqual(
      state.outbox.entries.map((e) => e.event.id),
      [events[0].id, events[2].id],
    );
    const [letter] = state.deadLetters.list();
    assert.equal(letter.raw, lines[1]);
    assert.match(letter.error, /unreadable line 2 of outbox\.jsonl/);
    assert.ok(state.notes.some((n) => /Moved 1 unreadable record/.test(n)));
    state.close();
    state = new FeedState(dir);
    assert.equal(state.outbox.size, 2, 'the repaired outbox opens without --repair');
  });

  it('drops a torn last line of the outbox with a note (a crash mid-append: never acknowledged)', () => {
    state = new FeedState(dir);
    state.outbox.add([event()]);
    state.close();
    appendFileSync(join(dir, 'outbox.jsonl'), '{"op":"add","seq":2,"ev');
    state = new FeedState(dir);
    assert.equal(state.outbox.size, 1);
    assert.ok(state.notes.some((n) => /Dropped the torn last line/.test(n)));
  });

  it('refuses a cursor that is unreadable, null, of an unknown version or in the future, with the remedy', () => {
    state = new FeedState(dir);
    const path = join(dir, 'cursor.json');
    const now = Date.now();
    const good = {
      version: 1,
      position: { atMs: now - 1000, id: '' },
      resumeAfter: null,
      recent: [],
      deletedFrom: new Date(now).toISOString(),
      recentDeleted: [],
      floorMs: 0,
    };
    const check = (c: unknown) => changeCursorProblem(c, now);
    const saved = (over: object) => JSON.stringify({ version: 1, orgId: '00D5g0000LMODEMEQ5', cursor: good, savedAt: new Date(now).toISOString(), ...over });
    writeFileSync(path, saved({}));
    assert.equal(state.readCursor(check)?.orgId, '00D5g0000LMODEMEQ5');
    const cases: [string, RegExp][] = [
      ['{"version":1,"orgId":', /unreadable/],
      ['null', /holds null/],
      [saved({ version: 2 }), /version is 2/],
      [saved({ savedAt: new Date(now + 86_400_000).toISOString() }), /saved in the future/],
      [saved({ cursor: { ...good, position: { atMs: now + 86_400_000, id: '' } } }), /in the future of the org's clock/],
      [saved({ cursor: { ...good, version: 9 } }), /unknown version/],
    ];
    for (const [text, reason] of cases) {
      writeFileSync(path, text);
      assert.throws(
        () => state?.readCursor(check),
        (err: Error) => reason.test(err.message) && err.message.includes(path) && /--since <date>/.test(err.message),
        text,
      );
    }
  });

  it('creates state 0600 in a 0700 folder, tightens older 0644 files, and warns of a folder others can open', () => {
    const nested = join(dir, 'a', 'b');
    state = new FeedState(nested);
    state.saveCursor('00D5g0000LMODEMEQ5', {});
    state.outbox.add([event()]);
    state.deadLetters.add({ event: event(), attempts: 1, error: 'x', at: new Date().toISOString() });
    const mode = (p: string) => statSync(p).mode & 0o777;
    assert.equal(mode(nested), 0o700);
    assert.equal(mode(join(dir, 'a')), 0o700);
    for (const name of ['cursor.json', 'outbox.jsonl', 'dead-letters.jsonl', 'lock']) assert.equal(mode(join(nested, name)), 0o600, name);
    state.close();
    chmodSync(nested, 0o755);
    chmodSync(join(nested, 'outbox.jsonl'), 0o644);
    chmodSync(join(nested, 'cursor.json'), 0o644);
    state = new FeedState(nested);
    assert.equal(mode(join(nested, 'outbox.jsonl')), 0o600);
    assert.equal(mode(join(nested, 'cursor.json')), 0o600);
    assert.ok(state.notes.some((n) => n.includes(nested) && /mode 0755/.test(n)));
  });

  it('fsyncs the folders when it creates state files and folders (a power loss keeps their names)', () => {
    const synced: string[] = [];
    const opened = new Map<number, string>();
    // The module object itself (the product calls through it), not an import's copy.
    const fs = createRequire(__filename)('node:fs') as typeof import('node:fs');
    const real = { openSync: fs.openSync, fsyncSync: fs.fsyncSync };
    const patched = fs as unknown as Record<string, unknown>;
    patched.openSync = (...args: Parameters<typeof fs.openSync>) => {
      const fd = real.openSync(...args);
      opened.set(fd, String(args[0]));
      return fd;
    };
    patched.fsyncSync = (fd: number) => {
      synced.push(opened.get(fd) ?? '?');
      real.fsyncSync(fd);
    };
    const nested = join(dir, 'x', 'y');
    try {
      state = new FeedState(nested);
    } finally {
      patched.openSync = real.openSync;
      patched.fsyncSync = real.fsyncSync;
    }
    for (const d of [dir, join(dir, 'x'), nested]) assert.ok(synced.includes(d), `${d} fsynced (${synced.join(', ')})`);
    assert.equal(dirname(nested), join(dir, 'x'));
  });

  it('reports the figures, 503 once the last poll is older than three intervals, and Prometheus text; 404 and 405 elsewhere', async () => {
    let now = Date.parse('2026-03-10T10:00:00Z');
    const monitor = new FeedMonitor({ orgId: '00D5g0000LMODEMEQ5', intervalMs: 60_000, now: () => now, pending: () => 4, deadLetters: () => 2 });
    monitor.polled(now, now - 30_000);
    monitor.delivered();
    monitor.delivered();
    const server = await startHealthServer(monitor, '127.0.0.1', 0);
    try {
      const ok = await fetch(`${server.url}/healthz`);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), {
        org: '00D5g0000LMODEMEQ5',
        lastSuccessfulPoll: '2026-03-10T10:00:00.000Z',
        lagSeconds: 30,
        pendingInOutbox: 4,
        deadLetters: 2,
        deliveriesLastHour: 2,
        deliveriesTotal: 2,
        staleAfterSeconds: 180,
        healthy: true,
      });
      now += 181_000;
      const stale = await fetch(`${server.url}/healthz`);
      assert.equal(stale.status, 503);
      assert.equal(((await stale.json()) as { healthy: boolean }).healthy, false);
      const metrics = await fetch(`${server.url}/metrics`);
      assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await metrics.text();
      assert.equal(text, metricsText(monitor.figures()));
      assert.match(
        text,
        /^# HELP lma_workbench_feed_outbox_pending .+\n# TYPE lma_workbench_feed_outbox_pending gauge\nlma_workbench_feed_outbox_pending\{org="00D5g0000LMODEMEQ5"\} 4$/m,
      );
      assert.match(text, /^lma_workbench_feed_last_successful_poll_timestamp_seconds\{org="00D5g0000LMODEMEQ5"\} 1773136800$/m);
      assert.match(text, /^lma_workbench_feed_healthy\{org="00D5g0000LMODEMEQ5"\} 0$/m);
      assert.match(text, /^# TYPE lma_workbench_feed_deliveries_total counter$/m);
      assert.equal((await fetch(`${server.url}/`)).status, 404);
      const post = await fetch(`${server.url}/healthz`, { method: 'POST' });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get('allow'), 'GET');
      now += 3_600_000;
      assert.equal(monitor.figures().deliveriesLastHour, 0, 'an hour later');
    } finally {
      await server.close();
    }
  });
});
