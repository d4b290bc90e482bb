/**
 * Cancelling a call cancels its HTTP request. Without this a cancelled call only stopped waiting:
 * its request ran on until the org answered or it timed out, and a retry jsforce was backing off
 * to send still went out. jsforce sends every request through one undici dispatcher it lets us
 * replace; ours finds the call's signal (cancellableRequests.ts) and aborts the request when the
 * signal fires — or refuses it before connecting, when the call was cancelled first (a retry).
 *
 * Not cancelled: a response whose status has arrived (its body is read to the end, so no stream is
 * cut under jsforce), token refreshes (other calls wait on the same refresh), and requests through
 * an HTTP proxy (jsforce gives those a proxy agent of its own; cancelling them only stops waiting).
 * Writes are sent without a signal by the data layer: a write once sent is finished and verified.
 */
import { setDispatcher } from '@jsforce/jsforce-node/lib/request';
import { type Duplex } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { currentCallSignal } from './cancellableRequests';

type Handler = Dispatcher.DispatchHandler;

/** The reason a cancelled request ends with; it has no network error code, so jsforce does not retry it. */
class RequestCancelled extends Error {
  constructor() {
    super('The call was cancelled');
    this.name = 'RequestCancelled';
  }
}

/** One listener per signal, however many requests the call has open (no MaxListeners warnings). */
const openRequests = new WeakMap<AbortSignal, Set<() => void>>();

function onCancel(signal: AbortSignal, abort: () => void): () => void {
  let aborts = openRequests.get(signal);
  if (!aborts) {
    const set = new Set<() => void>();
    aborts = set;
    openRequests.set(signal, set);
    signal.addEventListener('abort', () => [...set].forEach((a) => a()), { once: true });
  }
  aborts.add(abort);
  const mine = aborts;
  return () => mine.delete(abort);
}

/**
 * Hands every event on to fetch's own handler (undici's callback style, the one its dispatchers
 * speak: fetch's handler has no onBodySent), and aborts the request if the call is cancelled
 * before the answer starts.
 */
class AbortOnSignal implements Handler {
  private abort: ((err?: Error) => void) | undefined;
  private readonly forget: () => void;

  constructor(
    private readonly inner: Handler,
    private readonly signal: AbortSignal,
  ) {
    this.forget = onCancel(signal, () => this.abort?.(new RequestCancelled()));
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
    this.inner.onConnect?.(abort);
    if (this.signal.aborted) abort(new RequestCancelled());
  }
  onError(err: Error): void {
    this.forget();
    this.inner.onError?.(err);
  }
  onUpgrade(statusCode: number, headers: Buffer[] | string[] | null, socket: Duplex): void {
    this.forget();
    this.inner.onUpgrade?.(statusCode, headers, socket);
  }
  onResponseStarted(): void {
    this.inner.onResponseStarted?.();
  }
  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean {
    // The answer has started: it is read to the end (jsforce pipes the body without an error handler).
    if (statusCode >= 200) this.forget();
    return this.inner.onHeaders?.(statusCode, headers, resume, statusText) ?? true;
  }
  onData(chunk: Buffer): boolean {
    return this.inner.onData?.(chunk) ?? true;
  }
  onComplete(trailers: string[] | null): void {
    this.forget();
    this.inner.onComplete?.(trailers);
  }
}

/** jsforce's own dispatcher (HTTP/1.1 only), made to honour the call's signal. */
class CancellableAgent extends Agent {
  override dispatch(options: Dispatcher.DispatchOptions, handler: Handler): boolean {
    const signal = currentCallSignal();
    // A handler in undici's newer style is left alone: fetch's, the one jsforce uses, is in the callback style.
    if (!signal || handler.onRequestStart || String(options.path).startsWith('/services/oauth2/')) return super.dispatch(options, handler);
    if (signal.aborted) {
      handler.onError?.(new RequestCancelled());
      return false;
    }
    return super.dispatch(options, new AbortOnSignal(handler, signal));
  }
}

let installed = false;

/** Makes jsforce send its requests through the cancellable dispatcher (once per process). */
export function installCancellableDispatcher(): void {
  if (installed) return;
  setDispatcher(new CancellableAgent({ connect: { allowH2: false } }));
  installed = true;
}
