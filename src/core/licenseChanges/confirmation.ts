/**
 * When a change needs more than a click: a typed confirmation — the number of licenses, or the
 * subscriber org id when there is one license — for any plan that cuts customers off (a
 * suspension, an expiration set in the past, seats set to 0: each blocks the package's users as
 * surely as the others), and for any plan that changes more than a threshold of licenses.
 */
import { type CalendarDate } from '../calendarDate';
import { type ChangePlan, type PlannedChange, changedFields } from './plan';

/** Plans larger than this need a typed confirmation (a setting in the editor, --confirm-over on the command line). */
export const DEFAULT_TYPED_CONFIRMATION_OVER = 25;

export interface ConfirmationRequirement {
  /** A typed confirmation is needed (otherwise an explicit yes is enough). */
  readonly typed: boolean;
  /** What to type, when typed. */
  readonly expected: string | undefined;
  /** Why a typed confirmation is needed. */
  readonly reasons: readonly string[];
  /** The question to ask. */
  readonly prompt: string;
}

export function suspensions(plan: ChangePlan): number {
  return plan.changes.filter((c) => c.after.status === 'Suspended' && changedFields(c).includes('status')).length;
}

/** A change that leaves a live license expired (today is the last day a license runs). */
function expiresInThePast(c: PlannedChange, today: CalendarDate): boolean {
  const fields = changedFields(c);
  return (
    (fields.includes('expiration') || fields.includes('status')) &&
    c.after.status !== 'Suspended' &&
    c.after.expiration !== 'never' &&
    c.after.expiration < today
  );
}

/** A change that leaves a per-seat license with no seat. */
function takesEverySeat(c: PlannedChange): boolean {
  return c.after.seats === 0 && changedFields(c).includes('seats') && c.after.status !== 'Suspended';
}

const count = (n: number, one: string, many: string) => (n === 1 ? one : many.replace('#', n.toLocaleString('en-US')));

/** What in a plan cuts customers off, in words (empty when nothing does). */
export function cutOffReasons(plan: ChangePlan, today?: CalendarDate): string[] {
  const suspended = suspensions(plan);
  const expired = today ? plan.changes.filter((c) => expiresInThePast(c, today)).length : 0;
  const noSeats = plan.changes.filter(takesEverySeat).length;
  return [
    ...(suspended
      ? [
          count(
            suspended,
            'it suspends a license, which blocks every user of the package in the subscriber org',
            'it suspends # licenses, which blocks every user of the package in their subscriber orgs',
          ),
        ]
      : []),
    ...(expired
      ? [
          count(
            expired,
            'it sets an expiration in the past, which cuts the subscriber org off at once',
            'it sets # expirations in the past, which cuts those subscriber orgs off at once',
          ),
        ]
      : []),
    ...(noSeats
      ? [
          count(
            noSeats,
            'it sets a license to 0 seats, which leaves no user of the package a seat',
            'it sets # licenses to 0 seats, which leaves no user of the package a seat',
          ),
        ]
      : []),
  ];
}

/** The confirmation a license plan needs; pass today so that expirations in the past count as cut-offs. */
export function confirmationFor(plan: ChangePlan, typedOver = DEFAULT_TYPED_CONFIRMATION_OVER, today?: CalendarDate): ConfirmationRequirement {
  return typedConfirmation({
    count: plan.changes.length,
    nouns: ['license', 'licenses'],
    orgLabel: plan.org.label,
    singleOrgId: plan.changes[0]?.license.orgId,
    typedOver,
    reasons: cutOffReasons(plan, today),
  });
}

/**
 * The confirmation any guarded change needs: an explicit yes, and a typed one when `reasons` (what
 * the change does that hurts customers) or the size calls for it. What to type is the number of
 * records, or, for one record, its subscriber org id.
 */
export function typedConfirmation(change: {
  readonly count: number;
  readonly nouns: readonly [string, string];
  readonly orgLabel: string;
  readonly singleOrgId: string | undefined;
  readonly typedOver: number;
  readonly reasons: readonly string[];
}): ConfirmationRequirement {
  const { count, typedOver } = change;
  const reasons = [...change.reasons];
  const noun = count === 1 ? change.nouns[0] : change.nouns[1];
  if (count > typedOver) reasons.push(`it changes ${count.toLocaleString('en-US')} ${change.nouns[1]} (more than ${typedOver.toLocaleString('en-US')})`);
  if (!reasons.length) return { typed: false, expected: undefined, reasons, prompt: `Change ${count.toLocaleString('en-US')} ${noun} in ${change.orgLabel}?` };
  const expected = count === 1 && change.singleOrgId ? change.singleOrgId : String(count);
  const what = count === 1 && change.singleOrgId ? "the subscriber's org id" : `the number of ${change.nouns[1]}`;
  return {
    typed: true,
    expected,
    reasons,
    prompt: `Type ${what} (${expected}) to change ${count.toLocaleString('en-US')} ${noun} in ${change.orgLabel}: ${reasons.join('; ')}.`,
  };
}

/** Whether the typed text confirms (an org id matches on its first 15 characters, case-sensitive; a number exactly). */
export function isConfirmed(requirement: ConfirmationRequirement, typed: string | undefined): boolean {
  if (!requirement.typed) return true;
  const text = (typed ?? '').trim();
  const expected = requirement.expected ?? '';
  if (/^00D/.test(expected)) return text.length >= 15 && text.slice(0, 15) === expected.slice(0, 15) && (text.length === 15 || text.length === 18);
  return text === expected;
}
