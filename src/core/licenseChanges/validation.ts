/**
 * Salesforce's Modify License rules, checked before anything is sent (docs/salesforce/license-changes.md):
 * Status is Trial, Active or Suspended; a trial lasts at most 90 days; a license that has left
 * Trial never returns to it; Suspended blocks every user; Uninstalled licenses can't be edited
 * (AppExchange Checkout licenses can't either, but no documented field marks them); seats are a whole number up
 * to 99,000,000 or a site license; expiration is a date or "does not expire". Errors block the
 * plan; warnings are shown in the preview and journaled.
 */
import { type CalendarDate, addDays, daysBetween } from '../calendarDate';
import { MAX_SEATS, MAX_TRIAL_DAYS, SALESFORCE_MAX_DATE, SALESFORCE_MIN_DATE } from '../lmaLimits';
import { type ChangePlan, type PlannedChange, changedFields } from './plan';
import { type ChangeField } from './values';

export type IssueSeverity = 'error' | 'warning';

export type IssueCode =
  | 'duplicate'
  | 'uninstalled'
  | 'readOnly'
  | 'unknownStatus'
  | 'statusValue'
  | 'backToTrial'
  | 'suspend'
  | 'trialNeedsExpiration'
  | 'trialTooLong'
  | 'trialLongSinceInstall'
  | 'expirationPast'
  | 'expirationRange'
  | 'seatsRange'
  | 'seatsBelowUsed'
  | 'siteToPerSeat';

export interface ChangeIssue {
  readonly code: IssueCode;
  readonly severity: IssueSeverity;
  /** The field the issue is about; undefined for the whole license. */
  readonly field?: ChangeField;
  readonly message: string;
}

export const EDITABLE_STATUSES = ['Trial', 'Active', 'Suspended'] as const;
const KNOWN_STATUSES = ['Trial', 'Active', 'Suspended', 'Uninstalled'];

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Every rule one change breaks or should warn about. */
export function validateChange(change: PlannedChange, today: CalendarDate): ChangeIssue[] {
  const issues: ChangeIssue[] = [];
  const { license, after } = change;
  const before = license.values;
  const changed = new Set(changedFields(change));
  const error = (code: IssueCode, message: string, field?: ChangeField) => issues.push({ code, severity: 'error', message, ...(field ? { field } : {}) });
  const warn = (code: IssueCode, message: string, field?: ChangeField) => issues.push({ code, severity: 'warning', message, ...(field ? { field } : {}) });

  if (before.status === 'Uninstalled') {
    error('uninstalled', "Uninstalled licenses can't be edited: the package was uninstalled from the subscriber org.");
    return issues;
  }
  // License Type is documented as a legacy field to ignore (docs/salesforce/license-changes.md): a hint, never a refusal.
  if (license.readOnly)
    warn(
      'readOnly',
      'License Type says Read-Only. Salesforce calls it a legacy field, so this is only a hint: if this is an AppExchange Checkout license, Modify License refuses the change.',
    );
  if (!KNOWN_STATUSES.includes(before.status))
    error('unknownStatus', `Unknown status ${JSON.stringify(before.status)}: open the license in Salesforce to change it.`);

  if (changed.has('status')) {
    if (!(EDITABLE_STATUSES as readonly string[]).includes(after.status))
      error('statusValue', `Status can be set to Trial, Active or Suspended, not ${JSON.stringify(after.status)}.`, 'status');
    else if (after.status === 'Trial') error('backToTrial', `A license that has left Trial (now ${before.status}) can never return to Trial.`, 'status');
    else if (after.status === 'Suspended')
      warn('suspend', `Suspended blocks every user of the package in the subscriber org (${license.subscriber}) until the license is Active again.`, 'status');
  }

  if (changed.has('expiration') && after.expiration !== 'never' && (after.expiration < SALESFORCE_MIN_DATE || after.expiration > SALESFORCE_MAX_DATE)) {
    error(
      'expirationRange',
      `Expiration ${after.expiration} is outside what a Salesforce date field holds (${SALESFORCE_MIN_DATE} to ${SALESFORCE_MAX_DATE}).`,
      'expiration',
    );
    return issues;
  }

  // The trial's length is checked for a license that is and stays a trial (one sent back to Trial is refused above).
  const trialTouched = after.status === 'Trial' && before.status === 'Trial' && (changed.has('status') || changed.has('expiration'));
  if (trialTouched) {
    if (after.expiration === 'never') error('trialNeedsExpiration', `A trial must expire: set a date at most ${MAX_TRIAL_DAYS} days from today.`, 'expiration');
    else {
      const latest = addDays(today, MAX_TRIAL_DAYS);
      if (after.expiration > latest)
        error(
          'trialTooLong',
          `A trial lasts at most ${MAX_TRIAL_DAYS} days: ${after.expiration} is ${plural(daysBetween(today, after.expiration), 'day')} from today (latest ${latest}).`,
          'expiration',
        );
      else if (license.installDate && daysBetween(license.installDate, after.expiration) > MAX_TRIAL_DAYS)
        warn(
          'trialLongSinceInstall',
          `The trial will have run ${plural(daysBetween(license.installDate, after.expiration), 'day')} since the install on ${license.installDate}, more than Salesforce's ${MAX_TRIAL_DAYS}.`,
          'expiration',
        );
    }
  }
  if (
    !issues.some((i) => i.code === 'backToTrial') &&
    (changed.has('expiration') || changed.has('status')) &&
    (after.status === 'Active' || after.status === 'Trial') &&
    after.expiration !== 'never' &&
    after.expiration < today
  )
    warn('expirationPast', `Expiration ${after.expiration} is in the past: the subscriber loses access at once.`, 'expiration');

  if (changed.has('seats')) {
    const seats = after.seats;
    if (seats !== 'site' && (seats === null || !Number.isInteger(seats) || seats < 0 || seats > MAX_SEATS))
      error(
        'seatsRange',
        `Seats must be a whole number from 0 to ${MAX_SEATS.toLocaleString('en-US')}, or a site license, not ${JSON.stringify(seats)}.`,
        'seats',
      );
    else if (typeof seats === 'number') {
      if (license.usedSeats !== undefined && seats < license.usedSeats)
        warn(
          'seatsBelowUsed',
          `${plural(seats, 'seat')} but ${license.usedSeats.toLocaleString('en-US')} in use: the subscriber's admin must take licenses away from ${plural(license.usedSeats - seats, 'user')}.`,
          'seats',
        );
      if (before.seats === 'site')
        warn('siteToPerSeat', `From a site license to ${plural(seats, 'seat')}: users lose access until the subscriber's admin assigns them a seat.`, 'seats');
    }
  }
  return issues;
}

