/**
 * License changes in the editor: the Recent Changes view (filterable by package and kind,
 * refreshed on an interval while visible), a license's history timeline, and the setting the
 * embedded demo's change simulator reads, so the timeline moves on the demo too.
 */
import * as vscode from 'vscode';
import { CHANGE_TYPE_LABELS } from '../../core/changes/describeChange';
import { LICENSE_CHANGE_TYPES, type LicenseChangeType } from '../../core/changes/licenseChange';
import { subscriberName } from '../../core/license';
import { type FeatureContext } from '../kit/featureContext';
import { type InstallBaseNode } from '../installBase/installBaseTree';
import { type SubscriberNode } from '../subscribers/subscribersTree';
import { type ChangeNode, ChangesTree, type ChangesFilter } from './changesTree';

const FILTER_KEY = 'lma.changes.filter';

export interface ChangesFeature {
  readonly tree: ChangesTree;
  readonly view: vscode.TreeView<ChangeNode>;
}

export function activateChanges(ctx: FeatureContext): ChangesFeature {
  const memento = ctx.extension.workspaceState;
  let filter: Omit<ChangesFilter, 'days'> = memento.get(FILTER_KEY) ?? {};
  const days = () => ctx.settings.number('changesDays');
  const tree = new ChangesTree(ctx.connections.lmo, () => ({ ...filter, days: days() }), ctx.log);
  const view = vscode.window.createTreeView(ChangesTree.viewId, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);
  ctx.subscribe(
    tree,
    view,
    ctx.onDidRequestRefresh(() => tree.refresh()),
  );
  tree.freshness.render();

  // Refresh on an interval while the view is visible (never while hidden: it costs API calls).
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    const seconds = ctx.settings.number('changesRefreshSeconds');
    if (view.visible && seconds > 0) timer = setInterval(() => tree.refresh(), seconds * 1000);
  };
  // Shown again after a while hidden: read again, so it never shows old rows as current (one API call).
  const STALE_ON_REVEAL_MS = 60_000;
  ctx.subscribe(
    view.onDidChangeVisibility(({ visible }) => {
      const seconds = ctx.settings.number('changesRefreshSeconds');
      if (visible) tree.refreshIfOlderThan(seconds > 0 ? Math.min(seconds * 1000, STALE_ON_REVEAL_MS) : STALE_ON_REVEAL_MS);
      schedule();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lmaWorkbench.changes')) {
        schedule();
        tree.refresh();
      }
    }),
    { dispose: () => timer && clearInterval(timer) },
  );
  schedule();

  ctx.command('lma.showRecentChanges', () => tree.showRecent());
  ctx.command('lma.showLicenseHistory', async (target?: InstallBaseNode | SubscriberNode | string, title?: string) => {
    let licenseId: string | undefined;
    let label = typeof title === 'string' ? title : '';
    if (typeof target === 'string') licenseId = target;
    else if (target?.kind === 'license') {
      licenseId = target.license.id;
      label = `${subscriberName(target.license)} · ${target.license.packageName ?? ''}`;
    }
    if (!licenseId) return;
    tree.showLicense(licenseId, label || licenseId);
    await vscode.commands.executeCommand(`${ChangesTree.viewId}.focus`);
  });
  ctx.command('lma.filterChanges', async () => {
    const lmo = ctx.connections.lmo.lmo;
    const packages = lmo ? await lmo.packages().catch(() => []) : [];
    const pkg = await vscode.window.showQuickPick(
      [{ label: vscode.l10n.t('All packages'), id: '' }, ...packages.map((p) => ({ label: p.name, id: p.id }))].map((p) => ({
        ...p,
        picked: (filter.packageId ?? '') === p.id,
        description: (filter.packageId ?? '') === p.id ? vscode.l10n.t('current') : undefined,
      })),
      { title: vscode.l10n.t('Recent Changes: Package'), placeHolder: vscode.l10n.t('Show changes of…') },
    );
    if (!pkg) return;
    const kinds = await vscode.window.showQuickPick(
      LICENSE_CHANGE_TYPES.map((type) => ({ label: CHANGE_TYPE_LABELS[type], type, picked: !filter.kinds?.length || filter.kinds.includes(type) })),
      { title: vscode.l10n.t('Recent Changes: Kinds of change'), canPickMany: true },
    );
    if (!kinds) return;
    const all = kinds.length === LICENSE_CHANGE_TYPES.length || kinds.length === 0;
    filter = {
      packageId: pkg.id || undefined,
      packageName: pkg.id ? pkg.label : undefined,
      kinds: all ? undefined : kinds.map((k) => k.type as LicenseChangeType),
    };
    await memento.update(FILTER_KEY, filter);
    tree.showRecent();
  });
  return { tree, view };
}
