/**
 * Delivery of License change events to a local receiver that fails on purpose: signatures
 * checked by the Standard Webhooks library, retries with back-off (time injected, so the test
 * is fast and exact), Retry-After, permanent failures, dead letters and replay, per-license order,
 * and an outbox that survives a torn last line.
 */
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { type LicenseChangeEnvelope } from '../../src/core/changes/envelope';
import { Dispatcher } from '../../src/cli/changes/dispatcher';
import { FeedState, Outbox } from '../../src/cli/changes/feedState';
import { DEFAULT_RETRY, type RetryPolicy, backoffMs, parseRetryAfter } from '../../src/cli/changes/retry';
import { WebhookSink, signature, webhookKey } from '../../src/cli/changes/webhook';
import { newSecret, WebhookReceiver } from '../support/webhookReceiver';

const SOURCE = 'urn:lma-workbench:lmo:00D5g0000LMODEMEQ5';
let serial = 0;
function event(licenseId = 'a0L5g0000000001AAA'): LicenseChangeEnvelope {
  const id = `0175g00000${String(++serial).padStart(5, '0')}AAA`;
  return {
    specversion: '1.0',
    id,
    source: SOURCE,
    type: 'license.seats_changed',
    subject: licenseId,
    time: new Date(Date.UTC(2026, 2, 10, 10, 0, serial)).toISOString(),
    datacontenttype: 'application/json',
    data: {
      licenseId,
      field: 'sfLma__Seats__c',
      oldValue: serial,
      newValue: serial + 1,
      oldLabel: null,
      newLabel: null,
      actor: { id: '0055g0000000001AAA', name: 'Ada' },
      license: null,
    },
  };
}