export interface PlanValidation {
  /** Issues per license id (as in the plan). */
  readonly issues: ReadonlyMap<string, readonly ChangeIssue[]>;
  readonly errors: number;
  readonly warnings: number;
  /** No errors: the plan may be sent. */
  readonly ok: boolean;
}

export function validatePlan(plan: ChangePlan, today: CalendarDate): PlanValidation {
  return collectIssues(
    plan.changes,
    (c) => c.license.id,
    (c) => validateChange(c, today),
    (c): ChangeIssue => ({ code: 'duplicate', severity: 'error', message: `${c.license.name} is in the plan more than once.` }),
  );
}

/** Every change's issues by record id (a record named twice is an error), and the counts. */
export function collectIssues<C, I extends { readonly severity: IssueSeverity }>(
  changes: readonly C[],
  keyOf: (change: C) => string,
  validate: (change: C) => I[],
  duplicate: (change: C) => I,
): { issues: Map<string, I[]>; errors: number; warnings: number; ok: boolean } {
  const issues = new Map<string, I[]>();
  const seen = new Set<string>();
  for (const change of changes) {
    const list = validate(change);
    const key = keyOf(change);
    if (seen.has(key.slice(0, 15))) list.unshift(duplicate(change));
    seen.add(key.slice(0, 15));
    issues.set(key, [...(issues.get(key) ?? []), ...list]);
  }
  const all = [...issues.values()].flat();
  const errors = all.filter((i) => i.severity === 'error').length;
  return { issues, errors, warnings: all.length - errors, ok: errors === 0 };
}

/** The plan without the changes a rule refuses (for proposals such as audit fixes), and those changes with their errors. */
export function withoutRefused(
  plan: ChangePlan,
  validation: PlanValidation,
): { plan: ChangePlan; refused: { change: PlannedChange; errors: ChangeIssue[] }[] } {
  const refused: { change: PlannedChange; errors: ChangeIssue[] }[] = [];
  const kept = plan.changes.filter((change) => {
    const errors = (validation.issues.get(change.license.id) ?? []).filter((i) => i.severity === 'error');
    if (errors.length) refused.push({ change, errors });
    return !errors.length;
  });
  return { plan: { ...plan, changes: kept }, refused };
}
