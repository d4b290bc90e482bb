/** A local webhook receiver for the change feed's tests: records every call, verifies its signature with the Standard Webhooks library, answers as told. */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly contentType: string;
  readonly body: string;
  /** The Standard Webhooks library accepted the signature. */
  readonly verified: boolean;
  readonly status: number;
}

/**
 * `drip`: send the status and headers, then one byte of body every `drip` ms, never ending (a
 * receiver that holds the feed); `body`: the answer's body.
 */
export type Answer = { status: number; headers?: Record<string, string>; drip?: number; body?: string | Buffer };

export class WebhookReceiver {
  readonly received: Received[] = [];
  answer: (req: { id: string; body: string; n: number }) => Answer = () => ({ status: 204 });
  private server!: http.Server;
  private readonly drips = new Set<ReturnType<typeof setInterval>>();
  url = '';

  constructor(readonly secret: string) {}

  async start(): Promise<this> {
    const hook = new Webhook(this.secret);
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = req.headers as Record<string, string>;
        let verified = false;
        try {
          hook.verify(body, headers);
          verified = true;
        } catch {
          verified = false;
        }
        const id = headers['webhook-id'] ?? '';
        const answer = this.answer({ id, body, n: this.received.length + 1 });
        this.received.push({
          id,
          timestamp: headers['webhook-timestamp'] ?? '',
          signature: headers['webhook-signature'] ?? '',
          contentType: headers['content-type'] ?? '',
          body,
          verified,
          status: answer.status,
        });
        res.writeHead(answer.status, answer.headers ?? {});
        if (answer.drip) {
          res.flushHeaders();
          const timer = setInterval(() => res.write('.'), answer.drip);
          this.drips.add(timer);
          res.on('close', () => {
            clearInterval(timer);
            this.drips.delete(timer);
          });
          return;
        }
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/lma`;
    return this;
  }

  /** Ids that were answered with a 2xx. */
  delivered(): string[] {
    return this.received.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.id);
  }

  async close(): Promise<void> {
    for (const timer of this.drips) clearInterval(timer);
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** A Standard Webhooks secret: whsec_ + 32 random bytes in base64. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
