import * as vscode from 'vscode';
import { singleLine } from '../../core/displayText';
import { isNamed, orderOrgs as orderCliOrgs } from '../../core/orgOrder';
import { type OrgChoice, listCliOrgs } from '../../data/org/connect';
import { type CliOrg } from '../../data/org/orgTarget';
import { type Log } from '../kit/log';
import { type ProjectOrgs } from './projectOrgs';
import { type Role } from './connections';

export interface OrgItem extends vscode.QuickPickItem {
  readonly choice?: OrgChoice;
  readonly org?: CliOrg;
}

/**
 * The picker's answers for tests (in the style of the License Change session's `answer`): each,
 * when set, is used instead of the Salesforce CLI, the palette or the dialog. Unset in use.
 */
export interface OrgPickerPrompts {
  /** The Salesforce CLI's orgs. */
  listOrgs?: () => Promise<CliOrg[]>;
  /** Picks one of the items the palette would show (in its order), or undefined to dismiss it. */
  choose?: (items: readonly OrgItem[]) => Promise<OrgItem | undefined>;
  /** Answers a modal question: the button chosen, or undefined to dismiss it. */
  answer?: (message: string, detail: string, buttons: readonly string[]) => Promise<string | undefined>;
}

export const orgPickerPrompts: OrgPickerPrompts = {};

function orgKind(org: CliOrg): string | undefined {
  if (org.isScratchOrg) return vscode.l10n.t('scratch org');
  if (org.isSandbox) return vscode.l10n.t('sandbox');
  return undefined;
}

/** Orders the CLI's orgs (pure, in core: the project's target first, then Dev Hubs for that role, then by name). */
export function orderOrgs(orgs: readonly CliOrg[], target: string | undefined, role: Role = 'lmo'): CliOrg[] {
  return orderCliOrgs(orgs, target, role);
}

/** The picker's wording for a role (built on use, so it is translated in the display language). */
function roleText(role: Role): { title: string; placeholder: string; targetKey: string; demo: string } {
  return role === 'lmo'
    ? {
        title: vscode.l10n.t('Connect to a License Management Org'),
        placeholder: vscode.l10n.t('Pick the org where the License Management App is installed (usually your Partner Business Org)'),
        targetKey: 'target-org',
        demo: vscode.l10n.t('$(beaker) Explore the Demo LMO'),
      }
    : {
        title: vscode.l10n.t('Connect to the Dev Hub or packaging org'),
        placeholder: vscode.l10n.t('Pick the org that owns your packages: the Dev Hub (2GP) or the packaging org (1GP)'),
        targetKey: 'target-dev-hub',
        demo: vscode.l10n.t('$(beaker) Use the Demo Dev Hub'),
      };
}

/**
 * Lets the user pick an org for a role from the Salesforce CLI's orgs (the project's target
 * first) or the demo. Returns undefined when dismissed.
 */
export async function pickOrg(role: Role, projectOrgs: ProjectOrgs, log: Log): Promise<OrgChoice | undefined> {
  const text = roleText(role);
  const prompts = orgPickerPrompts;
  const pick = vscode.window.createQuickPick<OrgItem>();
  pick.title = text.title;
  pick.placeholder = vscode.l10n.t("Loading the Salesforce CLI's orgs…");
  pick.busy = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const demoItem: OrgItem = { label: text.demo, detail: vscode.l10n.t('Generated data served locally; no org, no network.'), choice: { kind: 'demo' } };
  pick.items = [demoItem];
  if (!prompts.choose) pick.show();

  const loading = (async () => {
    try {
      const [orgs, project] = await Promise.all([
        (prompts.listOrgs ?? listCliOrgs)(),
        projectOrgs.current().catch(() => ({ targetOrg: undefined, targetDevHub: undefined })),
      ]);
      const target = role === 'lmo' ? project.targetOrg : project.targetDevHub;
      const items: OrgItem[] = orderOrgs(orgs, target, role).map((org) => {
        const alias = org.aliases[0];
        const isTarget = isNamed(org, target);
        const marks = [
          isTarget ? text.targetKey : undefined,
          orgKind(org),
          org.isDevHub ? vscode.l10n.t('Dev Hub') : undefined,
          org.isExpired === true ? vscode.l10n.t('expired') : undefined,
          org.error ? vscode.l10n.t('login broken') : undefined,
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
        : [
            {
              label: vscode.l10n.t('The Salesforce CLI has no logged-in orgs'),
              detail: vscode.l10n.t('Log in with: {0}', 'sf org login web --alias my-lmo'),
              alwaysShow: true,
            },
            demoItem,
          ];
      pick.placeholder = items.length ? text.placeholder : vscode.l10n.t('Log in with the Salesforce CLI first, or explore the demo');
    } catch (err) {
      log.error('Listing the Salesforce CLI orgs', err);
      pick.items = [
        {
          label: vscode.l10n.t("$(warning) Could not read the Salesforce CLI's orgs"),
          detail: err instanceof Error ? err.message : String(err),
          alwaysShow: true,
        },
        demoItem,
      ];
    } finally {
      pick.busy = false;
    }
  })();

  const choose = prompts.choose;
  const chosen = choose
    ? await loading.then(() => choose(pick.items))
    : await new Promise<OrgItem | undefined>((resolve) => {
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
    const connectAnyway = vscode.l10n.t('Connect Anyway');
    const message = vscode.l10n.t('{0} is a {1}.', singleLine(chosen.choice.kind === 'cli' ? chosen.choice.aliasOrUsername : ''), orgKind(chosen.org) ?? '');
    const detail = vscode.l10n.t(
      'A License Management Org is a production org, normally your Partner Business Org. Packages linked to an LMO stay linked to it permanently, so make sure this is the org you mean. LMA Workbench only reads it.',
    );
    const go = prompts.answer
      ? await prompts.answer(message, detail, [connectAnyway])
      : await vscode.window.showWarningMessage(message, { modal: true, detail }, connectAnyway);
    if (go !== connectAnyway) return undefined;
  }
  return chosen.choice;
}
