/**
 * The feed's storage: JSON Lines appended with synchronous writes and fdatasync, and whole files
 * replaced by write-temp + fsync + rename + directory fsync. No database, no native module.
 *
 * Why synchronous: a `kill -9` loses only what is still in the process (a pending async write);
 * once writeSync has returned the kernel has the bytes. fdatasync/fsync add power-loss safety.
 */
import { closeSync, existsSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** An append-only JSON Lines file, open for the life of the feed. */
export class JsonLines {
  private fd: number;
  private dirty = false;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    dropTornTail(path);
    this.fd = openSync(path, 'a');
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
    this.fd = openSync(this.path, 'a');
  }

  close(): void {
    this.sync();
    closeSync(this.fd);
  }
}

/** Every entry of a JSON Lines file; a torn last line (a crash mid-write) is dropped. */
export function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // Never acknowledged: the write did not finish.
    }
  }
  return out;
}

/** Temp file, fsync, rename over the target, fsync the directory: after a crash the old or the new content is there, whole. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeAll(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  syncDirectory(dirname(path));
}

export function readJsonFile<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function syncDirectory(dir: string): void {
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
