/**
 * The Modify License worklist: the default way to carry out a license change plan. Salesforce's LMA
 * best practices say to treat the LMA's records as read-only and to edit licenses on the Modify
 * License page (docs/salesforce/license-changes.md), so a validated, previewed plan becomes a list of
 * pages to open, one license each, with the values to set beside it. The product sends no write:
 * after the user saves a page, the row is checked by re-reading the record and its License history,
 * and journaled as done, skipped or differs. Pure: the reads are the data layer's.
 */
import { singleLine } from '../displayText';
import { type ChangePlan, type PlannedChange, changedFields } from './plan';
import { type ChangeField, type LicenseValues, FIELD_LABELS, describeValue, sameValue } from './values';

/** Salesforce's words (LMA best practices), shown before anyone turns on writes through the API. */
export const SALESFORCE_GUIDANCE =
  'Treat the LMA custom objects as read-only. Use the Modify License page to edit licenses. Don’t attempt to directly or programmatically edit license records.';
export const GUIDANCE_SOURCE = 'https://developer.salesforce.com/docs/atlas.en-us.pkg1_dev.meta/pkg1_dev/lma_best_practices.htm';

/** What "verified" means, for the preview and the results. */
export const VERIFIED_MEANS =
  'Verified means the LMO’s License record holds the new values and its License history recorded the change. The subscriber org picks the change up from the LMA; that side cannot be seen from here.';

/** Checkout licenses: Salesforce documents no field that marks them, so the preview says so instead of guessing. */
export const CHECKOUT_NOTE =
  'Licenses provisioned through AppExchange Checkout can’t be modified in the LMA. No documented field marks them (License Type is a legacy field Salesforce says to ignore), so this preview cannot tell which they are: Modify License refuses them when you save.';

/** Where a row stands. */
export type WorklistRowState = 'pending' | 'done' | 'skipped' | 'differs';

export interface WorklistTarget {
  readonly field: ChangeField;
  readonly label: string;
  /** As a person reads it. */
  readonly old: string;
  readonly new: string;
  /** What to type or pick on the Modify License page. */
  readonly enter: string;
}

export interface WorklistRow {
  readonly licenseId: string;
  readonly licenseName: string;
  /** Customer text, one safe line. */
  readonly subscriber: string;
  readonly orgId: string;
  readonly packageName: string;
  readonly targets: readonly WorklistTarget[];
}

/** What to enter on the Modify License page for a value: the page takes a date, a number, a status, or its own choices. */
export function entryFor(field: ChangeField, value: unknown): string {
  if (field === 'seats') return value === 'site' ? 'Site license (-1)' : String(value);
  if (field === 'expiration') return value === 'never' ? 'Does not expire' : String(value);
  return String(value);
}

export function worklistRows(plan: ChangePlan): WorklistRow[] {
  return plan.changes.map((change) => ({
    licenseId: change.license.id,
    licenseName: singleLine(change.license.name, 40),
    subscriber: singleLine(change.license.subscriber, 60),
    orgId: change.license.orgId,
    packageName: singleLine(change.license.packageName ?? '', 60),
    targets: changedFields(change).map((field) => ({
      field,
      label: FIELD_LABELS[field],
      old: describeValue(field, change.license.values[field]),
      new: describeValue(field, change.after[field]),
      enter: entryFor(field, change.after[field]),
    })),
  }));
}

/** A row's re-read: the record's values now, and whether License history's newest row per field is the change. */
export interface RowReading {
  readonly licenseId: string;
  /** Undefined when the record could not be read. */
  readonly actual: LicenseValues | undefined;
  readonly historyRecorded: boolean;
}

export interface RowCheck {
  readonly licenseId: string;
  /** done: holds the new values, history recorded it; pending: still the old values; differs: anything else. */
  readonly state: 'pending' | 'done' | 'differs';
  /** Why a row differs, in words. */
  readonly reason: string | undefined;
  readonly actual: LicenseValues | undefined;
  readonly holdsNewValues: boolean;
  readonly historyRecorded: boolean;
}

export function checkRow(change: PlannedChange, reading: RowReading): RowCheck {
  const fields = changedFields(change);
  const { actual, historyRecorded } = reading;
  const base = { licenseId: change.license.id, actual, historyRecorded };
  if (!actual) return { ...base, state: 'differs', reason: 'The record can no longer be read (deleted, or hidden from you).', holdsNewValues: false };
  const holdsNewValues = fields.every((f) => sameValue(f, actual[f], change.after[f]));
  if (holdsNewValues && historyRecorded) return { ...base, state: 'done', reason: undefined, holdsNewValues };
  if (holdsNewValues)
    return { ...base, state: 'differs', reason: 'The record holds the new values, but License history has no row for the change.', holdsNewValues };
  const untouched = fields.every((f) => sameValue(f, actual[f], change.license.values[f]));
  if (untouched) return { ...base, state: 'pending', reason: undefined, holdsNewValues };
  const off = fields
    .filter((f) => !sameValue(f, actual[f], change.after[f]))
    .map((f) => `${FIELD_LABELS[f]} is ${describeValue(f, actual[f])}, not ${describeValue(f, change.after[f])}`);
  return { ...base, state: 'differs', reason: `${off.join('; ')}.`, holdsNewValues };
}

export interface WorklistCounts {
  readonly total: number;
  readonly done: number;
  readonly skipped: number;
  readonly differs: number;
  readonly pending: number;
}

export function worklistCounts(states: Iterable<WorklistRowState>): WorklistCounts {
  const counts = { total: 0, done: 0, skipped: 0, differs: 0, pending: 0 };
  for (const s of states) {
    counts.total++;
    counts[s]++;
  }
  return counts;
}

/** One line for a row's targets: "Seats 10 → 20; Expiration 2026-12-31 → 2027-03-31". */
export function targetLine(row: WorklistRow): string {
  return row.targets.map((t) => `${t.label} ${t.old} → ${t.new}`).join('; ');
}

/** The license's record page in Lightning, where the LMA's Modify License button is. */
export const licensePagePath = (licenseId: string): string => `/lightning/r/sfLma__License__c/${encodeURIComponent(licenseId)}/view`;
