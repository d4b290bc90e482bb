/** A license change as people read it: what changed (old → new), on whose license, when, by whom. */
import { describeExpiration, expirationFrom } from '../license';
import { type ChangeValue, type LicenseChange, type LicenseChangeType } from './licenseChange';

export const CHANGE_TYPE_LABELS: Record<LicenseChangeType, string> = {
  'license.created': 'Installed',
  'license.status_changed': 'Status',
  'license.seats_changed': 'Seats',
  'license.expiration_changed': 'Expiration',
  'license.version_changed': 'Version',
  'license.deleted': 'Deleted',
};

function shown(type: LicenseChangeType, value: ChangeValue, label: string | null): string {
  if (label) return label;
  if (value === null) return '—';
  if (type === 'license.seats_changed') return typeof value === 'number' && value < 0 ? 'site' : String(value);
  if (type === 'license.expiration_changed') return describeExpiration(expirationFrom(String(value)));
  return String(value);
}

/** "Seats 10 → 25", "Status Trial → Active", "Installed", "Deleted". */
export function changeSummary(change: LicenseChange): string {
  const what = CHANGE_TYPE_LABELS[change.type];
  if (change.type === 'license.created' || change.type === 'license.deleted') return what;
  return `${what} ${shown(change.type, change.oldValue, change.oldLabel)} → ${shown(change.type, change.newValue, change.newLabel)}`;
}

/** Whose license: the account (else the org id), and the package. */
export function changeSubject(change: LicenseChange): { subscriber: string; packageName: string } {
  const l = change.license;
  return {
    // As the Install Base names a license: the account, else the lead's company, else the org id.
    subscriber: l?.accountName || l?.leadCompany || l?.subscriberOrgId || change.licenseId,
    packageName: l?.packageName ?? '',
  };
}

/** Groups newest-first changes by calendar day (UTC), keeping their order. */
export function byDay<T extends Pick<LicenseChange, 'time'>>(changes: readonly T[]): { day: string; changes: T[] }[] {
  const out: { day: string; changes: T[] }[] = [];
  for (const c of changes) {
    const day = c.time.slice(0, 10);
    const last = out[out.length - 1];
    if (last?.day === day) last.changes.push(c);
    else out.push({ day, changes: [c] });
  }
  return out;
}
