/**
 * The License change feed's figures:
 *   1. events per second delivered to a local webhook receiver (and to a JSON Lines file),
 *      through the real outbox (fdatasync) and dispatcher;
 *   2. heap over 100,000 events (it must stay flat: pages of events go through, none pile up);
 *   3. API calls per idle and busy poll against the demo LMO;
 *   4. catching up 30 days of history at a large install base (the demo in its own process).
 *
 *   npm run bench -- --changes-only [--feed-licenses 100000] [--feed-events 100000]
 *   node --expose-gc out/bench/changeFeed.js [same flags]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type LicenseChangeEnvelope } from '../src/core/changes/envelope';
import { Dispatcher } from '../src/cli/changes/dispatcher';
import { FeedState } from '../src/cli/changes/feedState';
import { FileSink, type Sink } from '../src/cli/changes/fileSinks';
import { DEFAULT_RETRY } from '../src/cli/changes/retry';
import { WebhookSink, webhookKey } from '../src/cli/changes/webhook';
import { type ChangeCursor, LicenseChangeReader } from '../src/data/lmo/changeFeed';
import { openOrg } from '../src/data/org/connect';
import { type DemoProcess, demoControl, startDemoProcess } from './demoProcess';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYqr';

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

function syntheticEvent(i: number): LicenseChangeEnvelope {
  const licenseId = `a0L5g${String(i % 5000).padStart(10, '0')}AAA`;
  return {
    specversion: '1.0',
    id: `0175g${String(i).padStart(10, '0')}AAA`,
    source: 'urn:lma-workbench:lmo:00D5g0000LMODEMEQ5',
    type: 'license.seats_changed',
    subject: licenseId,
    time: new Date(Date.UTC(2026, 2, 10) + i * 1000).toISOString(),
    datacontenttype: 'application/json',
    data: {
      licenseId,
      field: 'sfLma__Seats__c',
      oldValue: 10,
      newValue: 11,
      oldLabel: null,
      newLabel: null,
      actor: { id: '0055g0000000001AAA', name: 'Demo Admin' },
      license: {
        name: 'L-00001',
        subscriberOrgId: '00D5g0000012345',
        packageId: 'a0P5g0000000001AAA',
        packageName: 'Acme Billing',
        packageVersionId: 'a0V5g0000000002AAA',
        versionNumber: '2.3.0',
        accountId: '0015g0000000001AAA',
        accountName: 'Customer Ltd',
        leadCompany: 'Customer Ltd',
        status: 'Active',
        seats: 11,
        expiration: '2027-01-01',
        isSandbox: false,
        isDeleted: false,
      },
    },
  };
}

async function receiver(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(204);
      res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => n,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Pushes `total` events through the outbox and dispatcher, a page (2,000) at a time as the feed does; samples the heap. */
