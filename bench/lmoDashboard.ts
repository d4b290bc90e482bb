/**
 * The executives' dashboard's figures (issue 27), against a demo LMO in its own process with injected
 * latency per request: the deploy's validation (checkOnly), the deploy, and the verification (the
 * reads, one report run per report, the product's own metrics), then pinning the Home page (the reads,
 * the write, the read back) and undoing it — API calls as the demo counts them
 * and wall time. The costs are fixed: they do not grow with the install base except through the
 * dashboard's own aggregates.
 *
 *   npm run bench -- --lmo-dashboard-only [--lmo-dashboard-licenses 5000,50000] [--latency 100]
 */
import { systemClock } from '../src/core/clock';
import { deployPackage } from '../src/core/lmoDashboard/deployPackage';
import { generateLmoDashboard } from '../src/core/lmoDashboard/generate';
import { DEFAULT_OPTIONS } from '../src/core/lmoDashboard/options';
import { deployLmoDashboard } from '../src/data/lmo/lmoDashboardDeploy';
import { verifyLmoDashboardIn } from '../src/data/lmo/lmoDashboardReader';
import { applyPin, planPinIn, undoPin } from '../src/data/lmo/lmoDashboardPin';
import { LicenseManagementOrg } from '../src/data/lmo/licenseManagementOrg';
import { openOrg } from '../src/data/org/connect';
import { demoControl, startDemoProcess } from './demoProcess';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function lmoDashboardBench(options: { sizes: readonly number[]; latencyMs: number }): Promise<string> {
  const rows: string[][] = [];
  for (const licenses of options.sizes) {
    process.stdout.write(`\nStarting the demo LMO with ${licenses.toLocaleString('en-US')} licenses for the executives' dashboard…\n`);
    const demo = await startDemoProcess(['--licenses', String(licenses), '--no-fma']);
    try {
      const client = await openOrg(
        { kind: 'demo' },
        { demo: async () => ({ url: demo.url, username: 'bench', label: 'Demo LMO', issueAccessToken: async () => demo.accessToken }), timeoutMs: 10 * 60_000 },
      );
      const lmo = new LicenseManagementOrg(client, systemClock());
      await lmo.packages(); // warms the connection; not a figure
      const o = { ...DEFAULT_OPTIONS, churn: 'history' as const };
      const pkg = deployPackage(generateLmoDashboard(o));
      const step = async (name: string, task: () => Promise<unknown>) => {
        // reset zeroes the call count and the latency with it: the latency goes back on after it.
        await demoControl(demo, { action: 'reset' });
        await demoControl(demo, { action: 'setLatency', value: options.latencyMs });
        const t0 = performance.now();
        await task();
        const ms = performance.now() - t0;
        const { apiCalls } = await demoControl(demo, { action: 'state' });
        rows.push([licenses.toLocaleString('en-US'), name, String(apiCalls), seconds(ms)]);
      };
      // The deploy polls once a second: its wall time is mostly that wait, not the org.
      await step('validate (checkOnly), polled', () => deployLmoDashboard(client, pkg, { checkOnly: true }));
      await step('deploy, polled', () => deployLmoDashboard(client, pkg));
      await step('verify (reads, 7 report runs, metrics)', () => verifyLmoDashboardIn(lmo, o, systemClock().today()));
      let pinned: Awaited<ReturnType<typeof planPinIn>> | undefined;
      await step('pin (4 reads, the write, read back)', async () => {
        pinned = await planPinIn(client, o);
        if (pinned.plan.kind !== 'assign') throw new Error('the bench expects a profile without the page');
        const outcome = await applyPin(client, pinned.target, pinned.plan);
        if (outcome.kind !== 'pinned' || !outcome.verified) throw new Error(`the pin did not hold: ${JSON.stringify(outcome)}`);
      });
      await step('undo the pin (read, write, read back)', async () => {
        const { target, plan } = pinned!;
        const replaced = plan.kind === 'assign' ? plan.replaces : undefined;
        const record = {
          id: 'bench',
          at: new Date().toISOString(),
          orgId: '',
          orgLabel: 'Demo LMO',
          appId: target.app.id,
          app: target.app.fullName,
          page: target.page,
          profile: target.profile,
          replaced,
        };
        const outcome = await undoPin(client, record);
        if (outcome.kind !== 'restored') throw new Error(`the undo did not run: ${JSON.stringify(outcome)}`);
      });
    } finally {
      demo.child.kill();
    }
  }
  const widths = [9, 40, 9, 9];
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return `\n## Executives' dashboard: deploy and verify (${options.latencyMs} ms latency per request)\n\n${[
    line(['Licenses', 'Step', 'API calls', 'Wall time']),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n')}\n`;
}
