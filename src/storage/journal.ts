/**
 * The license-change journal on disk: one JSON Lines file in a state folder (the CLI's
 * --state-dir, or the extension's global storage folder), each entry appended and fsynced
 * before the step it records goes on. Node only: no editor API, so both the editor and the
 * command line use it.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ChangeJournal, type JournalEntry, type JournaledRun, findRun, runsOf } from '../core/licenseChanges/journal';
import { FileState } from './fileState';

export const JOURNAL_NAME = 'license-changes';

export class LicenseJournal implements ChangeJournal {
  private readonly state: FileState;
  /** Appends are serialised, so entries keep their order whatever calls them. */
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {
    this.state = new FileState(dir);
  }

  /** The journal file. */
  get path(): string {
    return join(this.dir, `${JOURNAL_NAME}.jsonl`);
  }

  append(entry: JournalEntry): Promise<void> {
    return this.appendAll([entry]);
  }

  /** Several entries with one fsync (a batch's results). */
  appendAll(entries: readonly JournalEntry[]): Promise<void> {
    const next = this.tail.then(() => this.state.appendAll(JOURNAL_NAME, entries));
    this.tail = next.catch(() => undefined);
    return next;
  }

  async entries(): Promise<JournalEntry[]> {
    await this.tail;
    return this.state.entries<JournalEntry>(JOURNAL_NAME);
  }

  async runs(): Promise<JournaledRun[]> {
    return runsOf(await this.entries());
  }

  async run(runId: string): Promise<JournaledRun | undefined> {
    return findRun(await this.entries(), runId);
  }
}

/** The command line's default state folder: $XDG_STATE_HOME/lma-workbench, else ~/.local/state/lma-workbench. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME?.trim() || join(homedir(), '.local', 'state');
  return join(base, 'lma-workbench');
}
