/**
 * Waiting for something that happens on Salesforce's side, at one check per poll: back-off from a
 * first delay, doubling up to a ceiling, for a capped total. The schedule hangs off a start time
 * the caller keeps, so a wait interrupted by a window reload resumes where it was (with one check
 * at once, then the schedule's next slot). Cancellable; the clock and the sleep are injected.
 */

export interface BackoffSchedule {
  /** Delay before the second check (the first is at once). */
  readonly firstDelayMs: number;
  /** Each delay is the previous one times this, up to `maxDelayMs`. */
  readonly factor: number;
  readonly maxDelayMs: number;
  /** No check is scheduled later than this after the start; the last one is exactly at it. */
  readonly maxTotalMs: number;
}

/** Linking: 15 s doubling to 5 min, for up to 4 hours (Salesforce says 30 minutes or more). */
export const LINK_POLL_SCHEDULE: BackoffSchedule = { firstDelayMs: 15_000, factor: 2, maxDelayMs: 5 * 60_000, maxTotalMs: 4 * 3_600_000 };

export function checkSchedule(s: BackoffSchedule): BackoffSchedule {
  const whole = (n: number) => Number.isFinite(n) && n > 0;
  if (!whole(s.firstDelayMs) || !whole(s.maxDelayMs) || !whole(s.maxTotalMs) || !(s.factor >= 1) || s.maxDelayMs < s.firstDelayMs)
    throw new RangeError(`Not a usable back-off schedule: ${JSON.stringify(s)}`);
  return s;
}

/** Every check's offset from the start: 0, first, first + first×factor, …, then every maxDelay, and maxTotal last. */
export function pollOffsets(schedule: BackoffSchedule): number[] {
  const s = checkSchedule(schedule);
  const offsets = [0];
  let delay = s.firstDelayMs;
  for (let at = s.firstDelayMs; at < s.maxTotalMs; at += delay) {
    offsets.push(at);
    delay = Math.min(s.maxDelayMs, delay * s.factor);
  }
  offsets.push(s.maxTotalMs);
  return offsets;
}

/** The first scheduled offset strictly after `elapsedMs`, or undefined once the schedule is over. */
export function nextPollOffset(schedule: BackoffSchedule, elapsedMs: number): number | undefined {
  return pollOffsets(schedule).find((o) => o > elapsedMs);
}

/** Where time comes from: injected so tests run hours of schedule in milliseconds. */
export interface PollTimer {
  now(): number;
  /** Resolves after `ms`, or rejects as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realTimer: PollTimer = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new Error('aborted'));
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** One check's answer: done (with its value), or not yet (with what it saw). */
export type PollStep<T> = { readonly done: true; readonly value: T } | { readonly done: false; readonly value?: T };

export interface PollProgress<T> {
  /** Checks made so far in this run (a resumed wait starts again at 1). */
  readonly attempt: number;
  /** Since the original start. */
  readonly elapsedMs: number;
  /** When the next check is due, from now; undefined when none is left. */
  readonly nextInMs: number | undefined;
  readonly value: T | undefined;
  /** A transient error that cost this check. */
  readonly error?: unknown;
}

interface Stopped<T> {
  /** What the last check saw. */
  readonly last: T | undefined;
  readonly attempts: number;
  readonly elapsedMs: number;
}

export type PollOutcome<T> =
  | { readonly kind: 'done'; readonly value: T; readonly attempts: number; readonly elapsedMs: number }
  | (Stopped<T> & { readonly kind: 'timedOut' })
  | (Stopped<T> & { readonly kind: 'cancelled' });

export interface PollOptions<T> {
  /** When the wait began (epoch ms). Keep it to resume after a reload. */
  readonly startedAt: number;
  readonly schedule?: BackoffSchedule;
  readonly timer?: PollTimer;
  readonly signal?: AbortSignal;
  /** Errors that cost only this check (a dropped connection); any other error ends the wait by throwing. */
  readonly isTransient?: (err: unknown) => boolean;
  readonly onProgress?: (progress: PollProgress<T>) => void;
}

/**
 * Checks at once, then on the schedule, until a check is done, the schedule is over (timedOut)
 * or the signal aborts (cancelled). A wait resumed after its window still checks once.
 */
export async function pollWithBackoff<T>(check: (signal?: AbortSignal) => Promise<PollStep<T>>, options: PollOptions<T>): Promise<PollOutcome<T>> {
  const schedule = checkSchedule(options.schedule ?? LINK_POLL_SCHEDULE);
  const timer = options.timer ?? realTimer;
  const { signal, startedAt } = options;
  let attempts = 0;
  let last: T | undefined;
  const elapsed = () => Math.max(0, timer.now() - startedAt);
  const stop = (kind: 'timedOut' | 'cancelled'): PollOutcome<T> =>
    kind === 'timedOut' ? { kind, last, attempts, elapsedMs: elapsed() } : { kind, last, attempts, elapsedMs: elapsed() };
  for (;;) {
    if (signal?.aborted) return stop('cancelled');
    attempts++;
    let error: unknown;
    try {
      const step = await check(signal);
      if (step.done) return { kind: 'done', value: step.value, attempts, elapsedMs: elapsed() };
      if (step.value !== undefined) last = step.value;
    } catch (err) {
      if (signal?.aborted) return stop('cancelled');
      if (!options.isTransient?.(err)) throw err;
      error = err;
    }
    const next = nextPollOffset(schedule, elapsed());
    const waitMs = next === undefined ? undefined : startedAt + next - timer.now();
    options.onProgress?.({ attempt: attempts, elapsedMs: elapsed(), nextInMs: waitMs, value: last, ...(error === undefined ? {} : { error }) });
    if (waitMs === undefined) return stop('timedOut');
    try {
      await timer.sleep(waitMs, signal);
    } catch {
      if (signal?.aborted) return stop('cancelled');
      throw new Error('The poll timer failed');
    }
  }
}
