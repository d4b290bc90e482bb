/** Faults a test or benchmark can inject into the demo LMO. */
export type OneShotFault =
  | { kind: 'serverError'; status?: 500 | 502 | 503 }
  | { kind: 'invalidJson' }
  | { kind: 'truncatedJson' }
  | { kind: 'queryTimeout' }
  | { kind: 'slow'; delayMs: number }
  /** Any Salesforce error, e.g. 403 INSUFFICIENT_ACCESS. */
  | { kind: 'apiError'; status: number; errorCode: string; message: string }
  /** An error status with an empty body (a proxy, a load balancer). */
  | { kind: 'emptyError'; status: number }
  /** Accepts the request and never answers. */
  | { kind: 'hang' };

export interface FaultSettings {
  /** Added to every request, as network and server time. */
  latencyMs: number;
  /** Every API call is refused with REQUEST_LIMIT_EXCEEDED. */
  apiLimitReached: boolean;
}

interface QueuedFault {
  fault: OneShotFault;
  /** Only requests whose path contains this text are hit. */
  match?: string;
  remaining: number;
}

/** Per-record write failures: the records named, or every n-th record written, fail with this error. */
export interface RecordFailures {
  readonly ids?: readonly string[];
  readonly every?: number;
  readonly errorCode?: string;
  readonly message?: string;
}

export class Faults {
  settings: FaultSettings = { latencyMs: 0, apiLimitReached: false };
  private queue: QueuedFault[] = [];
  private recordFailures: { ids: Set<string>; every: number; errorCode: string; message: string } | undefined;
  private recordWrites = 0;

  /** From now on, writes of these records (or of every n-th record written) fail, each on its own, until reset. */
  failRecords(spec: RecordFailures): void {
    const every = Math.max(0, Math.floor(Number(spec.every ?? 0)));
    this.recordFailures = {
      ids: new Set((spec.ids ?? []).map((id) => String(id).slice(0, 15))),
      every,
      errorCode: spec.errorCode ?? 'UNABLE_TO_LOCK_ROW',
      message: spec.message ?? 'unable to obtain exclusive access to this record or 1 records',
    };
    this.recordWrites = 0;
  }

  /** The failure for this record write, if one is due. */
  recordFailure(id: string): { errorCode: string; message: string } | undefined {
    const f = this.recordFailures;
    if (!f) return undefined;
    this.recordWrites++;
    if (f.ids.has(id.slice(0, 15)) || (f.every > 0 && this.recordWrites % f.every === 0)) return { errorCode: f.errorCode, message: `${f.message}: ${id}` };
    return undefined;
  }

  /** The next `times` matching API requests fail this way. */
  inject(fault: OneShotFault, options: { match?: string; times?: number } = {}): void {
    this.queue.push({ fault, match: options.match, remaining: options.times ?? 1 });
  }

  /**
   * Consumes and returns the fault for this request, if any. A Composite subrequest only takes
   * faults that name it (`match`) and answer with an error.
   */
  take(path: string, subrequest = false): OneShotFault | undefined {
    const hit = this.queue.find((q) => (subrequest ? !!q.match && q.fault.kind === 'apiError' : true) && (!q.match || path.includes(q.match)));
    if (!hit) return undefined;
    if (--hit.remaining <= 0) this.queue.splice(this.queue.indexOf(hit), 1);
    return hit.fault;
  }

  /** How many injected faults are still waiting to be taken. */
  pending(): number {
    return this.queue.reduce((n, q) => n + q.remaining, 0);
  }

  reset(): void {
    this.settings = { latencyMs: 0, apiLimitReached: false };
    this.queue = [];
    this.recordFailures = undefined;
    this.recordWrites = 0;
  }
}
