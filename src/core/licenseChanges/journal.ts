/**
 * The journal of license changes: append-only, one entry per plan, confirmation, batch sent,
 * per-record result and verification, each with who (the org's username), when, and the org.
 * Written before and after every step, so that whatever happens (a cancel, a crash) it says
 * what was asked, what was sent and what Salesforce answered. Reading it back gives each run,
 * and from a run, what undo must restore.
 */
import { type ChangePlan } from './plan';
import { type ChangeIssue } from './validation';
import { type LicenseValues } from './values';

export interface EntryBase {
  readonly runId: string;
  /** ISO date-time. */
  readonly at: string;
  /** The org's username. */
  readonly user: string;
  /** The LMO's org id. */
  readonly orgId: string | undefined;
}

export type RecordOutcome = 'saved' | 'failed';

/** How a run ended, in any journal. */
export interface RunEnd {
  readonly cancelled: boolean;
  readonly saved: number;
  readonly failed: number;
  readonly notSent: number;
  readonly verified: number;
  /** Why the run stopped early (a failed call), if it did. */
  readonly error?: string;
}

export interface SalesforceError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields?: readonly string[];
}

/** How a run carries out its plan: the Modify License worklist (the default; the user saves each page) or writes through the API (opt-in). */
export type RunChannel = 'worklist' | 'api';

export type JournalEntry =
  | (EntryBase & {
      readonly type: 'plan';
      readonly plan: ChangePlan;
      readonly issues: readonly (ChangeIssue & { readonly licenseId: string })[];
      /** Absent in entries written before worklists existed: those runs wrote through the API. */
      readonly channel?: RunChannel;
    })
  | (EntryBase & {
      readonly type: 'confirmation';
      /** How the user confirmed: a typed text, an explicit yes (--yes, a dialog button). */
      readonly via: 'typed' | 'yes';
      readonly typed?: string;
    })
  | (EntryBase & { readonly type: 'batch'; readonly seq: number; readonly licenseIds: readonly string[] })
  | (EntryBase & {
      readonly type: 'result';
      readonly licenseId: string;
      readonly licenseName: string;
      readonly outcome: RecordOutcome;
      readonly old: Partial<LicenseValues>;
      readonly new: Partial<LicenseValues>;
      readonly errors?: readonly SalesforceError[];
    })
  | (EntryBase & {
      readonly type: 'verification';
      readonly licenseId: string;
      /** The record holds the new values. */
      readonly holdsNewValues: boolean;
      /** License history has a row for every changed field with the new value. */
      readonly historyRecorded: boolean;
      readonly actual?: LicenseValues;
    })
  | (EntryBase & {
      /** A worklist row the user finished with: saved and verified (done), moved past (skipped), or saved otherwise (differs). */
      readonly type: 'worklistRow';
      readonly licenseId: string;
      readonly licenseName: string;
      readonly state: 'done' | 'skipped' | 'differs';
      readonly reason?: string;
      readonly actual?: LicenseValues;
    })
  | (EntryBase & RunEnd & { readonly type: 'end' });

export type JournalEntryType = JournalEntry['type'];

/** Where the journal lives: a file in the CLI's state folder or the extension's storage. */
export interface ChangeJournal {
  append(entry: JournalEntry): Promise<void>;
  /** Several entries at once, in order, durable together (one flush). */
  appendAll(entries: readonly JournalEntry[]): Promise<void>;
  entries(): Promise<JournalEntry[]>;
}

/** One run of license changes, as the journal tells it. */
export type JournaledRun = RunOf<JournalEntry>;

/** What every journal's entries share: a run id and one of the entry types. */
export interface JournalEntryLike {
  readonly type: JournalEntryType;
  readonly runId: string;
  readonly at: string;
  readonly user: string;
  readonly orgId: string | undefined;
}

type EntryOf<E, T extends JournalEntryType> = Extract<E, { type: T }>;

/** A run as a journal tells it, for any kind of guarded change (licenses, feature parameter values). */
export interface RunOf<E extends JournalEntryLike> {
  readonly runId: string;
  readonly plan: EntryOf<E, 'plan'> extends { plan: infer P } ? P : never;
  readonly at: string;
  readonly user: string;
  readonly orgId: string | undefined;
  readonly confirmation: EntryOf<E, 'confirmation'> | undefined;
  /** Per record id: what Salesforce answered. */
  readonly results: ReadonlyMap<string, EntryOf<E, 'result'>>;
  /** Sent, and no answer journaled (the process stopped mid-batch): the record may or may not hold the new values. */
  readonly unanswered: readonly string[];
  readonly verifications: ReadonlyMap<string, EntryOf<E, 'verification'>>;
  readonly end: EntryOf<E, 'end'> | undefined;
  /** How the run carried out its plan. */
  readonly channel: RunChannel;
  /** A worklist's rows the user finished with, per license id: the newest entry of each. */
  readonly worklistRows: ReadonlyMap<string, EntryOf<E, 'worklistRow'>>;
}

