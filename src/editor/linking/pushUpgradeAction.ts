/**
 * *Push Upgrade These Orgs…* on a version in the Install Base: the orgs on it, reviewed, written to
 * an org file, then the hand-off that fits the package's generation (docs/salesforce/push-upgrades.md):
 * a second-generation package gets the `sf package push-upgrade schedule` command (beta; copied, or
 * sent to a terminal after a confirmation); a first-generation one gets the packaging org's steps to
 * copy — the Salesforce CLI does not push 1GP, so nothing goes to a terminal; when the generation
 * cannot be known, no command at all. LMA Workbench never schedules a push itself.
 */
import * as vscode from 'vscode';
import { type LinkReport, type ProjectPackageLike } from '../../core/linking/linkState';
import { type OwningOrg } from '../../core/linking/ownedPackages';
import { NO_CLI_FOR_1GP, SF_PUSH_BETA_NOTE, firstGenerationSteps, handOffKind, packageGeneration } from '../../core/linking/pushGeneration';
import { orgFileContent, orgFileName, pushUpgradeCandidates, pushUpgradeCommand } from '../../core/linking/pushUpgrade';
import { shellFor, terminalShell } from '../../core/shellQuote';
import { type Connections } from '../connections/connections';
import { type FeatureContext } from '../kit/featureContext';
import { type InstallBaseNode } from '../installBase/installBaseTree';

/** What the user sees and answers; a test replaces these. */
export interface PushUpgradePrompts {
  /** The orgs to review; false when the user backs out. */
  review(items: vscode.QuickPickItem[], title: string): Promise<boolean>;
  /** The hand-off (modal): the button chosen, if any. */
  handOff(message: string, detail: string, buttons: readonly string[]): Promise<string | undefined>;
  /** A last confirmation before a command goes to a terminal. */
  confirm(message: string, button: string): Promise<boolean>;
  /** Sends a command line to a new terminal (the user presses nothing: the line runs). */
  runInTerminal(cwd: vscode.Uri, text: string): void;
  /** A warning or information with no further step. */
  tell(kind: 'warning' | 'information', message: string, ...buttons: string[]): Promise<string | undefined>;
}

export const vscodePushPrompts = (): PushUpgradePrompts => ({
  review: async (items, title) => !!(await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Review the orgs, then press Enter') })),
  handOff: (message, detail, buttons) => Promise.resolve(vscode.window.showInformationMessage(message, { modal: true, detail }, ...buttons)),
  confirm: async (message, button) => (await vscode.window.showWarningMessage(message, { modal: true }, button)) === button,
  runInTerminal: (cwd, text) => {
    const terminal = vscode.window.createTerminal({ name: 'LMA: push upgrade', cwd });
    terminal.show();
    terminal.sendText(text, true);
  },
  tell: (kind, message, ...buttons) =>
    Promise.resolve(kind === 'warning' ? vscode.window.showWarningMessage(message, ...buttons) : vscode.window.showInformationMessage(message, ...buttons)),
});

export interface PushUpgradeSources {
  readonly connections: Connections;
  readonly report: () => LinkReport | undefined;
  /** The org that owns packages, as the last load read it, with how the user names it. */
  readonly owner: () => { readonly org: OwningOrg; readonly label: string } | undefined;
  readonly project: () => readonly ProjectPackageLike[] | undefined;
  readonly ownerSameOrg: () => boolean;
  readonly prompts: PushUpgradePrompts;
}

/** The workspace folder of the Salesforce project (the first with an sfdx-project.json), else the first folder. */
async function projectFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const f of folders) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(f.uri, 'sfdx-project.json'));
      return f;
    } catch {
      // not this one
    }
  }
  return folders[0];
}