describe('Change feed delivery (local receiver)', function () {
  this.timeout(30_000);
  const secret = newSecret();
  let receiver: WebhookReceiver;
  let dir: string;
  let state: FeedState<unknown>;
  let sink: WebhookSink;
  let sleeps: number[];

  beforeEach(async () => {
    receiver = await new WebhookReceiver(secret).start();
    dir = mkdtempSync(join(tmpdir(), 'lma-feed-'));
    state = new FeedState(dir);
    sink = new WebhookSink({ url: receiver.url, key: webhookKey(secret, 'SECRET'), concurrency: 4 });
    sleeps = [];
  });
  afterEach(async () => {
    state.close();
    await sink.close();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Puts events in the outbox and delivers them with recorded (not waited) back-off. */
  async function deliver(events: LicenseChangeEnvelope[], policy: RetryPolicy = { ...DEFAULT_RETRY, maxAttempts: 4 }) {
    const dispatcher = new Dispatcher(sink, state.outbox, state.deadLetters, {
      policy,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    dispatcher.enqueue(state.outbox.add(events));
    await dispatcher.idle();
    await dispatcher.stop();
    return dispatcher.stats;
  }

  it('signs as the Standard Webhooks specification does: the reference vector, and real deliveries its library verifies', async () => {
    const key = webhookKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'SECRET');
    assert.equal(signature(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'), 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const events = [event(), event()];
    const stats = await deliver(events);
    assert.equal(stats.delivered, 2);
    assert.deepEqual(
      receiver.received.map((r) => [r.id, r.verified, r.contentType]),
      events.map((e) => [e.id, true, 'application/cloudevents+json']),
    );
    // The body is the envelope, byte for byte what was signed.
    assert.deepEqual(JSON.parse(receiver.received[0].body), events[0]);
    // A receiver with another secret rejects it.
    const other = new Webhook(newSecret());
    const r = receiver.received[0];
    assert.throws(() => other.verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature }));
  });

  it('refuses a secret that is missing or too short, without echoing it', () => {
    assert.throws(() => webhookKey(undefined, 'LMA_HOOK'), /LMA_HOOK .* not set/);
    assert.throws(
      () => webhookKey('whsec_c2hvcnQ=', 'LMA_HOOK'),
      (err: Error) => /at least 24 random bytes/.test(err.message) && !err.message.includes('c2hvcnQ'),
    );
  });

  it('retries 5xx, 408 and 429 with exponential back-off and jitter, honouring Retry-After, with the same webhook-id', async () => {
    const answers = [{ status: 503 }, { status: 408 }, { status: 429, headers: { 'Retry-After': '7' } }, { status: 500 }, { status: 200 }];
    receiver.answer = ({ n }) => answers[n - 1] ?? { status: 200 };
    const e = event();
    const stats = await deliver([e], { ...DEFAULT_RETRY, maxAttempts: 6 });
    assert.equal(stats.delivered, 1);
    assert.equal(stats.retries, 4);
    assert.deepEqual(
      receiver.received.map((r) => r.id),
      [e.id, e.id, e.id, e.id, e.id],
    );
    // base 1 s doubling, half fixed and half random (random = 0.5 → 75 %); Retry-After exactly.
    assert.deepEqual(sleeps, [750, 1500, 7000, 6000]);
    assert.equal(state.outbox.size, 0);
    assert.deepEqual(state.deadLetters.list(), []);
  });

  it('computes jittered back-off inside its bounds and reads Retry-After dates', () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const ceiling = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** (attempt - 1));
      assert.equal(
        backoffMs(attempt, DEFAULT_RETRY, () => 0),
        ceiling / 2,
      );
      assert.equal(
        backoffMs(attempt, DEFAULT_RETRY, () => 0.999999),
        Math.round(ceiling / 2 + 0.999999 * (ceiling / 2)),
      );
    }
    const now = Date.parse('2026-03-10T10:00:00Z');
    assert.equal(parseRetryAfter('Tue, 10 Mar 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(
      backoffMs(1, DEFAULT_RETRY, () => 0.5, 10 * 3_600_000),
      DEFAULT_RETRY.maxRetryAfterMs,
      'a huge Retry-After is capped',
    );
  });

  it('gives up at once on a 4xx, after N attempts on 5xx; replay delivers the dead letters with their ids', async () => {
    const bad = event();
    const down = event('a0L5g0000000002AAA');
    receiver.answer = ({ id }) => ({ status: id === bad.id ? 400 : 502 });
    const stats = await deliver([bad, down], { ...DEFAULT_RETRY, maxAttempts: 3 });
    assert.equal(stats.deadLettered, 2);
    assert.equal(receiver.received.filter((r) => r.id === bad.id).length, 1, 'a 400 is not retried');
    assert.equal(receiver.received.filter((r) => r.id === down.id).length, 3, 'a 502 is tried 3 times');
    const letters = state.deadLetters.list();
    assert.deepEqual(letters.map((l) => [l.event?.id, l.attempts]).sort(), [
      [bad.id, 1],
      [down.id, 3],
    ]);
    assert.match(letters.find((l) => l.event?.id === bad.id)?.error ?? '', /HTTP 400 \(permanent\)/);
    assert.equal(state.outbox.size, 0);

    // The receiver is fixed: replay.
    receiver.answer = () => ({ status: 200 });
    receiver.received.length = 0;
    const replayed = state.outbox.add(
      letters.flatMap((l) => (l.event ? [l.event] : [])),
      { replay: true },
    );
    state.deadLetters.clear();
    const dispatcher = new Dispatcher(sink, state.outbox, state.deadLetters, { policy: DEFAULT_RETRY, sleep: async () => undefined });
    dispatcher.enqueue(replayed);
    await dispatcher.idle();
    await dispatcher.stop();
    assert.deepEqual(receiver.delivered().sort(), [bad.id, down.id].sort());
    assert.ok(receiver.received.every((r) => r.verified));
    assert.deepEqual(state.deadLetters.list(), []);
  });

  it("keeps each license's events in order while licenses go in parallel, even when one retries", async () => {
    const licenses = ['a0L5g0000000011AAA', 'a0L5g0000000012AAA', 'a0L5g0000000013AAA', 'a0L5g0000000014AAA', 'a0L5g0000000015AAA'];
    const events = Array.from({ length: 60 }, (_, i) => event(licenses[i % licenses.length]));
    const failedOnce = new Set<string>();
    receiver.answer = ({ id }) => {
      // Every 7th event fails once.
      const index = events.findIndex((e) => e.id === id);
      if (index % 7 === 0 && !failedOnce.has(id)) {
        failedOnce.add(id);
        return { status: 503 };
      }
      return { status: 200 };
    };
    await deliver(events);
    const delivered = receiver.delivered();
    assert.equal(delivered.length, events.length);
    for (const license of licenses) {
      const expected = events.filter((e) => e.subject === license).map((e) => e.id);
      assert.deepEqual(
        delivered.filter((id) => expected.includes(id)),
        expected,
        `order of ${license}`,
      );
    }
  });

  it('recovers an outbox whose last line was torn by a crash: the whole entries come back, in order', () => {
    const events = [event(), event(), event()];
    const added = state.outbox.add(events);
    state.outbox.finish(added[0].seq, 'done');
    state.close();
    appendFileSync(join(dir, 'outbox.jsonl'), '{"op":"add","seq":99,"event":{"specversion":"1.0","id":"torn');
    const reopened = new Outbox(join(dir, 'outbox.jsonl'));
    assert.deepEqual(
      reopened.entries.map((e) => e.event.id),
      [events[1].id, events[2].id],
    );
    const later = event();
    assert.equal(reopened.add([events[1], later]).length, 1, 'an id already in the outbox is not added again');
    reopened.close();
    assert.deepEqual(
      new Outbox(join(dir, 'outbox.jsonl')).entries.map((e) => e.event.id),
      [events[1].id, events[2].id, later.id],
      'what is appended after the torn line survives the next restart',
    );
    state = new FeedState(dir);
    assert.ok(readFileSync(join(dir, 'outbox.jsonl'), 'utf8').length > 0);
  });
});
