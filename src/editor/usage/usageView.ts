/** The dashboard's Seat usage card, as display data: what the model measured, in words and short lists. */
import { singleLine } from '../../core/displayText';
import { type UsageRow } from '../../core/usage/seatUsage';
import { type UsageFlag, flaggedRows } from '../../core/usage/usageFlags';
import { type UsageMonth, addMonths } from '../../core/usage/usageMonth';
import type { SeatUsageView, UsageListView, UsageRowView } from '../../webview/protocol/dashboard';
import { type UsageState } from './usageModel';

/** Rows a list shows in the card; the whole list is the sidebar's filter and `usage --json`. */
export const CARD_LIST_ROWS = 25;

const TITLES: Record<string, string> = {
  notEnabled: 'App Analytics is not enabled for these packages',
  noAccess: 'No access to App Analytics requests',
  notYetAvailable: 'Not available yet',
  noData: 'No usage data',
  failed: 'App Analytics could not give this month',
  noPackageId: 'Nothing to measure',
};

/** The last twelve complete months, newest first. */
export function cardMonths(lastComplete: UsageMonth): string[] {
  return Array.from({ length: 12 }, (_, i) => addMonths(lastComplete, -i));
}

function rowView(r: UsageRow): UsageRowView {
  return {
    licenseId: r.licenseId,
    subscriber: singleLine(r.subscriber, 120),
    orgId: r.orgKey,
    packageName: singleLine(r.packageName ?? '', 120),
    seats: typeof r.seats === 'number' ? r.seats.toLocaleString('en-US') : r.seats === 'site' ? 'site-wide' : 'unset',
    usedLicenses: r.usedLicenses ?? null,
    activeUsers: r.measure.kind === 'measured' ? r.measure.activeUsers : null,
    share: r.ratio === undefined ? '—' : `${Math.round(r.ratio * 100)} %`,
  };
}

export function usageView(state: UsageState, months: readonly string[]): SeatUsageView {
  switch (state.kind) {
    case 'none':
      return { state: 'notConnected' };
    case 'noPackageId':
      return {
        state: 'explained',
        kind: 'noPackageId',
        month: state.month,
        months,
        title: TITLES.noPackageId,
        message: state.message,
        action: 'Link the package in the Packages view so its LMA record carries the 033 id.',
      };
    case 'explained':
      return {
        state: 'explained',
        kind: state.state,
        month: state.month,
        months,
        title: TITLES[state.state] ?? 'Not measured',
        message: state.message,
        action: state.action,
      };
    case 'ready': {
      const r = state.result;
      const measured = r.rows.filter((x) => x.measure.kind === 'measured');
      const pct = Math.round(r.shelfwareMaxRatio * 100);
      const list = (flag: UsageFlag, title: string, hint: string, unavailable?: string): UsageListView => {
        const rows = flaggedRows(r, flag);
        return { flag, title, hint, total: rows.length, rows: rows.slice(0, CARD_LIST_ROWS).map(rowView), ...(unavailable ? { unavailable } : {}) };
      };
      return {
        state: 'ready',
        month: state.month,
        months,
        licenses: r.rows.length,
        measured: measured.length,
        activeUsers: measured.reduce((n, x) => n + (x.measure.kind === 'measured' ? x.measure.activeUsers : 0), 0),
        seats: measured.reduce((n, x) => n + (typeof x.seats === 'number' ? x.seats : 0), 0),
        sandboxes: r.excluded.sandbox,
        notMeasured: r.excluded.notMeasured,
        lists: [
          list('shelfware', 'Shelfware', `Active, paid per seat, with ${pct} % of the seats or fewer used in ${state.month}.`),
          list('atCap', 'At cap', 'Every seat assigned (Used Licenses ≥ seats): an upsell, or users waiting.'),
          list(
            'dormant',
            'Dormant',
            `Installed before ${r.dormant.months[0]} and no active user in any of the last ${r.dormantMonths} months.`,
            r.dormant.kind === 'notEnoughHistory' ? `App Analytics could not give ${r.dormant.missing.join(', ')}: dormancy needs every month.` : undefined,
          ),
        ],
        fromCache: state.fromCache,
        apiCalls: state.apiCalls,
        downloads: state.downloads,
      };
    }
  }
}
