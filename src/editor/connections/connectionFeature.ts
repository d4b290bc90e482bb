/** Connecting: the pickers, the connect commands, the status bar, and the reconnect on start. */
import * as vscode from 'vscode';
import { type OrgChoice, isOrgChoice } from '../../data/org/connect';
import { looksLikeSessionId } from '../../core/displayText';
import { executeCommand } from '../kit/commandIds';
import { type Feature, type FeatureContext } from '../kit/featureContext';
import { type OrgConnection, type OrgConnectionState } from './orgConnection';
import { pickOrg } from './orgPicker';
import { LmoStatusBar } from './statusBar';

const LMA_SETUP_HELP = 'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/lma_configure_app.htm';

/** Connects with a cancellable notification and reports the outcome. */
export async function connectWithProgress<T>(ctx: FeatureContext, connection: OrgConnection<T>, choice: OrgChoice): Promise<OrgConnectionState<T>> {
  const state = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Connecting to {0}…', connection.describe(choice)), cancellable: true },
    (_progress, token) => connection.connect(choice, token),
  );
  if (state.kind === 'disconnected' && state.lastError) {
    const tryAgain = vscode.l10n.t('Try Again');
    const showLog = vscode.l10n.t('Show Log');
    const action = await vscode.window.showErrorMessage(state.lastError.message, tryAgain, showLog);
    if (action === tryAgain) return connectWithProgress(ctx, connection, choice);
    if (action === showLog) ctx.log.show();
  } else if (state.kind === 'connected' && state.problem) {
    void vscode.window.showWarningMessage(state.problem.message, vscode.l10n.t('How to Set Up the LMA')).then((a) => {
      if (a) void vscode.env.openExternal(vscode.Uri.parse(LMA_SETUP_HELP));
    });
  }
  return state;
}

/** The configured default LMO (`lmaWorkbench.defaultOrg`): an alias or username, or "demo". */
export function defaultOrgChoice(setting: string): OrgChoice | undefined {
  const value = setting.trim();
  if (!value || looksLikeSessionId(value)) return undefined;
  return value.toLowerCase() === 'demo' ? { kind: 'demo' } : { kind: 'cli', aliasOrUsername: value };
}

export const activateConnections: Feature = (ctx) => {
  const lmo = ctx.connections.lmo;
  ctx.command('lma.connect', async (choice?: OrgChoice) => {
    const chosen = isOrgChoice(choice) ? choice : await pickOrg('lmo', ctx.projectOrgs, ctx.log);
    if (chosen) await connectWithProgress(ctx, lmo, chosen);
  });
  ctx.command('lma.connectDemo', () => connectWithProgress(ctx, lmo, { kind: 'demo' }));
  ctx.command('lma.disconnect', () => lmo.disconnect());
  ctx.command('lma.showLog', () => ctx.log.show());
  ctx.command('lma.refresh', () => ctx.requestRefresh());

  // A new demo size or seed: the demo starts again with it, and a connection to it follows.
  ctx.subscribe(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('lmaWorkbench.demo')) return;
      // The change simulator's pace changes on the running demo; size and seed need a new one.
      if (
        !e.affectsConfiguration('lmaWorkbench.demo.licenses') &&
        !e.affectsConfiguration('lmaWorkbench.demo.seed') &&
        !e.affectsConfiguration('lmaWorkbench.demo.scenario')
      ) {
        const running = await ctx.demoHost.running?.catch(() => undefined);
        await running?.control({ action: 'simulateChanges', value: ctx.settings.number('demoChangesPerMinute') });
        return;
      }
      const wasDemo = lmo.state.kind !== 'disconnected' && lmo.state.choice.kind === 'demo';
      await ctx.demoHost.stop();
      if (wasDemo) await lmo.connect({ kind: 'demo' });
    }),
  );

  // Reconnect to the workspace's remembered (or configured default) LMO after activation returns.
  const initial = lmo.remembered ?? defaultOrgChoice(ctx.settings.text('defaultOrg'));
  if (initial) setTimeout(() => void lmo.connect(initial), 0);
  void executeCommand('setContext', 'lma.activated', true);
};

/** The status bar needs the LMA version monitor, so it comes after it. */
export function activateStatusBar(ctx: FeatureContext, monitor: ConstructorParameters<typeof LmoStatusBar>[1]): LmoStatusBar {
  const statusBar = new LmoStatusBar(ctx.connections, monitor);
  ctx.subscribe(statusBar);
  return statusBar;
}
