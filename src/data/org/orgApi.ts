/**
 * The shapes of the Salesforce REST API the org client speaks (a query page, Composite
 * subrequests and their results, a describe) and what a caller passes with a call (cancellation,
 * a meter of API calls, query options): the vocabulary of the data layer, without the client.
 */
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

/** Counts the API calls of one operation (a dashboard load, a tree page), whatever else runs beside it. */
export class CallMeter {
  calls = 0;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Counts this operation's calls. */
  readonly meter?: CallMeter;
}

export interface QueryOptions extends CallOptions {
  readonly tooling?: boolean;
  /** queryAll: include deleted and archived rows. */
  readonly includeDeleted?: boolean;
  /** Sforce-Query-Options batchSize (200–2000). */
  readonly batchSize?: number;
}

export interface CompositeSubrequest {
  readonly referenceId: string;
  readonly method: 'GET' | 'PATCH' | 'POST' | 'DELETE';
  /** Relative to /services/data/vXX.X (or …/tooling), e.g. `/query?q=…`. */
  readonly path: string;
  readonly body?: unknown;
}

export interface CompositeResult {
  readonly referenceId: string;
  readonly status: number;
  readonly body: unknown;
}

export const MAX_COMPOSITE_SUBREQUESTS = 25;
export const MAX_COMPOSITE_QUERIES = 5;

export interface SObjectDescribe {
  readonly name: string;
  readonly fields: readonly {
    readonly name: string;
    readonly label: string;
    readonly type: string;
    readonly nillable: boolean;
    readonly createable: boolean;
    readonly defaultedOnCreate?: boolean;
    readonly custom: boolean;
    readonly calculated?: boolean;
  }[];
}

/** A Composite subrequest's error body, shaped like the HttpApiError jsforce would have thrown. */
export function subrequestError(body: unknown): { errorCode: string; message: string } {
  const first = Array.isArray(body) ? (body[0] as { errorCode?: string; message?: string } | undefined) : undefined;
  return { errorCode: first?.errorCode ?? 'UNKNOWN_EXCEPTION', message: first?.message ?? JSON.stringify(body) };
}
