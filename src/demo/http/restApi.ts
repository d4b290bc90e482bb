/**
 * The REST API under /services/data/vXX.X: the versions it speaks, the daily request limit, the
 * faults a test injected, and the dispatch of a call (or a Composite subrequest) to its resource:
 * query, sobjects, composite, tooling, limits.
 */
import type * as http from 'node:http';
import { ApiError, notFound } from '../apiError';
import { type DemoStore } from '../store';
import { composite } from './compositeRoutes';
import { type Faults } from './faults';
import { decodeOrReject, parseJson, send, sendRaw, sleep } from './io';
import { type MetadataRestRoutes } from '../metadata/restRoutes';
import { type ToolingSObjectRoutes } from '../metadata/toolingRoutes';
import { type QueryRoutes } from './queryRoutes';
import { type RequestLog } from './requestLog';
import { type SObjectRoutes } from './sobjectRoutes';
import { type ApiRequest, type ApiResponse, ok } from './types';
import { type AnalyticsRoutes } from '../analytics/analyticsRoutes';

export const LATEST_API_VERSION = '66.0';
const OLDEST_API_VERSION = 31;
const API_PATH = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/;

export interface RestApiParts {
  readonly faults: Faults;
  readonly requests: RequestLog;
  readonly queries: QueryRoutes;
  readonly sobjects: SObjectRoutes;
  readonly store: DemoStore;
  readonly dailyLimit: number;
  /**
   * The Reports REST API (/analytics/reports/{id}); without it, /analytics answers 404.
   */
  readonly analytics?: AnalyticsRoutes;
  readonly metadata?: MetadataRestRoutes;
  /** Tooling sObject records (tooling/sobjects/CustomApplication|Profile/{id}); without it, 404. */
  readonly tooling?: ToolingSObjectRoutes;
}

/** The version a /services/data/vXX.X/… path asks for and the rest of it; undefined for any other path. */
export function apiPath(path: string): { version: string; rest: string } | undefined {
  const m = API_PATH.exec(path);
  return m ? { version: m[1], rest: m[2] ?? '' } : undefined;
}

/** One authorised call, its body read. */
export interface ApiCall {
  readonly method: string;
  /** The whole path, /services/data/vXX.X/…, and its parts. */
  readonly path: string;
  readonly version: string;
  readonly rest: string;
  readonly url: URL;
  readonly headers: Record<string, string | undefined>;
  readonly session: number;
  readonly raw: string;
  /** The body's bytes, for a resource that takes binary parts (metadata/deployRequest). */
  readonly bytes?: Buffer;
}

export class RestApi {
  /** API calls counted against the daily limit since start (or the last resetCounters). */
  calls = 0;
  /** Requests a `hang` fault holds unanswered whose clients have not closed them yet. */
  held = 0;
  private dailyUsed = 0;

  constructor(private readonly parts: RestApiParts) {}

  resetCounters(): void {
    this.calls = 0;
    this.dailyUsed = 0;
  }

  /**
   * Answers one authorised call to /services/data/vXX.X/…: counted against the daily limit,
   * logged with its session, subject to the faults a test injected.
   */
  async handle(res: http.ServerResponse, call: ApiCall): Promise<void> {
    const { method, path, url, headers, session, raw, version } = call;
    const { faults } = this.parts;
    try {
      if (faults.settings.apiLimitReached || this.dailyUsed >= this.parts.dailyLimit) {
        throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      }
      this.calls++;
      this.dailyUsed++;
      const described = `${path}${decodeOrReject(url.search.replace(/\+/g, ' '))}`;
      const body = call.bytes ?? (raw ? parseJson(raw) : undefined);
      this.parts.requests.add(session, method, described, compositeUrls(body));
      const fault = faults.take(described);
      if (fault?.kind === 'slow') await sleep(fault.delayMs);
      if (fault?.kind === 'serverError')
        throw new ApiError(
          fault.status ?? 500,
          'UNKNOWN_EXCEPTION',
          'An unexpected error occurred. Please include this ErrorId if you contact support: 1984-demo (-42)',
        );
      if (fault?.kind === 'apiError') throw new ApiError(fault.status, fault.errorCode, fault.message);
      if (fault?.kind === 'queryTimeout') throw new ApiError(400, 'QUERY_TIMEOUT', 'Your query request was running for too long.');
      if (fault?.kind === 'emptyError') return sendRaw(res, fault.status, '', this.limitHeader());
      if (fault?.kind === 'hang') {
        // Accepts and never answers; held until the client closes the request.
        this.held++;
        res.once('close', () => this.held--);
        return;
      }
      const segments = call.rest.split('/').filter(Boolean);
      const response = this.dispatch({ method, segments, version, params: url.searchParams, headers, body });
      if (fault?.kind === 'invalidJson') return sendRaw(res, 200, '<html><body>Service temporarily unavailable</body></html>', this.limitHeader());
      if (fault?.kind === 'truncatedJson') {
        const text = JSON.stringify(response.body ?? {});
        return sendRaw(res, response.status, text.slice(0, Math.max(1, Math.floor(text.length / 2))), this.limitHeader());
      }
      return send(res, response.status, response.body, this.limitHeader());
    } catch (err) {
      if (err instanceof ApiError) return send(res, err.status, err.body(), this.limitHeader());
      throw err;
    }
  }

