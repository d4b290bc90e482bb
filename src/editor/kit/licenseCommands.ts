/** What a license or subscriber node offers: open it in Salesforce, copy its ids, reveal it in the other view, load more. */
import * as vscode from 'vscode';
import { type License } from '../../core/license';
import { executeCommand } from './commandIds';
import { SUBSCRIBER_SUPPORT_PATH, licenseRecordPath, openInOrg, subscriberSupportPath } from '../connections/openInOrg';
import { type FeatureContext } from './featureContext';
import { type InstallBaseNode, type LoadMoreNode } from '../installBase/installBaseTree';
import { type LoadMoreOrgsNode, type SubscriberNode } from '../subscribers/subscribersTree';

type AnyNode = InstallBaseNode | SubscriberNode;

function licenseOf(node: AnyNode | undefined): License | undefined {
  return node?.kind === 'license' ? node.license : undefined;
}

function orgIdOf(node: AnyNode | { kind: 'driftOrg'; orgId: string } | undefined): string | undefined {
  if (node?.kind === 'driftOrg') return node.orgId;
  if (node?.kind === 'license') return node.license.subscriberOrgId;
  if (node?.kind === 'subscriberOrg') return node.org.orgKey;
  return undefined;
}

export function registerLicenseCommands(ctx: FeatureContext): void {
  const views = ctx.views;
  const selected = (node: AnyNode | undefined, view: 'installBase' | 'subscribers' | 'any' = 'any'): AnyNode | undefined => {
    if (node) return node;
    const pick = (v: vscode.TreeView<AnyNode>) => v.selection[0];
    if (view !== 'subscribers')
      return pick(views.installBaseView as vscode.TreeView<AnyNode>) ?? (view === 'any' ? pick(views.subscribersView as vscode.TreeView<AnyNode>) : undefined);
    return pick(views.subscribersView as vscode.TreeView<AnyNode>);
  };
  // The license's record page, where the LMA's Modify License button is: the default way to change a license.
  ctx.command('lma.openLicenseInOrg', async (node?: AnyNode | { kind: 'driftOrg'; licenseId?: string } | string) => {
    const licenseId = typeof node === 'string' ? node : node?.kind === 'driftOrg' ? node.licenseId : licenseOf(selected(node))?.id;
    const client = ctx.connections.lmo.lmo?.client;
    if (!licenseId || !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(licenseId) || !client) return;
    await openInOrg(client, licenseRecordPath(licenseId), ctx.log);
  });
  // The Subscriber Support Console on this org (logging in needs the customer's consent, shown only there).
  ctx.command('lma.openSubscriberSupport', async (node?: AnyNode) => {
    const orgId = orgIdOf(selected(node, 'subscribers'));
    const client = ctx.connections.lmo.lmo?.client;
    if (!client) return;
    await openInOrg(client, orgId ? subscriberSupportPath(orgId) : SUBSCRIBER_SUPPORT_PATH, ctx.log);
  });
  ctx.command('lma.copyOrgId', async (node?: AnyNode | { kind: 'driftOrg'; orgId: string }) => {
    const orgId = node?.kind === 'driftOrg' ? node.orgId : orgIdOf(selected(node));
    if (!orgId) return;
    await vscode.env.clipboard.writeText(orgId);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied org ID {0}', orgId), 3000);
  });
  ctx.command('lma.copyLicenseId', async (node?: AnyNode) => {
    const license = licenseOf(selected(node));
    if (!license) return;
    await vscode.env.clipboard.writeText(license.id);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied license ID {0}', license.id), 3000);
  });
  ctx.command('lma.revealSubscriber', async (node?: AnyNode) => {
    const license = licenseOf(selected(node, 'installBase'));
    if (!license) return;
    const org = await views.subscribers.findOrg(license.subscriberOrgId);
    if (!org) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No subscriber org {0} found.', license.orgKey));
      return;
    }
    await views.subscribersView.reveal(org, { select: true, focus: true, expand: true });
  });
  ctx.command('lma.revealVersion', async (node?: AnyNode) => {
    const license = licenseOf(selected(node, 'subscribers'));
    if (!license?.packageId || !license.packageVersionId) return;
    const version = await views.installBase.findVersion(license.packageId, license.packageVersionId);
    if (!version) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Version {0} is not in the Install Base view (it may be filtered out).', license.versionNumber ?? ''),
      );
      return;
    }
    await views.installBaseView.reveal(version, { select: true, focus: true, expand: true });
  });
  ctx.command('lma.loadMore', async (node?: LoadMoreNode | LoadMoreOrgsNode) => {
    if (node?.kind === 'loadMore') await views.installBase.loadMore(node);
    else if (node?.kind === 'loadMoreOrgs') await views.subscribers.loadMore();
  });
  // From CodeLens and quick fixes in sfdx-project.json: show a package (and a version) in the tree.
  ctx.command('lma.revealPackageVersion', async (packageId?: string, versionId?: string, options?: { liveOnly?: boolean }) => {
    if (typeof packageId !== 'string') return;
    if (options?.liveOnly) await ctx.filter.set({ statuses: ['Active', 'Trial'], includeExpired: false, includeSandboxes: false, search: '' });
    await executeCommand('lma.installBase.focus');
    const node = typeof versionId === 'string' ? await views.installBase.findVersion(packageId, versionId) : await views.installBase.findPackage(packageId);
    if (node) await views.installBaseView.reveal(node, { select: true, focus: true, expand: true });
  });
}
