/**
 * The policies of a rules file, checked license by license. The data layer narrows the
 * candidates on the server where SOQL can; this is the exact check, and the one place that
 * says why a license breaks a rule.
 */
import { type CalendarDate, addDays, daysBetween } from '../calendarDate';
import { type ChangeRequest } from '../licenseChanges/plan';
import { type License, isExpired, isLive, subscriberName } from '../license';
import { type Policies, type PolicyName } from './rulesFile';

export interface PolicyViolation {
  readonly policy: PolicyName;
  readonly licenseId: string;
  readonly licenseName: string;
  /** Subscriber org id, as stored. */
  readonly orgId: string;
  /** Account, lead company or org id (customer text: hostile). */
  readonly subscriber: string;
  readonly packageName: string | undefined;
  /** Why, in plain text. */
  readonly message: string;
  /** The change that would fix it, when one follows from the policy (through the guarded path like any change). */
  readonly fix?: Omit<ChangeRequest, 'license'>;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Every policy the license breaks (none when the policies are not set). */
export function checkPolicies(policies: Policies, license: License, today: CalendarDate): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  const flag = (policy: PolicyName, message: string, fix?: Omit<ChangeRequest, 'license'>) =>
    out.push({
      policy,
      licenseId: license.id,
      licenseName: license.name,
      orgId: license.subscriberOrgId,
      subscriber: subscriberName(license),
      packageName: license.packageName,
      message,
      ...(fix ? { fix } : {}),
    });
  // A trial cut back to the policy's length, but never to a day already past.
  const trialEnd = (max: number) => {
    const end = license.installDate ? addDays(license.installDate, max) : today;
    return end < today ? today : end;
  };
  const live = isLive(license, today);
  if (license.isSandbox) {
    if (policies.sandboxesSiteWide && live && license.seats.kind === 'perSeat')
      flag('sandboxesSiteWide', `Sandbox license with ${plural(license.seats.count, 'seat')}; sandbox licenses should be site-wide.`, { seats: 'site' });
    return out;
  }
  if (policies.maxTrialDays !== undefined && live && license.status === 'Trial') {
    if (license.expiration.kind === 'perpetual')
      flag('maxTrialDays', `Trial that does not expire; trials may last at most ${plural(policies.maxTrialDays, 'day')}.`, {
        expiration: trialEnd(policies.maxTrialDays),
      });
    else if (license.installDate) {
      const days = daysBetween(license.installDate, license.expiration.date);
      if (days > policies.maxTrialDays)
        flag(
          'maxTrialDays',
          `Trial of ${plural(days, 'day')} (installed ${license.installDate}, expires ${license.expiration.date}); trials may last at most ${plural(policies.maxTrialDays, 'day')}.`,
          { expiration: trialEnd(policies.maxTrialDays) },
        );
    }
  }
  if (policies.seatsNeverBelowUsed && live && license.seats.kind === 'perSeat' && (license.usedSeats ?? 0) > license.seats.count)
    flag('seatsNeverBelowUsed', `${plural(license.seats.count, 'seat')} but ${(license.usedSeats ?? 0).toLocaleString('en-US')} in use.`, {
      seats: license.usedSeats ?? 0,
    });
  if (
    policies.expiredGraceDays !== undefined &&
    (license.status === 'Active' || license.status === 'Trial') &&
    license.expiration.kind === 'date' &&
    isExpired(license, today)
  ) {
    const days = daysBetween(license.expiration.date, today);
    if (days > policies.expiredGraceDays)
      flag(
        'expiredGraceDays',
        `Expired ${license.expiration.date} (${plural(days, 'day')} ago) and still ${license.status}; renew or suspend it within ${plural(policies.expiredGraceDays, 'day')} of expiry.`,
        // Suspending an Active one is the fix that follows from the policy (renewing is a decision for a person);
        // an expired trial has no access already.
        license.status === 'Active' ? { status: 'Suspended' } : undefined,
      );
  }
  if (policies.seatsAlwaysSet && live && license.seats.kind === 'unset') flag('seatsAlwaysSet', `Live ${license.status} license with no seats set.`);
  if (policies.maxSeats !== undefined && live && license.seats.kind === 'perSeat' && license.seats.count > policies.maxSeats)
    flag('maxSeats', `${plural(license.seats.count, 'seat')}, more than the ${policies.maxSeats.toLocaleString('en-US')} the policy allows (a typo?).`);
  return out;
}

/** Each license's violations, deduplicated by license and policy (candidate lists may overlap). */
export function findViolations(policies: Policies, licenses: readonly License[], today: CalendarDate): PolicyViolation[] {
  const seen = new Set<string>();
  const out: PolicyViolation[] = [];
  for (const license of licenses) {
    for (const v of checkPolicies(policies, license, today)) {
      const key = `${license.id.slice(0, 15)}|${v.policy}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(v);
    }
  }
  return out;
}

/**
 * A plan request that fixes the violations that have a fix (one entry per license, fixes of the
 * same license merged; the first fix of a field wins). The rest need a decision: they are returned apart.
 */
export function fixRequest(
  violations: readonly PolicyViolation[],
  description = 'Fix provisioning policy violations',
): {
  request: { description: string; changes: ChangeRequest[] };
  unfixable: PolicyViolation[];
} {
  const byLicense = new Map<string, ChangeRequest>();
  const unfixable: PolicyViolation[] = [];
  for (const v of violations) {
    if (!v.fix) {
      unfixable.push(v);
      continue;
    }
    const key = v.licenseId.slice(0, 15);
    byLicense.set(key, { ...v.fix, ...byLicense.get(key), license: v.licenseId });
  }
  return { request: { description, changes: [...byLicense.values()] }, unfixable };
}
