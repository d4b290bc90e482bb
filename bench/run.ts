/**
 * Benchmarks, printed as tables (figures, not pass/fail):
 *   1. bundle sizes and what activation loads;
 *   2. the sidebar: API calls and wall time to expand to a version's first page of licenses;
 *   3. the dashboard from server aggregates vs the naive approach (fetch every license, compute
 *      locally): API calls, wall time, client memory — against the demo LMO in its own process
 *      with injected latency per request;
 *   4. a 10,000-license change through the guarded path (bench/licenseChanges.ts; `--changes 0` skips it).
 *   5. feature parameter distributions per package at two sizes (`--feature-sizes 10000,100000`; empty skips it).
 *
 *   npm run bench                      (1k, 100k, 1M licenses; 100 ms latency)
 *   npm run bench -- --sizes 1000,100000 --latency 100
 *   4. the License change feed (bench/changeFeed.ts): delivery rate, heap over 100,000 events,
 *      API calls per idle and busy poll, a 30-day catch-up.
 *   npm run bench -- --changes-only [--feed-licenses 100000] [--feed-events 100000]
 *   npm run bench -- --no-changes
 *   5. linking (bench/linking.ts): API calls and wall time of the link state of every package (one
 *      org, two orgs) and of one poll.
 *   npm run bench -- --linking-only [--linking-licenses 10000]      npm run bench -- --no-linking
 *   6. seat usage (bench/usage.ts): API calls, downloads and wall time of a month's App Analytics summary
 *      (then from the month cache), and the client's heap while its file streams.
 *   npm run bench -- --usage-only [--usage-licenses 20000]            npm run bench -- --no-usage
 *   7. the executives' dashboard (bench/lmoDashboard.ts): API calls and wall time of its deploy and verify
 *   npm run bench -- --lmo-dashboard-only [--lmo-dashboard-licenses 5000,50000]   npm run bench -- --no-lmo-dashboard
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { storeCliLogin } from '../scripts/harness/cliLogin';
import { runInExtensionHost } from '../scripts/harness/extensionHost';
import { provision } from '../scripts/harness/tools';
import { changeFeedBench } from './changeFeed';
import { licenseChangeBench } from './licenseChanges';
import { linkingBench } from './linking';
import { usageBench } from './usage';
import { lmoDashboardBench } from './lmoDashboard';
import { systemClock } from '../src/core/clock';
import { metricsFromLicenses } from '../src/core/dashboard/fromLicenses';
import { LicenseManagementOrg } from '../src/data/lmo/licenseManagementOrg';
import { openOrg } from '../src/data/org/connect';
import { type DemoProcess, demoControl, startDemoProcess } from './demoProcess';

const ROOT = resolve(__dirname, '../..');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,100000,1000000' },
    latency: { type: 'string', default: '100' },
    'exthost-licenses': { type: 'string', default: '1000000' },
    'no-exthost': { type: 'boolean', default: false },
    'no-changes': { type: 'boolean', default: false },
    'changes-only': { type: 'boolean', default: false },
    'no-linking': { type: 'boolean', default: false },
    'linking-only': { type: 'boolean', default: false },
    'linking-licenses': { type: 'string', default: '10000' },
    'no-usage': { type: 'boolean', default: false },
    'usage-only': { type: 'boolean', default: false },
    'usage-licenses': { type: 'string', default: '20000' },
    'no-lmo-dashboard': { type: 'boolean', default: false },
    'lmo-dashboard-only': { type: 'boolean', default: false },
    'lmo-dashboard-licenses': { type: 'string', default: '5000,50000' },
    // The change feed's catch-up at 100,000 licenses by default (1,000,000 works: the demo indexes History by CreatedDate, as Salesforce does).
    'feed-licenses': { type: 'string', default: '100000' },
    'feed-events': { type: 'string', default: '100000' },
    // Guarded license changes: how many licenses one benchmarked change covers (0: skip).
    'modify-licenses': { type: 'string', default: '10000' },
    // Feature parameter distributions: the install-base sizes measured (empty: skip).
    'feature-sizes': { type: 'string', default: '10000,100000' },
    // Only the bundles' sizes and load times.
    'bundles-only': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').filter(Boolean).map(Number);
const latency = Number(values.latency);

type Demo = DemoProcess;

/** A demo LMO in its own process; without the FMA's data unless asked (only the feature section reads it). */
const startDemo = (licenses: number, withFma = false) => startDemoProcess(['--licenses', String(licenses), ...(withFma ? [] : ['--no-fma'])]);
const control = (demo: Demo, body: object) => demoControl(demo, body);

