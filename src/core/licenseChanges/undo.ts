/**
 * Undo: a plan that puts the old values back, only on the records that still hold the values the
 * run gave them. A record someone changed since is left alone (and said so), a record the run
 * never changed is not touched, and a record an earlier undo of the run already put back is left
 * alone too ("already undone by run X"), even if someone set the run's value again since. The undo
 * plan then goes through the same guarded path.
 */
import { type JournaledRun, type UndoneRecord } from './journal';
import { type ChangePlan, type PlanContext, type PlannedChange, planHeader, undoDescription } from './plan';
import { type ChangeField, type LicenseSnapshot, type LicenseValues, CHANGE_FIELDS, describeValue, FIELD_LABELS, sameValue } from './values';

/** The licenses whose current values undo must read: those saved, and those sent without a journaled answer. */
export function licensesToRecheck(run: JournaledRun): string[] {
  return [...[...run.results.values()].filter((r) => r.outcome === 'saved').map((r) => r.licenseId), ...run.unanswered];
}

export interface UndoPlan {
  readonly plan: ChangePlan;
  readonly skipped: readonly { readonly licenseId: string; readonly licenseName: string; readonly reason: string }[];
}

export function undoPlan(
  run: JournaledRun,
  current: readonly LicenseSnapshot[],
  context: Omit<PlanContext, 'undoOf'>,
  undone: ReadonlyMap<string, UndoneRecord> = new Map(),
): UndoPlan {
  const now = new Map(current.map((l) => [l.id.slice(0, 15), l]));
  const planned = new Map(run.plan.changes.map((c) => [c.license.id.slice(0, 15), c]));
  const changes: PlannedChange[] = [];
  const skipped: { licenseId: string; licenseName: string; reason: string }[] = [];
  for (const id of licensesToRecheck(run)) {
    const original = planned.get(id.slice(0, 15));
    if (!original) continue;
    const name = original.license.name;
    const earlier = undone.get(id.slice(0, 15));
    if (earlier) {
      skipped.push({ licenseId: id, licenseName: name, reason: alreadyUndone(earlier) });
      continue;
    }
    const license = now.get(id.slice(0, 15));
    if (!license) {
      skipped.push({ licenseId: id, licenseName: name, reason: 'It can no longer be read (deleted, or hidden from you).' });
      continue;
    }
    const fields = CHANGE_FIELDS.filter((f) => !sameValue(f, original.license.values[f], original.after[f]));
    const moved = fields.filter((f) => !sameValue(f, license.values[f], original.after[f]));
    if (moved.length === fields.length && !run.results.has(id)) continue; // sent, never applied: nothing to undo
    if (moved.length) {
      skipped.push({
        licenseId: id,
        licenseName: name,
        reason: `Changed since: ${moved.map((f) => describeMove(f, original.after[f], license.values[f])).join('; ')}.`,
      });
      continue;
    }
    const after: Record<ChangeField, unknown> = { ...license.values };
    for (const f of fields) after[f] = original.license.values[f];
    changes.push({ license, after: after as unknown as LicenseValues });
  }
  return {
    plan: { kind: 'lma-workbench.licenseChangePlan', version: 1, ...planHeader({ ...context, undoOf: run.runId }, undoDescription(run)), changes },
    skipped,
  };
}

/** Why a record an earlier undo touched is left alone. */
export function alreadyUndone(earlier: UndoneRecord): string {
  return earlier.certain
    ? `Already undone by run ${earlier.undoRunId}.`
    : `Possibly already undone by run ${earlier.undoRunId} (sent, no answer journaled): check it, then change it by hand if needed.`;
}

function describeMove(field: ChangeField, expected: unknown, actual: unknown): string {
  return `${FIELD_LABELS[field]} is ${describeValue(field, actual)}, not ${describeValue(field, expected)}`;
}
