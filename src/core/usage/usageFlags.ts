/**
 * What seat usage says about one license, in the words the trees and the dashboard show, and the
 * lists of licenses flagged shelfware, at cap or dormant in the order a reader acts on them: the
 * least used first, the most over their seats first (docs/salesforce/seat-usage.md).
 */
import { type SeatUsageResult, type UsageRow } from './seatUsage';

export type UsageFlag = 'shelfware' | 'atCap' | 'dormant';
export const USAGE_FLAGS: readonly UsageFlag[] = ['shelfware', 'atCap', 'dormant'];

export const USAGE_FLAG_LABELS: Record<UsageFlag, string> = { shelfware: 'shelfware', atCap: 'at cap', dormant: 'dormant' };

export function isUsageFlag(value: unknown): value is UsageFlag {
  return typeof value === 'string' && (USAGE_FLAGS as readonly string[]).includes(value);
}

const active = (r: UsageRow) => (r.measure.kind === 'measured' ? r.measure.activeUsers : 0);
const seatCount = (r: UsageRow) => (typeof r.seats === 'number' ? r.seats : 0);

/** The rows a flag holds, in reading order; ties by subscriber name, then license id (stable across runs). */
export function flaggedRows(result: SeatUsageResult, flag: UsageFlag): UsageRow[] {
  const rows = flag === 'shelfware' ? result.shelfware : flag === 'atCap' ? result.atCap : result.dormant.kind === 'ready' ? result.dormant.rows : [];
  const byName = (a: UsageRow, b: UsageRow) => a.subscriber.localeCompare(b.subscriber) || a.licenseId.localeCompare(b.licenseId);
  const order: Record<UsageFlag, (a: UsageRow, b: UsageRow) => number> = {
    // The least used share of paid seats first; then the most seats (the most money idle).
    shelfware: (a, b) => (a.ratio ?? 0) - (b.ratio ?? 0) || seatCount(b) - seatCount(a) || byName(a, b),
    // The most assigned beyond the seats first.
    atCap: (a, b) => (b.usedLicenses ?? 0) - seatCount(b) - ((a.usedLicenses ?? 0) - seatCount(a)) || seatCount(b) - seatCount(a) || byName(a, b),
    // The most seats first.
    dormant: (a, b) => seatCount(b) - seatCount(a) || byName(a, b),
  };
  return [...rows].sort(order[flag]);
}

/** The flags a row carries. */
export function flagsOf(row: UsageRow): UsageFlag[] {
  return USAGE_FLAGS.filter((f) => (f === 'shelfware' ? row.shelfware : f === 'atCap' ? row.atCap : row.dormant === true));
}

const NOT_MEASURED: Record<string, string> = {
  trial: 'not measured: App Analytics does not track trial orgs',
  noPackageId: 'not measured: the package has no 033 id',
  packageNotMeasured: 'not measured: the package was not in the request',
};

/**
 * A row's usage in a few words: "3 of 50 seats active", "12 active (site)", "0 of 10 seats active",
 * then its flags; or why it is not measured.
 */
export function usageSummaryText(row: UsageRow): string {
  if (row.measure.kind === 'notMeasured') return NOT_MEASURED[row.measure.reason] ?? 'not measured';
  const users = active(row);
  const count =
    typeof row.seats === 'number'
      ? `${users.toLocaleString('en-US')} of ${row.seats.toLocaleString('en-US')} seats active`
      : `${users.toLocaleString('en-US')} active (${row.seats === 'site' ? 'site-wide' : 'seats unset'})`;
  const flags = flagsOf(row).map((f) => USAGE_FLAG_LABELS[f]);
  return [count, ...flags].join(' · ');
}

/** The short badge a tree row carries: "3/50 active", plus the first flag. */
export function usageBadge(row: UsageRow): string {
  if (row.measure.kind === 'notMeasured') return 'usage n/a';
  const users = active(row).toLocaleString('en-US');
  const count = typeof row.seats === 'number' ? `${users}/${row.seats.toLocaleString('en-US')} active` : `${users} active`;
  const [flag] = flagsOf(row);
  return flag ? `${count} · ${USAGE_FLAG_LABELS[flag]}` : count;
}
