/** The LMA sidebar: the Install Base and Subscribers trees, their filter, and what their nodes offer. */
import * as vscode from 'vscode';
import { type Feature } from '../kit/featureContext';
import type { Views } from '../kit/views';
import { registerFilterCommands } from '../kit/filterCommands';
import { InstallBaseTree } from './installBaseTree';
import { registerLicenseCommands } from '../kit/licenseCommands';
import { SubscribersTree } from '../subscribers/subscribersTree';

export const activateSidebar: Feature<Views> = (ctx) => {
  const pageSize = () => ctx.settings.number('licensePageSize');
  const installBase = new InstallBaseTree(ctx.connections.lmo, ctx.filter, ctx.clock, ctx.log, pageSize);
  const subscribers = new SubscribersTree(ctx.connections.lmo, ctx.filter, ctx.clock, ctx.log, pageSize);
  const installBaseView = vscode.window.createTreeView(InstallBaseTree.viewId, { treeDataProvider: installBase, showCollapseAll: true, canSelectMany: true });
  const subscribersView = vscode.window.createTreeView(SubscribersTree.viewId, { treeDataProvider: subscribers, showCollapseAll: true, canSelectMany: true });
  installBase.attach(installBaseView);
  subscribers.attach(subscribersView);
  ctx.subscribe(installBase, subscribers, installBaseView, subscribersView);
  ctx.views = { installBase, installBaseView, subscribers, subscribersView };
  ctx.subscribe(
    ctx.onDidRequestRefresh(() => {
      installBase.refresh();
      subscribers.refresh();
    }),
  );
  registerFilterCommands(ctx);
  registerLicenseCommands(ctx);
  return ctx.views;
};
