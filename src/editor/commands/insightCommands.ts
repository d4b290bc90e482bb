import * as vscode from 'vscode';
import { LmaVersionMonitor } from '../lmaVersion/lmaVersionMonitor';
import { FilterState } from '../trees/filterState';
import { Views } from './licenseCommands';

/** The LMA version check, and how its findings show in the Install Base view. */
export function registerInsightCommands(monitor: LmaVersionMonitor, filter: FilterState, views: Views): vscode.Disposable[] {
  const showFinding = () => {
    const currency = monitor.currency;
    const warn = currency?.kind === 'behind' || currency?.kind === 'unknown';
    views.installBaseView.badge = warn ? { value: 1, tooltip: monitor.describe(currency) } : undefined;
    views.installBase.setBanner(
      warn
        ? {
            kind: 'message',
            id: 'banner:lma',
            icon: 'warning',
            text: currency.kind === 'behind' ? `LMA ${currency.installed} is behind the latest known ${currency.baseline.version}` : 'Cannot tell whether the LMA is current',
            tooltip: monitor.describe(currency),
            command: { command: 'lma.checkLmaVersion', title: 'Check LMA Version' },
          }
        : undefined,
    );
  };
  return [
    monitor.onDidChange(showFinding),
    vscode.commands.registerCommand('lma.checkLmaVersion', () => monitor.check({ interactive: true })),
    // From CodeLens and quick fixes in sfdx-project.json: show a package (and a version) in the tree.
    vscode.commands.registerCommand('lma.revealPackageVersion', async (packageId?: string, versionId?: string, options?: { liveOnly?: boolean }) => {
      if (!packageId) return;
      if (options?.liveOnly) await filter.set({ statuses: ['Active', 'Trial'], includeExpired: false, includeSandboxes: false, search: '' });
      await vscode.commands.executeCommand('lma.installBase.focus');
      const node = versionId ? await views.installBase.findVersion(packageId, versionId) : await views.installBase.findPackage(packageId);
      if (node) await views.installBaseView.reveal(node, { select: true, focus: true, expand: true });
    }),
  ];
}
