import type { Connection } from '@jsforce/jsforce-node';
import { LmoError, cancelled, toLmoError } from './errors';
import { LmoTarget } from './lmoTarget';

export interface QueryPage<T> {
  readonly records: T[];
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string;
}

/** Every row up to a cap. `complete` is false when the cap stopped it: callers must say so. */
export interface FetchAllResult<T> {
  readonly records: T[];
  readonly totalSize: number;
  readonly complete: boolean;
}

export interface RetryPolicy {
  /** Retries of idempotent calls on connection errors and 5xx (jsforce's own default is 5). */
  readonly maxRetries: number;
  readonly minTimeoutMs: number;
}

export interface QueryOptions {
  readonly tooling?: boolean;
  /** queryAll: include deleted and archived rows. */
  readonly includeDeleted?: boolean;
  /** Sforce-Query-Options batchSize (200–2000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

export interface CompositeSubrequest {
  readonly referenceId: string;
  readonly method: 'GET' | 'PATCH' | 'POST' | 'DELETE';
  /** Relative to /services/data/vXX.X, e.g. `/query?q=…`. */
  readonly path: string;
  readonly body?: unknown;
}

export interface CompositeResult {
  readonly referenceId: string;
  readonly status: number;
  readonly body: unknown;
}

export interface SaveResult {
  readonly id: string | null;
  readonly success: boolean;
  readonly errors: { statusCode: string; message: string; fields: string[] }[];
}

export const MAX_COMPOSITE_SUBREQUESTS = 25;
export const MAX_COMPOSITE_QUERIES = 5;
export const MAX_COLLECTION_RECORDS = 200;

const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, minTimeoutMs: 500 };

/**
 * The one place that talks REST to the LMO: queries with nextRecordsUrl paging, Tooling,
 * Composite, sObject Collections, limits. Every failure leaves as an LmoError.
 */
export class LmoApi {
  /** API calls made through this client (a Composite call counts once, as the org counts it). */
  apiCalls = 0;

  constructor(
    readonly connection: Connection,
    readonly target: LmoTarget,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  get apiVersion(): string {
    return this.connection.version;
  }

  private base(): string {
    return `/services/data/v${this.apiVersion}`;
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw cancelled();
    const url = path.startsWith('/services/') ? path : `${this.base()}${path}`;
    const options = {
      retry: { maxRetries: this.retry.maxRetries, minTimeout: this.retry.minTimeoutMs },
      // jsforce proxies every host it is given; loopback and NO_PROXY hosts must go direct.
      ...(bypassProxy(this.connection.instanceUrl) ? { httpProxy: undefined } : {}),
    };
    this.apiCalls++;
    const call = this.connection.request<T>(
      { method: method as 'GET', url, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } },
      options as object,
    );
    try {
      return await (signal ? raceAbort(Promise.resolve(call), signal) : call);
    } catch (err) {
      throw toLmoError(err, this.target);
    }
  }

  /** One page of a query. */
  async query<T>(soql: string, options: QueryOptions = {}): Promise<QueryPage<T>> {
    const resource = `${options.tooling ? '/tooling' : ''}/${options.includeDeleted ? 'queryAll' : 'query'}`;
    const headers: Record<string, string> = options.batchSize ? { 'Sforce-Query-Options': `batchSize=${options.batchSize}` } : {};
    return this.page<T>(await this.request('GET', `${resource}?q=${encodeURIComponent(soql)}`, undefined, headers, options.signal));
  }

  /** The next page, from a `nextRecordsUrl`. */
  async queryMore<T>(nextRecordsUrl: string, options: QueryOptions = {}): Promise<QueryPage<T>> {
    if (!/^\/services\/data\/v\d+\.\d\/(tooling\/)?(query|queryAll)\//.test(nextRecordsUrl)) {
      throw new LmoError('badResponse', `${this.target.label} returned an unexpected nextRecordsUrl.`, nextRecordsUrl);
    }
    const headers: Record<string, string> = options.batchSize ? { 'Sforce-Query-Options': `batchSize=${options.batchSize}` } : {};
    return this.page<T>(await this.request('GET', nextRecordsUrl, undefined, headers, options.signal));
  }

