/**
 * The Pin command with the real dialogs and progress (pinFlow.ts), its outcome in words with Undo,
 * and step 5 read back after each write.
 */
import * as vscode from 'vscode';
import { VERDICT_LABELS } from '../../core/checklist/verdicts';
import { toLmoError } from '../../data/org/errors';
import { PinJournal } from '../../storage/journal';
import { executeCommand } from '../kit/commandIds';
import { type FeatureContext } from '../kit/featureContext';
import { windowPrompts } from '../kit/prompts';
import { type PinDeps, pinLmoDashboardFlow, unpinLmoDashboardFlow } from './pinFlow';
import { workspaceOptions } from './workspaceOptions';
import type { LmoDashboardVerification } from '../../data/lmo/lmoDashboardReader';

/** Work with a notification's progress and Cancel. */
const withProgress: PinDeps['withProgress'] = (title, work) =>
  Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return work(abort.signal);
    }),
  );

export async function pinCommand(ctx: FeatureContext, verify: () => Promise<LmoDashboardVerification | undefined>): Promise<void> {
  const lmo = ctx.connections.lmo.lmo;
  if (!lmo) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Connect to your LMO first: the Home page is assigned there.'));
    return;
  }
  const journal = new PinJournal(ctx.extension.globalStorageUri.fsPath);
  const step5 = async () => {
    const check = await verify().catch(() => undefined);
    return check ? vscode.l10n.t('Step 5: {0}.', VERDICT_LABELS[check.contribution.verdict]) : '';
  };
  try {
    const { options } = await workspaceOptions();
    const result = await pinLmoDashboardFlow({ lmo, options, prompts: windowPrompts, journal, withProgress });
    if (result.kind === 'stopped') {
      if (result.why !== 'cancelled') void vscode.window.showErrorMessage(result.why);
      return;
    }
    if (result.kind === 'already') {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('{0} is already the Home page for “{1}” in {2}. {3}', options.homePageDeveloperName, options.profile, options.app, await step5()),
      );
      return;
    }
    const undo = vscode.l10n.t('Undo');
    const open = vscode.l10n.t('Open Setup Checklist');
    const said = result.verified
      ? vscode.l10n.t(
          '{0} is now the Home page for “{1}” in {2}, read back from the org. {3}',
          result.pin.page,
          result.pin.profile.name,
          result.pin.app,
          await step5(),
        )
      : vscode.l10n.t('{0} accepted the assignment, but reading the app back does not show it: check it in Lightning App Builder.', lmo.target.label);
    const choice = await (result.verified ? vscode.window.showInformationMessage(said, undo, open) : vscode.window.showWarningMessage(said, undo, open));
    if (choice === open) await executeCommand('lma.openSetupChecklist');
    if (choice !== undo) return;
    const undone = await unpinLmoDashboardFlow({ lmo, journal, withProgress }, result.pin);
    if (undone.kind === 'stopped') void vscode.window.showErrorMessage(undone.why);
    else
      void vscode.window.showInformationMessage(
        vscode.l10n.t('The Home page for “{0}” in {1} is as it was. {2}', result.pin.profile.name, result.pin.app, await step5()),
      );
  } catch (err) {
    const error = toLmoError(err, lmo.target);
    if (error.kind !== 'cancelled') void vscode.window.showErrorMessage(vscode.l10n.t('The Home page could not be assigned: {0}', error.message));
  }
}
