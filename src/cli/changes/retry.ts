/**
 * When to try a delivery again, and after how long: exponential back-off with jitter on 5xx,
 * timeouts, network errors, 408 and 429 (a Retry-After header wins); any other 4xx is permanent.
 * After `maxAttempts` an event goes to the dead letters.
 */

export type SendResult =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'retry'; readonly error: string; readonly retryAfterMs?: number }
  | { readonly kind: 'permanent'; readonly error: string }
  /** The feed is stopping: the attempt was aborted and the event stays in the outbox. */
  | { readonly kind: 'stopped' };

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** The longest Retry-After honoured. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 12, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, maxRetryAfterMs: 60 * 60_000 };

/** What an HTTP status means for delivery. */
export function classifyStatus(status: number, retryAfter: string | undefined, now: number): SendResult {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const error = `HTTP ${status}`;
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', error, retryAfterMs: parseRetryAfter(retryAfter, now) };
  return { kind: 'permanent', error: status === 410 ? `${error} (the endpoint is gone)` : error };
}

/**
 * Retry-After as delay-seconds (a whole number) or an HTTP-date (RFC 9110 §10.2.3: it starts with the day's
 * name, "Sun, 06 Nov 1994 08:49:37 GMT"); undefined when absent or anything else — "1.5" is neither, and
 * JavaScript's lenient date parser would read it as a day in 2001, so it is never asked.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before attempt `attempt + 1`: base·2^(attempt−1) capped, half fixed and half random; Retry-After when the receiver asked. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(policy.maxRetryAfterMs, retryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
