/**
 * A license change plan: per license, its values now and the values it should get. Built from
 * a request (a plan file, a selection in the tree, a policy fix) and the licenses as they are
 * read just before; journaled whole, so every old value can be restored.
 */
import { addDays, parseCalendarDate } from '../calendarDate';
import { type ChangeField, type ExpirationValue, type LicenseSnapshot, type LicenseValues, type SeatsValue, differingFields } from './values';

/** What someone asks for one license; unset values stay as they are. */
export interface ChangeRequest {
  /** License record id (15 or 18 characters). */
  readonly license: string;
  readonly status?: 'Trial' | 'Active' | 'Suspended';
  readonly seats?: number | 'site';
  /** YYYY-MM-DD, or "never". */
  readonly expiration?: string;
  /** Moves the current expiration date by this many days (not with `expiration`). */
  readonly extendDays?: number;
}

export interface PlanRequest {
  readonly description?: string;
  readonly changes: readonly ChangeRequest[];
}

export interface PlannedChange {
  /** The license as it was read before the change (its values are the old values). */
  readonly license: LicenseSnapshot;
  /** Every value after the change (unchanged ones included). */
  readonly after: LicenseValues;
}

export interface PlanOrg {
  /** 18-character org id of the LMO. */
  readonly id: string | undefined;
  /** Who makes the change: the org's username. */
  readonly username: string;
  /** Alias or username, for display. */
  readonly label: string;
}

/** What every plan carries besides its changes. */
export interface PlanHeader {
  readonly version: 1;
  readonly id: string;
  readonly createdAt: string;
  readonly org: PlanOrg;
  readonly description: string;
  /** The run this plan undoes. */
  readonly undoOf?: string;
  /** Licenses the user left out after the preview (absent when none): journaled with the plan, never sent. */
  readonly excluded?: readonly ExcludedLicense[];
}

/** A license left out of a plan after its preview (docs/guide.md, Changing licenses safely). */
export interface ExcludedLicense {
  readonly licenseId: string;
  readonly licenseName: string;
}

export interface ChangePlan extends PlanHeader {
  readonly kind: 'lma-workbench.licenseChangePlan';
  readonly changes: readonly PlannedChange[];
}

export interface BuiltPlan {
  readonly plan: ChangePlan;
  /** Requests that name no readable license, or ask for something impossible before any rule is checked. */
  readonly unresolved: readonly { readonly license: string; readonly reason: string }[];
  /** Licenses that already hold the requested values (left out of the plan). */
  readonly unchanged: readonly string[];
}

export interface PlanContext {
  readonly id: string;
  readonly createdAt: string;
  readonly org: PlanOrg;
  readonly undoOf?: string;
}

/** What every plan carries besides its changes: its id, when, for which org, why, and the run it undoes. */
export function planHeader(context: PlanContext, description: string): Omit<PlanHeader, 'version'> {
  return { id: context.id, createdAt: context.createdAt, org: context.org, description, ...(context.undoOf ? { undoOf: context.undoOf } : {}) };
}

/** The description of a plan that undoes a run. */
export function undoDescription(run: { readonly runId: string; readonly plan: { readonly description: string } }): string {
  return `Undo of ${run.runId}${run.plan.description ? ` (${run.plan.description})` : ''}`;
}

export function changedFields(change: PlannedChange): ChangeField[] {
  return differingFields(change.license.values, change.after);
}

/** The fields a change sets, with their old and new values: what a journal's result entry records (a write or a worklist row). */
export function changedValues(change: PlannedChange): { old: Partial<LicenseValues>; new: Partial<LicenseValues> } {
  const fields = changedFields(change);
  const pick = (values: LicenseValues) => Object.fromEntries(fields.map((f) => [f, values[f]])) as Partial<LicenseValues>;
  return { old: pick(change.license.values), new: pick(change.after) };
}

/**
 * A plan is carried out only in the org it was made for (any kind of change: licenses, feature
 * values): the reason it is refused here, or undefined when the orgs match or one id is unknown.
 */
