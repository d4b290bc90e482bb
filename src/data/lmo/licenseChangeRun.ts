/**
 * License changes on the guarded path (guardedRun.ts), for the editor and the command line alike:
 * a plan that breaks a Modify License rule is refused; one that needs a typed confirmation is
 * refused without it; otherwise it is journaled, written in batches, verified (values and License
 * history) and journaled to its end.
 */
import { type CalendarDate } from '../../core/calendarDate';
import { DEFAULT_TYPED_CONFIRMATION_OVER, confirmationFor, isConfirmed } from '../../core/licenseChanges/confirmation';
import { type JournalEntry } from '../../core/licenseChanges/journal';
import { type ChangePlan, type PlannedChange, changedValues } from '../../core/licenseChanges/plan';
import { type PlanValidation, validatePlan } from '../../core/licenseChanges/validation';
import { type OrgClient } from '../org/orgClient';
import { type GuardedRunOptions, type GuardedRunReport, type RunCounts, type RunProgress, runGuarded } from './guardedRun';
import { type RecordResult, type Verification, asLicenseResult, licenseUpdate, verifyChanges } from './licenseWriter';

export type { RunCounts, RunProgress };

export interface RunOptions extends GuardedRunOptions<JournalEntry> {
  readonly today: CalendarDate;
}

export type RunReport = GuardedRunReport<PlanValidation, RecordResult, Verification>;

export async function runLicenseChange(client: OrgClient, plan: ChangePlan, options: RunOptions): Promise<RunReport> {
  const validation = validatePlan(plan, options.today);
  if (!validation.ok) return { status: 'blocked', validation };
  const requirement = confirmationFor(plan, options.typedConfirmationOver ?? DEFAULT_TYPED_CONFIRMATION_OVER, options.today);
  if (!options.confirmation.yes || !isConfirmed(requirement, options.confirmation.typed)) return { status: 'needsConfirmation', requirement };

  const outcome = await runGuarded<PlannedChange, JournalEntry, Verification>(
    client,
    {
      runId: plan.id,
      user: plan.org.username,
      orgId: plan.org.id,
      changes: plan.changes,
      journal: options.journal,
      keyOf: (c) => c.license.id,
      toUpdate: licenseUpdate,
      verify: (saved) => verifyChanges(client, saved, { meter: options.meter }),
      isVerified: (v) => v.holdsNewValues && v.historyRecorded,
      entries: {
        plan: (base) => ({
          ...base,
          type: 'plan',
          plan,
          issues: plan.changes.flatMap((c) => (validation.issues.get(c.license.id) ?? []).map((i) => ({ ...i, licenseId: c.license.id }))),
        }),
        confirmation: (base) => ({
          ...base,
          type: 'confirmation',
          via: requirement.typed ? 'typed' : 'yes',
          ...(requirement.typed ? { typed: options.confirmation.typed } : {}),
        }),
        batch: (base, seq, batch) => ({ ...base, type: 'batch', seq, licenseIds: batch.map((c) => c.license.id) }),
        result: (base, r, change) => ({
          ...base,
          type: 'result',
          licenseId: r.recordId,
          licenseName: change.license.name,
          outcome: r.outcome,
          ...changedValues(change),
          ...(r.errors.length ? { errors: r.errors } : {}),
        }),
        verification: (base, v) => ({
          ...base,
          type: 'verification',
          licenseId: v.licenseId,
          holdsNewValues: v.holdsNewValues,
          historyRecorded: v.historyRecorded,
          ...(v.actual ? { actual: v.actual } : {}),
        }),
        end: (base, end) => ({ ...base, type: 'end', ...end }),
      },
    },
    options,
  );
  return {
    status: outcome.cancelled ? 'cancelled' : 'done',
    runId: plan.id,
    results: outcome.results.map(asLicenseResult),
    notSent: outcome.notSent.map((c) => c.license.id),
    verifications: outcome.verifications,
    counts: outcome.counts,
    validation,
  };
}