async function pushEvents(sink: Sink, total: number, samples: number[] = []): Promise<{ ms: number; heapMb: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'lma-bench-feed-'));
  const state = new FeedState(dir);
  const dispatcher = new Dispatcher(sink, state.outbox, state.deadLetters, { policy: DEFAULT_RETRY });
  const heap: number[] = [];
  const started = performance.now();
  try {
    for (let i = 0; i < total; i += 2000) {
      await dispatcher.below(5000);
      const page = Array.from({ length: Math.min(2000, total - i) }, (_, k) => syntheticEvent(i + k));
      dispatcher.enqueue(state.outbox.add(page));
      state.outbox.compactIfLarge();
      if (samples.includes(i + 2000)) {
        await dispatcher.idle();
        global.gc?.();
        heap.push(process.memoryUsage().heapUsed / 1_048_576);
      }
    }
    await dispatcher.idle();
    const ms = performance.now() - started;
    await dispatcher.stop();
    return { ms, heapMb: heap };
  } finally {
    state.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Demo = DemoProcess;
const startDemo = (licenses: number) => startDemoProcess(['--licenses', String(licenses)]);
const control = (demo: Demo, body: object) => demoControl<Record<string, unknown>>(demo, body);

async function drain(reader: LicenseChangeReader, cursor: ChangeCursor): Promise<{ events: number; polls: number; calls: number; cursor: ChangeCursor }> {
  let events = 0;
  let polls = 0;
  let calls = 0;
  for (;;) {
    const page = await reader.poll(cursor);
    events += page.changes.length;
    polls++;
    calls += page.apiCalls;
    cursor = page.cursor;
    if (!page.more) return { events, polls, calls, cursor };
  }
}

export async function changeFeedBench(options: { licenses: number; events: number; latencyMs: number }): Promise<void> {
  // 1. Throughput.
  const rx = await receiver();
  const webhook = new WebhookSink({ url: rx.url, key: webhookKey(SECRET, 'SECRET'), concurrency: 8 });
  const throughput = 20_000;
  const hookRun = await pushEvents(webhook, throughput);
  await webhook.close();
  const fileDir = mkdtempSync(join(tmpdir(), 'lma-bench-jsonl-'));
  const file = new FileSink(join(fileDir, 'changes.jsonl'), 'jsonl');
  const fileRun = await pushEvents(file, throughput);
  await file.close();
  rmSync(fileDir, { recursive: true, force: true });
  process.stdout.write(
    `\n## Change feed: delivery throughput (${throughput.toLocaleString('en-US')} events through the outbox, fdatasync per page)\n\n${table(
      ['Sink', 'Events/s', 'Wall time'],
      [
        ['Webhook, signed, local receiver, 8 lanes', Math.round((throughput / hookRun.ms) * 1000), `${(hookRun.ms / 1000).toFixed(2)} s`],
        ['JSON Lines file', Math.round((throughput / fileRun.ms) * 1000), `${(fileRun.ms / 1000).toFixed(2)} s`],
      ],
    )}\n`,
  );

  // 2. Memory over many events (webhook).
  const webhook2 = new WebhookSink({ url: rx.url, key: webhookKey(SECRET, 'SECRET'), concurrency: 8 });
  const marks = [10_000, 50_000, options.events].filter((m, i, all) => m <= options.events && all.indexOf(m) === i);
  const memRun = await pushEvents(webhook2, options.events, marks);
  await webhook2.close();
  await rx.close();
  process.stdout.write(
    `\n## Change feed: heap after a full GC while ${options.events.toLocaleString('en-US')} events are delivered\n\n${table(
      ['Events delivered', 'Heap used'],
      marks.map((m, i) => [m.toLocaleString('en-US'), `${memRun.heapMb[i]?.toFixed(1)} MB`]),
    )}\n\n${options.events.toLocaleString('en-US')} events in ${(memRun.ms / 1000).toFixed(1)} s (${Math.round((options.events / memRun.ms) * 1000)}/s).\n`,
  );

  // 3 and 4. API calls per poll; catching up 30 days.
  process.stdout.write(`\nStarting the demo LMO with ${options.licenses.toLocaleString('en-US')} licenses for the change feed…\n`);
  const demo = await startDemo(options.licenses);
  try {
    const client = await openOrg(
      { kind: 'demo' },
      { demo: async () => ({ url: demo.url, username: 'bench', label: 'Demo LMO', issueAccessToken: async () => demo.accessToken }) },
    );
    const state = await control(demo, { action: 'state' });
    const today = String(state.today);
    const now = () => new Date(Date.parse(`${today}T00:00:00Z`) + (Date.now() % 86_400_000));
    const reader = new LicenseChangeReader(client, { now });
    const rows: (string | number)[][] = [];
    await control(demo, { action: 'setLatency', value: 0 });

    const catchUpStart = performance.now();
    const catchUp = await drain(reader, reader.initialCursor(new Date(now().getTime() - 30 * 86_400_000)));
    const catchUpMs = performance.now() - catchUpStart;
    rows.push([
      `Catch up 30 days (${catchUp.events.toLocaleString('en-US')} events)`,
      catchUp.polls,
      catchUp.calls,
      `${(catchUpMs / 1000).toFixed(1)} s`,
      `${((catchUpMs + catchUp.calls * options.latencyMs) / 1000).toFixed(1)} s`,
    ]);

    const idle = await drain(reader, catchUp.cursor);
    rows.push(['Idle poll', idle.polls, idle.calls, '—', '—']);
    let cursor = idle.cursor;
    for (const burst of [10, 500, 5000]) {
      await control(demo, { action: 'makeChanges', value: burst });
      const busy = await drain(reader, cursor);
      cursor = busy.cursor;
      rows.push([`Busy poll after ${burst.toLocaleString('en-US')} changes (${busy.events.toLocaleString('en-US')} events)`, busy.polls, busy.calls, '—', '—']);
    }
    process.stdout.write(
      `\n## Change feed: API calls at ${options.licenses.toLocaleString('en-US')} licenses (wall time measured with no latency; estimated at ${options.latencyMs} ms per call)\n\n${table(
        ['Read', 'Pages', 'API calls', 'Wall time', `At ${options.latencyMs} ms/call`],
        rows,
      )}\n`,
    );
  } finally {
    demo.child.kill();
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      'feed-licenses': { type: 'string', default: '100000' },
      'feed-events': { type: 'string', default: '100000' },
      latency: { type: 'string', default: '100' },
    },
    strict: false,
  });
  changeFeedBench({ licenses: Number(values['feed-licenses']), events: Number(values['feed-events']), latencyMs: Number(values.latency) }).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
