/**
 * Delivers the outbox's events: lanes keyed by license, so one license's events go out in order
 * while other licenses' go in parallel; retries with back-off in place (a lane waits for its
 * retrying event, so order holds); after the last attempt the event becomes a dead letter.
 * `stop()` starts no new delivery and gives the ones in flight STOP_GRACE_MS to finish; then it
 * aborts them, and their events stay in the outbox for the next run (docs/feed-service.md).
 */
import { type DeadLetters, type Outbox, type OutboxEntry } from './feedState';
import { type Sink } from './fileSinks';
import { type RetryPolicy, backoffMs } from './retry';

export interface DispatchStats {
  delivered: number;
  retries: number;
  deadLettered: number;
}

/** How long a stop waits for the deliveries in flight before aborting them. */
export const STOP_GRACE_MS = 3_000;

export interface DispatcherOptions {
  readonly policy: RetryPolicy;
  /** Injected for tests: waits `ms` or until `signal` aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  readonly onDeadLetter?: (entry: OutboxEntry, error: string) => void;
  readonly onDelivered?: () => void;
  /** How long `stop()` waits for the deliveries in flight (default STOP_GRACE_MS). */
  readonly stopGraceMs?: number;
  /** How often delivered marks are flushed to disk (ms). */
  readonly syncEveryMs?: number;
}

interface Lane {
  readonly queue: OutboxEntry[];
  running: Promise<void> | undefined;
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class Dispatcher {
  readonly stats: DispatchStats = { delivered: 0, retries: 0, deadLettered: 0 };
  private readonly lanes: Lane[];
  private readonly stopping = new AbortController();
  /** Aborts the deliveries in flight once the stop's grace is over. */
  private readonly aborting = new AbortController();
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly syncTimer: ReturnType<typeof setInterval>;
  private queued = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly sink: Sink,
    private readonly outbox: Outbox,
    private readonly deadLetters: DeadLetters,
    private readonly options: DispatcherOptions,
  ) {
    this.lanes = Array.from({ length: Math.max(1, sink.concurrency) }, () => ({ queue: [], running: undefined }));
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.syncTimer = setInterval(() => this.sync(), options.syncEveryMs ?? 200);
    this.syncTimer.unref?.();
  }

  /** Events queued and not yet delivered or given up. */
  get pending(): number {
    return this.queued;
  }

  enqueue(entries: readonly OutboxEntry[]): void {
    for (const entry of entries) {
      const lane = this.lanes[laneOf(entry.event.subject, this.lanes.length)];
      lane.queue.push(entry);
      this.queued++;
      lane.running ??= this.run(lane);
    }
  }

  /** Resolves when every queued event is delivered or dead (or the dispatcher stopped). */
  idle(): Promise<void> {
    if (this.queued === 0 || this.stopping.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves once fewer than `limit` events wait (back-pressure for the reader). */
  async below(limit: number): Promise<void> {
    while (this.queued >= limit && !this.stopping.signal.aborted) await new Promise((r) => setTimeout(r, 20));
  }

  /** Starts no other delivery, lets the ones in flight finish within the grace (else aborts them), flushes the marks. */
  async stop(): Promise<void> {
    this.stopping.abort();
    const running = Promise.all(this.lanes.map((l) => l.running ?? Promise.resolve()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.stopGraceMs ?? STOP_GRACE_MS)));
    await Promise.race([running, grace]);
    clearTimeout(timer);
    this.aborting.abort();
    await running;
    clearInterval(this.syncTimer);
    this.sync();
    this.wake();
  }

  private sync(): void {
    this.sink.flush?.();
    this.outbox.sync();
  }

  private async run(lane: Lane): Promise<void> {
    try {
      while (lane.queue.length && !this.stopping.signal.aborted) {
        const entry = lane.queue[0];
        const finished = await this.deliver(entry);
        if (!finished) break;
        lane.queue.shift();
        this.queued--;
      }
    } finally {
      lane.running = undefined;
      if (this.queued === 0) this.wake();
    }
  }

  /** True when the event left the outbox (delivered or dead); false when stopped before that. */
  private async deliver(entry: OutboxEntry): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.sink.send(entry.event, this.aborting.signal);
      if (result.kind === 'stopped') return false;
      if (result.kind === 'delivered') {
        this.outbox.finish(entry.seq, 'done');
        this.stats.delivered++;
        this.options.onDelivered?.();
        return true;
      }
      if (result.kind === 'permanent' || attempt >= this.options.policy.maxAttempts) {
        const error = result.kind === 'permanent' ? `${result.error} (permanent)` : `${result.error} (after ${attempt} attempts)`;
        this.deadLetters.add({ event: entry.event, attempts: attempt, error, at: new Date(this.now()).toISOString() });
        this.outbox.finish(entry.seq, 'dead');
        this.stats.deadLettered++;
        this.options.onDeadLetter?.(entry, error);
        return true;
      }
      this.stats.retries++;
      await this.sleep(backoffMs(attempt, this.options.policy, this.random, result.retryAfterMs), this.stopping.signal);
      if (this.stopping.signal.aborted) return false;
    }
  }

  private wake(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** A license's lane: the same license always maps to the same lane. */
function laneOf(key: string, lanes: number): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(h) % lanes;
}