/** How a kind of journal names the records of its entries. */
export interface RunKeys<E extends JournalEntryLike> {
  sent(entry: EntryOf<E, 'batch'>): readonly string[];
  record(entry: EntryOf<E, 'result'> | EntryOf<E, 'verification'>): string;
}

/** Every run in a journal, oldest first. Entries of a run with no plan entry are ignored. */
export function collectRuns<E extends JournalEntryLike>(entries: readonly E[], keys: RunKeys<E>): RunOf<E>[] {
  type Parts = {
    plan: E;
    confirmation?: E;
    sent: Set<string>;
    results: Map<string, EntryOf<E, 'result'>>;
    verifications: Map<string, EntryOf<E, 'verification'>>;
    worklistRows: Map<string, EntryOf<E, 'worklistRow'>>;
    end?: E;
  };
  const runs = new Map<string, Parts>();
  for (const e of entries) {
    if (e.type === 'plan') {
      runs.set(e.runId, { plan: e, sent: new Set(), results: new Map(), verifications: new Map(), worklistRows: new Map() });
      continue;
    }
    const run = runs.get(e.runId);
    if (!run) continue;
    if (e.type === 'confirmation') run.confirmation = e;
    else if (e.type === 'batch') keys.sent(e as EntryOf<E, 'batch'>).forEach((id) => run.sent.add(id));
    else if (e.type === 'result') run.results.set(keys.record(e as EntryOf<E, 'result'>), e as EntryOf<E, 'result'>);
    else if (e.type === 'verification') run.verifications.set(keys.record(e as EntryOf<E, 'verification'>), e as EntryOf<E, 'verification'>);
    else if (e.type === 'worklistRow') {
      const row = e as EntryOf<E, 'worklistRow'> & { licenseId: string };
      run.worklistRows.set(row.licenseId, row);
    } else if (e.type === 'end') run.end = e;
  }
  return [...runs.values()].map((r) => ({
    runId: r.plan.runId,
    plan: (r.plan as unknown as { plan: RunOf<E>['plan'] }).plan,
    at: r.plan.at,
    user: r.plan.user,
    orgId: r.plan.orgId,
    confirmation: r.confirmation as EntryOf<E, 'confirmation'> | undefined,
    results: r.results,
    unanswered: [...r.sent].filter((id) => !r.results.has(id)),
    verifications: r.verifications,
    end: r.end as EntryOf<E, 'end'> | undefined,
    channel: (r.plan as { channel?: RunChannel }).channel ?? 'api',
    worklistRows: r.worklistRows,
  }));
}

/** Every run in the license journal, oldest first. */
export function runsOf(entries: readonly JournalEntry[]): JournaledRun[] {
  return collectRuns(entries, { sent: (e) => e.licenseIds, record: (e) => e.licenseId });
}

export function findRun(entries: readonly JournalEntry[], runId: string): JournaledRun | undefined {
  return runsOf(entries).find((r) => r.runId === runId.trim());
}

export interface RunSummary {
  readonly runId: string;
  readonly at: string;
  readonly user: string;
  readonly orgId: string | undefined;
  readonly description: string;
  readonly undoOf: string | undefined;
  readonly licenses: number;
  readonly saved: number;
  readonly failed: number;
  readonly unanswered: number;
  /** open: a worklist not finished yet (resumable). */
  readonly state: 'planned' | 'interrupted' | 'failed' | 'cancelled' | 'done' | 'open';
  readonly channel: RunChannel;
}

export function summarizeRun(run: JournaledRun): RunSummary {
  const outcomes = [...run.results.values()];
  return {
    runId: run.runId,
    at: run.at,
    user: run.user,
    orgId: run.orgId,
    description: run.plan.description,
    undoOf: run.plan.undoOf,
    licenses: run.plan.changes.length,
    saved: outcomes.filter((r) => r.outcome === 'saved').length,
    failed: outcomes.filter((r) => r.outcome === 'failed').length,
    unanswered: run.unanswered.length,
    state: run.end
      ? run.end.error
        ? 'failed'
        : run.end.cancelled
          ? 'cancelled'
          : 'done'
      : run.channel === 'worklist'
        ? 'open'
        : run.confirmation
          ? 'interrupted'
          : 'planned',
    channel: run.channel,
  };
}

