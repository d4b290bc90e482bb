/**
 * The Setup Checklist in the editor: the panel, the command, a check on every connection (so the
 * walkthrough's steps complete and a regression is noticed), a status bar item while a step
 * needs fixing, and the first-run welcome that puts the LMA view and the walkthrough in front of
 * a newcomer.
 */
import * as vscode from 'vscode';
import { singleLine } from '../../core/displayText';
import { type Checklist, stepsNeedingFixes } from '../../core/checklist/checklist';
import { type ProjectPackageRef, changeFeedRan, projectPackageRefs } from '../../core/checklist/input';
import { type SetupAction, VERDICT_LABELS } from '../../core/checklist/verdicts';
import { parseSfdxProject } from '../../core/sfdxProject';
import { lastFeedRun } from '../../storage/feedLocation';
import { CHECKLIST_VALIDATORS, type ChecklistRequests } from '../../webview/protocol/checklist';
import { executeCommand } from '../kit/commandIds';
import { openInOrg } from '../connections/openInOrg';
import { type FeatureContext } from '../kit/featureContext';
import { type LmaVersionMonitor } from '../lmaVersion/lmaVersionMonitor';
import { type ProvisioningFeature } from '../provisioning/provisioningFeature';
import { type LinkingFeature } from '../linking/linkingFeature';
import { type LmoDashboardFeature } from '../lmoDashboard/lmoDashboardFeature';
import { linkingContribution } from '../../core/linking/checklist';
import { settledChanges } from '../connections/orgConnection';
import { createDispatcher, PanelRegistration } from '../kit/panelHost';
import { ChecklistController } from './checklistController';

const STEP_IDS = ['lmo', 'lmaApp', 'packages', 'provisioning', 'dashboard', 'billing'] as const;
export const WALKTHROUGH_ID = 'lma-workbench.lma-workbench#lma.setup';
const WELCOMED = 'lma.welcomed';

export interface ChecklistFeature {
  readonly controller: ChecklistController;
  readonly panel: PanelRegistration<ChecklistRequests>;
  readonly dispatch: (message: unknown) => Promise<unknown>;
  readonly statusBar: vscode.StatusBarItem;
}

async function projectPackages(): Promise<ProjectPackageRef[] | undefined> {
  let found: ProjectPackageRef[] | undefined;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'sfdx-project.json'));
      const parsed = parseSfdxProject(new TextDecoder().decode(bytes));
      if (parsed.ok) found = [...(found ?? []), ...projectPackageRefs(parsed.project.packages)];
    } catch {
      // No project in this folder.
    }
  }
  return found;
}

/** The CLI command that runs the license change feed for this LMO (the feed's home is a server, not the editor). */
export function changeFeedCommand(extensionPath: string, orgLabel: string, isDemo: boolean): string {
  const org = isDemo ? '--demo' : `--target-org ${/^[\w.@+-]+$/.test(orgLabel) ? orgLabel : JSON.stringify(orgLabel)}`;
  return `node ${JSON.stringify(`${extensionPath}/dist/cli.js`)} changes ${org} --follow --webhook https://billing.example.com/hooks/licenses --secret-env LMA_WEBHOOK_SECRET`;
}

async function runAction(ctx: FeatureContext, action: SetupAction): Promise<void> {
  const client = ctx.connections.lmo.client;
  switch (action.kind) {
    case 'openDashboard':
      await executeCommand('lma.openDashboard');
      return;
    case 'verifyLmoDashboard':
      await executeCommand('lma.verifyLmoDashboard');
      return;
    case 'buildLmoDashboard':
      await executeCommand('lma.buildLmoDashboard');
      return;
    case 'pinLmoDashboard':
      await executeCommand('lma.pinLmoDashboard');
      return;
    case 'checkLmaVersion':
      await executeCommand('lma.checkLmaVersion');
      return;
    case 'connect':
      await executeCommand('lma.connect');
      return;
    case 'copyFeedCommand':
      await executeCommand('lma.copyChangeFeedCommand');
      return;
    case 'openProjectFile': {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (folder) await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, 'sfdx-project.json'));
      return;
    }
    case 'openUrl':
      // Only the core's own https links reach here (the page names an action, never a URL).
      if (action.target && /^https:\/\//.test(action.target)) await vscode.env.openExternal(vscode.Uri.parse(action.target, true));
      return;
    case 'openInOrg':
    case 'openSubscriberSupport':
    case 'openRecycleBin':
      if (client && action.target?.startsWith('/')) await openInOrg(client, action.target, ctx.log);
      return;
  }
}

