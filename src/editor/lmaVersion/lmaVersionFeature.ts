/** Is the LMA current? The monitor, its Problems-panel entry, the tree badge and banner, and the check command. */
import * as vscode from 'vscode';
import { type Feature } from '../kit/featureContext';
import { commandLink } from '../kit/commandIds';
import { INSTALLED_PACKAGES_PATH, openInOrg } from '../connections/openInOrg';
import { LmaVersionDiagnostics } from './lmaVersionDiagnostics';
import { LmaVersionMonitor } from './lmaVersionMonitor';

export const activateLmaVersion: Feature<LmaVersionMonitor> = (ctx) => {
  const monitor = new LmaVersionMonitor(ctx.connections.lmo, ctx.extension.workspaceState, ctx.clock, ctx.settings, ctx.log);
  const views = ctx.views;
  const showFinding = () => {
    const currency = monitor.currency;
    const warn = currency?.kind === 'behind' || currency?.kind === 'unknown';
    // Said once in the view: its first row (no badge on top of it).
    views.installBase.setBanner(
      warn
        ? {
            kind: 'message',
            id: 'banner:lma',
            icon: 'warning',
            text:
              currency.kind === 'behind'
                ? vscode.l10n.t('LMA {0} is behind the latest known {1}', currency.installed, currency.baseline.version)
                : vscode.l10n.t('Cannot tell whether the LMA is current'),
            tooltip: monitor.describe(currency),
            command: commandLink('lma.checkLmaVersion', vscode.l10n.t('Check LMA Version')),
          }
        : undefined,
    );
  };
  ctx.subscribe(monitor, monitor.onDidChange(showFinding), new LmaVersionDiagnostics(monitor, ctx.connections.lmo));
  ctx.command('lma.checkLmaVersion', () => monitor.check({ interactive: true }));
  ctx.command('lma.openInstalledPackages', async () => {
    const lmo = ctx.connections.lmo.lmo;
    if (lmo) await openInOrg(lmo.client, INSTALLED_PACKAGES_PATH, ctx.log);
  });
  return monitor;
};
