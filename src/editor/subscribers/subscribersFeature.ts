/** The Subscribers view: subscriber orgs → their licenses, paged, under the sidebar's filter. */
import * as vscode from 'vscode';
import { type Feature } from '../kit/featureContext';
import { type SubscriberNode, SubscribersTree } from './subscribersTree';

export interface SubscribersFeature {
  readonly subscribers: SubscribersTree;
  readonly subscribersView: vscode.TreeView<SubscriberNode>;
}

export const activateSubscribers: Feature<SubscribersFeature> = (ctx) => {
  const subscribers = new SubscribersTree(ctx.connections.lmo, ctx.filter, ctx.clock, ctx.log, () => ctx.settings.number('licensePageSize'));
  const subscribersView = vscode.window.createTreeView(SubscribersTree.viewId, { treeDataProvider: subscribers, showCollapseAll: true, canSelectMany: true });
  subscribers.annotate(ctx.licenseNotes);
  subscribers.attach(subscribersView);
  ctx.subscribe(
    subscribers,
    subscribersView,
    ctx.onDidRequestRefresh(() => subscribers.refresh()),
  );
  return { subscribers, subscribersView };
};
