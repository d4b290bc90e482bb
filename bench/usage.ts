/**
 * Seat usage's figures (issue 28), against a demo LMO in its own process with injected latency per
 * request: one month's App Analytics package usage summary of every package, through
 * AppAnalytics.usageSummary (create, polls, one download of the file), then the same month again
 * from the month cache (no call, no download). While the file streams, the client's heap is
 * sampled: it stays flat, since only a 64-bit hash of each distinct (org, package, user token) is
 * kept, then counted (src/data/lmo/usageCsv.ts). The month is the last complete one, as the CLI's
 * default. Then flatness: the same month with the same distinct users in a file of 1× and
 * ROW_REPEAT× the rows (the demo's row repeat, docs/demo.md), the live peak of each — it must not
 * grow with the rows.
 *
 *   npm run bench -- --usage-only [--usage-licenses 20000] [--latency 100]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/core/clock';
import { lastCompleteMonth } from '../src/core/usage/usageMonth';
import { AppAnalytics, type UsageSummaryResult } from '../src/data/lmo/appAnalytics';
import { LicenseManagementOrg } from '../src/data/lmo/licenseManagementOrg';
import { openOrg } from '../src/data/org/connect';
import { UsageCache } from '../src/storage/usageCache';
import { type DemoProcess, demoControl, startDemoProcess } from './demoProcess';

const MB = 1_048_576;
/** The flatness figure's bigger file: this many times the rows (and bytes), the same users. */
const ROW_REPEAT = 4;

type Demo = DemoProcess;
const startDemo = startDemoProcess;
const control = (demo: Demo, body: object) => demoControl(demo, body);

interface Run {
  ms: number;
  endedAt: number;
  /** The demo's own counter of API calls (the download is not an API call). */
  demoCalls: number;
  heapBeforeMb: number;
  heapPeakMb: number;
  heapAfterMb: number;
  /** ArrayBuffers (typed arrays, Node Buffers: outside the V8 heap) before and at the peak of heap + array buffers. */
  arrayBuffersBeforeMb: number;
  /** The peak of heap + array buffers: all the JavaScript memory the run held. */
  heldPeakMb: number;
  arrayBuffersAtHeldPeakMb: number;
  rssPeakMb: number;
  result: UsageSummaryResult;
}

/**
 * One usageSummary with the latency on; heap after a full GC before and after, and sampled every
 * 10 ms in between (garbage not collected yet included) — or, with `liveHeap`, after a full GC
 * every 250 ms: what is really held (its wall time is not a figure).
 */
