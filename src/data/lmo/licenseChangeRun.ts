/**
 * The guarded path, end to end, for the editor and the command line alike: a plan that breaks a
 * Modify License rule is refused; one that needs a typed confirmation is refused without it;
 * otherwise the plan and the confirmation are journaled, the changes are written batch by
 * batch (each batch journaled before it is sent and each record's result after), every saved
 * record is re-read and its history checked, and the run's end is journaled. Whatever stops it
 * (a cancel between batches, a failed call, a crash), the journal says what was sent and what
 * Salesforce answered.
 */
import { type CalendarDate } from '../../core/calendarDate';
import { type ConfirmationRequirement, DEFAULT_TYPED_CONFIRMATION_OVER, confirmationFor, isConfirmed } from '../../core/licenseChanges/confirmation';
import { type ChangeJournal, type JournalEntry } from '../../core/licenseChanges/journal';
import { type ChangePlan, type PlannedChange, changedFields } from '../../core/licenseChanges/plan';
import { type PlanValidation, validatePlan } from '../../core/licenseChanges/validation';
import { type ChangeField, type LicenseValues } from '../../core/licenseChanges/values';
import { type CallOptions, type OrgClient } from '../org/orgClient';
import { type BatchProgress, type RecordResult, type Verification, verifyChanges, writeChanges } from './licenseWriter';

export interface RunProgress extends BatchProgress {
  readonly phase: 'writing' | 'verifying' | 'done';
}

export interface RunOptions extends CallOptions {
  readonly journal: ChangeJournal;
  readonly today: CalendarDate;
  /** What the user did: an explicit yes (a button, --yes), and the text they typed if a typed confirmation was asked. */
  readonly confirmation: { readonly yes: boolean; readonly typed?: string };
  /** Plans of more licenses than this need a typed confirmation. */
  readonly typedConfirmationOver?: number;
  readonly batchSize?: number;
  readonly onProgress?: (progress: RunProgress) => void;
  readonly now?: () => Date;
}

export interface RunCounts {
  readonly saved: number;
  readonly failed: number;
  readonly notSent: number;
  /** Saved records that hold their new values and whose history recorded the change. */
  readonly verified: number;
  /** Saved records that do not hold their new values, or whose history lacks the change. */
  readonly unverified: number;
}

export type RunReport =
  | { readonly status: 'blocked'; readonly validation: PlanValidation }
  | { readonly status: 'needsConfirmation'; readonly requirement: ConfirmationRequirement }
  | {
      readonly status: 'done' | 'cancelled';
      readonly runId: string;
      readonly results: readonly RecordResult[];
      readonly notSent: readonly string[];
      readonly verifications: readonly Verification[];
      readonly counts: RunCounts;
      readonly validation: PlanValidation;
    };

function pick(values: LicenseValues, fields: readonly ChangeField[]): Partial<LicenseValues> {
  return Object.fromEntries(fields.map((f) => [f, values[f]]));
}

export async function runLicenseChange(client: OrgClient, plan: ChangePlan, options: RunOptions): Promise<RunReport> {
  const validation = validatePlan(plan, options.today);
  if (!validation.ok) return { status: 'blocked', validation };
  const requirement = confirmationFor(plan, options.typedConfirmationOver ?? DEFAULT_TYPED_CONFIRMATION_OVER);
  if (!options.confirmation.yes || !isConfirmed(requirement, options.confirmation.typed)) return { status: 'needsConfirmation', requirement };

  const now = options.now ?? (() => new Date());
  const base = () => ({ runId: plan.id, at: now().toISOString(), user: plan.org.username, orgId: plan.org.id });
  const append = (entry: JournalEntry) => options.journal.append(entry);
  await append({
    ...base(),
    type: 'plan',
    plan,
    issues: plan.changes.flatMap((c) => (validation.issues.get(c.license.id) ?? []).map((i) => ({ ...i, licenseId: c.license.id }))),
  });
  await append({
    ...base(),
    type: 'confirmation',
    via: requirement.typed ? 'typed' : 'yes',
    ...(requirement.typed ? { typed: options.confirmation.typed } : {}),
  });

  const byId = new Map(plan.changes.map((c) => [c.license.id, c]));
  const answered: RecordResult[] = [];
  let written: Awaited<ReturnType<typeof writeChanges>>;
  try {
    written = await writeChanges(client, plan, {
      meter: options.meter,
      signal: options.signal,
      batchSize: options.batchSize,
      beforeBatch: (seq, batch) => append({ ...base(), type: 'batch', seq, licenseIds: batch.map((c) => c.license.id) }),
      afterBatch: (_seq, results) => {
        answered.push(...results);
        return options.journal.appendAll(
          results.map((r): JournalEntry => {
            const change = byId.get(r.licenseId) as PlannedChange;
            const fields = changedFields(change);
            return {
              ...base(),
              type: 'result',
              licenseId: r.licenseId,
              licenseName: change.license.name,
              outcome: r.outcome,
              old: pick(change.license.values, fields),
              new: pick(change.after, fields),
              ...(r.errors.length ? { errors: r.errors } : {}),
            };
          }),
        );
      },
      onProgress: (p) => options.onProgress?.({ ...p, phase: 'writing' }),
    });
  } catch (err) {
    // The batch in flight is journaled as sent and unanswered: undo re-reads those records.
    const saved = answered.filter((r) => r.outcome === 'saved').length;
    await append({
      ...base(),
      type: 'end',
      cancelled: false,
      saved,
      failed: answered.length - saved,
      notSent: plan.changes.length - answered.length,
      verified: 0,
      error: err instanceof Error ? err.message : String(err),
    });
    throw err;
  }

  const saved = written.results.filter((r) => r.outcome === 'saved').map((r) => byId.get(r.licenseId) as PlannedChange);
  options.onProgress?.({
    done: written.results.length,
    total: plan.changes.length,
    saved: saved.length,
    failed: written.results.length - saved.length,
    phase: 'verifying',
  });
  // Reads only: verified even after a cancel, so the journal says what the org holds.
  const verifications = await verifyChanges(client, saved, { meter: options.meter });
  await options.journal.appendAll(
    verifications.map((v): JournalEntry => ({
      ...base(),
      type: 'verification',
      licenseId: v.licenseId,
      holdsNewValues: v.holdsNewValues,
      historyRecorded: v.historyRecorded,
      ...(v.actual ? { actual: v.actual } : {}),
    })),
  );
  const verified = verifications.filter((v) => v.holdsNewValues && v.historyRecorded).length;
  const counts: RunCounts = {
    saved: saved.length,
    failed: written.results.length - saved.length,
    notSent: written.notSent.length,
    verified,
    unverified: verifications.length - verified,
  };
  await append({ ...base(), type: 'end', cancelled: written.cancelled, saved: counts.saved, failed: counts.failed, notSent: counts.notSent, verified });
  options.onProgress?.({ done: written.results.length, total: plan.changes.length, saved: counts.saved, failed: counts.failed, phase: 'done' });
  return {
    status: written.cancelled ? 'cancelled' : 'done',
    runId: plan.id,
    results: written.results,
    notSent: written.notSent.map((c) => c.license.id),
    verifications,
    counts,
    validation,
  };
}
