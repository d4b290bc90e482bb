/**
 * Cancelling a call cancels its HTTP request. jsforce takes no abort signal per call, so without
 * this a cancelled call only stopped waiting: its request ran on, its answer was downloaded for
 * nothing, and a retry already backing off was still sent. jsforce sends every request through
 * one undici dispatcher that it lets us replace; ours finds the signal of the call a request
 * belongs to in the async context the call started in, and aborts the request when the signal
 * fires — before it is written, when the call was cancelled first.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setDispatcher } from '@jsforce/jsforce-node/lib/request';
import { type Duplex } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';

const callSignal = new AsyncLocalStorage<AbortSignal>();

/** The reason a cancelled request ends with; it has no network error code, so jsforce does not retry it. */
class RequestCancelled extends Error {
  constructor() {
    super('The call was cancelled');
    this.name = 'RequestCancelled';
  }
}

type Handler = Dispatcher.DispatchHandler;

/**
 * Hands every event on to fetch's own handler (undici's callback style, the one its dispatchers
 * speak), and aborts the request when the call's signal fires.
 */
class AbortOnSignal implements Handler {
  private abort: ((err?: Error) => void) | undefined;
  private readonly onAbort = (): void => this.abort?.(new RequestCancelled());

  constructor(
    private readonly inner: Handler,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  private done(): void {
    this.signal.removeEventListener('abort', this.onAbort);
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
    this.inner.onConnect?.(abort);
    if (this.signal.aborted) abort(new RequestCancelled());
  }
  onError(err: Error): void {
    this.done();
    this.inner.onError?.(err);
  }
  onUpgrade(statusCode: number, headers: Buffer[] | string[] | null, socket: Duplex): void {
    this.done();
    this.inner.onUpgrade?.(statusCode, headers, socket);
  }
  onResponseStarted(): void {
    this.inner.onResponseStarted?.();
  }
  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean {
    return this.inner.onHeaders?.(statusCode, headers, resume, statusText) ?? true;
  }
  onData(chunk: Buffer): boolean {
    return this.inner.onData?.(chunk) ?? true;
  }
  onComplete(trailers: string[] | null): void {
    this.done();
    this.inner.onComplete?.(trailers);
  }
  onBodySent(chunkSize: number, totalBytesSent: number): void {
    this.inner.onBodySent?.(chunkSize, totalBytesSent);
  }
}

/** jsforce's own dispatcher (HTTP/1.1 only), made to honour the call's signal. */
class CancellableAgent extends Agent {
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const signal = callSignal.getStore();
    // A handler in undici's newer style is left alone: fetch's, the one jsforce uses, is in the callback style.
    const wrap = signal && !handler.onRequestStart;
    return super.dispatch(options, wrap ? new AbortOnSignal(handler, signal) : handler);
  }
}

let installed = false;

/** Runs `start` (which starts a jsforce call) so that the call's requests are aborted when `signal` fires. */
export function withCancellableRequests<T>(signal: AbortSignal | undefined, start: () => T): T {
  if (!installed) {
    setDispatcher(new CancellableAgent({ connect: { allowH2: false } }));
    installed = true;
  }
  return signal ? callSignal.run(signal, start) : start();
}