  /** Counts and logs a call answered outside /services/data (the SOAP Metadata API); over the daily limit, REQUEST_LIMIT_EXCEEDED. */
  countCall(session: number, method: string, described: string): void {
    if (this.parts.faults.settings.apiLimitReached || this.dailyUsed >= this.parts.dailyLimit) {
      throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    }
    this.calls++;
    this.dailyUsed++;
    this.parts.requests.add(session, method, described);
  }

  private dispatch(req: ApiRequest): ApiResponse {
    const [first, second, third] = req.segments;
    const { queries, sobjects, store } = this.parts;
    switch (first) {
      case undefined:
        return ok(resources(req.version));
      case 'query':
      case 'queryAll':
        return queries.handle(req, false, first, second);
      case 'tooling':
        if (second === 'query') return queries.handle(req, true, 'query', third);
        if (second === 'sobjects' && this.parts.tooling) return this.parts.tooling.handle(req, req.segments.slice(1));
        if (second === 'composite' && !third)
          return composite(req, (method, url, headers, body) => this.subrequest(method, url, headers, body, true), store.transaction, true);
        throw notFound();
      case 'sobjects':
        return sobjects.handle(req);
      case 'composite':
        if (second === 'sobjects') return sobjects.updateCollection(req);
        if (second) throw notFound();
        return composite(req, (method, url, headers, body) => this.subrequest(method, url, headers, body, false), store.transaction, false);
      case 'limits':
        return ok(this.limits());
      case 'analytics':
        if (!this.parts.analytics) throw notFound();
        return this.parts.analytics.handle(req);
      case 'metadata':
        if (!this.parts.metadata) throw notFound();
        return this.parts.metadata.handle(req, req.segments.slice(1));
      default:
        throw notFound();
    }
  }

  /** A Composite subrequest: routed like any call, but counted once with its parent. */
  private subrequest(method: string, rawUrl: string, headers: Record<string, string | undefined>, body: unknown, tooling: boolean): ApiResponse {
    try {
      const url = new URL(rawUrl, 'http://127.0.0.1');
      const api = apiPath(decodeOrReject(url.pathname).replace(/\/+$/, ''));
      if (!api) throw notFound();
      const segments = api.rest.split('/').filter(Boolean);
      // A Tooling composite runs Tooling subrequests; a REST composite cannot reach Tooling.
      if (tooling !== (segments[0] === 'tooling')) throw notFound();
      // Injected errors reach subrequests too (a test can refuse one query of a Composite call).
      const fault = this.parts.faults.take(decodeOrReject(`${url.pathname}${url.search}`.replace(/\+/g, ' ')), true);
      if (fault?.kind === 'apiError') throw new ApiError(fault.status, fault.errorCode, fault.message);
      return this.dispatch({ method, segments, version: api.version, params: url.searchParams, headers, body });
    } catch (err) {
      if (err instanceof ApiError) return { status: err.status, body: err.body() };
      throw err;
    }
  }

  private limits(): object {
    const max = this.parts.dailyLimit;
    return {
      DailyApiRequests: { Max: max, Remaining: Math.max(0, max - this.dailyUsed) },
      DataStorageMB: { Max: 10240, Remaining: 9100 },
      FileStorageMB: { Max: 10240, Remaining: 10000 },
    };
  }

  private limitHeader(): Record<string, string> {
    return { 'Sforce-Limit-Info': `api-usage=${this.dailyUsed}/${this.parts.dailyLimit}` };
  }
}

/** Whether a version number (e.g. '62.0') is one the demo speaks. */
export function isSupportedVersion(version: string): boolean {
  return Number(version) >= OLDEST_API_VERSION && Number(version) <= Number(LATEST_API_VERSION);
}

/** GET /services/data: every version the demo speaks. */
export function versions(): object[] {
  const out = [];
  for (let v = OLDEST_API_VERSION; v <= Number(LATEST_API_VERSION); v++) out.push({ label: `v${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  return out;
}

function resources(version: string): object {
  const base = `/services/data/v${version}`;
  return {
    sobjects: `${base}/sobjects`,
    query: `${base}/query`,
    queryAll: `${base}/queryAll`,
    tooling: `${base}/tooling`,
    composite: `${base}/composite`,
    limits: `${base}/limits`,
    analytics: `${base}/analytics`,
    metadata: `${base}/metadata`,
  };
}

/** The subrequests of a Composite body, for the request log. */
function compositeUrls(body: unknown): string[] | undefined {
  const list = (body as { compositeRequest?: unknown } | undefined)?.compositeRequest;
  if (!Array.isArray(list)) return undefined;
  return list.map((s: { method?: unknown; url?: unknown }) => {
    const url = String(s?.url ?? '');
    let decoded = url;
    try {
      decoded = decodeURIComponent(url.replace(/\+/g, ' '));
    } catch {
      // Kept as sent.
    }
    return `${String(s?.method ?? 'GET')} ${decoded}`;
  });
}