async function connect(demo: Demo): Promise<LicenseManagementOrg> {
  const client = await openOrg(
    { kind: 'demo' },
    {
      demo: async () => ({ url: demo.url, username: 'bench', label: 'Demo LMO', issueAccessToken: async () => demo.accessToken }),
      // The demo scans a million records per aggregate in one Node process: give it the time (Salesforce indexes).
      timeoutMs: 30 * 60_000,
    },
  );
  return new LicenseManagementOrg(client, systemClock());
}

/** Runs a task, measuring wall time, API calls (the demo's own counter) and the client's peak heap growth. */
async function measure<T>(demo: Demo, task: () => Promise<T>): Promise<{ ms: number; calls: number; heapMb: number; result: T }> {
  global.gc?.();
  await control(demo, { action: 'reset' });
  await control(demo, { action: 'setLatency', value: latency });
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const started = performance.now();
  const result = await task();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  await control(demo, { action: 'setLatency', value: 0 });
  const { apiCalls } = await control(demo, { action: 'state' });
  return { ms, calls: apiCalls, heapMb: (peak - base) / 1_048_576, result };
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

const kb = (file: string) => `${(statSync(join(ROOT, file)).size / 1024).toFixed(0)} KB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const feed = () => changeFeedBench({ licenses: Number(values['feed-licenses']), events: Number(values['feed-events']), latencyMs: latency });
  const linking = () => linkingBench({ licenses: Number(values['linking-licenses']), latencyMs: latency });
  const usage = () => usageBench({ licenses: Number(values['usage-licenses']), latencyMs: latency });
  const lmoDashboard = async (): Promise<void> => {
    process.stdout.write(await lmoDashboardBench({ sizes: values['lmo-dashboard-licenses'].split(',').filter(Boolean).map(Number), latencyMs: latency }));
  };
  if (values['lmo-dashboard-only']) {
    spawnSync('node', ['esbuild.mjs'], { cwd: ROOT, stdio: 'ignore' });
    return lmoDashboard();
  }
  if (values['usage-only']) {
    spawnSync('node', ['esbuild.mjs'], { cwd: ROOT, stdio: 'ignore' });
    return usage();
  }
  if (values['linking-only']) {
    spawnSync('node', ['esbuild.mjs'], { cwd: ROOT, stdio: 'ignore' });
    return linking();
  }
  if (values['changes-only']) {
    spawnSync('node', ['esbuild.mjs'], { cwd: ROOT, stdio: 'ignore' });
    return feed();
  }
  process.stdout.write(`Building production bundles…\n`);
  spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'ignore' });

  // The vscode module is a stand-in that answers every property (bundles read enums such as
  // DiagnosticSeverity at load); a bundle that fails to load is an error, not a 0 ms figure.
  const loadTime = (file: string, then = '') => {
    const script = `(async()=>{const M=require('module');const o=M._load;const S=new Proxy(function(){},{get:(t,k)=>k==='__esModule'?true:k===Symbol.toPrimitive?()=>0:S,getPrototypeOf:()=>S,apply:()=>S,construct:()=>S});M._load=function(r,...a){return r==='vscode'?S:o.call(this,r,...a)};const t=process.hrtime.bigint();const m=require(${JSON.stringify(join(ROOT, file))});${then}process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))})()`;
    const runs = Array.from({ length: 5 }, () => {
      const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, SF_DISABLE_LOG_FILE: 'true' } });
      if (run.status !== 0 || !run.stdout.trim()) throw new Error(`${file} did not load: ${run.stderr.slice(0, 500)}`);
      return Number(run.stdout);
    });
    return `${runs.sort((a, b) => a - b)[2].toFixed(1)} ms`;
  };
  process.stdout.write(
    `\n## Bundles and activation\n\n${table(
      ['File', 'Size', 'Load time (median of 5, Node 20)'],
      [
        ['dist/extension.js (loaded at activation)', kb('dist/extension.js'), loadTime('dist/extension.js')],
        ['dist/salesforceStack.js (first connection)', kb('dist/salesforceStack.js'), loadTime('dist/salesforceStack.js')],
        [
          '… and evaluating @salesforce/core (first CLI org list)',
          '—',
          loadTime('dist/salesforceStack.js', `process.env.HOME=require('os').tmpdir()+'/lma-bench-home';await m.listCliOrgs();`),
        ],
        ['dist/demoLmo.js (demo only)', kb('dist/demoLmo.js'), loadTime('dist/demoLmo.js')],
        ['dist/webview/dashboard.js (webview)', kb('dist/webview/dashboard.js'), '—'],
        ['dist/lma-workbench.vsix', kb('dist/lma-workbench.vsix'), '—'],
      ],
    )}\n`,
  );

  if (values['bundles-only']) return;
  const treeRows: (string | number)[][] = [];
  const dashRows: (string | number)[][] = [];
  for (const size of sizes) {
    process.stdout.write(`\nStarting the demo LMO with ${size.toLocaleString('en-US')} licenses…\n`);
    const demo = await startDemo(size);
    try {
      const lmo = await connect(demo);
      const tree = await measure(demo, async () => {
        await lmo.probeLma();
        const summary = await lmo.installBaseSummary({});
        const pkg = summary.packages[0];
        const versions = await lmo.packageVersionSummary(pkg.id, {});
        const biggest = [...versions.totalCounts.entries()].sort((a, b) => b[1] - a[1])[0][0];
        return lmo.licensePage({ packageVersionId: biggest }, { pageSize: 200 });
      });
      treeRows.push([size.toLocaleString('en-US'), tree.calls, seconds(tree.ms), tree.result.licenses.length]);

      const options = { includeSandboxes: false, churnDays: 90 };
      const aggregated = await measure(demo, () => lmo.dashboard(options));
      const naive = await measure(demo, async () => {
        const all = await lmo.licenses({});
        const packages = await lmo.packages();
        const versions = await lmo.packageVersions();
        const history = await lmo.client.fetchAll<Record<string, unknown>>(
          "SELECT ParentId, NewValue, CreatedDate FROM sfLma__License__History WHERE Field = 'sfLma__Status__c'",
        );
        const changes = history.records.map((r) => ({
          licenseId: String(r.ParentId),
          newStatus: typeof r.NewValue === 'string' ? r.NewValue : null,
          at: String(r.CreatedDate),
        }));
        return metricsFromLicenses(all.records, packages, versions, aggregated.result.metrics.options, changes);
      });
      const same = JSON.stringify(aggregated.result.metrics) === JSON.stringify(naive.result);
      dashRows.push([
        size.toLocaleString('en-US'),
        aggregated.calls,
        aggregated.result.roundTrips,
        seconds(aggregated.ms),
        `${aggregated.heapMb.toFixed(1)} MB`,
        naive.calls,
        seconds(naive.ms),
        `${naive.heapMb.toFixed(1)} MB`,
        `${(naive.calls / aggregated.calls).toFixed(0)}× calls, ${(naive.ms / aggregated.ms).toFixed(1)}× time`,
        same ? 'yes' : 'NO',
      ]);
    } finally {
      demo.child.kill();
    }
  }
  process.stdout.write(
    `\n## Sidebar: expand to a version's first 200 licenses (${latency} ms latency per request)\n\n${table(['Licenses', 'API calls', 'Wall time', 'Licenses shown'], treeRows)}\n`,
  );
  process.stdout.write(
    `\n## Dashboard: server aggregates vs naive (${latency} ms latency per request; client heap growth)\n\n${table(['Licenses', 'Calls', 'Round trips', 'Time', 'Heap', 'Naive calls', 'Naive time', 'Naive heap', 'Ratio', 'Same numbers'], dashRows)}\n`,
  );
  if (!values['no-changes']) await feed();
  if (Number(values['modify-licenses']) > 0) process.stdout.write(await licenseChangeBench(Number(values['modify-licenses']), latency));
  if (!values['no-linking']) await linking();
  if (!values['no-usage']) await usage();
  if (!values['no-lmo-dashboard']) await lmoDashboard();
  const featureSizes = values['feature-sizes'].split(',').filter(Boolean).map(Number);
  if (featureSizes.length) await featureDistributions(featureSizes);
  if (!values['no-exthost']) await extensionHostMemory(Number(values['exthost-licenses']));
}

