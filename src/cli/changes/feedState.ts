/**
 * The feed's state folder:
 *   cursor.json        where the feed is in the LMO (replaced atomically)
 *   outbox.jsonl       events read and not yet delivered: `add` lines, then `done`/`dead` marks
 *   dead-letters.jsonl events that could not be delivered, for `changes dead-letters [--replay]`
 *   lock               the pid of the feed using the folder
 *
 * The order that makes a kill -9 lose nothing: events are appended to the outbox (fdatasync)
 * BEFORE the cursor moves past them; an event leaves the outbox (a `done` mark) only AFTER its
 * delivery. A restart re-delivers at most the events that were in flight, with the same id.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type LicenseChangeEnvelope } from '../../core/changes/envelope';
import { usageError } from '../../data/org/errors';
import { JsonLines, readJsonFile, readJsonLines, writeFileAtomic } from './durableFiles';

export interface OutboxEntry {
  readonly seq: number;
  readonly event: LicenseChangeEnvelope;
}

type OutboxLine = { op: 'add'; seq: number; event: LicenseChangeEnvelope } | { op: 'done' | 'dead'; seq: number };

export interface DeadLetter {
  readonly event: LicenseChangeEnvelope;
  readonly attempts: number;
  readonly error: string;
  /** When it was given up (ISO). */
  readonly at: string;
}

/** Rewrite the outbox once this many delivered entries have piled up in it. */
const COMPACT_AFTER = 20_000;

export class Outbox {
  private readonly file: JsonLines;
  private readonly pending = new Map<number, OutboxEntry>();
  /** Ids added since the last compaction (delivered ones too): a re-read adds none of them again. */
  private readonly known = new Set<string>();
  private seq = 0;
  private finished = 0;

  constructor(readonly path: string) {
    for (const line of readJsonLines<OutboxLine>(path)) {
      this.seq = Math.max(this.seq, line.seq);
      if (line.op === 'add') {
        this.pending.set(line.seq, { seq: line.seq, event: line.event });
        this.known.add(line.event.id);
      } else {
        this.pending.delete(line.seq);
        this.finished++;
      }
    }
    this.file = new JsonLines(path);
  }

  /** Entries read and not delivered, oldest first (what a restart delivers again). */
  get entries(): OutboxEntry[] {
    return [...this.pending.values()].sort((a, b) => a.seq - b.seq);
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * Adds events not seen before (or all, to replay dead letters), durably, before the caller
   * moves the cursor past them. Returns the entries added.
   */
  add(events: readonly LicenseChangeEnvelope[], options: { replay?: boolean } = {}): OutboxEntry[] {
    const added: OutboxEntry[] = [];
    for (const event of events) {
      if (!options.replay && this.known.has(event.id)) continue;
      this.known.add(event.id);
      added.push({ seq: ++this.seq, event });
    }
    this.file.append(
      added.map((e) => ({ op: 'add', seq: e.seq, event: e.event })),
      true,
    );
    for (const e of added) this.pending.set(e.seq, e);
    return added;
  }

  /** Delivered (or dead-lettered): written at once (safe from kill -9), fdatasync'd by `sync`. */
  finish(seq: number, how: 'done' | 'dead'): void {
    if (!this.pending.delete(seq)) return;
    this.file.append([{ op: how, seq }], false);
    this.finished++;
  }

  sync(): void {
    this.file.sync();
  }

  /**
   * Drops delivered entries from the file. Call only right after the cursor was saved: from then
   * on the cursor, not the outbox, keeps those events from being read again.
   */
  compactIfLarge(): void {
    if (this.finished < COMPACT_AFTER && !(this.finished > 0 && this.pending.size === 0)) return;
    const keep = this.entries;
    this.file.replace(keep.map((e) => ({ op: 'add', seq: e.seq, event: e.event })));
    this.known.clear();
    for (const e of keep) this.known.add(e.event.id);
    this.finished = 0;
  }

  close(): void {
    this.file.close();
  }
}

export class DeadLetters {
  private file: JsonLines | undefined;
  constructor(readonly path: string) {}

  add(letter: DeadLetter): void {
    this.file ??= new JsonLines(this.path);
    this.file.append([letter], true);
  }

  list(): DeadLetter[] {
    return readJsonLines<DeadLetter>(this.path);
  }

  /** Empties the list (after its events were put back in the outbox). */
  clear(): void {
    this.file?.close();
    this.file = undefined;
    writeFileAtomic(this.path, '');
  }

  close(): void {
    this.file?.close();
  }
}

export interface SavedCursor<C> {
  readonly version: 1;
  /** The LMO the cursor belongs to (its org id). */
  readonly orgId: string;
  readonly cursor: C;
  readonly savedAt: string;
}

/** The state folder: one feed at a time (a lock with its pid; a dead pid's lock is taken over). */
export class FeedState<C> {
  readonly outbox: Outbox;
  readonly deadLetters: DeadLetters;
  private locked = false;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.lock();
    this.outbox = new Outbox(join(dir, 'outbox.jsonl'));
    this.deadLetters = new DeadLetters(join(dir, 'dead-letters.jsonl'));
  }

  readCursor(): SavedCursor<C> | undefined {
    return readJsonFile<SavedCursor<C>>(join(this.dir, 'cursor.json'));
  }

  saveCursor(orgId: string, cursor: C): void {
    writeFileAtomic(join(this.dir, 'cursor.json'), JSON.stringify({ version: 1, orgId, cursor, savedAt: new Date().toISOString() } satisfies SavedCursor<C>));
  }

  close(): void {
    this.outbox.close();
    this.deadLetters.close();
    if (this.locked) rmSync(join(this.dir, 'lock'), { force: true });
    this.locked = false;
  }

  private lock(): void {
    const path = join(this.dir, 'lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.locked = true;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const pid = Number(readFileSync(path, 'utf8').trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
          throw usageError(`Another change feed (process ${pid}) uses ${this.dir}. Stop it, or pass another --state-dir.`);
        // A feed that was killed left its lock behind.
        rmSync(path, { force: true });
      }
    }
    throw usageError(`Cannot lock ${this.dir}.`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The default state folder of an org's feed (shared with the editor, which looks for it). */
export { changeFeedStateDir as defaultStateDir } from '../../storage/feedLocation';

export function stateExists(dir: string): boolean {
  return existsSync(join(dir, 'cursor.json'));
}
