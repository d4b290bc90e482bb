/**
 * App Analytics' package usage summary of one month (docs/salesforce/seat-usage.md): create an
 * AppAnalyticsQueryRequest in the LMO, poll it with back-off until it ends, then download the file
 * from its DownloadUrl — a pre-signed URL on another host, fetched with a plain HTTP client and no
 * Salesforce Authorization header — and count the distinct users per org and package as it
 * streams (usageCsv.ts). What stops a month from being measured (App Analytics not enabled, no
 * access to the object, the month not summarised yet, no data, a failed request) comes back as an
 * explained state with the action that fixes it, not as an error.
 *
 * Costs per month and package set: one call to create the request, one per poll (the first poll
 * waits the schedule's first delay, so a request that completes by then costs two calls), one
 * download. None when the month is in the cache (src/storage/usageCache.ts) or not over yet.
 */
import { type BackoffSchedule, type PollTimer, pollWithBackoff, realTimer } from '../../core/polling';
import { type UsageMonth, addMonths, isMonthOpen, monthOf, monthRangeUtc } from '../../core/usage/usageMonth';
import { type UsageStore, packageSet } from '../../core/usage/usageStore';
import { LmoError, cancelled, isLmoError } from '../org/errors';
import { type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { soql } from '../org/soql';
import { UsageFileError, countActiveUsers } from './usageCsv';

export const APP_ANALYTICS_OBJECT = 'AppAnalyticsQueryRequest';

/** Summaries are precomputed: most requests end within seconds; the wait gives up after 30 minutes. */
export const APP_ANALYTICS_POLL_SCHEDULE: BackoffSchedule = { firstDelayMs: 2_000, factor: 2, maxDelayMs: 60_000, maxTotalMs: 30 * 60_000 };

export type ExplainedUsageState = 'notEnabled' | 'noAccess' | 'notYetAvailable' | 'noData' | 'failed';

interface Spent {
  readonly month: UsageMonth;
  /** 15-character 033 ids asked for. */
  readonly packageIds: readonly string[];
  /** API calls this month cost (0 from the cache). */
  readonly apiCalls: number;
  readonly downloads: number;
  readonly requestId?: string;
}

export type UsageSummaryResult =
  | (Spent & {
      readonly state: 'ready';
      readonly activeUsers: Map<string, number>;
      readonly rowsRead: number;
      readonly bytes: number;
      readonly fromCache: boolean;
      readonly fetchedAt: string;
    })
  | (Spent & { readonly state: ExplainedUsageState; readonly message: string; readonly action: string });

export interface UsageSummaryOptions extends CallOptions {
  /** Months already counted are read from here, and new ones written to it. */
  readonly cache?: UsageStore;
  readonly schedule?: BackoffSchedule;
  readonly timer?: PollTimer;
  /** Now, for "not over yet" (default: the timer's clock). */
  readonly now?: Date;
  /** Called after each poll with the request's state. */
  readonly onPoll?: (state: string, attempt: number) => void;
}

interface RequestRow {
  Id?: string;
  RequestState?: string;
  DownloadUrl?: string | null;
  DownloadExpirationTime?: string | null;
  DownloadSize?: number | null;
  ErrorMessage?: string | null;
}

const ENDED_STATES = new Set(['Complete', 'Failed', 'NoData', 'Expired']);
const NOT_ENABLED = /not enabled|isn't enabled|enable app analytics|enable-app-analytics|not been enabled/i;

export const USAGE_ACTIONS = {
  notEnabled:
    'Enable App Analytics for the package. Second-generation (2GP): sf package update --package <package> --enable-app-analytics, run against the Dev Hub that owns it. First-generation (1GP): log a case in the Salesforce Partner Community asking to enable App Analytics for the package. The package must have passed security review.',
  noAccess:
    'Ask a Salesforce admin of this License Management Org for Read and Create on the App Analytics Query Request object (a permission set does it; admins have it by default). Requests are made in the LMO the package is registered to.',
  notYetAvailable: (month: UsageMonth) =>
    `The summary of ${month} is published at the start of the next month: run again on or after ${addMonths(month, 1)}-01 (UTC), or pass an earlier --month.`,
  noData: 'App Analytics has no usage for these packages in that month: no subscriber production org used them, or the packages were not tracked yet.',
  failed: 'Run again later; if it keeps failing, the message above is the one Salesforce gave, to quote in a case.',
} as const;

const ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

export class AppAnalytics {
  constructor(readonly client: OrgClient) {}

  /**
   * The active users of `month` per org and package (usageKey), for the packages given (033 ids):
   * from the cache, or one request, its polls and one download.
   */
  async usageSummary(month: UsageMonth, packageIds: readonly string[], options: UsageSummaryOptions = {}): Promise<UsageSummaryResult> {
    const ids = packageSet(packageIds);
    if (!ids.length || ids.some((p) => !/^033[a-zA-Z0-9]{12}$/.test(p))) throw new RangeError(`Not 033 package ids: ${JSON.stringify(packageIds)}`);
    const timer = options.timer ?? realTimer;
    const now = options.now ?? new Date(timer.now());
    const spent = { month, packageIds: ids, apiCalls: 0, downloads: 0 };
    const explained = (state: ExplainedUsageState, message: string, action: string, extra: Partial<Spent> = {}): UsageSummaryResult => ({
      ...spent,
      ...extra,
      state,
      message,
      action,
    });

    const cached = await options.cache?.read(month, ids);
    if (cached)
      return {
        ...spent,
        state: 'ready',
        activeUsers: new Map(Object.entries(cached.activeUsers)),
        rowsRead: cached.rowsRead,
        bytes: cached.bytes,
        fromCache: true,
        fetchedAt: cached.fetchedAt,
      };
    if (isMonthOpen(month, now))
      return explained('notYetAvailable', `${month} is not over yet: App Analytics has no summary of it.`, USAGE_ACTIONS.notYetAvailable(month));

    const before = this.client.apiCalls;
    const calls = () => this.client.apiCalls - before;
    const call: CallOptions = { signal: options.signal, meter: options.meter };
    let requestId: string;
    try {
      requestId = await this.create(month, ids, call);
    } catch (err) {
      const state = explainCreateError(err);
      if (state) return explained(state.state, state.message, USAGE_ACTIONS[state.state], { apiCalls: calls() });
      throw err;
    }

    const schedule = options.schedule ?? APP_ANALYTICS_POLL_SCHEDULE;
    const startedAt = timer.now();
    // The first check waits the first delay: a request is never ready the instant it is created.
    try {
      await timer.sleep(schedule.firstDelayMs, options.signal);
    } catch {
      throw cancelled();
    }
    let polls = 0;
    const outcome = await pollWithBackoff<RequestRow>(
      async (signal) => {
        const row = await this.read(requestId, { ...call, signal });
        options.onPoll?.(row.RequestState ?? '', ++polls);
        return ENDED_STATES.has(row.RequestState ?? '') ? { done: true, value: row } : { done: false, value: row };
      },
      {
        startedAt: startedAt + schedule.firstDelayMs,
        schedule: { ...schedule, maxTotalMs: Math.max(schedule.firstDelayMs, schedule.maxTotalMs - schedule.firstDelayMs) },
        timer,
        signal: options.signal,
        // A dropped connection costs one poll, not the month.
        isTransient: (err) => isLmoError(err) && ['network', 'timeout', 'serverError'].includes(err.kind),
      },
    );
    if (outcome.kind === 'cancelled') throw cancelled();
    const at = { apiCalls: calls(), requestId };
    if (outcome.kind === 'timedOut') {
      const minutes = Math.round(schedule.maxTotalMs / 60_000);
      return explained(
        'failed',
        `App Analytics request ${requestId} was still ${outcome.last?.RequestState ?? 'New'} after ${minutes} minutes.`,
        USAGE_ACTIONS.failed,
        at,
      );
    }
    const row = outcome.value;
    const error = (row.ErrorMessage ?? '').trim();
    switch (row.RequestState) {
      case 'Complete':
        break;
      case 'NoData':
        // Early in the month after, "no data" may only mean "not published yet".
        if (monthOf(now) === addMonths(month, 1))
          return explained(
            'notYetAvailable',
            `App Analytics has no summary of ${month} yet${error ? ` (${error})` : ''}.`,
            USAGE_ACTIONS.notYetAvailable(month),
            at,
          );
        return explained('noData', `App Analytics has no usage of these packages in ${month}${error ? ` (${error})` : ''}.`, USAGE_ACTIONS.noData, at);
      case 'Expired':
        return explained('failed', `App Analytics request ${requestId} expired before its file was read.`, USAGE_ACTIONS.failed, at);
      default:
        if (NOT_ENABLED.test(error)) return explained('notEnabled', `App Analytics is not enabled for these packages: ${error}`, USAGE_ACTIONS.notEnabled, at);
        return explained('failed', `App Analytics request ${requestId} failed${error ? `: ${error}` : ' without a message'}.`, USAGE_ACTIONS.failed, at);
    }
    if (!row.DownloadUrl) throw this.client.badResponse('App Analytics request', row);
    const counts = await this.download(row.DownloadUrl, month, ids, options.signal);
    if (counts.state === 'expired')
      return explained(
        'failed',
        `The download link of App Analytics request ${requestId} had expired (${counts.status}).`,
        'Run again: a new request gets a new link.',
        { ...at, downloads: 1 },
      );
    const fetchedAt = new Date(timer.now()).toISOString();
    await options.cache?.write({
      month,
      packageIds: ids,
      activeUsers: Object.fromEntries(counts.activeUsers),
      rowsRead: counts.rowsRead,
      bytes: counts.bytes,
      fetchedAt,
    });
    return {
      ...spent,
      ...at,
      downloads: 1,
      state: 'ready',
      activeUsers: counts.activeUsers,
      rowsRead: counts.rowsRead,
      bytes: counts.bytes,
      fromCache: false,
      fetchedAt,
    };
  }

  /** POST /sobjects/AppAnalyticsQueryRequest: the month in UTC, the packages as one comma-separated list, a gzip CSV asked for. */
  private async create(month: UsageMonth, packageIds: readonly string[], call: CallOptions): Promise<string> {
    const range = monthRangeUtc(month);
    const body = {
      DataType: 'PackageUsageSummary',
      StartTime: range.start,
      EndTime: range.end,
      PackageIds: packageIds.join(','),
      FileType: 'csv',
      FileCompression: 'gzip',
    };
    const answer = await this.client.request<{ id?: unknown; success?: unknown }>('POST', `/sobjects/${APP_ANALYTICS_OBJECT}`, body, call);
    if (!answer || typeof answer.id !== 'string' || !ID.test(answer.id)) throw this.client.badResponse('App Analytics request', answer);
    return answer.id;
  }

  private async read(id: string, call: CallOptions): Promise<RequestRow> {
    const page = await this.client.query<RequestRow>(
      soql`SELECT Id, RequestState, DownloadUrl, DownloadExpirationTime, DownloadSize, ErrorMessage FROM AppAnalyticsQueryRequest WHERE Id = ${id}`,
      call,
    );
    const row = page.records[0];
    if (!row) throw new LmoError('notFound', `App Analytics request ${id} is gone from ${this.client.target.label}.`, `no ${APP_ANALYTICS_OBJECT} ${id}`);
    return row;
  }

  /**
   * The file, with a plain fetch: a pre-signed URL carries its own authorization, and the
   * Salesforce session must not travel to another host. A 403 (or 404) means the link expired.
   */
  private async download(url: string, month: UsageMonth, packageIds: readonly string[], signal: AbortSignal | undefined) {
    let response: Response;
    try {
      if (!/^https?:\/\//i.test(url)) throw new Error('not an http(s) URL');
      response = await fetch(url, { method: 'GET', redirect: 'follow', ...(signal ? { signal } : {}) });
    } catch (err) {
      if (signal?.aborted) throw cancelled();
      throw new LmoError(
        'network',
        `Cannot download the App Analytics file (${(err as Error).message}). Check the network, proxy or firewall: the file is served from another host than the org.`,
        `download failed: ${String(err)}`,
      );
    }
    if (response.status === 403 || response.status === 404 || response.status === 410) {
      await response.body?.cancel().catch(() => undefined);
      return { state: 'expired' as const, status: response.status };
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new LmoError(
        'serverError',
        `The App Analytics file could not be downloaded (HTTP ${response.status}). Try again in a few minutes.`,
        `download HTTP ${response.status}`,
      );
    }
    try {
      const counts = await countActiveUsers(response.body as unknown as AsyncIterable<Uint8Array>, { packageIds, month, signal });
      return { state: 'counted' as const, ...counts };
    } catch (err) {
      if (signal?.aborted) throw cancelled();
      if (err instanceof UsageFileError) throw new LmoError('badResponse', `${err.message} It may have been cut short; run again.`, err.message);
      throw err;
    }
  }
}

/** A create refused because the object is not there or not visible, or App Analytics is off. */
function explainCreateError(err: unknown): { state: 'noAccess' | 'notEnabled'; message: string } | undefined {
  if (!isLmoError(err)) return undefined;
  const code = err.errorCode ?? '';
  if (NOT_ENABLED.test(err.detail)) return { state: 'notEnabled', message: `App Analytics is not enabled for these packages (${err.detail}).` };
  if (err.kind === 'permission' || code === 'INVALID_TYPE' || code === 'NOT_FOUND' || /requested resource does not exist/i.test(err.detail))
    return {
      state: 'noAccess',
      message: `Your user cannot create App Analytics requests in this org (${code || err.kind}): the AppAnalyticsQueryRequest object is not visible to it.`,
    };
  return undefined;
}
