import { stringify } from 'csv-stringify';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { CalendarDate } from '../../core/calendarDate';
import { License, describeExpiration, licenseState, subscriberName } from '../../core/license';
import { cancelled } from '../../data/errors';
import { LicenseFilter } from '../../data/licenseFilter';
import { LicenseManagementOrg } from '../../data/lmo';

export const LICENSE_CSV_COLUMNS = ['License', 'Status', 'State', 'Subscriber', 'Subscriber Org ID', 'Sandbox', 'Edition', 'Instance', 'Package', 'Version', 'Seats', 'Used Seats', 'Expiration', 'Installed', 'Last Modified', 'License Record ID'];

/** Spreadsheets run cells that start like a formula; customer text must never do that. */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function licenseCsvRow(l: License, today: CalendarDate): (string | number)[] {
  const seats = l.seats.kind === 'perSeat' ? l.seats.count : l.seats.kind === 'site' ? 'Site License' : '';
  return [
    l.name,
    l.statusLabel,
    licenseState(l, today),
    neutralizeFormula(subscriberName(l)),
    l.subscriberOrgId,
    l.isSandbox ? 'yes' : 'no',
    neutralizeFormula(l.orgEdition ?? ''),
    l.orgInstance ?? '',
    neutralizeFormula(l.packageName ?? ''),
    l.versionNumber ?? '',
    seats,
    l.usedSeats ?? '',
    describeExpiration(l.expiration),
    l.installDate ?? '',
    l.lastModified ?? '',
    l.id,
  ];
}

const PAGE = 2000;

/**
 * Streams every license matching the filter to a CSV file, a page (one API call) at a time, so a
 * million licenses never sit in memory. Writes to a temporary file and renames it at the end:
 * a cancelled or failed export leaves any existing file untouched.
 */
export async function exportLicensesCsv(
  lmo: LicenseManagementOrg,
  filter: LicenseFilter,
  file: string,
  today: CalendarDate,
  progress: (written: number, total: number) => void,
  signal?: AbortSignal,
): Promise<number> {
  const total = await lmo.countLicenses(filter, { signal });
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { encoding: 'utf8' });
  // A byte order mark, so spreadsheet programs read the file as UTF-8.
  out.write('\uFEFF');
  const csv = stringify({ header: true, columns: LICENSE_CSV_COLUMNS });
  csv.pipe(out);
  let written = 0;
  try {
    let afterId: string | undefined;
    do {
      if (signal?.aborted) throw cancelled();
      const page = await lmo.licensePage(filter, { afterId, pageSize: PAGE }, { signal });
      for (const license of page.licenses) {
        if (!csv.write(licenseCsvRow(license, today))) await once(csv, 'drain');
      }
      written += page.licenses.length;
      progress(written, total);
      afterId = page.nextAfterId;
    } while (afterId);
    csv.end();
    await once(out, 'finish');
    await rename(partial, file);
    return written;
  } catch (err) {
    csv.destroy();
    out.destroy();
    await unlink(partial).catch(() => undefined);
    throw err;
  }
}
