/**
 * How one request goes out: a deadline and cancellation around the call jsforce makes, and which
 * hosts are reached without the proxy.
 */
import { LmoError, cancelled } from './errors';

/** Rejects when the signal aborts (cancelled) or the deadline passes (timeout), whichever comes first. */
export function guard<T>(promise: Promise<T>, signal: AbortSignal | undefined, deadlineMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => finish(() => reject(cancelled()));
    const timer = setTimeout(() => finish(() => reject(new LmoError('timeout', 'timed out', 'deadline'))), deadlineMs);
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => finish(() => resolve(v)),
      (e) => finish(() => reject(e)),
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
