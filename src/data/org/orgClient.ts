/**
 * The generic Salesforce client of LMA Workbench: the one place that talks REST to an org.
 * Queries with nextRecordsUrl paging, Tooling, Composite (REST and Tooling), limits, a timeout
 * of its own and cancellation. Knows nothing of licenses; every failure leaves as an LmoError.
 * The shapes it speaks are in orgApi.ts, the deadline and proxy rules of one request in requestGuard.ts.
 */
import type { Connection } from '@jsforce/jsforce-node';
import { withCancellableRequests } from './cancellableRequests';
import { LmoError, cancelled, toLmoError, isLmoError } from './errors';
import {
  type CallOptions,
  type CompositeResult,
  type CompositeSubrequest,
  type FetchAllResult,
  MAX_COMPOSITE_QUERIES,
  MAX_COMPOSITE_SUBREQUESTS,
  type QueryOptions,
  type QueryPage,
  type SObjectDescribe,
  subrequestError,
} from './orgApi';
import { type OrgTarget, describeWhere } from './orgTarget';
import { bypassProxy, guard } from './requestGuard';

export interface RetryPolicy {
  /** Retries of idempotent calls on connection errors and 5xx (jsforce's own default is 5). */
  readonly maxRetries: number;
  readonly minTimeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, minTimeoutMs: 500 };

export interface OrgClientOptions {
  readonly retry?: RetryPolicy;
  /** Per request, retries included. */
  readonly timeoutMs?: number;
}

