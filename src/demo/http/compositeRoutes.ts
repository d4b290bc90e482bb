import { ApiError } from '../apiError';
import { type ApiRequest, type ApiResponse, ok } from './types';

export const MAX_SUBREQUESTS = 25;
export const MAX_QUERY_SUBREQUESTS = 5;

interface Subrequest {
  method?: string;
  url?: string;
  referenceId?: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

/** Undo for allOrNone: writes made by earlier subrequests are rolled back when a later one fails. */
export interface Transaction {
  begin(): void;
  commit(): void;
  rollback(): void;
}

/** Runs one subrequest as if it had arrived on its own (but without counting it as an API call). */
export type Dispatch = (method: string, url: string, headers: Record<string, string | undefined>, body: unknown) => ApiResponse;

const REFERENCE = /@\{([A-Za-z0-9_]+)\.([^}]+)\}/g;

function resolvePath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Replaces @{ref.path} in every string of a body, value by value (never by editing JSON text, so
 * a value holding a quote or a backslash stays one value). A string that is only a reference
 * takes the referenced value's own type.
 */
function substituteBody(value: unknown, substitute: (text: string) => string, whole: (text: string) => unknown): unknown {
  if (typeof value === 'string') {
    const only = /^@\{[A-Za-z0-9_]+\.[^}]+\}$/.test(value) ? whole(value) : undefined;
    return only !== undefined ? only : substitute(value);
  }
  if (Array.isArray(value)) return value.map((v) => substituteBody(v, substitute, whole));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteBody(v, substitute, whole)]));
  return value;
}

/**
 * POST /composite (and /tooling/composite): up to 25 subrequests in one API call, at most 5 of them
 * queries or sObject Collections (docs/salesforce/soql-and-composite.md), with @{ref.field} references.
 */
export function composite(req: ApiRequest, dispatch: Dispatch, transaction: Transaction, tooling: boolean): ApiResponse {
  if (req.method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are POST`);
  const body = req.body as { allOrNone?: boolean; compositeRequest?: Subrequest[] } | undefined;
  const subrequests = body?.compositeRequest;
  if (!Array.isArray(subrequests) || subrequests.length === 0)
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'compositeRequest is required and must not be empty');
  if (subrequests.length > MAX_SUBREQUESTS) throw new ApiError(400, 'LIMIT_EXCEEDED', `The request can’t contain more than ${MAX_SUBREQUESTS} operations.`);
  // Queries (query, queryAll, their next pages) and sObject Collections share one limit of five.
  const heavy = subrequests.filter((s) => /\/(query|queryAll)(\/|\?|$)|\/composite\/sobjects(\/|\?|$)/.test(s?.url ?? ''));
  if (heavy.length > MAX_QUERY_SUBREQUESTS)
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `The request can’t contain more than ${MAX_QUERY_SUBREQUESTS} sObject Collections or query operations, not ${heavy.length}.`,
    );
  const ids = new Set<string>();
  for (const s of subrequests) {
    if (!s || typeof s !== 'object') throw new ApiError(400, 'JSON_PARSER_ERROR', 'Each subrequest must be an object');
    if (!s.referenceId || !/^[A-Za-z][A-Za-z0-9_]*$/.test(s.referenceId))
      throw new ApiError(400, 'JSON_PARSER_ERROR', `Invalid referenceId: ${String(s.referenceId)}`);
    if (ids.has(s.referenceId)) throw new ApiError(400, 'DUPLICATE_VALUE', `Duplicate referenceId: ${s.referenceId}`);
    ids.add(s.referenceId);
    const prefix = tooling ? /^\/services\/data\/v\d+\.\d\/tooling\// : /^\/services\/data\/v\d+\.\d\//;
    if (typeof s.url !== 'string' || !prefix.test(s.url))
      throw new ApiError(400, 'INVALID_URL', `The url of subrequest ${s.referenceId} must start with /services/data/vXX.X/${tooling ? 'tooling/' : ''}`);
  }
  const allOrNone = body?.allOrNone === true;
  const results = new Map<string, ApiResponse>();
  if (allOrNone) transaction.begin();
  const out: CompositeEntry[] = [];
  let failed = false;
  try {
    for (const s of subrequests) {
      const refId = s.referenceId as string;
      if (failed && allOrNone) {
        out.push(haltedEntry(refId));
        continue;
      }
      let unresolved: string | undefined;
      const lookup = (ref: string, path: string): unknown => {
        const prior = results.get(ref);
        const value = prior && prior.status < 300 ? resolvePath(prior.body, path) : undefined;
        if (value === undefined) unresolved = ref;
        return value;
      };
      const substitute = (text: string) => text.replace(REFERENCE, (_m, ref: string, path: string) => String(lookup(ref, path) ?? ''));
      const whole = (text: string) => {
        const m = /^@\{([A-Za-z0-9_]+)\.([^}]+)\}$/.exec(text) as RegExpExecArray;
        return lookup(m[1], m[2]);
      };
      // In a URL a referenced value is one path segment or query value: encode it.
      const url = (s.url as string).replace(REFERENCE, (_m, ref: string, path: string) => encodeURIComponent(String(lookup(ref, path) ?? '')));
      const subBody = s.body === undefined ? undefined : substituteBody(s.body, substitute, whole);
      let response: ApiResponse;
      if (unresolved)
        response = {
          status: 400,
          body: [{ errorCode: 'PROCESSING_HALTED', message: `Invalid reference specified. No value for ${unresolved} found in ${refId}.` }],
        };
      else response = dispatch((s.method ?? 'GET').toUpperCase(), url, { ...lower(req.headers), ...lower(s.httpHeaders ?? {}) }, subBody);
      results.set(refId, response);
      if (response.status >= 400) failed = true;
      out.push({ body: response.body ?? null, httpHeaders: {}, httpStatusCode: response.status, referenceId: refId });
    }
  } catch (err) {
    if (allOrNone) transaction.rollback();
    throw err;
  }
  if (failed && allOrNone) {
    // Earlier successes are rolled back too, and say so.
    transaction.rollback();
    return ok({ compositeResponse: out.map((r) => (r.httpStatusCode < 400 ? haltedEntry(r.referenceId) : r)) });
  }
  if (allOrNone) transaction.commit();
  return ok({ compositeResponse: out });
}

interface CompositeEntry {
  body: unknown;
  httpHeaders: object;
  httpStatusCode: number;
  referenceId: string;
}

function haltedEntry(referenceId: string): CompositeEntry {
  const message = 'The transaction was rolled back since another operation in the same transaction failed.';
  return { body: [{ errorCode: 'PROCESSING_HALTED', message }], httpHeaders: {}, httpStatusCode: 400, referenceId };
}

function lower(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
