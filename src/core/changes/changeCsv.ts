/** License change events as CSV rows: one per event, every text cell neutralised against formula injection. */
import { safeCells } from '../installBase/licenseCsv';
import { type LicenseChangeEnvelope } from './envelope';

export const CHANGE_CSV_COLUMNS = [
  'Event ID',
  'Type',
  'Time',
  'License Record ID',
  'License',
  'Field',
  'Old Value',
  'New Value',
  'Old Label',
  'New Label',
  'Changed By',
  'Changed By ID',
  'Subscriber Org ID',
  'Package',
  'Version',
  'Account',
  'Status',
  'Seats',
  'Expiration',
];

const cell = (v: string | number | boolean | null | undefined): string | number =>
  v === null || v === undefined ? '' : typeof v === 'boolean' ? String(v) : v;

export function changeCsvRow(e: LicenseChangeEnvelope): (string | number)[] {
  const d = e.data;
  const l = d.license;
  return safeCells(
    [
      e.id,
      e.type,
      e.time,
      d.licenseId,
      l?.name,
      d.field,
      d.oldValue,
      d.newValue,
      d.oldLabel,
      d.newLabel,
      d.actor?.name,
      d.actor?.id,
      l?.subscriberOrgId,
      l?.packageName,
      l?.versionNumber,
      l?.accountName,
      l?.status,
      l?.seats,
      l?.expiration,
    ].map(cell),
  );
}
