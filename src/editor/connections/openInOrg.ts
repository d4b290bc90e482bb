/**
 * Opens a page of the connected org in the browser. Through the org's front door when it allows
 * it (a one-time URL that logs the browser in with the CLI's session, as `sf org open` does), else
 * the page itself (the browser's own Salesforce login then applies).
 */
import { licensePagePath } from '../../core/licenseChanges/worklist';
import * as vscode from 'vscode';
import type { OrgClient } from '../../data/org/orgClient';
import { type Log } from '../kit/log';

/** Where org pages open: the user's browser. A test replaces `open` to see the URL instead (and puts it back). */
export const browser = {
  open: (uri: vscode.Uri): Thenable<boolean> => vscode.env.openExternal(uri),
};

export function orgPageUrl(instanceUrl: string, path: string): vscode.Uri {
  return vscode.Uri.parse(`${instanceUrl.replace(/\/+$/, '')}${path}`);
}

export async function openInOrg(client: OrgClient, path: string, log: Log): Promise<void> {
  const instanceUrl = client.target.instanceUrl;
  if (!instanceUrl) return;
  let target = orgPageUrl(instanceUrl, path);
  try {
    target = vscode.Uri.parse(await client.frontDoorUrl(path), true);
  } catch (err) {
    log.warn(`The org's front door is not available (${(err as Error).message}); opening ${path} directly.`);
  }
  await browser.open(target);
}

/** The LMO's Lightning record page for a license: where the Modify License button lives. */
export const licenseRecordPath = licensePagePath;

/** The LMO's Setup page that lists installed packages (where the LMA is upgraded). */
export const INSTALLED_PACKAGES_PATH = '/lightning/setup/ImportedPackage/home';

/** The LMA's Subscriber Support Console. */
export const SUBSCRIBER_SUPPORT_PATH = '/apex/sfLma__SubscriberSupport';

/** The console's page for one subscriber org (its 15-character org id), where login access is shown. */
export const subscriberSupportPath = (orgId: string) => `/partnerbt/lmo/subOrgLogin.apexp?directLoginOrgId=${encodeURIComponent(orgId.slice(0, 15))}`;
