/**
 * The feed's state folder:
 *   cursor.json        where the feed is in the LMO (replaced atomically)
 *   outbox.jsonl       events read and not yet delivered: `add` lines, then `done`/`dead` marks
 *   dead-letters.jsonl events that could not be delivered, for `changes dead-letters [--replay]`
 *   lock               the pid of the feed using the folder
 * Files are 0600; a folder the feed creates is 0700 (docs/feed-service.md, "Permissions").
 *
 * The order that makes a kill -9 lose nothing: events are appended to the outbox (fdatasync)
 * BEFORE the cursor moves past them; an event leaves the outbox (a `done` mark) only AFTER its
 * delivery. A restart re-delivers at most the events that were in flight, with the same id.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type LicenseChangeEnvelope } from '../../core/changes/envelope';
import { usageError } from '../../data/org/errors';
import { JsonLines, createFileExclusive, ensureDir, readCheckedLines, readTextFile, tightenFile, writeFileAtomic } from './durableFiles';
import { deadLetterProblem, outboxLineProblem, savedCursorProblem, unreadableRecords, untrustedCursor } from './stateChecks';

export interface OutboxEntry {
  readonly seq: number;
  readonly event: LicenseChangeEnvelope;
}

type OutboxLine = { op: 'add'; seq: number; event: LicenseChangeEnvelope } | { op: 'done' | 'dead'; seq: number };

export interface DeadLetter {
  /** Absent for an unreadable record that --repair moved here: then `raw` holds its text. */
  readonly event?: LicenseChangeEnvelope;
  readonly raw?: string;
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
  /** A last line torn by a crash mid-append was dropped on opening (it was never acknowledged). */
  readonly droppedTornLine: boolean;

  /** Throws, naming the file and line, when a record other than a torn last line is unreadable. */
  constructor(readonly path: string) {
    const read = readCheckedLines<OutboxLine>(path, outboxLineProblem);
    if (read.bad.length) throw unreadableRecords(path, read.bad);
    this.droppedTornLine = read.tornTail;
    for (const line of read.entries) {
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
  /** How many the list holds (for /healthz and /metrics). */
  count: number;

  constructor(readonly path: string) {
    this.count = this.list().length;
  }

  add(...letters: DeadLetter[]): void {
    this.file ??= new JsonLines(this.path);
    this.file.append(letters, true);
    this.count += letters.length;
  }

  list(): DeadLetter[] {
    const read = readCheckedLines<DeadLetter>(this.path, deadLetterProblem);
    if (read.bad.length) throw unreadableRecords(this.path, read.bad);
    return read.entries;
  }

  /** Empties the list (after its events were put back in the outbox), keeping `keep`. */
  clear(keep: readonly DeadLetter[] = []): void {
    this.file?.close();
    this.file = undefined;
    writeFileAtomic(this.path, keep.map((l) => `${JSON.stringify(l)}\n`).join(''));
    this.count = keep.length;
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

export interface FeedStateOptions {
  /** Move unreadable records of the outbox and the dead letters to the dead letters, and go on. */
  readonly repair?: boolean;
}

/** The state folder: one feed at a time (a lock with its pid; a dead pid's lock is taken over). */
export class FeedState<C> {
  readonly outbox: Outbox;
  readonly deadLetters: DeadLetters;
  /** What the user must be told on opening: a torn line dropped, records repaired, a folder others can read. */
  readonly notes: string[] = [];
  private locked = false;

  constructor(
    readonly dir: string,
    options: FeedStateOptions = {},
  ) {
    const mode = ensureDir(dir);
    if (mode !== undefined && (mode & 0o077) !== 0)
      this.notes.push(
        `The state folder ${dir} can be opened by other users (mode ${mode.toString(8).padStart(4, '0')}): its files are 0600, but "chmod 700" it to keep even their names private.`,
      );
    this.lock();
    try {
      for (const name of ['cursor.json', 'outbox.jsonl', 'dead-letters.jsonl']) tightenFile(join(dir, name));
      if (options.repair) repair(join(dir, 'outbox.jsonl'), join(dir, 'dead-letters.jsonl'), this.notes);
      this.deadLetters = new DeadLetters(join(dir, 'dead-letters.jsonl'));
      this.outbox = new Outbox(join(dir, 'outbox.jsonl'));
    } catch (err) {
      this.unlock();
      throw err;
    }
    if (this.outbox.droppedTornLine)
      this.notes.push(
        `Dropped the torn last line of ${this.outbox.path}: a crash interrupted its writing, before the event it held was acknowledged (it is read again from the org).`,
      );
  }

  /** The saved cursor, undefined when there is none; an error with the remedy when it cannot be trusted. */
  readCursor(check: (cursor: unknown) => string | undefined = () => undefined): SavedCursor<C> | undefined {
    const path = join(this.dir, 'cursor.json');
    const text = readTextFile(path);
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw untrustedCursor(path, `it is unreadable (${(err as Error).message})`);
    }
    const problem = savedCursorProblem(value, Date.now()) ?? check((value as SavedCursor<C>).cursor);
    if (problem) throw untrustedCursor(path, problem);
    return value as SavedCursor<C>;
  }

  saveCursor(orgId: string, cursor: C): void {
    writeFileAtomic(join(this.dir, 'cursor.json'), JSON.stringify({ version: 1, orgId, cursor, savedAt: new Date().toISOString() } satisfies SavedCursor<C>));
  }

  close(): void {
    this.outbox.close();
    this.deadLetters.close();
    this.unlock();
  }

  private unlock(): void {
    if (this.locked) rmSync(join(this.dir, 'lock'), { force: true });
    this.locked = false;
  }

  private lock(): void {
    const path = join(this.dir, 'lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        createFileExclusive(path, String(process.pid));
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

/**
 * --repair: unreadable dead letters become dead letters holding their raw text (in place); then
 * unreadable outbox records are added to the dead letters (fsynced) before the outbox is
 * rewritten without them. A crash in between leaves a record in both: never in neither.
 */
function repair(outboxPath: string, deadPath: string, notes: string[]): void {
  const at = new Date().toISOString();
  const raw = (file: string) => (b: { line: number; text: string; reason: string }) => ({
    raw: b.text,
    attempts: 0,
    error: `unreadable line ${b.line} of ${file} (${b.reason}), moved here by --repair`,
    at,
  });
  const dead = readCheckedLines<DeadLetter>(deadPath, deadLetterProblem);
  if (dead.bad.length) {
    const byLine = new Map(dead.bad.map((b) => [b.line, raw('dead-letters.jsonl')(b)]));
    const lines = (readTextFile(deadPath) ?? '').split('\n');
    const kept = lines
      .slice(0, -1)
      .map((text, i) => (byLine.has(i + 1) ? JSON.stringify(byLine.get(i + 1)) : text))
      .filter((t) => t.trim());
    writeFileAtomic(deadPath, kept.map((t) => `${t}\n`).join(''));
    notes.push(
      `Repaired ${dead.bad.length} unreadable dead letter(s) in ${deadPath} (line(s) ${dead.bad.map((b) => b.line).join(', ')}): their raw text is kept there.`,
    );
  }
  const outbox = readCheckedLines<OutboxLine>(outboxPath, outboxLineProblem);
  if (!outbox.bad.length) return;
  const letters = new JsonLines(deadPath);
  letters.append(outbox.bad.map(raw('outbox.jsonl')), true);
  letters.close();
  writeFileAtomic(outboxPath, outbox.entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  notes.push(
    `Moved ${outbox.bad.length} unreadable record(s) of ${outboxPath} (line(s) ${outbox.bad.map((b) => b.line).join(', ')}) to the dead letters; "changes dead-letters" shows their text.`,
  );
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
