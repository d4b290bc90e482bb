/**
 * Every API call the demo answered, numbered, with the session that made it. A test marks where
 * it starts and reads back only the calls of its own session since then, so work the product
 * does in the background (or another test) never changes its count.
 */
export interface LoggedRequest {
  readonly seq: number;
  /** Which access token made it: 1 for the first token issued, 2 for the next… */
  readonly session: number;
  readonly method: string;
  /** Decoded path and query. */
  readonly path: string;
  /** A Composite call's subrequests (method and decoded URL). */
  readonly subrequests?: readonly string[];
}

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private seq = 0;
  private readonly listeners = new Set<(request: LoggedRequest) => void>();
  constructor(private readonly keep = 5000) {}

  add(session: number, method: string, path: string, subrequests?: readonly string[]): void {
    const request: LoggedRequest = { seq: ++this.seq, session, method, path, ...(subrequests ? { subrequests } : {}) };
    this.entries.push(request);
    if (this.entries.length > this.keep) this.entries.splice(0, this.entries.length - this.keep);
    for (const listener of this.listeners) listener(request);
  }

  /**
   * Calls `listener` with each request as it arrives, before the demo acts on it or answers: a
   * test sees what the client had done by the time its request left. Returns the way to stop.
   */
  listen(listener: (request: LoggedRequest) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** The current position: pass it to `since`. */
  mark(): number {
    return this.seq;
  }

  since(mark: number, session?: number): LoggedRequest[] {
    return this.entries.filter((e) => e.seq > mark && (session === undefined || e.session === session));
  }

  /** Lines as `METHOD /path?query`, for quick assertions. */
  lines(mark = 0, session?: number): string[] {
    return this.since(mark, session).map((e) => `${e.method} ${e.path}`);
  }
}
