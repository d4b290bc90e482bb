/**
 * The change feed's loop: read a page of changes, put it in the outbox (durably), move the
 * cursor, hand the events to the dispatcher; again at once while more are waiting, then every
 * --interval with --follow. Stops on the signal after the deliveries in flight.
 */
import { cloudEventSource, toEnvelope } from '../../core/changes/envelope';
import type { ChangeCursor, LicenseChangeReader } from '../../data/lmo/changeFeed';
import { isLmoError } from '../../data/org/errors';
import { Dispatcher, abortableSleep } from './dispatcher';
import { type FeedState } from './feedState';
import { type FeedMonitor } from './health';
import { type Sink } from './fileSinks';
import { type RetryPolicy } from './retry';

export interface FeedOptions {
  readonly reader: LicenseChangeReader;
  readonly state: FeedState<ChangeCursor>;
  readonly sink: Sink;
  /** The LMO's org id (the events' source; the cursor belongs to it). */
  readonly orgId: string;
  readonly cursor: ChangeCursor;
  readonly follow: boolean;
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  readonly policy: RetryPolicy;
  readonly note: (text: string) => void;
  /** Stop reading while this many events wait for delivery (memory stays flat). */
  readonly maxPending?: number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Told of every successful poll and delivery (--health-port). */
  readonly monitor?: FeedMonitor;
  /** The org's clock (ms). */
  readonly now?: () => number;
}

export interface FeedSummary {
  polls: number;
  apiCalls: number;
  /** Events read and put in the outbox in this run. */
  read: number;
  /** Events still in the outbox from an earlier run, delivered again. */
  recovered: number;
  delivered: number;
  retries: number;
  deadLettered: number;
  /** Left in the outbox (delivered by the next run). */
  pending: number;
  warnings: string[];
  interrupted: boolean;
}

/** Poll errors a long-running feed waits out instead of stopping. */
const TRANSIENT = new Set(['network', 'timeout', 'serverError', 'badResponse', 'queryTimeout']);

export async function runFeed(o: FeedOptions): Promise<FeedSummary> {
  const sleep = o.sleep ?? abortableSleep;
  const source = cloudEventSource(o.orgId);
  const outbox = o.state.outbox;
  const summary: FeedSummary = {
    polls: 0,
    apiCalls: 0,
    read: 0,
    recovered: 0,
    delivered: 0,
    retries: 0,
    deadLettered: 0,
    pending: 0,
    warnings: [],
    interrupted: false,
  };
  const dispatcher = new Dispatcher(o.sink, outbox, o.state.deadLetters, {
    policy: o.policy,
    sleep,
    onDelivered: () => o.monitor?.delivered(),
    onDeadLetter: (entry, error) => o.note(`Gave up on ${entry.event.id} (${entry.event.type}): ${error}. See "changes dead-letters".`),
  });
  // What an earlier run read and did not deliver goes out first, in its order.
  const recovered = outbox.entries;
  summary.recovered = recovered.length;
  dispatcher.enqueue(recovered);

  let cursor = o.cursor;
  let failures = 0;
  try {
    while (!o.signal.aborted) {
      await dispatcher.below(o.maxPending ?? 5_000);
      if (o.signal.aborted) break;
      let page;
      const started = (o.now ?? Date.now)();
      try {
        page = await o.reader.poll(cursor, { signal: o.signal });
        failures = 0;
      } catch (err) {
        if (o.signal.aborted) break;
        if (!o.follow || !isLmoError(err) || !TRANSIENT.has(err.kind)) throw err;
        failures++;
        const wait = Math.min(5 * 60_000, o.intervalMs * 2 ** Math.min(failures, 6));
        o.note(`Reading changes failed (${err.message}); trying again in ${Math.round(wait / 1000)} s.`);
        await sleep(wait, o.signal);
        continue;
      }
      summary.polls++;
      // Caught up: every change before this poll's start was read; mid catch-up: those before the furthest row read.
      o.monitor?.polled(started, page.more ? page.cursor.position.atMs : started);
      summary.apiCalls += page.apiCalls;
      for (const w of page.warnings) {
        if (summary.warnings.includes(w)) continue;
        summary.warnings.push(w);
        o.note(w);
      }
      // Outbox first (fsynced), then the cursor: a crash between the two reads the page again, and the outbox drops the repeats.
      const added = outbox.add(page.changes.map((c) => toEnvelope(c, source)));
      o.state.saveCursor(o.orgId, page.cursor);
      cursor = page.cursor;
      summary.read += added.length;
      dispatcher.enqueue(added);
      outbox.compactIfLarge();
      if (page.more) continue;
      if (!o.follow) {
        await dispatcher.idle();
        break;
      }
      await sleep(o.intervalMs, o.signal);
    }
  } finally {
    summary.interrupted = o.signal.aborted;
    await dispatcher.stop();
    Object.assign(summary, dispatcher.stats);
    summary.pending = outbox.size;
    // The cursor was saved after the last page: delivered entries may leave the file.
    outbox.compactIfLarge();
  }
  return summary;
}
