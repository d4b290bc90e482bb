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

export class Faults {
  settings: FaultSettings = { latencyMs: 0, apiLimitReached: false };
  private queue: QueuedFault[] = [];

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
  }
}
