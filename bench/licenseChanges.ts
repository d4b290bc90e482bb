/**
 * Benchmark of the guarded license-change path: a change of N licenses (default 10,000) against
 * the demo LMO in its own process with injected latency per request (default 100 ms): API calls
 * per phase (read the licenses for the plan, write in batches, verify), wall time, journal size.
 *
 *   npm run bench:changes                            (10,000 licenses, 100 ms latency)
 *   npm run bench:changes -- --changes 2000 --latency 50
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock';
import { LicenseManagementOrg } from '../src/data/lmo/licenseManagementOrg';
import { openOrg } from '../src/data/org/connect';
import { LicenseJournal } from '../src/storage/journal';
import { type DemoProcess, demoControl, startDemoProcess } from './demoProcess';

type Demo = DemoProcess;
const startDemo = (licenses: number) => startDemoProcess(['--licenses', String(licenses)]);
const control = <T>(demo: Demo, body: object) => demoControl<T>(demo, body);

/** Runs a task and returns its wall time and the API calls the demo answered meanwhile, by method and resource. */
async function measure<T>(demo: Demo, task: () => Promise<T>): Promise<{ result: T; ms: number; calls: Record<string, number>; total: number }> {
  const { mark } = await control<{ mark: number }>(demo, { action: 'mark' });
  const started = performance.now();
  const result = await task();
  const ms = performance.now() - started;
  const { requests } = await control<{ requests: { method: string; path: string }[] }>(demo, { action: 'requests', since: mark });
  const calls: Record<string, number> = {};
  for (const r of requests) {
    const key = `${r.method} ${r.path.replace(/^\/services\/data\/v[\d.]+/, '').replace(/\?.*$/, '')}`;
    calls[key] = (calls[key] ?? 0) + 1;
  }
  return { result, ms, calls, total: requests.length };
}

/** Runs the benchmark and returns its report (Markdown). Also part of `npm run bench`. */
export async function licenseChangeBench(changes: number, latency: number): Promise<string> {
  const licenses = Math.max(3 * changes, 2000);
  process.stdout.write(`Starting the demo LMO with ${licenses.toLocaleString('en-US')} licenses…\n`);
  const demo = await startDemo(licenses);
  const dir = mkdtempSync(join(tmpdir(), 'lma-bench-changes-'));
  try {
    const client = await openOrg(
      { kind: 'demo' },
      { demo: async () => ({ url: demo.url, username: 'bench', label: 'Demo LMO', issueAccessToken: async () => demo.accessToken }) },
    );
    const lmo = new LicenseManagementOrg(client, systemClock('UTC'));
    const rows = await client.fetchAll<{ Id: string; sfLma__Seats__c: number }>(
      `SELECT Id, sfLma__Seats__c FROM sfLma__License__c WHERE sfLma__Status__c IN ('Active', 'Suspended') AND sfLma__License_Type__c = 'Editable' AND sfLma__Seats__c >= 0 ORDER BY Id LIMIT ${changes}`,
    );
    if (rows.records.length < changes) throw new Error(`only ${rows.records.length} editable licenses`);
    await control(demo, { action: 'setLatency', value: latency });
    const plan = await measure(demo, () =>
      lmo.planLicenseChanges({ description: 'bench', changes: rows.records.map((r) => ({ license: r.Id, seats: r.sfLma__Seats__c + 1 })) }),
    );
    const journal = new LicenseJournal(dir);
    let writeMs = 0;
    const started = performance.now();
    const run = await measure(demo, () =>
      lmo.runLicenseChange(plan.result.plan, {
        journal,
        confirmation: { yes: true, typed: String(changes) },
        onProgress: (p) => {
          if (p.phase === 'verifying') writeMs = performance.now() - started;
        },
      }),
    );
    await control(demo, { action: 'setLatency', value: 0 });
    if (run.result.status !== 'done') throw new Error(`the run ended ${run.result.status}`);
    const patches = run.calls['PATCH /composite/sobjects'] ?? 0;
    const verification = run.total - patches;
    const bound = Math.ceil(changes / 200);
    const lines = [
      `\n## A ${changes.toLocaleString('en-US')}-license change (${latency} ms latency per request)\n`,
      '| Phase | API calls | Wall time |',
      '|---|---|---|',
      `| Plan: read the licenses (Composite, 5 queries of ~180 ids a call) | ${plan.total} | ${(plan.ms / 1000).toFixed(2)} s |`,
      `| Write: sObject Collections, 200 a call | ${patches} (⌈n/200⌉ = ${bound}) | ${(writeMs / 1000).toFixed(2)} s |`,
      `| Verify: re-read licenses and history (Composite) | ${verification} | ${((run.ms - writeMs) / 1000).toFixed(2)} s |`,
      `| Total | ${plan.total + run.total} | ${((plan.ms + run.ms) / 1000).toFixed(2)} s |`,
      '',
      `Saved ${run.result.counts.saved.toLocaleString('en-US')}, verified ${run.result.counts.verified.toLocaleString('en-US')}, failed ${run.result.counts.failed}. Journal: ${(statSync(journal.path).size / 1_048_576).toFixed(1)} MB.`,
      `Write calls ${patches <= bound ? 'within' : 'OVER'} ⌈n/200⌉; write + verification = ${run.total} calls.`,
    ];
    return `${lines.join('\n')}\n`;
  } finally {
    demo.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { licenses: { type: 'string', default: '10000' }, latency: { type: 'string', default: '100' } } });
  licenseChangeBench(Number(values.licenses), Number(values.latency)).then(
    (report) => process.stdout.write(report),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
