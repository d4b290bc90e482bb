import * as assert from 'node:assert/strict';
import { type BackoffSchedule, LINK_POLL_SCHEDULE, type PollTimer, nextPollOffset, pollOffsets, pollWithBackoff } from '../../src/core/polling';

/** A clock that sleeps by jumping: hours of schedule run in microseconds, and every sleep is recorded. */
function fakeTimer(start = 1_000_000): PollTimer & { sleeps: number[]; at: number } {
  const t = {
    at: start,
    sleeps: [] as number[],
    now: () => t.at,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new Error('aborted');
      t.sleeps.push(ms);
      t.at += ms;
    },
  };
  return t;
}

const S: BackoffSchedule = { firstDelayMs: 15_000, factor: 2, maxDelayMs: 300_000, maxTotalMs: 3_600_000 };

describe('polling with back-off', () => {
  it('checks at once, after 15 s, then doubling to 5 minutes, and last exactly at the cap', () => {
    const offsets = pollOffsets(S);
    assert.deepEqual(offsets.slice(0, 7), [0, 15_000, 45_000, 105_000, 225_000, 465_000, 765_000]);
    const gaps = offsets.slice(1).map((o, i) => o - offsets[i]);
    assert.ok(gaps.every((g) => g <= 300_000));
    assert.equal(offsets[offsets.length - 1], 3_600_000);
    assert.equal(nextPollOffset(S, 100_000), 105_000);
    assert.equal(nextPollOffset(S, 3_600_000), undefined);
    // The default for linking: up to 4 hours, about 55 checks.
    assert.equal(pollOffsets(LINK_POLL_SCHEDULE).length < 60, true);
  });

  it('refuses a schedule that would spin', () => {
    assert.throws(() => pollOffsets({ ...S, firstDelayMs: 0 }), /back-off schedule/);
    assert.throws(() => pollOffsets({ ...S, factor: 0.5 }), /back-off schedule/);
  });

  it('stops as soon as a check is done, one check per poll', async () => {
    const timer = fakeTimer();
    let checks = 0;
    const outcome = await pollWithBackoff(async () => (++checks === 3 ? { done: true, value: 'linked' } : { done: false, value: `no (${checks})` }), {
      startedAt: timer.now(),
      schedule: S,
      timer,
    });
    assert.deepEqual(outcome, { kind: 'done', value: 'linked', attempts: 3, elapsedMs: 45_000 });
    assert.deepEqual(timer.sleeps, [15_000, 30_000]);
  });

  it('times out after the last scheduled check, with what it saw last', async () => {
    const timer = fakeTimer();
    const progress: (number | undefined)[] = [];
    const outcome = await pollWithBackoff(async () => ({ done: false, value: 'not yet' }), {
      startedAt: timer.now(),
      schedule: S,
      timer,
      onProgress: (p) => progress.push(p.nextInMs),
    });
    assert.equal(outcome.kind, 'timedOut');
    assert.equal(outcome.attempts, pollOffsets(S).length);
    assert.equal(outcome.kind === 'timedOut' && outcome.last, 'not yet');
    assert.equal(outcome.elapsedMs, 3_600_000);
    assert.equal(progress[progress.length - 1], undefined);
  });

  it('resumes from a persisted start: one check at once, then the next slot of the original schedule', async () => {
    const timer = fakeTimer();
    const startedAt = timer.now() - 100_000; // a reload 100 s into the wait
    let checks = 0;
    const outcome = await pollWithBackoff(async () => (++checks === 2 ? { done: true, value: 1 } : { done: false }), { startedAt, schedule: S, timer });
    assert.equal(outcome.kind, 'done');
    assert.deepEqual(timer.sleeps, [5_000], 'the slot at 105 s, not 15 s from now');
    assert.equal(outcome.elapsedMs, 105_000);
  });

  it('a wait resumed after its window still checks once, then gives up', async () => {
    const timer = fakeTimer();
    let checks = 0;
    const outcome = await pollWithBackoff(
      async () => {
        checks++;
        return { done: false };
      },
      { startedAt: timer.now() - 5 * 3_600_000, schedule: S, timer },
    );
    assert.equal(checks, 1);
    assert.equal(outcome.kind, 'timedOut');
  });

  it('is cancelled by its signal, before a check or while sleeping, without another check', async () => {
    const controller = new AbortController();
    let checks = 0;
    const timer: PollTimer = {
      now: () => Date.now(),
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
          setTimeout(() => controller.abort(), 5);
        }),
    };
    const outcome = await pollWithBackoff(
      async () => {
        checks++;
        return { done: false, value: 'waiting' };
      },
      { startedAt: Date.now(), schedule: S, timer, signal: controller.signal },
    );
    assert.equal(outcome.kind, 'cancelled');
    assert.equal(checks, 1);
    const early = await pollWithBackoff(async () => ({ done: true, value: 1 }), { startedAt: Date.now(), signal: AbortSignal.abort(), schedule: S });
    assert.equal(early.kind, 'cancelled');
    assert.equal(early.attempts, 0);
  });

  it('rides out transient errors, reporting them; any other error ends the wait', async () => {
    const timer = fakeTimer();
    let checks = 0;
    const errors: unknown[] = [];
    const outcome = await pollWithBackoff(
      async () => {
        if (++checks === 1) throw new Error('ECONNRESET');
        return { done: true, value: 'ok' };
      },
      { startedAt: timer.now(), schedule: S, timer, isTransient: (e) => (e as Error).message === 'ECONNRESET', onProgress: (p) => errors.push(p.error) },
    );
    assert.equal(outcome.kind, 'done');
    assert.equal((errors[0] as Error).message, 'ECONNRESET');
    await assert.rejects(
      pollWithBackoff(
        async () => {
          throw new Error('INVALID_SESSION_ID');
        },
        { startedAt: timer.now(), schedule: S, timer, isTransient: () => false },
      ),
      /INVALID_SESSION_ID/,
    );
  });

  it('waits on the real timer by default: setTimeout for each delay of the schedule, checked on a fake clock', async () => {
    // The default timer (realTimer) reads Date.now() and sleeps with setTimeout: both are faked
    // here, so the test asserts the delays asked for, not how long a busy machine took.
    const realSetTimeout = globalThis.setTimeout;
    const realNow = Date.now;
    let now = 1_700_000_000_000;
    const delays: number[] = [];
    Date.now = () => now;
    globalThis.setTimeout = ((callback: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      now += ms ?? 0;
      queueMicrotask(callback);
      return realSetTimeout(() => undefined, 0);
    }) as typeof setTimeout;
    let checks = 0;
    try {
      const outcome = await pollWithBackoff(async () => (++checks === 3 ? { done: true, value: true } : { done: false }), {
        startedAt: Date.now(),
        schedule: { firstDelayMs: 20, factor: 2, maxDelayMs: 40, maxTotalMs: 5_000 },
      });
      assert.deepEqual(outcome, { kind: 'done', value: true, attempts: 3, elapsedMs: 60 });
      assert.deepEqual(delays, [20, 40], 'slept 20 ms then 40 ms');
    } finally {
      globalThis.setTimeout = realSetTimeout;
      Date.now = realNow;
    }
  });
});
