/**
 * The change journals on disk (license changes, feature parameter value edits): one JSON Lines file each in a state folder (the CLI's
 * --state-dir, or the extension's global storage folder), each entry appended and fsynced
 * before the step it records goes on. Node only: no editor API, so both the editor and the
 * command line use it.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  type ChangeJournal,
  type JournalEntry,
  type JournalShape,
  type JournaledRun,
  type UndoneRecord,
  LICENSE_JOURNAL_SHAPE,
  findRun,
  journalEntryProblem,
  runsOf,
  undoneRecords,
} from '../core/licenseChanges/journal';
import { type ValueJournalEntry, type ValueRun, VALUE_JOURNAL_SHAPE, valueRunsOf } from '../core/features/valueJournal';
import { redactDeep } from '../core/displayText';
import { FileState } from './fileState';

export const JOURNAL_NAME = 'license-changes';
export const FEATURE_JOURNAL_NAME = 'feature-value-changes';

/** An append-only JSON Lines journal in a state folder; appends are serialised and fsynced. */
export class JsonlJournal<E> {
  private readonly state: FileState;
  /** Appends are serialised, so entries keep their order whatever calls them. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly name: string,
    private readonly shape?: JournalShape,
  ) {
    this.state = new FileState(dir);
  }

  /** The journal file. */
  get path(): string {
    return join(this.dir, `${this.name}.jsonl`);
  }

  append(entry: E): Promise<void> {
    return this.appendAll([entry]);
  }

  /** Several entries with one fsync (a batch's results). Secrets (a session id in a Salesforce error) are redacted first. */
  appendAll(entries: readonly E[]): Promise<void> {
    const next = this.tail.then(() => this.state.appendAll(this.name, entries.map(redactDeep)));
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Every entry, oldest first; an entry without the shape its readers rely on is an error naming the file and line. */
  async entries(): Promise<E[]> {
    await this.tail;
    const numbered = await this.state.numberedEntries<E>(this.name);
    if (this.shape)
      for (const { value, line } of numbered) {
        const problem = journalEntryProblem(value, this.shape);
        if (problem)
          throw new JournalError(`${this.path}:${line}: the journal is damaged (${problem}). Move that line out of the file (keep a copy) and try again.`);
      }
    return numbered.map((e) => e.value);
  }
}

/** A journal whose content is not what its readers rely on (hand-edited, damaged). */
export class JournalError extends Error {
  override readonly name = 'JournalError';
}

export class LicenseJournal extends JsonlJournal<JournalEntry> implements ChangeJournal {
  constructor(dir: string) {
    super(dir, JOURNAL_NAME, LICENSE_JOURNAL_SHAPE);
  }

  async runs(): Promise<JournaledRun[]> {
    return runsOf(await this.entries());
  }

  async run(runId: string): Promise<JournaledRun | undefined> {
    return findRun(await this.entries(), runId);
  }

  /** The records earlier undo runs of this run put back (undo leaves them alone). */
  async undone(runId: string): Promise<Map<string, UndoneRecord>> {
    return undoneRecords(await this.runs(), runId);
  }
}

/** The journal of feature parameter value edits, beside the license journal. */
export class FeatureValueJournal extends JsonlJournal<ValueJournalEntry> {
  constructor(dir: string) {
    super(dir, FEATURE_JOURNAL_NAME, VALUE_JOURNAL_SHAPE);
  }

  async run(runId: string): Promise<ValueRun | undefined> {
    return valueRunsOf(await this.entries()).find((r) => r.runId === runId.trim());
  }

  /** The value records earlier undo runs of this run put back (undo leaves them alone). */
  async undone(runId: string): Promise<Map<string, UndoneRecord>> {
    return undoneRecords(valueRunsOf(await this.entries()), runId);
  }
}

/** The command line's default state folder: $XDG_STATE_HOME/lma-workbench, else ~/.local/state/lma-workbench. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME?.trim() || join(homedir(), '.local', 'state');
  return join(base, 'lma-workbench');
}