/** A record an earlier undo run put back (or may have: sent, with no answer journaled). */
export interface UndoneRecord {
  readonly undoRunId: string;
  /** False when the undo run sent it and no answer was journaled. */
  readonly certain: boolean;
}

/**
 * The records earlier undo runs of `runId` put back, by their first 15 characters: saved through
 * the API, done on a worklist, or sent with no answer. Undo leaves them alone (docs/salesforce/write-safety.md):
 * whatever they hold now was set after the undo, by someone else.
 */
export function undoneRecords<E extends JournalEntryLike>(runs: readonly RunOf<E>[], runId: string): Map<string, UndoneRecord> {
  const out = new Map<string, UndoneRecord>();
  for (const run of runs) {
    if ((run.plan as { undoOf?: string } | undefined)?.undoOf !== runId.trim()) continue;
    const mark = (id: string, certain: boolean) => {
      const key = id.slice(0, 15);
      if (!out.get(key)?.certain) out.set(key, { undoRunId: run.runId, certain });
    };
    for (const [id, r] of run.results) if ((r as { outcome?: string }).outcome === 'saved') mark(id, true);
    for (const [id, w] of run.worklistRows) if ((w as { state?: string }).state === 'done') mark(id, true);
    for (const id of run.unanswered) mark(id, false);
  }
  return out;
}

/** What to tell the user about earlier undos of a run: "already undone by run X" (one line per undo run). */
export function alreadyUndoneNotes(runId: string, undone: ReadonlyMap<string, UndoneRecord>, total: number): string[] {
  const byRun = new Map<string, number>();
  for (const u of undone.values()) byRun.set(u.undoRunId, (byRun.get(u.undoRunId) ?? 0) + 1);
  return [...byRun].map(
    ([undoRunId, n]) =>
      `Run ${runId} was already undone by run ${undoRunId} (${n === total ? 'all' : `${n} of`} ${total} ${total === 1 ? 'record' : 'records'}): those are left alone, whatever they hold now.`,
  );
}

/** How a kind of journal names its records in entries: the license journal by licenseId, the feature value journal by valueId. */
export interface JournalShape {
  readonly recordKey: 'licenseId' | 'valueId';
  readonly batchKey: 'licenseIds' | 'valueIds';
  /** Whether a planned change holds what undo reads: the record's id, its values before, and after. */
  isChange(change: Record<string, unknown>): boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export const LICENSE_JOURNAL_SHAPE: JournalShape = {
  recordKey: 'licenseId',
  batchKey: 'licenseIds',
  isChange: (c) => isObject(c.license) && typeof c.license.id === 'string' && isObject(c.license.values) && isObject(c.after),
};

const ENTRY_TYPES: readonly string[] = ['plan', 'confirmation', 'batch', 'result', 'verification', 'worklistRow', 'end'];
/**
 * What is wrong with a journal entry read back from disk, in words, or undefined when it has the
 * shape the readers rely on. A hand-edited or damaged journal gets a clear error, not a TypeError.
 */
export function journalEntryProblem(value: unknown, shape: JournalShape): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  if (typeof value.type !== 'string' || !ENTRY_TYPES.includes(value.type)) return `unknown entry type ${JSON.stringify(value.type)}`;
  if (typeof value.runId !== 'string' || !value.runId) return `a ${value.type} entry without a run id`;
  if (typeof value.at !== 'string') return `a ${value.type} entry without a time ("at")`;
  if (value.orgId !== undefined && value.orgId !== null && typeof value.orgId !== 'string') return `a ${value.type} entry whose orgId is not text`;
  switch (value.type) {
    case 'plan': {
      const plan = value.plan;
      if (!isObject(plan) || !Array.isArray(plan.changes)) return 'a plan entry without a plan and its changes';
      if (plan.undoOf !== undefined && typeof plan.undoOf !== 'string') return 'a plan entry whose undoOf is not a run id';
      const bad = plan.changes.findIndex((c) => !isObject(c) || !shape.isChange(c));
      return bad >= 0 ? `a plan entry whose change ${bad + 1} lacks its record, old values or new values` : undefined;
    }
    case 'batch':
      return Array.isArray(value[shape.batchKey]) && (value[shape.batchKey] as unknown[]).every((id) => typeof id === 'string')
        ? undefined
        : `a batch entry without its ${shape.batchKey}`;
    case 'result':
    case 'verification':
    case 'worklistRow':
      return typeof value[shape.recordKey] === 'string' ? undefined : `a ${value.type} entry without its ${shape.recordKey}`;
    default:
      return undefined;
  }
}
