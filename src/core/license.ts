import { type CalendarDate, daysBetween, parseCalendarDate } from './calendarDate';
import { type OrgKey, orgKey } from './orgId';

/** `sfLma__Status__c` picklist values, in the LMA's metadata order. */
export const LICENSE_STATUSES = ['Trial', 'Active', 'Suspended', 'Uninstalled'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

/** Seats < 0 is a site license (the LMA shows "Site License"); null seats are "unset". */
export type Seats = { kind: 'perSeat'; count: number } | { kind: 'site' } | { kind: 'unset' };

/** Null/empty or 1970-01-01 means the license does not expire. */
export type Expiration = { kind: 'perpetual' } | { kind: 'date'; date: CalendarDate };

export const PERPETUAL_SENTINEL = '1970-01-01';

export interface License {
  readonly id: string;
  /** Auto-number, L-00001. */
  readonly name: string;
  /** Known status, or undefined when the picklist holds a value this version does not know. */
  readonly status: LicenseStatus | undefined;
  /** Raw status text, for display. */
  readonly statusLabel: string;
  readonly seats: Seats;
  readonly usedSeats: number | undefined;
  readonly expiration: Expiration;
  readonly installDate: CalendarDate | undefined;
  /** As stored (15 or 18 characters). */
  readonly subscriberOrgId: string;
  readonly orgKey: OrgKey;
  readonly isSandbox: boolean;
  readonly orgEdition: string | undefined;
  readonly orgInstance: string | undefined;
  readonly orgStatus: string | undefined;
  /** Record id of the sfLma__Package__c. */
  readonly packageId: string | undefined;
  readonly packageName: string | undefined;
  /** Record id of the sfLma__Package_Version__c. */
  readonly packageVersionId: string | undefined;
  readonly versionNumber: string | undefined;
  readonly accountName: string | undefined;
  readonly leadCompany: string | undefined;
  /** ISO date-time of the record's last change (LastModifiedDate). */
  readonly lastModified: string | undefined;
  /** ISO date-time the LMA created the record (CreatedDate): when the install reached the LMO. */
  readonly createdDate: string | undefined;
}

export function seatsFrom(raw: number | null | undefined): Seats {
  if (raw === null || raw === undefined || Number.isNaN(raw)) return { kind: 'unset' };
  return raw < 0 ? { kind: 'site' } : { kind: 'perSeat', count: raw };
}

export function expirationFrom(raw: string | null | undefined): Expiration {
  if (!raw || raw.slice(0, 10) === PERPETUAL_SENTINEL) return { kind: 'perpetual' };
  const date = parseCalendarDate(raw);
  return date ? { kind: 'date', date } : { kind: 'perpetual' };
}

export function statusFrom(raw: string | null | undefined): LicenseStatus | undefined {
  return LICENSE_STATUSES.find((s) => s.toLowerCase() === (raw ?? '').trim().toLowerCase());
}

export function isExpired(license: Pick<License, 'expiration'>, today: CalendarDate): boolean {
  return license.expiration.kind === 'date' && license.expiration.date < today;
}

/** Live: status Active or Trial, and not expired. */
export function isLive(license: Pick<License, 'status' | 'expiration'>, today: CalendarDate): boolean {
  return (license.status === 'Active' || license.status === 'Trial') && !isExpired(license, today);
}

/** Days until expiry (0 = expires today), or undefined for perpetual licenses. */
export function daysUntilExpiry(license: Pick<License, 'expiration'>, today: CalendarDate): number | undefined {
  return license.expiration.kind === 'date' ? daysBetween(today, license.expiration.date) : undefined;
}

/** What a user sees as the license's state: its status, except that an expired live status reads "expired". */
export type LicenseState = 'active' | 'trial' | 'suspended' | 'uninstalled' | 'expired' | 'unknown';

export function licenseState(license: Pick<License, 'status' | 'expiration'>, today: CalendarDate): LicenseState {
  switch (license.status) {
    case 'Active':
    case 'Trial':
      return isExpired(license, today) ? 'expired' : license.status === 'Active' ? 'active' : 'trial';
    case 'Suspended':
      return 'suspended';
    case 'Uninstalled':
      return 'uninstalled';
    default:
      return 'unknown';
  }
}

/** The name to show for the subscriber: the converted account, else the install lead's company, else the org id. */
export function subscriberName(license: Pick<License, 'accountName' | 'leadCompany' | 'subscriberOrgId'>): string {
  return firstText(license.accountName, license.leadCompany) ?? license.subscriberOrgId;
}

export function firstText(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined && v.trim() !== '');
}

export function describeSeats(seats: Seats): string {
  switch (seats.kind) {
    case 'site':
      return 'Site license';
    case 'unset':
      return 'Seats not set';
    default:
      return `${seats.count.toLocaleString('en-US')} ${seats.count === 1 ? 'seat' : 'seats'}`;
  }
}

export function describeExpiration(expiration: Expiration): string {
  return expiration.kind === 'perpetual' ? 'Does not expire' : expiration.date;
}

export { orgKey };
