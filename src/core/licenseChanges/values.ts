/**
 * The three values Modify License edits — Status, Seats, Expiration — as a plan holds them, and
 * as the LMA stores them (site license = -1 seats, "does not expire" = 1970-01-01).
 */
import { type CalendarDate, parseCalendarDate } from '../calendarDate';
import { type License, PERPETUAL_SENTINEL, subscriberName } from '../license';

/** A number of seats, a site license, or (only ever as an old value) not set. */
export type SeatsValue = number | 'site' | null;
/** A date, or "never" (does not expire). */
export type ExpirationValue = CalendarDate | 'never';

export interface LicenseValues {
  /** Trial, Active, Suspended (Uninstalled and unknown values only ever as old values). */
  readonly status: string;
  readonly seats: SeatsValue;
  readonly expiration: ExpirationValue;
}

export type ChangeField = keyof LicenseValues;
export const CHANGE_FIELDS: readonly ChangeField[] = ['status', 'seats', 'expiration'];

export const WIRE_FIELDS: Readonly<Record<ChangeField, string>> = {
  status: 'sfLma__Status__c',
  seats: 'sfLma__Seats__c',
  expiration: 'sfLma__Expiration__c',
};

/** The License Type (sfLma__License_Type__c) that marks a license the LMA does not let you modify. */
export const READ_ONLY_LICENSE_TYPE = 'Read-Only';

/** A license as a plan sees it before the change: who it is, and its values. */
export interface LicenseSnapshot {
  readonly id: string;
  readonly name: string;
  /** Subscriber org id, as stored. */
  readonly orgId: string;
  /** Account, lead company or org id: customer text (hostile). */
  readonly subscriber: string;
  readonly packageName: string | undefined;
  readonly installDate: CalendarDate | undefined;
  readonly usedSeats: number | undefined;
  readonly isSandbox: boolean;
  /** License Type "Read-Only": the LMA refuses to modify it (e.g. AppExchange Checkout licenses). */
  readonly readOnly: boolean;
  readonly values: LicenseValues;
}

export function valuesOf(license: Pick<License, 'statusLabel' | 'seats' | 'expiration'>): LicenseValues {
  return {
    status: license.statusLabel,
    seats: license.seats.kind === 'site' ? 'site' : license.seats.kind === 'perSeat' ? license.seats.count : null,
    expiration: license.expiration.kind === 'perpetual' ? 'never' : license.expiration.date,
  };
}

export function snapshotOf(license: License, licenseType?: string): LicenseSnapshot {
  return {
    id: license.id,
    name: license.name,
    orgId: license.subscriberOrgId,
    subscriber: subscriberName(license),
    packageName: license.packageName,
    installDate: license.installDate,
    usedSeats: license.usedSeats,
    isSandbox: license.isSandbox,
    readOnly: (licenseType ?? '').trim().toLowerCase() === READ_ONLY_LICENSE_TYPE.toLowerCase(),
    values: valuesOf(license),
  };
}

/** The field values to send (API names), for the given fields. */
export function toWire(values: LicenseValues, fields: readonly ChangeField[] = CHANGE_FIELDS): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const field of fields) {
    if (field === 'status') out[WIRE_FIELDS.status] = values.status;
    if (field === 'seats') out[WIRE_FIELDS.seats] = values.seats === 'site' ? -1 : values.seats;
    if (field === 'expiration') out[WIRE_FIELDS.expiration] = values.expiration === 'never' ? PERPETUAL_SENTINEL : values.expiration;
  }
  return out;
}

/** Values as read back from a record (raw API fields). */
export function fromWire(record: Record<string, unknown>): LicenseValues {
  const seats = record[WIRE_FIELDS.seats];
  const expiration = typeof record[WIRE_FIELDS.expiration] === 'string' ? parseCalendarDate(record[WIRE_FIELDS.expiration] as string) : undefined;
  return {
    status: typeof record[WIRE_FIELDS.status] === 'string' ? (record[WIRE_FIELDS.status] as string) : '',
    seats: typeof seats === 'number' && Number.isFinite(seats) ? (seats < 0 ? 'site' : seats) : null,
    expiration: !expiration || expiration === PERPETUAL_SENTINEL ? 'never' : expiration,
  };
}

export function sameValue(field: ChangeField, a: unknown, b: unknown): boolean {
  return field === 'status' ? String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase() : a === b;
}

/** The fields whose value differs. */
export function differingFields(before: LicenseValues, after: LicenseValues): ChangeField[] {
  return CHANGE_FIELDS.filter((f) => !sameValue(f, before[f], after[f]));
}

/** A value as a person reads it: "Site license", "25 seats", "Does not expire". */
export function describeValue(field: ChangeField, value: unknown): string {
  if (field === 'seats') return value === 'site' ? 'Site license' : value === null || value === undefined ? '(not set)' : Number(value).toLocaleString('en-US');
  if (field === 'expiration') return value === 'never' ? 'Does not expire' : String(value);
  return String(value || '(none)');
}

export const FIELD_LABELS: Readonly<Record<ChangeField, string>> = { status: 'Status', seats: 'Seats', expiration: 'Expiration' };
