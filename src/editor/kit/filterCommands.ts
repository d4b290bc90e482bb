import * as vscode from 'vscode';
import { LICENSE_STATUSES, type LicenseStatus } from '../../core/license';
import { executeCommand } from './commandIds';
import { type FeatureContext } from './featureContext';
import { NO_FILTER } from './filterState';

interface FilterItem extends vscode.QuickPickItem {
  readonly status?: LicenseStatus;
  readonly option?: 'includeSandboxes' | 'includeExpired';
}

export function registerFilterCommands(ctx: FeatureContext): void {
  const filter = ctx.filter;
  ctx.command('lma.filterLicenses', async () => {
    const f = filter.current;
    const items: FilterItem[] = [
      { label: vscode.l10n.t('Status'), kind: vscode.QuickPickItemKind.Separator },
      ...LICENSE_STATUSES.map((status) => ({
        label: status,
        status,
        picked: f.statuses.includes(status),
        description: f.statuses.length === 0 ? vscode.l10n.t('all statuses shown while none is picked') : undefined,
      })),
      { label: vscode.l10n.t('Include'), kind: vscode.QuickPickItemKind.Separator },
      { label: vscode.l10n.t('Sandbox orgs'), option: 'includeSandboxes', picked: f.includeSandboxes },
      { label: vscode.l10n.t('Expired licenses'), option: 'includeExpired', picked: f.includeExpired },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: vscode.l10n.t('Filter Licenses'),
      placeHolder: vscode.l10n.t('Pick the statuses to show (none = all) and what to include'),
    });
    if (!picked) return;
    await filter.set({
      statuses: picked.filter((i) => i.status).map((i) => i.status as LicenseStatus),
      includeSandboxes: picked.some((i) => i.option === 'includeSandboxes'),
      includeExpired: picked.some((i) => i.option === 'includeExpired'),
    });
  });
  ctx.command('lma.clearFilter', () => filter.set(NO_FILTER, { replace: true }));
  ctx.command('lma.findSubscriber', async (text?: string) => {
    const search =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Find Subscriber'),
            prompt: vscode.l10n.t('A subscriber org ID (15 or 18 characters), or part of the account or company name'),
            value: filter.current.search,
            validateInput: (v) => {
              const t = v.trim();
              return /^00D[a-zA-Z0-9]+$/.test(t) && t.length > 15 && t.length !== 18 ? vscode.l10n.t('An org ID has 15 or 18 characters') : undefined;
            },
          });
    if (search === undefined) return;
    await filter.set({ search: search.trim() });
    await executeCommand('lma.subscribers.focus');
  });
}
