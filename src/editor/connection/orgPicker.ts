import * as vscode from 'vscode';
import { singleLine } from '../../core/displayText';
import { listCliOrgs, resolveTargetOrg } from '../../data/connect';
import { CliOrg } from '../../data/lmoTarget';
import { Log } from '../log';
import { OrgChoice } from './orgChoice';

interface OrgItem extends vscode.QuickPickItem {
  readonly choice?: OrgChoice;
  readonly org?: CliOrg;
}

function orgKind(org: CliOrg): string | undefined {
  if (org.isScratchOrg) return 'scratch org';
  if (org.isSandbox) return 'sandbox';
  return undefined;
}

/** Orders the CLI's orgs: the workspace's target-org first, then by name. */
export function orderOrgs(orgs: readonly CliOrg[], targetOrg: string | undefined): CliOrg[] {
  const isTarget = (o: CliOrg) => !!targetOrg && (o.username === targetOrg || o.aliases.includes(targetOrg));
  const name = (o: CliOrg) => (o.aliases[0] ?? o.username).toLowerCase();
  return [...orgs].sort((a, b) => Number(isTarget(b)) - Number(isTarget(a)) || name(a).localeCompare(name(b)));
}

/**
 * Lets the user pick an LMO from the Salesforce CLI's orgs (target-org first) or the demo.
 * Returns undefined when dismissed.
 */
export async function pickOrg(workspaceFolder: string | undefined, log: Log): Promise<OrgChoice | undefined> {
  const pick = vscode.window.createQuickPick<OrgItem>();
  pick.title = 'Connect to a License Management Org';
  pick.placeholder = 'Loading the Salesforce CLI\'s orgs…';
  pick.busy = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const demoItem: OrgItem = { label: '$(beaker) Explore the Demo LMO', detail: 'Generated data served locally; no org, no network.', choice: { kind: 'demo' } };
  pick.items = [demoItem];
  pick.show();

  const loading = (async () => {
    try {
      const [orgs, target] = await Promise.all([listCliOrgs(), resolveTargetOrg(workspaceFolder).catch(() => undefined)]);
      const items: OrgItem[] = orderOrgs(orgs, target).map((org) => {
        const alias = org.aliases[0];
        const isTarget = !!target && (org.username === target || org.aliases.includes(target));
        const marks = [isTarget ? 'target-org' : undefined, orgKind(org), org.isDevHub ? 'Dev Hub' : undefined, org.isExpired === true ? 'expired' : undefined, org.error ? 'login broken' : undefined].filter(Boolean);
        return {
          label: `${isTarget ? '$(star-full) ' : ''}${singleLine(alias ?? org.username)}`,
          description: [alias ? org.username : undefined, ...marks].filter(Boolean).join(' · '),
          detail: org.instanceUrl,
          choice: { kind: 'cli', aliasOrUsername: alias ?? org.username },
          org,
        };
      });
      pick.items = items.length
        ? [...items, { label: '', kind: vscode.QuickPickItemKind.Separator }, demoItem]
        : [{ label: 'The Salesforce CLI has no logged-in orgs', detail: 'Log in with: sf org login web --alias my-lmo', alwaysShow: true }, demoItem];
      pick.placeholder = items.length ? 'Pick the org where the License Management App is installed (usually your Partner Business Org)' : 'Log in with the Salesforce CLI first, or explore the demo';
    } catch (err) {
      log.error('Listing the Salesforce CLI orgs', err);
      pick.items = [{ label: '$(warning) Could not read the Salesforce CLI\'s orgs', detail: err instanceof Error ? err.message : String(err), alwaysShow: true }, demoItem];
    } finally {
      pick.busy = false;
    }
  })();

  const chosen = await new Promise<OrgItem | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      if (item?.choice) resolve(item);
    });
    pick.onDidHide(() => resolve(undefined));
  });
  pick.dispose();
  await loading;
  if (!chosen?.choice) return undefined;
  if (chosen.org && (chosen.org.isSandbox || chosen.org.isScratchOrg)) {
    const kind = orgKind(chosen.org);
    const go = await vscode.window.showWarningMessage(
      `${singleLine(chosen.choice.kind === 'cli' ? chosen.choice.aliasOrUsername : '')} is a ${kind}.`,
      {
        modal: true,
        detail: `A License Management Org is a production org, normally your Partner Business Org. Packages linked to an LMO stay linked to it permanently, so make sure this is the org you mean. LMA Workbench only reads it.`,
      },
      'Connect Anyway',
    );
    if (go !== 'Connect Anyway') return undefined;
  }
  return chosen.choice;
}