async function measure(demo: Demo, latencyMs: number, task: () => Promise<UsageSummaryResult>, liveHeap = false): Promise<Run> {
  await control(demo, { action: 'reset' });
  await control(demo, { action: 'setLatency', value: latencyMs });
  global.gc?.();
  const before = process.memoryUsage();
  let heapPeak = before.heapUsed;
  let rssPeak = before.rss;
  let held = { total: before.heapUsed + before.arrayBuffers, arrayBuffers: before.arrayBuffers };
  const sample = () => {
    if (liveHeap) global.gc?.();
    const now = process.memoryUsage();
    heapPeak = Math.max(heapPeak, now.heapUsed);
    rssPeak = Math.max(rssPeak, now.rss);
    if (now.heapUsed + now.arrayBuffers > held.total) held = { total: now.heapUsed + now.arrayBuffers, arrayBuffers: now.arrayBuffers };
  };
  const sampler = setInterval(sample, liveHeap ? 250 : 10);
  const started = performance.now();
  const result = await task();
  const endedAt = performance.now();
  const ms = endedAt - started;
  clearInterval(sampler);
  sample();
  global.gc?.();
  // The result (the counts) is still held here: what stays is what the month costs to keep.
  const after = process.memoryUsage().heapUsed;
  await control(demo, { action: 'setLatency', value: 0 });
  const { apiCalls } = await control(demo, { action: 'state' });
  return {
    ms,
    endedAt,
    demoCalls: apiCalls,
    heapBeforeMb: before.heapUsed / MB,
    heapPeakMb: heapPeak / MB,
    heapAfterMb: after / MB,
    arrayBuffersBeforeMb: before.arrayBuffers / MB,
    heldPeakMb: held.total / MB,
    arrayBuffersAtHeldPeakMb: held.arrayBuffers / MB,
    rssPeakMb: (rssPeak - before.rss) / MB,
    result,
  };
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (n: number) => `${n.toFixed(1)} MB`;
const count = (n: number) => n.toLocaleString('en-US');

export async function usageBench(options: { licenses: number; latencyMs: number }): Promise<void> {
  if (!global.gc) process.stdout.write('(run with node --expose-gc for the heap figures after a full GC)\n');
  process.stdout.write(`\nStarting the demo LMO with ${count(options.licenses)} licenses for seat usage…\n`);
  const demo = await startDemo(['--licenses', String(options.licenses), '--no-fma']);
  const dir = mkdtempSync(join(tmpdir(), 'lma-bench-usage-'));
  try {
    const client = await openOrg(
      { kind: 'demo' },
      {
        demo: async () => ({ url: demo.url, username: 'bench', label: 'Demo LMO', issueAccessToken: async () => demo.accessToken }),
        timeoutMs: 30 * 60_000,
      },
    );
    // Every package with a 033 id, as `lma-workbench usage` asks for; this read warms the connection and is not part of the figures.
    const packages = await new LicenseManagementOrg(client, systemClock()).packages();
    const packageIds = packages.map((p) => p.packageId).filter((id): id is string => !!id && /^033[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(id));
    const month = lastCompleteMonth(new Date());
    const cache = new UsageCache(join(dir, 'cache'));
    const analytics = new AppAnalytics(client);
    let polls = 0;
    let lastPollAt = 0;
    const onPoll = () => {
      polls++;
      lastPollAt = performance.now();
    };
    // The product's own poll schedule and real timers: the first poll waits 2 s.
    const first = await measure(demo, options.latencyMs, () => analytics.usageSummary(month, packageIds, { cache, onPoll }));
    // From the last poll (the request Complete) to the counts: the download, streamed and counted.
    const downloadMs = first.endedAt - lastPollAt;
    const second = await measure(demo, options.latencyMs, () => analytics.usageSummary(month, packageIds, { cache }));
    // The same month again without the cache, a full GC every 250 ms: the heap really held while the file streams.
    const live = await measure(demo, 0, () => analytics.usageSummary(month, packageIds), true);
    // The same users in a file of ROW_REPEAT× the rows: the live peak must be the same.
    await control(demo, { action: 'setAppAnalyticsRowRepeat', value: ROW_REPEAT });
    const repeated = await measure(demo, 0, () => analytics.usageSummary(month, packageIds), true);
    await control(demo, { action: 'setAppAnalyticsRowRepeat', value: 1 });
    for (const run of [first, second, live, repeated])
      if (run.result.state !== 'ready') throw new Error(`seat usage: ${run.result.state}: ${JSON.stringify(run.result)}`);
    const summary = (run: Run) => {
      if (run.result.state !== 'ready') return ['—', '—'];
      const users = [...run.result.activeUsers.values()].reduce((a, b) => a + b, 0);
      return [`${count(run.result.activeUsers.size)} org × package`, count(users)];
    };
    const rows = [
      [
        'Month summary, every package (create + polls + download)',
        first.result.apiCalls,
        polls,
        first.demoCalls,
        first.result.downloads,
        seconds(first.ms),
        ...summary(first),
      ],
      ['… of which the download (last poll to counts)', '—', '—', '—', '—', seconds(downloadMs), '', ''],
      ['… again, from the month cache', second.result.apiCalls, 0, second.demoCalls, second.result.downloads, seconds(second.ms), ...summary(second)],
    ];
    const ready = first.result.state === 'ready' ? first.result : undefined;
    const growth = (n: number) => `${n >= 0 ? '+' : ''}${mb(n)}`;
    const flat = (label: string, run: Run) => {
      if (run.result.state !== 'ready') return [label, '—', '—', '—', '—', '—', '—'];
      const users = [...run.result.activeUsers.values()].reduce((a, b) => a + b, 0);
      return [
        label,
        count(run.result.rowsRead),
        `${count(run.result.bytes)} (${mb(run.result.bytes / MB)})`,
        count(users),
        growth(run.heapPeakMb - run.heapBeforeMb),
        growth(run.arrayBuffersAtHeldPeakMb - run.arrayBuffersBeforeMb),
        growth(run.heldPeakMb - run.heapBeforeMb - run.arrayBuffersBeforeMb),
      ];
    };
    process.stdout.write(
      `\n## Seat usage: ${month}, ${packageIds.length} packages (${options.latencyMs} ms latency per request; ${count(options.licenses)} licenses)\n\n` +
        `${table(['Operation', 'API calls', 'Polls', 'Demo counter', 'Downloads', 'Wall time', 'Counts', 'Active users'], rows)}\n\n` +
        `${table(
          ['Client memory while the file streams', 'Value'],
          [
            ['Bytes downloaded (gzip CSV)', `${count(ready?.bytes ?? 0)} (${mb((ready?.bytes ?? 0) / MB)})`],
            ['Rows read', count(ready?.rowsRead ?? 0)],
            ['Heap before (after a full GC)', mb(first.heapBeforeMb)],
            ['Heap peak during create, polls and download (sampled every 10 ms)', `${mb(first.heapPeakMb)} (+${mb(first.heapPeakMb - first.heapBeforeMb)})`],
            [
              'Heap after (after a full GC, counts held)',
              `${mb(first.heapAfterMb)} (${first.heapAfterMb >= first.heapBeforeMb ? '+' : ''}${mb(first.heapAfterMb - first.heapBeforeMb)})`,
            ],
            ['RSS growth at peak', mb(first.rssPeakMb)],
            [
              'Live heap peak (again without the cache, a full GC every 250 ms, no latency)',
              `${mb(live.heapPeakMb)} (+${mb(live.heapPeakMb - live.heapBeforeMb)})`,
            ],
            [
              'Live heap + array buffers peak (the same run: typed arrays and Buffers are outside the heap)',
              `${mb(live.heldPeakMb)} (${growth(live.heldPeakMb - live.heapBeforeMb - live.arrayBuffersBeforeMb)})`,
            ],
          ],
        )}\n\n` +
        `Flat over the file's size: the same month and users, the file 1× and ${ROW_REPEAT}× the rows (the demo's row repeat), ` +
        `without the cache, a full GC every 250 ms, no latency; growth over the memory before each run:\n\n` +
        `${table(
          ['File', 'Rows read', 'Bytes (gzip CSV)', 'Distinct (org, package, user)', 'Live heap peak', 'Array buffers then', 'Live heap + array buffers peak'],
          [flat('1× rows', live), flat(`${ROW_REPEAT}× rows`, repeated)],
        )}\n`,
    );
  } finally {
    demo.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
