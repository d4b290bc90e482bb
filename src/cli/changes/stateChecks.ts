/**
 * What a valid state file holds, and the errors (with their remedy) when one does not: the feed
 * never drops an unreadable outbox record without a word, and never guesses where to go on from
 * when the cursor is unreadable (docs/feed-service.md, "Recovery").
 */
import { usageError, type LmoError } from '../../data/org/errors';
import { type BadLine } from './durableFiles';

/** A clock may be a little ahead of another: a cursor this far in the future is still believed. */
const CLOCK_SKEW_MS = 5 * 60_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSeq = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;

function eventProblem(event: unknown): string | undefined {
  if (!isObject(event)) return 'no event in it';
  for (const key of ['id', 'type', 'subject', 'source', 'time'] as const) if (typeof event[key] !== 'string' || !event[key]) return `the event has no ${key}`;
  return isObject(event.data) ? undefined : 'the event has no data';
}

/** An outbox line: `{op: "add", seq, event}` or `{op: "done"|"dead", seq}`. */
export function outboxLineProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `${JSON.stringify(value)} is not an outbox record`;
  if (!isSeq(value.seq)) return 'no sequence number';
  if (value.op === 'done' || value.op === 'dead') return undefined;
  if (value.op !== 'add') return `unknown operation ${JSON.stringify(value.op)}`;
  return eventProblem(value.event);
}

/** A dead letter: an event (or the raw text of an unreadable record) with attempts, error and time. */
export function deadLetterProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `${JSON.stringify(value)} is not a dead letter`;
  if (typeof value.error !== 'string' || typeof value.at !== 'string' || typeof value.attempts !== 'number') return 'not a dead letter';
  if (typeof value.raw === 'string' && value.event === undefined) return undefined;
  return eventProblem(value.event);
}

/** The error that stops the feed on unreadable records, naming the file and the lines. */
export function unreadableRecords(path: string, bad: readonly BadLine[]): LmoError {
  const [first] = bad;
  const more =
    bad.length > 1
      ? ` (and ${bad.length - 1} more line(s): ${bad
          .slice(1, 6)
          .map((b) => b.line)
          .join(', ')}${bad.length > 6 ? ', …' : ''})`
      : '';
  return usageError(
    `${path}, line ${first.line}: unreadable record (${clip(first.reason)})${more}. The feed stopped so that no event is lost or skipped without a word. ` +
      'To move the unreadable record(s) to the dead letters and go on, run the same command again with --repair (docs/feed-service.md, "Recovery").',
  );
}

/** The saved cursor's envelope (`{version: 1, orgId, cursor, savedAt}`), checked against the machine's clock. */
export function savedCursorProblem(value: unknown, nowMs: number): string | undefined {
  if (value === null) return 'it holds null, not a cursor';
  if (!isObject(value)) return 'it holds no cursor';
  if (value.version !== 1)
    return `its version is ${JSON.stringify(value.version)}, which this version of lma-workbench does not know (written by a newer one?)`;
  if (typeof value.orgId !== 'string' || !/^00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(value.orgId)) return 'it names no org';
  const savedAt = typeof value.savedAt === 'string' ? Date.parse(value.savedAt) : Number.NaN;
  if (Number.isNaN(savedAt)) return 'it has no time of saving';
  if (savedAt > nowMs + CLOCK_SKEW_MS) return `it was saved in the future (${value.savedAt})`;
  if (!isObject(value.cursor)) return 'it holds no position';
  return undefined;
}

/** The License change cursor (src/data/lmo/changeFeed.ts), checked against the org's clock. */
export function changeCursorProblem(cursor: unknown, orgNowMs: number): string | undefined {
  if (!isObject(cursor) || cursor.version !== 1) return 'its position is of an unknown version';
  const key = (k: unknown) => isObject(k) && Number.isFinite(k.atMs) && typeof k.id === 'string';
  if (!key(cursor.position) || !(cursor.resumeAfter === null || key(cursor.resumeAfter))) return 'its position is unreadable';
  if (!Array.isArray(cursor.recent) || !Array.isArray(cursor.recentDeleted) || !Number.isFinite(cursor.floorMs)) return 'its position is incomplete';
  const deletedFrom = typeof cursor.deletedFrom === 'string' ? Date.parse(cursor.deletedFrom) : Number.NaN;
  if (Number.isNaN(deletedFrom)) return 'its position is incomplete';
  const at = (cursor.position as { atMs: number }).atMs;
  if (at > orgNowMs + CLOCK_SKEW_MS || deletedFrom > orgNowMs + CLOCK_SKEW_MS)
    return `its position (${new Date(Math.max(at, deletedFrom)).toISOString()}) is in the future of the org's clock`;
  return undefined;
}

/** The error for a cursor that cannot be trusted: never a silent restart 24 hours back, never a silent skip forward. */
export function untrustedCursor(path: string, problem: string): LmoError {
  return usageError(
    `${path}: ${problem}. The feed does not guess where to go on from (24 hours back or now could repeat or skip changes). ` +
      'Pass --since <date> to start from a date you choose (changes after it are delivered again with the same ids: receivers de-duplicate on webhook-id), ' +
      'or put back a good cursor.json (docs/feed-service.md, "Recovery").',
  );
}

function clip(text: string): string {
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
