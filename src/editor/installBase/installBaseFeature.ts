/** The Install Base view: packages → versions → licenses, paged, under the sidebar's filter. */
import * as vscode from 'vscode';
import { type Feature } from '../kit/featureContext';
import { InstallBaseTree, type InstallBaseNode } from './installBaseTree';

export interface InstallBaseFeature {
  readonly installBase: InstallBaseTree;
  readonly installBaseView: vscode.TreeView<InstallBaseNode>;
}

export const activateInstallBase: Feature<InstallBaseFeature> = (ctx) => {
  const installBase = new InstallBaseTree(ctx.connections.lmo, ctx.filter, ctx.clock, ctx.log, () => ctx.settings.number('licensePageSize'));
  const installBaseView = vscode.window.createTreeView(InstallBaseTree.viewId, { treeDataProvider: installBase, showCollapseAll: true, canSelectMany: true });
  installBase.annotate(ctx.licenseNotes);
  installBase.attach(installBaseView);
  ctx.subscribe(
    installBase,
    installBaseView,
    ctx.onDidRequestRefresh(() => installBase.refresh()),
  );
  return { installBase, installBaseView };
};
