/**
 * The feed's storage: JSON Lines appended with synchronous writes and fdatasync, and whole files
 * replaced by write-temp + fsync + rename + directory fsync. No database, no native module.
 *
 * Why synchronous: a `kill -9` loses only what is still in the process (a pending async write);
 * once writeSync has returned the kernel has the bytes. fdatasync/fsync add power-loss safety,
 * and the folder is fsynced whenever a file in it is created or renamed (else a power loss can
 * lose the file's name even though its content was synced). Files are 0600 in 0700 folders:
 * the events carry customer names (docs/feed-service.md, "Permissions").
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/**
 * Creates a folder (0700) and its missing parents, fsyncing the folder that holds each one it
 * created. Returns the mode of a folder that was already there (undefined when it was created).
 */
export function ensureDir(dir: string): number | undefined {
  if (existsSync(dir)) return statSync(dir).mode & 0o777;
  const created: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) created.unshift(d);
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  for (const d of created) syncDirectory(dirname(d));
  return undefined;
}

/** Takes group and other access away from a file the feed owns (a state file from an older version was 0644). */
export function tightenFile(path: string): void {
  if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, FILE_MODE);
}

/** An append-only JSON Lines file, open for the life of the feed. */
export class JsonLines {
  private fd: number;
  private dirty = false;

  constructor(readonly path: string) {
    ensureDir(dirname(path));
    dropTornTail(path);
    this.fd = openOwned(path, 'a');
  }

  /** Appends entries in one write; `sync` makes them durable before returning. */
  append(entries: readonly unknown[], sync: boolean): void {
    if (!entries.length) return;
    writeAll(this.fd, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    this.dirty = true;
    if (sync) this.sync();
  }

  sync(): void {
    if (!this.dirty) return;
    fdatasyncSync(this.fd);
    this.dirty = false;
  }

  /** Replaces the file's content atomically and reopens it for appending. */
  replace(entries: readonly unknown[]): void {
    this.sync();
    closeSync(this.fd);
    writeFileAtomic(this.path, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    this.fd = openOwned(this.path, 'a');
  }

  close(): void {
    this.sync();
    closeSync(this.fd);
  }
}

/** A line of a JSON Lines file that is not a valid entry. `line` counts from 1. */
export interface BadLine {
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export interface CheckedLines<T> {
  readonly entries: T[];
  /** Unreadable lines: never dropped silently (the caller stops, or repairs with --repair). */
  readonly bad: BadLine[];
  /** A last line without its newline: a crash mid-append; it was never acknowledged, so it is dropped. */
  readonly tornTail: boolean;
}

/**
 * Every entry of a JSON Lines file, each checked by `problem` (a reason, or undefined when the
 * value is a valid entry). Blank lines are skipped; a last line without a newline is torn.
 */
export function readCheckedLines<T>(path: string, problem: (value: unknown) => string | undefined): CheckedLines<T> {
  if (!existsSync(path)) return { entries: [], bad: [], tornTail: false };
  const lines = readFileSync(path, 'utf8').split('\n');
  const tail = lines.pop() ?? '';
  const entries: T[] = [];
  const bad: BadLine[] = [];
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      bad.push({ line: i + 1, text, reason: (err as Error).message });
      return;
    }
    const reason = problem(value);
    if (reason) bad.push({ line: i + 1, text, reason });
    else entries.push(value as T);
  });
  return { entries, bad, tornTail: tail.length > 0 };
}

/** Temp file, fsync, rename over the target, fsync the directory: after a crash the old or the new content is there, whole. */
export function writeFileAtomic(path: string, content: string): void {
  ensureDir(dirname(path));
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', FILE_MODE);
  try {
    writeAll(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  syncDirectory(dirname(path));
}

/** The text of a file, or undefined when there is none. */
export function readTextFile(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Creates a file (0600, its folder fsynced so the new name survives a power loss) or opens the one there. */
export function createFileExclusive(path: string, content: string): void {
  const fd = openSync(path, 'wx', FILE_MODE);
  try {
    writeAll(fd, content);
  } finally {
    closeSync(fd);
  }
  syncDirectory(dirname(path));
}

export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function openOwned(path: string, flags: string): number {
  const existed = existsSync(path);
  const fd = openSync(path, flags, FILE_MODE);
  if (!existed) syncDirectory(dirname(path));
  else if ((fstatSync(fd).mode & 0o077) !== 0) fchmodSync(fd, FILE_MODE);
  return fd;
}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
}

/** Cuts a last line that a crash left unfinished, so the next append starts on a line of its own. */
function dropTornTail(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  const text = readFileSync(path);
  if (text[text.length - 1] === 0x0a) return;
  truncateSync(path, text.lastIndexOf(0x0a) + 1);
}
