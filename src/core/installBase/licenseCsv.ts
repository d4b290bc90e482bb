/** Licenses and metrics as CSV rows. Every text cell is customer-controlled until proven otherwise. */
import { type CalendarDate } from '../calendarDate';
import { type License, describeExpiration, licenseState, subscriberName } from '../license';

export const LICENSE_CSV_COLUMNS = [
  'License',
  'Status',
  'State',
  'Subscriber',
  'Subscriber Org ID',
  'Sandbox',
  'Edition',
  'Instance',
  'Package',
  'Version',
  'Seats',
  'Used Seats',
  'Expiration',
  'Installed',
  'Last Modified',
  'License Record ID',
];

/**
 * Spreadsheets run cells that start like a formula (=, +, -, @, tab, carriage return); customer
 * text must never do that. A leading apostrophe makes the cell plain text.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Every string cell neutralised; numbers stay numbers. */
export function safeCells(row: readonly (string | number)[]): (string | number)[] {
  return row.map((c) => (typeof c === 'string' ? neutralizeFormula(c) : c));
}

export function licenseCsvRow(l: License, today: CalendarDate): (string | number)[] {
  const seats = l.seats.kind === 'perSeat' ? l.seats.count : l.seats.kind === 'site' ? 'Site License' : '';
  return safeCells([
    l.name,
    l.statusLabel,
    licenseState(l, today),
    subscriberName(l),
    l.subscriberOrgId,
    l.isSandbox ? 'yes' : 'no',
    l.orgEdition ?? '',
    l.orgInstance ?? '',
    l.packageName ?? '',
    l.versionNumber ?? '',
    seats,
    l.usedSeats ?? '',
    describeExpiration(l.expiration),
    l.installDate ?? '',
    l.lastModified ?? '',
    l.id,
  ]);
}