  /** Follows nextRecordsUrl to the end, or stops at `cap` rows and says so. */
  async fetchAll<T>(soql: string, options: QueryOptions & { cap?: number; onPage?: (fetched: number, totalSize: number) => void } = {}): Promise<FetchAllResult<T>> {
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

  /** POST /composite: up to 25 subrequests (at most 5 queries) for one API call. */
  async composite(subrequests: readonly CompositeSubrequest[], options: { allOrNone?: boolean; signal?: AbortSignal } = {}): Promise<CompositeResult[]> {
    if (subrequests.length === 0) return [];
    if (subrequests.length > MAX_COMPOSITE_SUBREQUESTS) throw new RangeError(`A Composite call takes at most ${MAX_COMPOSITE_SUBREQUESTS} subrequests, not ${subrequests.length}`);
    const queries = subrequests.filter((s) => /^\/(tooling\/)?(query|queryAll)\b/.test(s.path)).length;
    if (queries > MAX_COMPOSITE_QUERIES) throw new RangeError(`A Composite call takes at most ${MAX_COMPOSITE_QUERIES} queries, not ${queries}`);
    const body = {
      allOrNone: options.allOrNone ?? false,
      compositeRequest: subrequests.map((s) => ({ method: s.method, url: `${this.base()}${s.path}`, referenceId: s.referenceId, ...(s.body === undefined ? {} : { body: s.body }) })),
    };
    const response = await this.request<{ compositeResponse?: { referenceId: string; httpStatusCode: number; body: unknown }[] }>('POST', '/composite', body, {}, options.signal);
    if (!response || !Array.isArray(response.compositeResponse)) throw this.badResponse('composite', response);
    return response.compositeResponse.map((r) => ({ referenceId: r.referenceId, status: r.httpStatusCode, body: r.body }));
  }

  /**
   * Runs named queries in as few Composite calls as the limits allow (5 queries each). A result
   * with more rows than one page is completed with queryMore (extra calls only then). A failed
   * subquery fails the whole call with its mapped error.
   */
  async compositeQueries<T = Record<string, unknown>>(queries: Readonly<Record<string, string>>, options: { signal?: AbortSignal } = {}): Promise<Record<string, QueryPage<T>>> {
    const entries = Object.entries(queries);
    const out: Record<string, QueryPage<T>> = {};
    for (let i = 0; i < entries.length; i += MAX_COMPOSITE_QUERIES) {
      const chunk = entries.slice(i, i + MAX_COMPOSITE_QUERIES);
      const results = await this.composite(chunk.map(([referenceId, soql]) => ({ referenceId, method: 'GET', path: `/query?q=${encodeURIComponent(soql)}` })), options);
      for (const r of results) {
        if (r.status >= 400) throw toLmoError(subrequestError(r.body), this.target);
        let page = this.page<T>(r.body);
        const records = [...page.records];
        while (!page.done && page.nextRecordsUrl) {
          page = await this.queryMore<T>(page.nextRecordsUrl, options);
          records.push(...page.records);
        }
        out[r.referenceId] = { records, totalSize: page.totalSize, done: true };
      }
    }
    return out;
  }

  /** PATCH /composite/sobjects in chunks of 200; one SaveResult per record, in order. */
  async updateRecords(sobjectType: string, records: readonly ({ id: string } & Record<string, unknown>)[], options: { allOrNone?: boolean; signal?: AbortSignal } = {}): Promise<SaveResult[]> {
    const results: SaveResult[] = [];
    for (let i = 0; i < records.length; i += MAX_COLLECTION_RECORDS) {
      const chunk = records.slice(i, i + MAX_COLLECTION_RECORDS).map((r) => ({ attributes: { type: sobjectType }, ...r }));
      const response = await this.request<SaveResult[]>('PATCH', '/composite/sobjects', { allOrNone: options.allOrNone ?? true, records: chunk }, {}, options.signal);
      if (!Array.isArray(response)) throw this.badResponse('composite/sobjects', response);
      results.push(...response);
    }
    return results;
  }

  async limits(): Promise<Record<string, { Max: number; Remaining: number }>> {
    return this.request('GET', '/limits');
  }

  private page<T>(body: unknown): QueryPage<T> {
    const page = body as Partial<QueryPage<T>> | undefined;
    if (!page || typeof page !== 'object' || !Array.isArray(page.records) || typeof page.totalSize !== 'number') throw this.badResponse('query', body);
    return { records: page.records, totalSize: page.totalSize, done: page.done !== false, nextRecordsUrl: page.done === false ? page.nextRecordsUrl : undefined };
  }

  private badResponse(what: string, body: unknown): LmoError {
    const sample = typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)?.slice(0, 200);
    return new LmoError('badResponse', `${this.target.label} answered a ${what} call with something that is not the Salesforce API (maybe a proxy or a maintenance page). Check that ${this.target.instanceUrl} is reachable, then refresh.`, `unexpected ${what} response: ${sample}`);
  }
}

/** A Composite subrequest's error body, shaped like the HttpApiError jsforce would have thrown. */
function subrequestError(body: unknown): { errorCode: string; message: string } {
  const first = Array.isArray(body) ? (body[0] as { errorCode?: string; message?: string } | undefined) : undefined;
  return { errorCode: first?.errorCode ?? 'UNKNOWN_EXCEPTION', message: first?.message ?? JSON.stringify(body) };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Loopback hosts and hosts listed in NO_PROXY are reached directly. */
export function bypassProxy(instanceUrl: string, noProxy = process.env.NO_PROXY ?? process.env.no_proxy ?? ''): boolean {
  let host: string;
  try {
    host = new URL(instanceUrl).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return true;
  return noProxy
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
    .some((entry) => entry === '*' || host === entry.replace(/^\./, '') || host.endsWith(entry.startsWith('.') ? entry : `.${entry}`));
}
