/**
 * Linking's figures, against demo orgs in their own processes with injected latency per request:
 *   - link state for every package: API calls per org and wall time, when the LMO is its own
 *     Dev Hub (a Partner Business Org) and when the Dev Hub is another org;
 *   - one poll while waiting for a link (one API call);
 *   - push upgrades: a package's push requests with their job counts (two calls whatever their
 *     number), and one failed request's failed/unstarted jobs and errors (one call per page each).
 *
 *   npm run bench -- --linking-only [--linking-licenses 100000] [--latency 100]
 */
import { DevHubReader } from '../src/data/devHub/devHubReader';
import { readLinkInventory, reportOf } from '../src/data/devHub/linkInventory';
import { PushRequestReader } from '../src/data/devHub/pushRequests';
import { readLinkPoll } from '../src/data/lmo/packageLinks';
import { openOrg } from '../src/data/org/connect';
import { type OrgClient } from '../src/data/org/orgClient';
import { type DemoProcess, demoControl, startDemoProcess } from './demoProcess';

type Demo = DemoProcess;
const startDemo = startDemoProcess;
const control = (demo: Demo, body: object) => demoControl(demo, body);

function connect(demo: Demo): Promise<OrgClient> {
  return openOrg({ kind: 'demo' }, { demo: async () => ({ url: demo.url, username: 'bench', label: 'Demo', issueAccessToken: async () => demo.accessToken }) });
}

/** Runs a task with latency on every demo; returns its wall time and each demo's API calls. */
async function measure<T>(demos: Demo[], latencyMs: number, task: () => Promise<T>): Promise<{ ms: number; calls: number[]; result: T }> {
  for (const d of demos) {
    await control(d, { action: 'reset' });
    await control(d, { action: 'setLatency', value: latencyMs });
  }
  const started = performance.now();
  const result = await task();
  const ms = performance.now() - started;
  const calls: number[] = [];
  for (const d of demos) {
    await control(d, { action: 'setLatency', value: 0 });
    calls.push((await control(d, { action: 'state' })).apiCalls);
  }
  return { ms, calls, result };
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function linkingBench(options: { licenses: number; latencyMs: number }): Promise<void> {
  process.stdout.write(`\nStarting demo orgs with ${options.licenses.toLocaleString('en-US')} licenses for linking…\n`);
  const [pbo, hub] = await Promise.all([
    startDemo(['--licenses', String(options.licenses)]),
    startDemo(['--licenses', String(options.licenses), '--profile', 'dev-hub']),
  ]);
  const lmo = await startDemo(['--licenses', String(options.licenses), '--dev-hub-org-id', hub.orgId]);
  const rows: (string | number)[][] = [];
  try {
    const pboClient = await connect(pbo);
    // Warm the connections (the first request sets jsforce up): not part of the figures.
    await pboClient.limits();
    const same = await measure([pbo], options.latencyMs, async () => reportOf(await readLinkInventory(pboClient, undefined), undefined));
    rows.push(['Link state, every package (LMO = Dev Hub)', `${same.calls[0]} (one org)`, seconds(same.ms), `${same.result.packages.length} packages`]);

    const [lmoClient, hubClient] = await Promise.all([connect(lmo), connect(hub)]);
    await Promise.all([lmoClient.limits(), hubClient.limits()]);
    const reader = new DevHubReader(hubClient);
    const first = await measure([lmo, hub], options.latencyMs, async () => reportOf(await readLinkInventory(lmoClient, reader), undefined));
    rows.push([
      'Link state, every package (Dev Hub apart, org id not known yet)',
      `${first.calls[0]} LMO + ${first.calls[1]} Dev Hub`,
      seconds(first.ms),
      `${first.result.packages.length} packages`,
    ]);
    const again = await measure([lmo, hub], options.latencyMs, async () => reportOf(await readLinkInventory(lmoClient, reader), undefined));
    rows.push([
      '… again (Dev Hub org id remembered)',
      `${again.calls[0]} LMO + ${again.calls[1]} Dev Hub`,
      seconds(again.ms),
      `${again.result.packages.length} packages`,
    ]);

    const poll = await measure([pbo], options.latencyMs, () => readLinkPoll(pboClient, { subscriberPackageId: '0335g0000000009AAA', ownerOrgId: pbo.orgId }));
    rows.push(['One poll while waiting for a link', `${poll.calls[0]}`, seconds(poll.ms), poll.result.state]);

    const pushes = new PushRequestReader(pboClient);
    const billing = '0335g0000000001AAA';
    const list = await measure([pbo], options.latencyMs, () => pushes.requests({ packageIds: [billing] }));
    const scheduled = list.result.reduce((n, r) => n + r.orgsScheduled, 0);
    rows.push(['Push requests of a package, with job counts', `${list.calls[0]}`, seconds(list.ms), `${list.result.length} requests, ${scheduled} jobs`]);
    const failed = list.result.find((r) => r.status === 'Failed');
    if (failed) {
      const detail = await measure([pbo], options.latencyMs, () =>
        Promise.all([pushes.jobs(failed.id, { statuses: ['Failed', 'Created', 'Pending'] }), pushes.errors(failed.id)]),
      );
      rows.push([
        '… a failed request: its retry jobs and errors',
        `${detail.calls[0]}`,
        seconds(detail.ms),
        `${detail.result[0].length} jobs, ${detail.result[1].length} errors`,
      ]);
    }
  } finally {
    for (const d of [pbo, hub, lmo]) d.child.kill();
  }
  process.stdout.write(
    `\n## Linking (${options.latencyMs} ms latency per request; ${options.licenses.toLocaleString('en-US')} licenses)\n\n${table(['Operation', 'API calls', 'Wall time', 'Result'], rows)}\n`,
  );
}
