/**
 * Streams every license matching a filter to a CSV file, a page (one API call) at a time, so a
 * million licenses never sit in memory. Writes to a temporary file beside the target and renames
 * it at the end: a cancelled or failed export leaves any existing file untouched, and a folder
 * that cannot be written fails at once with a clear error.
 */
import { stringify } from 'csv-stringify';
import { once } from 'node:events';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { type CalendarDate } from '../../core/calendarDate';
import { LICENSE_CSV_COLUMNS, licenseCsvRow } from '../../core/installBase/licenseCsv';
import { type LicenseFilter } from '../../data/lmo/licenseFilter';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { LmoError, cancelled } from '../../data/org/errors';

const PAGE = 2000;

/** Opens a file for writing, turning the OS error into one a user can act on (naming `shownAs`, the file the user picked). */
export async function openForWriting(file: string, shownAs = file): Promise<import('node:fs/promises').FileHandle> {
  try {
    return await open(file, 'w');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? vscode.l10n.t('you have no permission to write there')
        : code === 'ENOENT'
          ? vscode.l10n.t('the folder does not exist')
          : code === 'EROFS'
            ? vscode.l10n.t('the disk is read-only')
            : code === 'EISDIR'
              ? vscode.l10n.t('that is a folder')
              : code;
    throw new LmoError(
      'usage',
      vscode.l10n.t('Cannot write {0} in {1}: {2}. Pick another place.', basename(shownAs), dirname(shownAs), why),
      `${code}: ${(err as Error).message}`,
    );
  }
}

export async function exportLicensesCsv(
  lmo: LicenseManagementOrg,
  filter: LicenseFilter,
  file: string,
  today: CalendarDate,
  progress: (written: number, total: number) => void,
  signal?: AbortSignal,
): Promise<number> {
  const partial = `${file}.partial`;
  // The user picked `file`: an error names it, not the temporary file beside it.
  const handle = await openForWriting(partial, file);
  const out = handle.createWriteStream({ encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  // A byte order mark, so spreadsheet programs read the file as UTF-8.
  out.write('\uFEFF');
  const csv = stringify({ header: true, columns: LICENSE_CSV_COLUMNS });
  csv.pipe(out);
  let written = 0;
  try {
    const total = await lmo.countLicenses(filter, { signal });
    let afterId: string | undefined;
    do {
      if (signal?.aborted) throw cancelled();
      const page = await lmo.licensePage(filter, { afterId, pageSize: PAGE }, { signal });
      for (const license of page.licenses) {
        if (!csv.write(licenseCsvRow(license, today))) await Promise.race([once(csv, 'drain'), failed]);
      }
      written += page.licenses.length;
      progress(written, total);
      afterId = page.nextAfterId;
    } while (afterId);
    csv.end();
    await Promise.race([once(out, 'finish'), failed]);
    await rename(partial, file);
    return written;
  } catch (err) {
    csv.destroy();
    out.destroy();
    await unlink(partial).catch(() => undefined);
    throw err;
  } finally {
    await handle.close().catch(() => undefined);
  }
}
