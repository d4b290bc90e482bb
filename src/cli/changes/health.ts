/**
 * `--health-port`: the feed's figures over HTTP for a service manager or a monitoring system
 * (docs/feed-service.md, "What to monitor"). `GET /healthz` answers 200 with JSON, or 503 once
 * the last successful poll is older than STALE_AFTER_INTERVALS intervals (at least
 * STALE_MIN_MS); `GET /metrics` gives the same figures in the Prometheus text exposition format.
 * Other paths are 404, other methods 405. Binds the loopback address unless told otherwise.
 */
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { usageError } from '../../data/org/errors';

export const STALE_AFTER_INTERVALS = 3;
export const STALE_MIN_MS = 30_000;

export interface FeedFigures {
  readonly org: string;
  /** ISO, in the org's clock; null before the first poll succeeded. */
  readonly lastSuccessfulPoll: string | null;
  /** Every change committed before now − lagSeconds has been read; null before the first poll. */
  readonly lagSeconds: number | null;
  readonly pendingInOutbox: number;
  readonly deadLetters: number;
  /** Deliveries in the last 60 whole minutes. */
  readonly deliveriesLastHour: number;
  readonly deliveriesTotal: number;
  readonly staleAfterSeconds: number;
  readonly healthy: boolean;
}

export interface MonitorOptions {
  readonly orgId: string;
  readonly intervalMs: number;
  /** The org's clock (ms). */
  readonly now: () => number;
  readonly pending: () => number;
  readonly deadLetters: () => number;
}

/** What the feed did, as the health endpoints report it. */
export class FeedMonitor {
  private readonly startedMs: number;
  private lastPollMs: number | undefined;
  private seenUntilMs: number | undefined;
  private readonly perMinute = new Map<number, number>();
  private total = 0;

  constructor(private readonly o: MonitorOptions) {
    this.startedMs = o.now();
  }

  /** A poll that started at `atMs` succeeded; the feed has read every change before `seenUntilMs`. */
  polled(atMs: number, seenUntilMs: number): void {
    this.lastPollMs = atMs;
    this.seenUntilMs = seenUntilMs;
  }

  delivered(): void {
    const minute = Math.floor(this.o.now() / 60_000);
    this.perMinute.set(minute, (this.perMinute.get(minute) ?? 0) + 1);
    this.total++;
    for (const m of this.perMinute.keys()) if (m <= minute - 60) this.perMinute.delete(m);
  }

  figures(): FeedFigures {
    const now = this.o.now();
    const minute = Math.floor(now / 60_000);
    let lastHour = 0;
    for (const [m, n] of this.perMinute) if (m > minute - 60) lastHour += n;
    const staleMs = Math.max(STALE_MIN_MS, STALE_AFTER_INTERVALS * this.o.intervalMs);
    return {
      org: this.o.orgId,
      lastSuccessfulPoll: this.lastPollMs === undefined ? null : new Date(this.lastPollMs).toISOString(),
      lagSeconds: this.seenUntilMs === undefined ? null : Math.max(0, Math.round((now - this.seenUntilMs) / 1000)),
      pendingInOutbox: this.o.pending(),
      deadLetters: this.o.deadLetters(),
      deliveriesLastHour: lastHour,
      deliveriesTotal: this.total,
      staleAfterSeconds: staleMs / 1000,
      healthy: now - (this.lastPollMs ?? this.startedMs) <= staleMs,
    };
  }
}

const METRICS: readonly [keyof FeedFigures, string, 'gauge' | 'counter', string][] = [
  ['lastSuccessfulPoll', 'last_successful_poll_timestamp_seconds', 'gauge', 'When the LMO was last read successfully (Unix time, the org clock).'],
  ['lagSeconds', 'lag_seconds', 'gauge', 'How far behind the org the feed is: every change committed before now minus this was read.'],
  ['pendingInOutbox', 'outbox_pending', 'gauge', 'Events read and not yet delivered (in the outbox).'],
  ['deadLetters', 'dead_letters', 'gauge', 'Events given up on, waiting in the dead letters (changes dead-letters).'],
  ['deliveriesLastHour', 'deliveries_last_hour', 'gauge', 'Events delivered in the last hour.'],
  ['deliveriesTotal', 'deliveries_total', 'counter', 'Events delivered since the feed started.'],
  ['healthy', 'healthy', 'gauge', '1 while the last successful poll is recent, else 0 (then /healthz answers 503).'],
];

/** The figures in the Prometheus text exposition format (version 0.0.4). */
export function metricsText(f: FeedFigures): string {
  const org = `{org="${f.org.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"}`;
  const lines: string[] = [];
  for (const [key, name, type, help] of METRICS) {
    const raw = f[key];
    const value = key === 'lastSuccessfulPoll' ? (raw === null ? null : Date.parse(raw as string) / 1000) : typeof raw === 'boolean' ? Number(raw) : raw;
    lines.push(`# HELP lma_workbench_feed_${name} ${help}`, `# TYPE lma_workbench_feed_${name} ${type}`);
    if (value !== null) lines.push(`lma_workbench_feed_${name}${org} ${value as number}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface HealthServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startHealthServer(monitor: FeedMonitor, host: string, port: number): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/healthz' && path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: GET /healthz or /metrics\n');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('Only GET.\n');
      return;
    }
    const figures = monitor.figures();
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(metricsText(figures));
      return;
    }
    res.writeHead(figures.healthy ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(`${JSON.stringify(figures)}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(usageError(`--health-port ${port} on ${host}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : (err.code ?? err.message)}.`)),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
