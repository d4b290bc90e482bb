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
import { type PinRecord } from '../core/lmoDashboard/pin';
import { FileState } from './fileState';

export const JOURNAL_NAME = 'license-changes';
export const FEATURE_JOURNAL_NAME = 'feature-value-changes';
export const PIN_JOURNAL_NAME = 'lmo-dashboard-pins';

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

/** A step of pinning the Home page, or of undoing it: `writing` is on disk before the app is written. */
export type PinJournalEntry =
  | { readonly phase: 'writing'; readonly pin: PinRecord }
  | { readonly phase: 'written'; readonly id: string; readonly verified: boolean }
  | { readonly phase: 'refused'; readonly id: string; readonly message: string }
  | { readonly phase: 'undoing' | 'undone'; readonly id: string; readonly at: string; readonly verified?: boolean };

/** The journal of Home page assignments the product made (lmo-dashboard pin), beside the others. */
export class PinJournal extends JsonlJournal<PinJournalEntry> {
  constructor(dir: string) {
    super(dir, PIN_JOURNAL_NAME);
  }

  /** A pin by its id ("last": the newest), with whether it was written and undone. */
  async find(id: string): Promise<{ pin: PinRecord; written: boolean; undone: boolean } | undefined> {
    const entries = await this.entries();
    const pins = entries.filter((e): e is Extract<PinJournalEntry, { phase: 'writing' }> => e.phase === 'writing').map((e) => e.pin);
    const pin = id.trim() === 'last' ? pins.at(-1) : pins.find((p) => p.id === id.trim());
    if (!pin) return undefined;
    const of = (phase: PinJournalEntry['phase']) => entries.some((e) => e.phase === phase && 'id' in e && e.id === pin.id);
    return { pin, written: !of('refused'), undone: of('undone') };
  }
}

/** The command line's default state folder: $XDG_STATE_HOME/lma-workbench, else ~/.local/state/lma-workbench. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME?.trim() || join(homedir(), '.local', 'state');
  return join(base, 'lma-workbench');
}
