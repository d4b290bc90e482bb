/**
 * Webhook delivery signed per Standard Webhooks: `webhook-id` (the event id, stable across
 * retries and restarts), `webhook-timestamp` (Unix seconds of the attempt) and
 * `webhook-signature` = `v1,` + base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")). The
 * secret (`whsec_` + base64) comes from an environment variable and is never printed.
 *
 * A receiver cannot hold the feed: each delivery has one deadline for the whole answer (headers
 * and body), at most MAX_ANSWER_BYTES of the answer are read, and a stop aborts it. A redirect is
 * never followed (the signature and the body would go to another host): it is a dead letter
 * that names where it pointed (docs/feed-service.md, "Outcomes").
 */
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { CLOUDEVENTS_CONTENT_TYPE, type LicenseChangeEnvelope } from '../../core/changes/envelope';
import { usageError } from '../../data/org/errors';
import { type Sink } from './fileSinks';
import { type SendResult, classifyStatus } from './retry';

/** The secret's key bytes, from `whsec_<base64>`; at least 24 bytes, as the specification asks. */
export function webhookKey(secret: string | undefined, variable: string): Buffer {
  if (!secret) throw usageError(`The environment variable ${variable} (named by --secret-env) is empty or not set.`);
  const text = secret.trim();
  const body = text.startsWith('whsec_') ? text.slice(6) : text;
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(body) ? Buffer.from(body, 'base64') : Buffer.alloc(0);
  if (key.length < 24)
    throw usageError(`The secret in ${variable} must be "whsec_" followed by at least 24 random bytes in base64 (e.g. whsec_$(openssl rand -base64 32)).`);
  return key;
}

export function signature(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The most of a receiver's answer that is read; a receiver owes no more than a status. */
export const MAX_ANSWER_BYTES = 64 * 1024;

export interface WebhookOptions {
  readonly url: string;
  readonly key: Buffer;
  readonly timeoutMs?: number;
  readonly now?: () => number;
  /** Licenses delivered in parallel (one license's events always in order). */
  readonly concurrency?: number;
}

export class WebhookSink implements Sink {
  readonly concurrency: number;
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: WebhookOptions) {
    try {
      this.url = new URL(options.url);
    } catch {
      throw usageError('--webhook must be an http:// or https:// URL.');
    }
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw usageError('--webhook must be an http:// or https:// URL.');
    this.agent = new (this.url.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 32 });
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.concurrency = options.concurrency ?? 8;
  }

  /** The URL without credentials or query, for messages. */
  get label(): string {
    return `${this.url.protocol}//${this.url.host}${this.url.pathname}`;
  }

  /** One attempt; `stop` aborts it (the event stays in the outbox). */
  send(event: LicenseChangeEnvelope, stop?: AbortSignal): Promise<SendResult> {
    const body = JSON.stringify(event);
    const timestamp = Math.floor(this.now() / 1000);
    const headers = {
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'lma-workbench-change-feed',
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature(this.options.key, event.id, timestamp, body),
    };
    const client = this.url.protocol === 'https:' ? https : http;
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const done = (result: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        stop?.removeEventListener('abort', onStop);
        if (!ended) req.destroy();
        resolve(result);
      };
      let ended = false;
      const onStop = () => done({ kind: 'stopped' });
      const deadline = setTimeout(() => done({ kind: 'retry', error: `no complete answer within ${Math.round(this.timeoutMs / 1000)} s` }), this.timeoutMs);
      const req = client.request(this.url, { method: 'POST', headers, agent: this.agent }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) return done(redirect(status, header(res.headers.location), this.url));
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read <= MAX_ANSWER_BYTES) return;
          const result = classifyStatus(status, header(res.headers['retry-after']), this.now());
          done(
            result.kind === 'delivered'
              ? { kind: 'retry', error: `HTTP ${status} with an answer over ${MAX_ANSWER_BYTES / 1024} KiB, not read to its end` }
              : result,
          );
        });
        res.on('end', () => {
          ended = true;
          done(classifyStatus(status, header(res.headers['retry-after']), this.now()));
        });
        res.on('error', (err) => done({ kind: 'retry', error: err.message }));
      });
      req.on('error', (err) => done({ kind: 'retry', error: (err as NodeJS.ErrnoException).code ?? err.message }));
      if (stop?.aborted) return onStop();
      stop?.addEventListener('abort', onStop, { once: true });
      req.end(body);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}

/** A 3xx: never followed; the dead letter says where it pointed (without credentials or query). */
function redirect(status: number, location: string | undefined, base: URL): SendResult {
  if (!location) return { kind: 'permanent', error: `HTTP ${status}: a redirect without a Location, not followed` };
  let target: string;
  try {
    const url = new URL(location, base);
    target = `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    target = 'an unreadable address';
  }
  return {
    kind: 'permanent',
    error: `HTTP ${status}: redirect to ${target}, not followed (the feed never sends an event or its signature to another address)`,
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