export function registerPushUpgrade(ctx: FeatureContext, sources: PushUpgradeSources): void {
  const { lmo, devHub } = sources.connections;
  ctx.command('lma.pushUpgrade', async (node?: InstallBaseNode) => {
    const prompts = sources.prompts;
    const reader = lmo.lmo;
    const folder = await projectFolder();
    if (!reader || node?.kind !== 'version' || !folder) return;
    const pkg = node.version.packageId;
    const link = sources.report()?.packages.find((p) => p.lmoPackage?.id.slice(0, 15) === pkg.slice(0, 15));
    const target = link?.latestVersion;
    if (!link || !target) {
      void prompts.tell(
        'warning',
        vscode.l10n.t('The latest release of this package is unknown: connect the Dev Hub or packaging org that owns it first (LMA: Connect a Dev Hub…).'),
      );
      return;
    }
    const owner = sources.owner();
    const verdict = packageGeneration({
      name: link.lmoPackage?.name ?? link.name,
      subscriberPackageId: link.subscriberPackageId,
      developerOrgId: link.lmoPackage?.developerOrgId,
      owner: owner?.org,
      ownerLabel: owner?.label,
      project: sources.project(),
    });
    const handOff = handOffKind(verdict);
    const hubLabel =
      devHub.client?.target.alias ??
      devHub.client?.target.username ??
      (sources.ownerSameOrg() ? (lmo.client?.target.alias ?? lmo.client?.target.username) : undefined);
    if (handOff === 'undetermined' || (handOff === 'sfCommand' && !hubLabel)) {
      void prompts.tell(
        'warning',
        handOff === 'undetermined'
          ? vscode.l10n.t('No push command is offered: {0}', verdict.basis)
          : vscode.l10n.t('A second-generation package is pushed through the Dev Hub that owns it: connect it first (LMA: Connect a Dev Hub…).'),
      );
      return;
    }
    const licenses = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the candidates…') }, () =>
      reader.licenses({ packageVersionId: node.version.id, liveOnly: true }),
    );
    const pushTarget = {
      subscriberPackageVersionId: target.subscriberPackageVersionId,
      versionNumber: target.versionNumber,
      subscriberPackageId: link.subscriberPackageId,
    };
    const { candidates, skipped } = pushUpgradeCandidates(licenses.records, pushTarget);
    if (!candidates.length) {
      void prompts.tell(
        'information',
        vscode.l10n.t(
          'No org on {0} can be pushed to {1}{2}.',
          node.version.versionNumber,
          target.versionNumber,
          skipped.length ? vscode.l10n.t(' ({0} skipped)', skipped.length) : '',
        ),
      );
      return;
    }
    const reviewed = await prompts.review(
      candidates.map((c) => ({ label: c.name, description: `${c.orgId} · v${c.versionNumber}${c.isSandbox ? ' · sandbox' : ''}` })),
      vscode.l10n.t('{0} orgs to push from {1} to {2}', candidates.length, node.version.versionNumber, target.versionNumber),
    );
    if (!reviewed) return;
    const file = vscode.Uri.joinPath(folder.uri, '.lma', 'push-upgrades', orgFileName(pushTarget));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(orgFileContent(candidates)));
    // Relative to the folder the terminal starts in (no folder-name prefix in a multi-root workspace).
    const relative = vscode.workspace.asRelativePath(file, false);

    if (handOff === 'packagingOrg') {
      const steps = firstGenerationSteps({
        packageName: link.lmoPackage?.name ?? link.name,
        versionNumber: target.versionNumber,
        packageVersionId: target.subscriberPackageVersionId,
        orgFile: relative,
        orgCount: candidates.length,
        packagingOrgId: verdict.pushOrgId,
      }).join('\n');
      const copySteps = vscode.l10n.t('Copy the Steps');
      const openFile = vscode.l10n.t('Open the Org File');
      const choice = await prompts.handOff(
        vscode.l10n.t('Wrote the {0} org ids to {1}. This is a first-generation package: schedule the push in its packaging org.', candidates.length, relative),
        `${verdict.basis}\n${NO_CLI_FOR_1GP}\n\n${steps}`,
        [copySteps, openFile],
      );
      if (choice === copySteps) await vscode.env.clipboard.writeText(steps);
      if (choice === openFile) await vscode.window.showTextDocument(file);
      return;
    }

    // Quoted for the shell the terminal runs; a shell whose quoting is not known here gets the command copied instead.
    const terminal = terminalShell(vscode.env.shell);
    const commandInput = { packageVersionId: target.subscriberPackageVersionId, orgFile: relative, targetDevHub: hubLabel as string };
    const command = pushUpgradeCommand(commandInput, terminal ?? shellFor(process.platform));
    const copy = vscode.l10n.t('Copy the Command');
    const runIt = vscode.l10n.t('Run in a Terminal…');
    const choice = await prompts.handOff(
      vscode.l10n.t('Wrote the {0} org ids to {1}. Schedule the push upgrade with the Salesforce CLI (beta):', candidates.length, relative),
      `${command.text}\n\n${verdict.basis}\n${SF_PUSH_BETA_NOTE}\n${vscode.l10n.t('Second-generation managed packages need security review and a Salesforce support case before push upgrades are enabled.')}`,
      [copy, runIt],
    );
    if (choice === copy) await vscode.env.clipboard.writeText(command.text);
    if (choice === runIt) {
      const sure = vscode.l10n.t('Schedule the Push Upgrade');
      const confirmed = await prompts.confirm(
        vscode.l10n.t('Push {0} to {1} customer orgs? Salesforce upgrades them without asking their admins.', target.versionNumber, candidates.length),
        sure,
      );
      if (confirmed && terminal) prompts.runInTerminal(folder.uri, command.text);
      else if (confirmed) {
        await vscode.env.clipboard.writeText(command.text);
        void prompts.tell(
          'warning',
          vscode.l10n.t(
            'Your terminal runs {0}, whose quoting LMA Workbench cannot vouch for: nothing was sent. The command is on the clipboard — paste it where you run the Salesforce CLI.',
            vscode.env.shell || vscode.l10n.t('an unknown shell'),
          ),
        );
      }
    }
  });
}
