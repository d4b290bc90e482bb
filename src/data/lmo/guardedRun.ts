/**
 * The guarded write, for any kind of change (licenses, feature parameter values), once the plan is
 * validated and confirmed: the plan and the confirmation are journaled, the changes are written
 * batch by batch (each batch journaled before it is sent and each record's result after), every
 * saved record is re-read to verify it, and the run's end is journaled. Whatever stops it (a
 * cancel between batches, a failed call, a crash), the journal says what was sent and what
 * Salesforce answered.
 */
import { type ConfirmationRequirement } from '../../core/licenseChanges/confirmation';
import { type RunEnd } from '../../core/licenseChanges/journal';
import { type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { type BatchProgress, type RecordUpdate, type SaveResult, updateInBatches } from './collectionWriter';

export type { EntryBase } from '../../core/licenseChanges/journal';
import { type EntryBase } from '../../core/licenseChanges/journal';

export type { RunEnd };

export interface RunCounts {
  readonly saved: number;
  readonly failed: number;
  readonly notSent: number;
  /** Saved records whose re-read shows the change. */
  readonly verified: number;
  /** Saved records whose re-read does not. */
  readonly unverified: number;
}

export interface RunProgress extends BatchProgress {
  readonly phase: 'writing' | 'verifying' | 'done';
}

/** What the caller of a guarded run says: where to journal, what the user confirmed, how to report progress. */
export interface GuardedRunOptions<E> extends CallOptions {
  readonly journal: { append(entry: E): Promise<void>; appendAll(entries: readonly E[]): Promise<void> };
  /** What the user did: an explicit yes (a button, --yes), and the text they typed if a typed confirmation was asked. */
  readonly confirmation: { readonly yes: boolean; readonly typed?: string };
  /** Plans of more records than this need a typed confirmation. */
  readonly typedConfirmationOver?: number;
  readonly batchSize?: number;
  readonly onProgress?: (progress: RunProgress) => void;
  readonly now?: () => Date;
}

/** How a guarded run ended: refused by validation, waiting for a confirmation, or run (done or cancelled between batches). */
export type GuardedRunReport<Validation, Result, Verification> =
  | { readonly status: 'blocked'; readonly validation: Validation }
  | { readonly status: 'needsConfirmation'; readonly requirement: ConfirmationRequirement }
  | {
      readonly status: 'done' | 'cancelled';
      readonly runId: string;
      readonly results: readonly Result[];
      readonly notSent: readonly string[];
      readonly verifications: readonly Verification[];
      readonly counts: RunCounts;
      readonly validation: Validation;
    };

/** What a kind of change brings to the guarded path. */
export interface GuardedRunSpec<C, E, V> {
  readonly runId: string;
  readonly user: string;
  readonly orgId: string | undefined;
  readonly changes: readonly C[];
  readonly journal: { append(entry: E): Promise<void>; appendAll(entries: readonly E[]): Promise<void> };
  keyOf(change: C): string;
  toUpdate(change: C): RecordUpdate;
  /** Re-reads the saved records (reads only). */
  verify(saved: readonly C[]): Promise<V[]>;
  isVerified(verification: V): boolean;
  readonly entries: {
    plan(base: EntryBase): E;
    confirmation(base: EntryBase): E;
    batch(base: EntryBase, seq: number, batch: readonly C[]): E;
    result(base: EntryBase, result: SaveResult, change: C): E;
    verification(base: EntryBase, verification: V): E;
    end(base: EntryBase, end: RunEnd): E;
  };
}

export interface GuardedRunOutcome<C, V> {
  readonly cancelled: boolean;
  readonly results: readonly SaveResult[];
  readonly notSent: readonly C[];
  readonly verifications: readonly V[];
  readonly counts: RunCounts;
}

export async function runGuarded<C, E, V>(
  client: OrgClient,
  spec: GuardedRunSpec<C, E, V>,
  options: CallOptions & { batchSize?: number; onProgress?: (progress: RunProgress) => void; now?: () => Date } = {},
): Promise<GuardedRunOutcome<C, V>> {
  const now = options.now ?? (() => new Date());
  const base = (): EntryBase => ({ runId: spec.runId, at: now().toISOString(), user: spec.user, orgId: spec.orgId });
  const { journal, entries } = spec;
  await journal.append(entries.plan(base()));
  await journal.append(entries.confirmation(base()));

  const byKey = new Map(spec.changes.map((c) => [spec.keyOf(c), c]));
  const answered: SaveResult[] = [];
  let written: Awaited<ReturnType<typeof updateInBatches<C>>>;
  try {
    written = await updateInBatches(client, spec.changes, spec.toUpdate, {
      meter: options.meter,
      signal: options.signal,
      batchSize: options.batchSize,
      beforeBatch: (seq, batch) => journal.append(entries.batch(base(), seq, batch)),
      afterBatch: (_seq, results) => {
        answered.push(...results);
        return journal.appendAll(results.map((r) => entries.result(base(), r, byKey.get(r.recordId) as C)));
      },
      onProgress: (p) => options.onProgress?.({ ...p, phase: 'writing' }),
    });
  } catch (err) {
    // The batch in flight is journaled as sent and unanswered: undo re-reads those records.
    const saved = answered.filter((r) => r.outcome === 'saved').length;
    await journal.append(
      entries.end(base(), {
        cancelled: false,
        saved,
        failed: answered.length - saved,
        notSent: spec.changes.length - answered.length,
        verified: 0,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
    throw err;
  }

  const saved = written.results.filter((r) => r.outcome === 'saved').map((r) => byKey.get(r.recordId) as C);
  const total = spec.changes.length;
  options.onProgress?.({ done: written.results.length, total, saved: saved.length, failed: written.results.length - saved.length, phase: 'verifying' });
  // Reads only: verified even after a cancel, so the journal says what the org holds.
  const verifications = await spec.verify(saved);
  await journal.appendAll(verifications.map((v) => entries.verification(base(), v)));
  const verified = verifications.filter((v) => spec.isVerified(v)).length;
  const counts: RunCounts = {
    saved: saved.length,
    failed: written.results.length - saved.length,
    notSent: written.notSent.length,
    verified,
    unverified: verifications.length - verified,
  };
  await journal.append(entries.end(base(), { cancelled: written.cancelled, saved: counts.saved, failed: counts.failed, notSent: counts.notSent, verified }));
  options.onProgress?.({ done: written.results.length, total, saved: counts.saved, failed: counts.failed, phase: 'done' });
  return { cancelled: written.cancelled, results: written.results, notSent: written.notSent, verifications, counts };
}
