/**
 * DurableState in a folder: one JSON file per key (written to a temp file, fsynced, renamed), one
 * JSON Lines file per journal. Files are 0600 in a 0700 folder (they hold customer data), and the
 * folder is fsynced when a file in it is created or renamed, so the name survives a power loss.
 */
import { access, mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type DurableState, STATE_KEY } from '../core/durableState';

export class FileState implements DurableState {
  constructor(readonly dir: string) {}

  private path(key: string, ext: string): string {
    if (!STATE_KEY.test(key)) throw new RangeError(`Not a state key: ${JSON.stringify(key)}`);
    return join(this.dir, `${key}.${ext}`);
  }

  async read<T>(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.path(key, 'json'), 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async write(key: string, value: unknown): Promise<void> {
    await makeDir(this.dir);
    const target = this.path(key, 'json');
    const temp = `${target}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(value));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    await syncDir(this.dir);
  }

  async append(journal: string, entry: unknown): Promise<void> {
    return this.appendAll(journal, [entry]);
  }

  /** Appends entries (one line each) with one write and one fsync. */
  async appendAll(journal: string, entries: readonly unknown[]): Promise<void> {
    if (!entries.length) return;
    await makeDir(this.dir);
    const path = this.path(journal, 'jsonl');
    const created = !(await exists(path));
    const handle = await open(path, 'a+', 0o600);
    try {
      if (!created && ((await handle.stat()).mode & 0o077) !== 0) await handle.chmod(0o600);
      // A line torn by a crash mid-append is closed first, so this entry starts a line of its own.
      const { size } = await handle.stat();
      const last = Buffer.alloc(1);
      if (size > 0) await handle.read(last, 0, 1, size - 1);
      await handle.writeFile(`${size > 0 && last[0] !== 0x0a ? '\n' : ''}${entries.map((e) => `${JSON.stringify(e)}\n`).join('')}`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (created) await syncDir(this.dir);
  }

  async entries<T>(journal: string): Promise<T[]> {
    return (await this.numberedEntries<T>(journal)).map((e) => e.value);
  }

  /** The entries with their line numbers (1-based), for errors that name the line. */
  async numberedEntries<T>(journal: string): Promise<{ value: T; line: number }[]> {
    let text: string;
    try {
      text = await readFile(this.path(journal, 'jsonl'), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: { value: T; line: number }[] = [];
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        out.push({ value: JSON.parse(line) as T, line: i + 1 });
      } catch {
        // A line torn by a crash mid-append: the entry was never acknowledged.
      }
    });
    return out;
  }

  /** Where a journal is kept. */
  journalPath(journal: string): string {
    return this.path(journal, 'jsonl');
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** mkdir -p with 0700 folders, each new one's parent fsynced; an existing folder is left as it is. */
async function makeDir(dir: string): Promise<void> {
  if (await exists(dir)) return;
  const created: string[] = [];
  for (let d = dir; !(await exists(d)) && dirname(d) !== d; d = dirname(d)) created.unshift(d);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const d of created) await syncDir(dirname(d));
}

/** fsync a directory so a rename (or a new file) in it survives a power loss. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms cannot open a directory; the rename is still atomic.
  }
}
