import * as vscode from 'vscode';
import { singleLine } from '../../core/displayText';
import { type OrgChoice, listCliOrgs } from '../../data/org/connect';
import { type CliOrg } from '../../data/org/orgTarget';
import { type Log } from '../log';
import { type ProjectOrgs } from './projectOrgs';
import { type Role } from './connections';

interface OrgItem extends vscode.QuickPickItem {
  readonly choice?: OrgChoice;
  readonly org?: CliOrg;
}

function orgKind(org: CliOrg): string | undefined {
  if (org.isScratchOrg) return 'scratch org';
  if (org.isSandbox) return 'sandbox';
  return undefined;
}

const isNamed = (org: CliOrg, name: string | undefined) => !!name && (org.username === name || org.aliases.includes(name));

/** Orders the CLI's orgs: the project's target (target-org, or target-dev-hub for the Dev Hub) first, then Dev Hubs for that role, then by name. */
export function orderOrgs(orgs: readonly CliOrg[], target: string | undefined, role: Role = 'lmo'): CliOrg[] {
  const name = (o: CliOrg) => (o.aliases[0] ?? o.username).toLowerCase();
  const hubFirst = (o: CliOrg) => (role === 'devHub' && o.isDevHub ? 1 : 0);
  return [...orgs].sort((a, b) => Number(isNamed(b, target)) - Number(isNamed(a, target)) || hubFirst(b) - hubFirst(a) || name(a).localeCompare(name(b)));
}

const ROLE_TEXT: Record<Role, { title: string; placeholder: string; targetKey: string; demo: string }> = {
  lmo: {
    title: 'Connect to a License Management Org',
    placeholder: 'Pick the org where the License Management App is installed (usually your Partner Business Org)',
    targetKey: 'target-org',
    demo: 'Explore the Demo LMO',
  },
  devHub: {
    title: 'Connect to the Dev Hub or packaging org',
    placeholder: 'Pick the org that owns your packages: the Dev Hub (2GP) or the packaging org (1GP)',
    targetKey: 'target-dev-hub',
    demo: 'Use the Demo Dev Hub',
  },
};

/**
 * Lets the user pick an org for a role from the Salesforce CLI's orgs (the project's target
 * first) or the demo. Returns undefined when dismissed.
 */
export async function pickOrg(role: Role, projectOrgs: ProjectOrgs, log: Log): Promise<OrgChoice | undefined> {
  const text = ROLE_TEXT[role];
  const pick = vscode.window.createQuickPick<OrgItem>();
  pick.title = text.title;
  pick.placeholder = "Loading the Salesforce CLI's orgs…";
  pick.busy = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const demoItem: OrgItem = { label: `$(beaker) ${text.demo}`, detail: 'Generated data served locally; no org, no network.', choice: { kind: 'demo' } };
  pick.items = [demoItem];
  pick.show();

  const loading = (async () => {
    try {
      const [orgs, project] = await Promise.all([listCliOrgs(), projectOrgs.current().catch(() => ({ targetOrg: undefined, targetDevHub: undefined }))]);
      const target = role === 'lmo' ? project.targetOrg : project.targetDevHub;
      const items: OrgItem[] = orderOrgs(orgs, target, role).map((org) => {
        const alias = org.aliases[0];
        const isTarget = isNamed(org, target);
        const marks = [
          isTarget ? text.targetKey : undefined,
          orgKind(org),
          org.isDevHub ? 'Dev Hub' : undefined,
          org.isExpired === true ? 'expired' : undefined,
          org.error ? 'login broken' : undefined,
        ].filter(Boolean);
        return {
          label: `${isTarget ? '$(star-full) ' : ''}${singleLine(alias ?? org.username)}`,
          description: [alias ? singleLine(org.username) : undefined, ...marks].filter(Boolean).join(' · '),
          detail: org.instanceUrl,
          choice: { kind: 'cli', aliasOrUsername: alias ?? org.username },
          org,
        };
      });
      pick.items = items.length
        ? [...items, { label: '', kind: vscode.QuickPickItemKind.Separator }, demoItem]
        : [{ label: 'The Salesforce CLI has no logged-in orgs', detail: 'Log in with: sf org login web --alias my-lmo', alwaysShow: true }, demoItem];
      pick.placeholder = items.length ? text.placeholder : 'Log in with the Salesforce CLI first, or explore the demo';
    } catch (err) {
      log.error('Listing the Salesforce CLI orgs', err);
      pick.items = [
        { label: "$(warning) Could not read the Salesforce CLI's orgs", detail: err instanceof Error ? err.message : String(err), alwaysShow: true },
        demoItem,
      ];
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
  if (role === 'lmo' && chosen.org && (chosen.org.isSandbox || chosen.org.isScratchOrg)) {
    const go = await vscode.window.showWarningMessage(
      `${singleLine(chosen.choice.kind === 'cli' ? chosen.choice.aliasOrUsername : '')} is a ${orgKind(chosen.org)}.`,
      {
        modal: true,
        detail:
          'A License Management Org is a production org, normally your Partner Business Org. Packages linked to an LMO stay linked to it permanently, so make sure this is the org you mean. LMA Workbench only reads it.',
      },
      'Connect Anyway',
    );
    if (go !== 'Connect Anyway') return undefined;
  }
  return chosen.choice;
}