export class OrgClient {
  /** API calls made through this client (a Composite call counts once, as the org counts it). */
  apiCalls = 0;
  /** Requests sent and not yet answered. */
  inFlight = 0;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(
    readonly connection: Connection,
    readonly target: OrgTarget,
    options: OrgClientOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  get apiVersion(): string {
    return this.connection.version;
  }

  private base(tooling = false): string {
    return `/services/data/v${this.apiVersion}${tooling ? '/tooling' : ''}`;
  }

  /** `raw`: the body goes as it is (a multipart Buffer, with its Content-Type in `headers`), not as JSON. */
  async request<T>(method: string, path: string, body?: unknown, options: CallOptions & { headers?: Record<string, string>; raw?: boolean } = {}): Promise<T> {
    const { signal, meter } = options;
    if (signal?.aborted) throw cancelled();
    const url = path.startsWith('/services/') ? path : `${this.base()}${path}`;
    const requestOptions = {
      retry: { maxRetries: this.retry.maxRetries, minTimeout: this.retry.minTimeoutMs },
      timeout: this.timeoutMs,
      // jsforce proxies every host it is given; loopback and NO_PROXY hosts must go direct.
      ...(bypassProxy(this.connection.instanceUrl) ? { httpProxy: undefined } : {}),
    };
    this.apiCalls++;
    if (meter) meter.calls++;
    // Cancelling the call aborts its HTTP request too, and any retry jsforce would send after it (cancellableDispatcher.ts).
    const call = Promise.resolve(
      withCancellableRequests(signal, () =>
        this.connection.request<T>(
          {
            method: method as 'GET',
            url,
            body: body === undefined ? undefined : options.raw ? (body as string) : JSON.stringify(body),
            headers: { 'Content-Type': 'application/json', ...(options.headers ?? {}) },
          },
          requestOptions as object,
        ),
      ),
    );
    this.inFlight++;
    try {
      return await guard(call, signal, this.timeoutMs + 1_000);
    } catch (err) {
      if (isLmoError(err)) throw err.kind === 'timeout' ? this.timedOut() : err;
      if ((err as Error)?.name === 'AbortError') throw this.timedOut();
      throw toLmoError(err, this.target);
    } finally {
      this.inFlight--;
    }
  }

  private timedOut(): LmoError {
    const seconds = Math.round(this.timeoutMs / 1000);
    return new LmoError(
      'timeout',
      `${describeWhere(this.target)} did not answer within ${seconds} s. The org may be slow or unreachable; try again, or raise the timeout (setting lmaWorkbench.requestTimeoutSeconds, or --timeout on the command line).`,
      `no response within ${this.timeoutMs} ms`,
    );
  }

  /** One page of a query. */
  async query<T>(soql: string, options: QueryOptions = {}): Promise<QueryPage<T>> {
    const resource = `${options.tooling ? '/tooling' : ''}/${options.includeDeleted ? 'queryAll' : 'query'}`;
    return this.page<T>(
      await this.request('GET', `${resource}?q=${encodeURIComponent(soql)}`, undefined, { ...options, headers: batchHeader(options) }),
      'query',
    );
  }

  /** The next page, from a `nextRecordsUrl`. */
  async queryMore<T>(nextRecordsUrl: string, options: QueryOptions = {}): Promise<QueryPage<T>> {
    if (!/^\/services\/data\/v\d+\.\d\/(tooling\/)?(query|queryAll)\/[\w-]+$/.test(nextRecordsUrl)) {
      throw new LmoError('badResponse', `${this.target.label} returned an unexpected nextRecordsUrl.`, nextRecordsUrl);
    }
    return this.page<T>(await this.request('GET', nextRecordsUrl, undefined, { ...options, headers: batchHeader(options) }), 'query');
  }

  /** Follows nextRecordsUrl to the end, or stops at `cap` rows and says so. */
  async fetchAll<T>(
    soql: string,
    options: QueryOptions & { cap?: number; onPage?: (fetched: number, totalSize: number) => void } = {},
  ): Promise<FetchAllResult<T>> {
    const cap = options.cap ?? Number.POSITIVE_INFINITY;
    let page = await this.query<T>(soql, options);
    const records = [...page.records];
    options.onPage?.(records.length, page.totalSize);
    while (!page.done && page.nextRecordsUrl && records.length < cap) {
      page = await this.queryMore<T>(page.nextRecordsUrl, options);
      records.push(...page.records);
      options.onPage?.(records.length, page.totalSize);
    }
    const complete = page.done && records.length <= cap;
    return { records: records.length > cap ? records.slice(0, cap) : records, totalSize: page.totalSize, complete };
  }

  /** `SELECT COUNT() …`: the count is totalSize. */
  async count(soql: string, options: QueryOptions = {}): Promise<number> {
    return (await this.query(soql, options)).totalSize;
  }

  /** POST /composite (or /tooling/composite): up to 25 subrequests (at most 5 queries or sObject Collections) for one API call. */
  async composite(
    subrequests: readonly CompositeSubrequest[],
    options: CallOptions & { allOrNone?: boolean; tooling?: boolean } = {},
  ): Promise<CompositeResult[]> {
    if (subrequests.length === 0) return [];
    if (subrequests.length > MAX_COMPOSITE_SUBREQUESTS)
      throw new RangeError(`A Composite call takes at most ${MAX_COMPOSITE_SUBREQUESTS} subrequests, not ${subrequests.length}`);
    // sObject Collections count toward the five with queries (docs/salesforce/soql-and-composite.md).
    const queries = subrequests.filter((s) => /^\/(query|queryAll)\b|^\/composite\/sobjects\b/.test(s.path)).length;
    if (queries > MAX_COMPOSITE_QUERIES)
      throw new RangeError(`A Composite call takes at most ${MAX_COMPOSITE_QUERIES} queries and sObject Collections, not ${queries}`);
    const base = this.base(options.tooling);
    const body = {
      allOrNone: options.allOrNone ?? false,
      compositeRequest: subrequests.map((s) => ({
        method: s.method,
        url: `${base}${s.path}`,
        referenceId: s.referenceId,
        ...(s.body === undefined ? {} : { body: s.body }),
      })),
    };
    const response = await this.request<{ compositeResponse?: { referenceId: string; httpStatusCode: number; body: unknown }[] }>(
      'POST',
      `${base}/composite`,
      body,
      options,
    );
    if (!response || !Array.isArray(response.compositeResponse)) throw this.badResponse('composite', response);
    return response.compositeResponse.map((r) => ({ referenceId: r.referenceId, status: r.httpStatusCode, body: r.body }));
  }

  /**
   * One Composite call of named GET subrequests (queries, queryAll, describes…), each settled on
   * its own: its body, or its mapped LmoError. Query bodies come back as their first page.
   */
  async compositeSettled(
    subrequests: Readonly<Record<string, string>>,
    options: CallOptions & { tooling?: boolean } = {},
  ): Promise<Record<string, { ok: true; body: unknown } | LmoError>> {
    const answered = await this.composite(
      Object.entries(subrequests).map(([referenceId, path]) => ({ referenceId, method: 'GET', path })),
      options,
    );
    const out: Record<string, { ok: true; body: unknown } | LmoError> = {};
    for (const r of answered) out[r.referenceId] = r.status >= 400 ? toLmoError(subrequestError(r.body), this.target) : { ok: true, body: r.body };
    return out;
  }

  /** A query result's first page, checked for shape. */
  pageOf<T>(body: unknown, what: string): QueryPage<T> {
    return this.page<T>(body, what);
  }

  /**
   * Runs named queries in as few Composite calls as the limits allow (5 queries each); the calls
   * go out together, so the wall time is one round trip. A result with more rows than one page is
   * completed with queryMore (extra calls only then). A failed subquery fails the whole set with
   * its mapped error.
   */
  async compositeQueries<T = Record<string, unknown>>(
    queries: Readonly<Record<string, string>>,
    options: CallOptions & { tooling?: boolean } = {},
  ): Promise<Record<string, QueryPage<T>>> {
    const settled = await this.compositeQueriesSettled<T>(queries, options);
    const out: Record<string, QueryPage<T>> = {};
    for (const [key, value] of Object.entries(settled)) {
      if (isLmoError(value)) throw value;
      out[key] = value;
    }
    return out;
  }

  /**
   * Like compositeQueries, but a failed subquery is returned as its LmoError instead of failing
   * the set; queries named in `firstPageOnly` return their first page as it came (with its
   * nextRecordsUrl), for callers that fetch the rest another way.
   */
  async compositeQueriesSettled<T = Record<string, unknown>>(
    queries: Readonly<Record<string, string>>,
    options: CallOptions & { tooling?: boolean; firstPageOnly?: readonly string[] } = {},
  ): Promise<Record<string, QueryPage<T> | LmoError>> {
    const entries = Object.entries(queries);
    const chunks: [string, string][][] = [];
    for (let i = 0; i < entries.length; i += MAX_COMPOSITE_QUERIES) chunks.push(entries.slice(i, i + MAX_COMPOSITE_QUERIES));
    const answered = await Promise.all(
      chunks.map((chunk) =>
        this.composite(
          chunk.map(([referenceId, soql]) => ({ referenceId, method: 'GET', path: `/query?q=${encodeURIComponent(soql)}` })),
          options,
        ),
      ),
    );
    const out: Record<string, QueryPage<T> | LmoError> = {};
    await Promise.all(
      answered.flat().map(async (r) => {
        if (r.status >= 400) {
          out[r.referenceId] = toLmoError(subrequestError(r.body), this.target);
          return;
        }
        let page = this.page<T>(r.body, 'composite query');
        if (options.firstPageOnly?.includes(r.referenceId)) {
          out[r.referenceId] = page;
          return;
        }
        const records = [...page.records];
        while (!page.done && page.nextRecordsUrl) {
          page = await this.queryMore<T>(page.nextRecordsUrl, { ...options, tooling: options.tooling });
          records.push(...page.records);
        }
        out[r.referenceId] = { records, totalSize: page.totalSize, done: true };
      }),
    );
    return out;
  }

  /** GET /sobjects/<type>/describe. */
  async describe(sobjectType: string, options: CallOptions = {}): Promise<SObjectDescribe> {
    const body = await this.request<SObjectDescribe>('GET', `/sobjects/${encodeURIComponent(sobjectType)}/describe`, undefined, options);
    if (!body || !Array.isArray(body.fields)) throw this.badResponse('describe', body);
    return body;
  }

  /**
   * A one-time URL that logs the browser into the org and lands on `path` (Salesforce's front door,
   * the way `sf org open` does it), so "open in Salesforce" works in a browser that is not logged in.
   */
  async frontDoorUrl(path: string, options: CallOptions = {}): Promise<string> {
    const body = await this.request<{ frontdoor_uri?: unknown }>(
      'GET',
      `/services/oauth2/singleaccess?redirect_uri=${encodeURIComponent(path)}`,
      undefined,
      options,
    );
    if (!body || typeof body.frontdoor_uri !== 'string' || !/^https?:\/\//.test(body.frontdoor_uri)) throw this.badResponse('front door', body);
    return body.frontdoor_uri;
  }

  async limits(options: CallOptions = {}): Promise<Record<string, { Max: number; Remaining: number }>> {
    return this.request('GET', '/limits', undefined, options);
  }

  private page<T>(body: unknown, what: string): QueryPage<T> {
    const page = body as Partial<QueryPage<T>> | undefined;
    if (!page || typeof page !== 'object' || !Array.isArray(page.records) || typeof page.totalSize !== 'number') throw this.badResponse(what, body);
    return {
      records: page.records,
      totalSize: page.totalSize,
      done: page.done !== false,
      nextRecordsUrl: page.done === false ? page.nextRecordsUrl : undefined,
    };
  }

  badResponse(what: string, body: unknown): LmoError {
    const sample = typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)?.slice(0, 200);
    return new LmoError(
      'badResponse',
      `${this.target.label} answered a ${what} call with something that is not the Salesforce API (maybe a proxy or a maintenance page). Check that ${describeWhere(this.target)} is reachable, then try again.`,
      `unexpected ${what} response: ${sample}`,
    );
  }
}

function batchHeader(options: QueryOptions): Record<string, string> {
  return options.batchSize ? { 'Sforce-Query-Options': `batchSize=${options.batchSize}` } : {};
}
