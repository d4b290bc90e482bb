/**
 * Runs inside the extension host (through the test runner extension): browses a big LMO the way
 * a user does — tree pages, subscribers, the dashboard for every scope, an export — and reports
 * the extension host's heap and RSS growth after a full garbage collection. Driven by bench/run.ts.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { TestApi } from '../src/editor/testApi';
import type { LicenseNode, LoadMoreNode, PackageNode, VersionNode } from '../src/editor/installBase/installBaseTree';
import type { LoadMoreOrgsNode } from '../src/editor/subscribers/subscribersTree';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settle(): { heapMb: number; rssMb: number } {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { heapMb: m.heapUsed / 1_048_576, rssMb: m.rss / 1_048_576 };
}

export async function run(options: { jsonReport: string }): Promise<void> {
  const steps: { step: string; ms: number }[] = [];
  const timed = async (step: string, task: () => Thenable<unknown>) => {
    const started = performance.now();
    await task();
    steps.push({ step, ms: Math.round(performance.now() - started) });
  };
  try {
    const lma = (await vscode.extensions.getExtension<TestApi>('lma-workbench.lma-workbench')?.activate()) as TestApi;
    const before = settle();
    await timed('connect', () => vscode.commands.executeCommand('lma.connect', { kind: 'cli', aliasOrUsername: process.env.LMA_BENCH_ALIAS }));
    if (lma.connections.lmo.state.kind !== 'connected') throw new Error(`not connected: ${JSON.stringify(lma.connections.lmo.state)}`);
    const tree = lma.views.installBase;
    const packages = (await tree.getChildren()).filter((n): n is PackageNode => n.kind === 'package');
    await timed('tree: every package and its versions', async () => {
      for (const p of packages) await tree.getChildren(p);
    });
    await timed('tree: 5 pages of licenses under the biggest version', async () => {
      const versions = (await tree.getChildren(packages[0])) as VersionNode[];
      const big = versions.reduce((a, b) => (b.totalCount > a.totalCount ? b : a));
      for (let i = 0; i < 5; i++) {
        const children = await tree.getChildren(big);
        const more = children.find((n): n is LoadMoreNode => n.kind === 'loadMore');
        if (!more) break;
        await vscode.commands.executeCommand('lma.loadMore', more);
      }
      return (await tree.getChildren(big)).filter((n): n is LicenseNode => n.kind === 'license').length;
    });
    await timed('subscribers: 5 pages of orgs', async () => {
      for (let i = 0; i < 5; i++) {
        const more = (await lma.views.subscribers.getChildren()).find((n): n is LoadMoreOrgsNode => n.kind === 'loadMoreOrgs');
        if (!more) break;
        await vscode.commands.executeCommand('lma.loadMore', more);
      }
    });
    let id = 1;
    await timed('dashboard: all packages and each package', async () => {
      for (const packageId of ['', ...packages.map((p) => p.pkg.id)]) {
        await lma.dashboard.dispatch({ type: 'request', id: id++, name: 'load', params: { packageId, includeSandboxes: false, churnDays: 90 } });
      }
    });
    const file = join(tmpdir(), `lma-bench-export-${process.pid}.csv`);
    await timed('export: the licenses of the smallest package to CSV', () =>
      lma.dashboard.controller.exportLicensesTo(vscode.Uri.file(file), {
        packageId: packages[packages.length - 1].pkg.id,
        includeSandboxes: true,
        churnDays: 90,
      }),
    );
    const after = settle();
    writeFileSync(options.jsonReport, JSON.stringify({ before, after, steps, apiCalls: lma.connections.lmo.client?.apiCalls }));
  } catch (err) {
    writeFileSync(options.jsonReport, JSON.stringify({ error: String((err as Error)?.stack ?? err) }));
  }
}