function showNeeds(item: vscode.StatusBarItem, checklist: Checklist | undefined, regressed: boolean): void {
  const failing = checklist ? stepsNeedingFixes(checklist) : [];
  if (!failing.length) {
    item.text = '';
    item.hide();
    return;
  }
  item.text = vscode.l10n.t('$(checklist) Setup: {0} to fix', failing.length);
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.appendText(vscode.l10n.t('LMA setup checklist'));
  for (const s of failing) {
    tooltip.appendMarkdown('  \n');
    tooltip.appendText(`${s.number}. ${s.title}: ${VERDICT_LABELS[s.verdict]} — ${singleLine(s.summary, 100)}`);
  }
  item.tooltip = tooltip;
  item.backgroundColor = new vscode.ThemeColor(regressed ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
  item.show();
}

/**
 * Checks the walkthrough's steps off from the checklist's verdicts. Each step completes on a
 * command of its own (`onCommand:lma.setupVerified.<step>`): VS Code's walkthrough service starts
 * lazily and ignores a context key that was already true when it started, but it hears commands
 * run through the workbench (not those an extension runs inside its own host: hence `runCommands`),
 * so the done steps' commands run after every check and again whenever the walkthrough opens.
 * The context keys stay, for `when` clauses.
 */
async function publishVerdicts(checklist: Checklist | undefined): Promise<void> {
  if (!checklist) return;
  for (const s of checklist.steps) await executeCommand('setContext', `lma.setup.${s.id}`, s.verdict === 'done');
  const done = checklist.steps.filter((s) => s.verdict === 'done').map((s) => `lma.setupVerified.${s.id}`);
  if (done.length) await executeCommand('runCommands', { commands: done });
}

async function openWalkthrough(checklist: Checklist | undefined): Promise<void> {
  await executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  await publishVerdicts(checklist);
}

const PERMANENCE_WARNED = 'lma.setup.permanenceWarned';

/** Once per org: a production org with nothing linked yet is about to become an LMO for good (or is the wrong org). */
function warnPermanence(ctx: FeatureContext, checklist: Checklist): void {
  const target = ctx.connections.lmo.client?.target;
  if (!checklist.productionWithoutPackages || !target || target.source === 'demo') return;
  const key = `${PERMANENCE_WARNED}.${target.orgId ?? target.username}`;
  if (ctx.extension.globalState.get(key)) return;
  void ctx.extension.globalState.update(key, true);
  const open = vscode.l10n.t('Open Setup Checklist');
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t(
        'No package is linked to {0} yet. Linking a package makes an org its License Management Org for good: make sure this is your Partner Business Org before you link one.',
        singleLine(target.label, 60),
      ),
      open,
    )
    .then((choice) => choice === open && executeCommand('lma.openSetupChecklist'));
}

