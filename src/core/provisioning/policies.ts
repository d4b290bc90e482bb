/**
 * The policies of a rules file, checked license by license. The data layer narrows the
 * candidates on the server where SOQL can; this is the exact check, and the one place that
 * says why a license breaks a rule.
 */
import { type CalendarDate, daysBetween } from '../calendarDate';
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
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Every policy the license breaks (none when the policies are not set). */
export function checkPolicies(policies: Policies, license: License, today: CalendarDate): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  const flag = (policy: PolicyName, message: string) =>
    out.push({
      policy,
      licenseId: license.id,
      licenseName: license.name,
      orgId: license.subscriberOrgId,
      subscriber: subscriberName(license),
      packageName: license.packageName,
      message,
    });
  const live = isLive(license, today);
  if (license.isSandbox) {
    if (policies.sandboxesSiteWide && live && license.seats.kind === 'perSeat')
      flag('sandboxesSiteWide', `Sandbox license with ${plural(license.seats.count, 'seat')}; sandbox licenses should be site-wide.`);
    return out;
  }
  if (policies.maxTrialDays !== undefined && live && license.status === 'Trial') {
    if (license.expiration.kind === 'perpetual')
      flag('maxTrialDays', `Trial that does not expire; trials may last at most ${plural(policies.maxTrialDays, 'day')}.`);
    else if (license.installDate) {
      const days = daysBetween(license.installDate, license.expiration.date);
      if (days > policies.maxTrialDays)
        flag(
          'maxTrialDays',
          `Trial of ${plural(days, 'day')} (installed ${license.installDate}, expires ${license.expiration.date}); trials may last at most ${plural(policies.maxTrialDays, 'day')}.`,
        );
    }
  }
  if (policies.seatsNeverBelowUsed && live && license.seats.kind === 'perSeat' && (license.usedSeats ?? 0) > license.seats.count)
    flag('seatsNeverBelowUsed', `${plural(license.seats.count, 'seat')} but ${(license.usedSeats ?? 0).toLocaleString('en-US')} in use.`);
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
