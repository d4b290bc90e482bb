/**
 * One seat-usage measure, as the CLI's `usage` and the editor's Seat usage card both run it
 * (docs/salesforce/seat-usage.md): the month's package usage summary of the packages chosen
 * (from the month cache, or requested, polled and downloaded), the earlier months dormancy needs
 * (each once, then cached too), the live licenses of those packages, and the pure seatUsage()
 * over them. A month App Analytics cannot give is an explained state with its action.
 */
import { type Package } from '../../core/package';
import { type MonthUsage, type SeatUsageResult, seatUsage } from '../../core/usage/seatUsage';
import { type UsageMonth, addMonths } from '../../core/usage/usageMonth';
import { type UsageStore } from '../../core/usage/usageStore';
import { type CalendarDate } from '../../core/calendarDate';
import { type License } from '../../core/license';
import { CallMeter } from '../org/orgApi';
import { type PboComparison, comparePboLicenses } from '../../core/usage/pboLicenses';
import { AppAnalytics, type ExplainedUsageState, type UsageSummaryResult } from './appAnalytics';
import { readPboLicenses } from './pboLicenses';
import { type LicenseManagementOrg } from './licenseManagementOrg';

/** A 033 package id, 15 or 18 characters: what App Analytics reports by. */
const PACKAGE_ID = /^033[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/;

/** The packages App Analytics can measure: those with a 033 package id. */
export function measurablePackages(packages: readonly Package[]): Package[] {
  return packages.filter((p) => !!p.packageId && PACKAGE_ID.test(p.packageId));
}

export interface SeatUsageRequest {
  readonly month: UsageMonth;
  /** The packages chosen: those with a 033 id are measured, the others' licenses are "not measured". At least one must be measurable. */
  readonly packages: readonly Package[];
  /** Every package of the LMO: licenses name their package by record id. */
  readonly allPackages: readonly Package[];
  readonly today: CalendarDate;
  readonly now: Date;
  readonly shelfwareMaxRatio: number;
  readonly dormantMonths: number;
  readonly cache?: UsageStore;
  readonly signal?: AbortSignal;
  /** A poll of one month's request, with its state: for progress. */
  readonly onPoll?: (month: UsageMonth, state: string, attempt: number) => void;
  /** An earlier month that could not be read (dormancy then says "not enough history"). */
  readonly onEarlierMonth?: (month: UsageMonth, message: string) => void;
}

export interface SeatUsageCosts {
  /** Calls App Analytics cost (creates and polls). */
  readonly appAnalyticsCalls: number;
  /** Every API call of the measure, the license reads included. */
  readonly apiCalls: number;
  readonly downloads: number;
}

export type SeatUsageRun =
  | (SeatUsageCosts & {
      readonly state: 'ready';
      readonly result: SeatUsageResult;
      readonly fromCache: boolean;
      readonly rowsRead: number;
      readonly fetchedAt: string;
      /** The PBO's license records beside the live licenses measured; undefined where the org has none (docs/salesforce/pbo-licenses.md). */
      readonly pbo: PboComparison | undefined;
    })
  | (SeatUsageCosts & { readonly state: ExplainedUsageState; readonly message: string; readonly action: string });

export async function measureSeatUsage(lmo: LicenseManagementOrg, request: SeatUsageRequest): Promise<SeatUsageRun> {
  const before = lmo.client.apiCalls;
  const measurable = measurablePackages(request.packages);
  if (!measurable.length) throw new RangeError('None of these packages has a 033 package id: App Analytics has nothing to measure.');
  const packageIds = measurable.map((p) => p.packageId as string);
  const analytics = new AppAnalytics(lmo.client);
  const meter = new CallMeter();
  let downloads = 0;
  const fetchMonth = async (m: UsageMonth): Promise<UsageSummaryResult> => {
    const result = await analytics.usageSummary(m, packageIds, {
      cache: request.cache,
      signal: request.signal,
      meter,
      now: request.now,
      onPoll: (state, attempt) => request.onPoll?.(m, state, attempt),
    });
    downloads += result.downloads;
    return result;
  };
  const costs = (): SeatUsageCosts => ({ appAnalyticsCalls: meter.calls, apiCalls: lmo.client.apiCalls - before, downloads });

  const studied = await fetchMonth(request.month);
  if (studied.state !== 'ready') return { state: studied.state, message: studied.message, action: studied.action, ...costs() };

  // The earlier months dormancy needs, asked for together: each waits on App Analytics, not on the others.
  const earlierMonths = Array.from({ length: request.dormantMonths - 1 }, (_, i) => addMonths(request.month, -(i + 1)));
  const earlier = await Promise.all(earlierMonths.map((m) => fetchMonth(m)));
  const history: MonthUsage[] = [];
  earlier.forEach((e, i) => {
    if (e.state === 'ready') history.push({ month: earlierMonths[i], activeUsers: e.activeUsers });
    else request.onEarlierMonth?.(earlierMonths[i], e.message);
  });

  // The live licenses of the packages chosen, a page per call.
  const licenses: License[] = [];
  for (const p of request.packages) {
    const read = await lmo.licenses({ packageId: p.id, liveOnly: true }, { signal: request.signal, today: request.today });
    licenses.push(...read.records);
  }
  const result = seatUsage(licenses, studied.activeUsers, {
    month: request.month,
    today: request.today,
    packageIds: new Map(request.allPackages.map((p) => [p.id, p.packageId])),
    measuredPackages: packageIds,
    shelfwareMaxRatio: request.shelfwareMaxRatio,
    dormantMonths: request.dormantMonths,
    history,
  });
  // One describe where the org has no PBO license object; where it has, a call per 2,000 of its rows
  // and every license of the packages measured (a PBO row pairs with its org's licenses in order,
  // so all of them take part), then only the rows of the licenses seat usage reports on are kept.
  const pboRead = await readPboLicenses(lmo.client, { signal: request.signal });
  let pbo: PboComparison | undefined;
  if (pboRead.present) {
    const measuredIds = new Set(packageIds.map((p) => p.slice(0, 15)));
    const all: License[] = [];
    for (const p of measurable) all.push(...(await lmo.licenses({ packageId: p.id }, { signal: request.signal })).records);
    const compared = comparePboLicenses(
      all,
      pboRead.rows.filter((r) => !!r.packageId && measuredIds.has(r.packageId.slice(0, 15))),
      { packageIds: new Map(request.allPackages.map((p) => [p.id, p.packageId])), today: request.today },
    );
    // The licenses seat usage reports on: live production ones (sandboxes apart, as there).
    const live = new Set(result.rows.map((r) => r.licenseId));
    const rows = compared.rows.filter((r) => live.has(r.licenseId));
    pbo = {
      ...compared,
      rows,
      counts: {
        ...compared.counts,
        licenses: rows.length,
        compared: rows.filter((r) => r.match === 'compared').length,
        disagreeing: rows.filter((r) => r.disagreements.length > 0).length,
        noPboRow: rows.filter((r) => r.match === 'noPboRow').length,
        noPackageId: rows.filter((r) => r.match === 'noPackageId').length,
      },
    };
  }
  return { state: 'ready', result, pbo, fromCache: studied.fromCache, rowsRead: studied.rowsRead, fetchedAt: studied.fetchedAt, ...costs() };
}