export function activateChecklist(
  ctx: FeatureContext,
  lmaVersion: LmaVersionMonitor,
  provisioning: Pick<ProvisioningFeature, 'contribution'>,
  linking: Pick<LinkingFeature, 'report' | 'ownerLabel' | 'onDidChangeReport'>,
  lmoDashboard: Pick<LmoDashboardFeature, 'contribution' | 'onDidVerify'>,
): ChecklistFeature {
  const connection = ctx.connections.lmo;
  const controller = new ChecklistController({
    connection,
    clock: ctx.clock,
    memento: ctx.extension.workspaceState,
    baseline: () => {
      const resolved = lmaVersion.baseline();
      return resolved.ok ? resolved.baseline : undefined;
    },
    projectPackages,
    runAction: (action) => runAction(ctx, action),
    changeFeed: (target) => changeFeedRan(lastFeedRun(target.username)),
    provisioning: () => provisioning.contribution(),
    // The same link report the Packages view and the Problems panel use: one answer to "is it linked, verified how".
    linking: () => {
      const report = linking.report();
      const owner = linking.ownerLabel();
      return report && owner ? linkingContribution(report, owner) : undefined;
    },
    lmoDashboard: () => lmoDashboard.contribution(),
  });
  const descriptor = {
    viewType: 'lma.setupChecklist',
    title: vscode.l10n.t('LMA Setup Checklist'),
    bundle: 'checklist',
    validators: CHECKLIST_VALIDATORS,
    handlers: controller.handlers,
    reloadOn: [settledChanges(connection), ctx.onDidRequestRefresh, controller.onDidRebuild] as vscode.Event<unknown>[],
  };
  const panel = new PanelRegistration<ChecklistRequests>(descriptor, ctx.extension.extensionUri, ctx.log);
  const statusBar = vscode.window.createStatusBarItem('lma.setup', vscode.StatusBarAlignment.Left, 9);
  statusBar.name = vscode.l10n.t('LMA Workbench: Setup Checklist');
  statusBar.command = 'lma.openSetupChecklist';
  ctx.subscribe(controller, panel, statusBar);

  ctx.subscribe(
    controller.onDidCheck(({ checklist, regressed }) => {
      void publishVerdicts(checklist);
      showNeeds(statusBar, checklist, regressed.length > 0);
      warnPermanence(ctx, checklist);
      if (regressed.length) {
        const open = vscode.l10n.t('Open Setup Checklist');
        const names = regressed.map((s) => `${s.number}. ${s.title}`).join('; ');
        void vscode.window
          .showWarningMessage(vscode.l10n.t('LMA setup regressed since the last check: {0}', names), open)
          .then((choice) => choice === open && executeCommand('lma.openSetupChecklist'));
      }
    }),
  );
  // A check on every connection (three API calls), so the walkthrough and the status bar stay true.
  const checkQuietly = () => {
    if (connection.state.kind !== 'connected') {
      showNeeds(statusBar, undefined, false);
      return;
    }
    controller.check().catch((err: Error) => ctx.log.warn(`Setup check failed: ${err.message}`));
  };
  ctx.subscribe(settledChanges(connection)(checkQuietly), ctx.onDidRequestRefresh(checkQuietly));
  // The link report arrives after the check (both start on connecting): step 3 takes it without another API call.
  ctx.subscribe(linking.onDidChangeReport(() => void controller.rebuild()));
  // Step 5 from the last verification of the dashboard in the LMO (LMA: Verify the Executive Dashboard).
  ctx.subscribe(lmoDashboard.onDidVerify(() => void controller.rebuild()));

  ctx.command('lma.openSetupChecklist', () => void panel.show());
  ctx.command('lma.openSetupWalkthrough', () => openWalkthrough(controller.current));
  for (const id of STEP_IDS) ctx.command(`lma.setupVerified.${id}`, () => undefined);
  ctx.command('lma.copyChangeFeedCommand', async () => {
    const target = ctx.connections.lmo.client?.target;
    const text = changeFeedCommand(ctx.extension.extensionPath, target?.alias ?? target?.username ?? 'my-lmo', target?.source === 'demo');
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied the change-feed command. Run it on a server or in CI; set LMA_WEBHOOK_SECRET first.'));
  });

  if (ctx.settings.flag('showWelcome', true) && !ctx.extension.globalState.get(WELCOMED)) {
    void ctx.extension.globalState.update(WELCOMED, true);
    void Promise.resolve(executeCommand('workbench.view.extension.lma')).then(() => openWalkthrough(controller.current));
  }
  return { controller, panel, dispatch: createDispatcher(descriptor, ctx.log), statusBar };
}