/** Feature parameter distributions of each package: API calls (at most two by design) and wall time with the injected latency. */
async function featureDistributions(featureSizes: readonly number[]): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const size of featureSizes) {
    process.stdout.write(`\nStarting the demo LMO with ${size.toLocaleString('en-US')} licenses and the FMA…\n`);
    const demo = await startDemo(size, true);
    try {
      const lmo = await connect(demo);
      for (const pkg of await lmo.packages()) {
        const run = await measure(demo, () => lmo.features.distributions(pkg.id));
        const values = run.result.parameters.reduce((n, p) => n + p.distribution.values, 0);
        rows.push([size.toLocaleString('en-US'), pkg.name, run.result.parameters.length, values.toLocaleString('en-US'), run.calls, seconds(run.ms)]);
      }
    } finally {
      demo.child.kill();
    }
  }
  process.stdout.write(
    `\n## Feature parameter distributions per package (${latency} ms latency per request)\n\n${table(['Licenses', 'Package', 'Parameters', 'Live values', 'API calls', 'Wall time'], rows)}\n`,
  );
}

/**
 * The extension host itself, in a real VS Code (code-server): its heap and RSS growth after
 * browsing a big LMO (an org the Salesforce CLI knows, served by the demo in its own process).
 */
async function extensionHostMemory(licenses: number): Promise<void> {
  process.stdout.write(`\nStarting the demo LMO with ${licenses.toLocaleString('en-US')} licenses for the extension host…\n`);
  const demo = await startDemo(licenses);
  const home = mkdtempSync(join(tmpdir(), 'lma-bench-home-'));
  try {
    process.env.HOME = home;
    process.env.USERPROFILE = home;
    process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
    process.env.SF_DISABLE_TELEMETRY = 'true';
    await storeCliLogin(demo.url, demo.accessToken, 'bench-lmo');
    const tools = provision(() => undefined);
    const ran = await runInExtensionHost(tools, {
      vsix: join(ROOT, 'dist', 'lma-workbench.vsix'),
      workspace: join(ROOT, 'test', 'fixtures', 'workspace'),
      suite: join(ROOT, 'out', 'bench', 'extensionHost.js'),
      env: { HOME: home, USERPROFILE: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', LMA_BENCH_ALIAS: 'bench-lmo' },
      artifacts: join(ROOT, 'test-results', 'bench'),
      timeoutMs: 45 * 60_000,
    });
    const result = ran?.json as
      | {
          before: { heapMb: number; rssMb: number };
          after: { heapMb: number; rssMb: number };
          steps: { step: string; ms: number }[];
          apiCalls: number;
          error?: string;
        }
      | undefined;
    await ran?.server.stop();
    if (!result || result.error) throw new Error(`the extension-host benchmark failed: ${result?.error ?? 'no report'}`);
    const rows = result.steps.map((s) => [s.step, seconds(s.ms)]);
    process.stdout.write(
      `\n## Extension host: memory after browsing ${licenses.toLocaleString('en-US')} licenses (no injected latency)\n\n${table(['Step', 'Wall time'], rows)}\n\n` +
        `${table(
          ['', 'Heap (after a full GC)', 'RSS'],
          [
            ['Before connecting', `${result.before.heapMb.toFixed(1)} MB`, `${result.before.rssMb.toFixed(0)} MB`],
            ['After browsing', `${result.after.heapMb.toFixed(1)} MB`, `${result.after.rssMb.toFixed(0)} MB`],
            ['Growth', `${(result.after.heapMb - result.before.heapMb).toFixed(1)} MB`, `${(result.after.rssMb - result.before.rssMb).toFixed(0)} MB`],
          ],
        )}\n\n${result.apiCalls} API calls in all.\n`,
    );
  } finally {
    demo.child.kill();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