export function otherOrgReason(plan: { readonly org: PlanOrg }, here: { readonly id: string | undefined; readonly label: string }): string | undefined {
  if (!plan.org.id || !here.id || plan.org.id.slice(0, 15) === here.id.slice(0, 15)) return undefined;
  return `This plan was made for org ${plan.org.id} (${plan.org.label}), not ${here.label}.`;
}

/**
 * The plan without the changes of some licenses (matched on the first 15 characters of the id),
 * which it records as excluded. The plan that is left must be validated again: what it holds
 * changed (a duplicate may be gone, the count and the confirmation differ).
 */
export function excludeLicenses<C, P extends PlanHeader & { readonly changes: readonly C[] }>(
  plan: P,
  licenseIds: Iterable<string>,
  licenseOf: (change: C) => ExcludedLicense,
): P {
  const keys = new Set([...licenseIds].map((id) => id.slice(0, 15)));
  const excluded = [...(plan.excluded ?? [])];
  const known = new Set(excluded.map((e) => e.licenseId.slice(0, 15)));
  const changes = plan.changes.filter((change) => {
    const license = licenseOf(change);
    const key = license.licenseId.slice(0, 15);
    if (!keys.has(key)) return true;
    if (!known.has(key)) excluded.push({ licenseId: license.licenseId, licenseName: license.licenseName });
    known.add(key);
    return false;
  });
  return excluded.length ? { ...plan, changes, excluded } : plan;
}

/** A license plan without the changes of some licenses (see excludeLicenses). */
export function excludeFromPlan(plan: ChangePlan, licenseIds: Iterable<string>): ChangePlan {
  return excludeLicenses(plan, licenseIds, (c: PlannedChange) => ({ licenseId: c.license.id, licenseName: c.license.name }));
}

/** A run id: sortable by time, unique enough for one user's journal. */
export function newRunId(now: Date, random: () => number = Math.random): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0')}`;
}

/** Resolves a request against the licenses as read now (matched on the first 15 characters of the id). */
export function buildPlan(request: PlanRequest, licenses: readonly LicenseSnapshot[], context: PlanContext): BuiltPlan {
  const byId = new Map(licenses.map((l) => [l.id.slice(0, 15), l]));
  const unresolved: { license: string; reason: string }[] = [];
  const unchanged: string[] = [];
  const changes: PlannedChange[] = [];
  const named = new Set<string>();
  for (const r of request.changes) {
    const key = r.license.trim().slice(0, 15);
    if (named.has(key)) {
      unresolved.push({ license: r.license, reason: 'This license is in the plan more than once: give each license one entry.' });
      continue;
    }
    named.add(key);
    const license = byId.get(key);
    if (!license) {
      unresolved.push({ license: r.license, reason: 'No such license in this org (or it is in the Recycle Bin, or you cannot see it).' });
      continue;
    }
    let expiration: ExpirationValue = license.values.expiration;
    if (r.expiration !== undefined) {
      const date = r.expiration === 'never' ? 'never' : parseCalendarDate(r.expiration);
      if (!date || (date !== 'never' && date !== r.expiration)) {
        unresolved.push({ license: r.license, reason: `Expiration must be a date (YYYY-MM-DD) or "never", not ${JSON.stringify(r.expiration)}.` });
        continue;
      }
      expiration = date;
    } else if (r.extendDays !== undefined) {
      if (license.values.expiration === 'never') {
        unresolved.push({ license: r.license, reason: `${license.name} does not expire: there is no expiration date to extend.` });
        continue;
      }
      expiration = addDays(license.values.expiration, r.extendDays);
    }
    const seats: SeatsValue = r.seats !== undefined ? r.seats : license.values.seats;
    const after: LicenseValues = { status: r.status ?? license.values.status, seats, expiration };
    const change = { license, after };
    if (!changedFields(change).length) unchanged.push(license.id);
    else changes.push(change);
  }
  return {
    plan: { kind: 'lma-workbench.licenseChangePlan', version: 1, ...planHeader(context, request.description ?? ''), changes },
    unresolved,
    unchanged,
  };
}
