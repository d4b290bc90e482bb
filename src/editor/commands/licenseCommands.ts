import * as vscode from 'vscode';
import { License } from '../../core/license';
import { ConnectionManager } from '../connection/connectionManager';
import { InstallBaseNode, InstallBaseTree, LoadMoreNode } from '../trees/installBaseTree';
import { LoadMoreOrgsNode, SubscriberNode, SubscribersTree } from '../trees/subscribersTree';

type AnyNode = InstallBaseNode | SubscriberNode;

function licenseOf(node: AnyNode | undefined): License | undefined {
  return node?.kind === 'license' ? node.license : undefined;
}

function orgIdOf(node: AnyNode | undefined): string | undefined {
  if (node?.kind === 'license') return node.license.subscriberOrgId;
  if (node?.kind === 'subscriberOrg') return node.org.orgKey;
  return undefined;
}

export interface Views {
  readonly installBase: InstallBaseTree;
  readonly installBaseView: vscode.TreeView<InstallBaseNode>;
  readonly subscribers: SubscribersTree;
  readonly subscribersView: vscode.TreeView<SubscriberNode>;
}

/** The LMO's Lightning record page for a license: where the Modify License button lives. */
export function licenseRecordUrl(instanceUrl: string, licenseId: string): vscode.Uri {
  return vscode.Uri.parse(`${instanceUrl.replace(/\/+$/, '')}/lightning/r/sfLma__License__c/${encodeURIComponent(licenseId)}/view`);
}

export function registerLicenseCommands(connection: ConnectionManager, views: Views): vscode.Disposable[] {
  const selected = (node: AnyNode | undefined, view: 'installBase' | 'subscribers' | 'any' = 'any'): AnyNode | undefined => {
    if (node) return node;
    const pick = (v: vscode.TreeView<AnyNode>) => v.selection[0];
    if (view !== 'subscribers') return pick(views.installBaseView as vscode.TreeView<AnyNode>) ?? (view === 'any' ? pick(views.subscribersView as vscode.TreeView<AnyNode>) : undefined);
    return pick(views.subscribersView as vscode.TreeView<AnyNode>);
  };
  return [
    vscode.commands.registerCommand('lma.openLicenseInOrg', async (node?: AnyNode) => {
      const license = licenseOf(selected(node));
      const lmo = connection.lmo;
      if (!license || !lmo) return;
      await vscode.env.openExternal(licenseRecordUrl(lmo.target.instanceUrl, license.id));
    }),
    vscode.commands.registerCommand('lma.copyOrgId', async (node?: AnyNode) => {
      const orgId = orgIdOf(selected(node));
      if (!orgId) return;
      await vscode.env.clipboard.writeText(orgId);
      void vscode.window.setStatusBarMessage(`Copied org ID ${orgId}`, 3000);
    }),
    vscode.commands.registerCommand('lma.copyLicenseId', async (node?: AnyNode) => {
      const license = licenseOf(selected(node));
      if (!license) return;
      await vscode.env.clipboard.writeText(license.id);
      void vscode.window.setStatusBarMessage(`Copied license ID ${license.id}`, 3000);
    }),
    vscode.commands.registerCommand('lma.revealSubscriber', async (node?: AnyNode) => {
      const license = licenseOf(selected(node, 'installBase'));
      if (!license) return;
      const org = await views.subscribers.findOrg(license.subscriberOrgId);
      if (!org) {
        void vscode.window.showInformationMessage(`No subscriber org ${license.orgKey} found.`);
        return;
      }
      await views.subscribersView.reveal(org, { select: true, focus: true, expand: true });
    }),
    vscode.commands.registerCommand('lma.revealVersion', async (node?: AnyNode) => {
      const license = licenseOf(selected(node, 'subscribers'));
      if (!license?.packageId || !license.packageVersionId) return;
      const version = await views.installBase.findVersion(license.packageId, license.packageVersionId);
      if (!version) {
        void vscode.window.showInformationMessage(`Version ${license.versionNumber ?? ''} is not in the Install Base view (it may be filtered out).`);
        return;
      }
      await views.installBaseView.reveal(version, { select: true, focus: true, expand: true });
    }),
    vscode.commands.registerCommand('lma.loadMore', async (node?: LoadMoreNode | LoadMoreOrgsNode) => {
      if (node?.kind === 'loadMore') await views.installBase.loadMore(node);
      else if (node?.kind === 'loadMoreOrgs') await views.subscribers.loadMore();
    }),
  ];
}
