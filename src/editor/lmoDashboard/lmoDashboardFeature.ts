/**
 * The executives' dashboard in the LMO, verified from the editor: LMA: Verify the Executive
 * Dashboard in the LMO runs `lmo-dashboard verify` (docs/salesforce/lmo-dashboard.md#verify) with
 * the workspace's generated options (lmo-dashboard/lmo-dashboard.json, else the defaults), with
 * progress and Cancel, and hands the setup checklist its step 5. Read-only: nothing is deployed here.
 */
import * as vscode from 'vscode';
import { type StepContribution } from '../../core/checklist/input';
import { VERDICT_LABELS } from '../../core/checklist/verdicts';
import type { LmoDashboardVerification } from '../../data/lmo/lmoDashboardReader';
import { salesforceStack } from '../../data/org/connect';
import { toLmoError } from '../../data/org/errors';
import { executeCommand } from '../kit/commandIds';
import { type Feature, type FeatureContext } from '../kit/featureContext';
import { settledChanges } from '../connections/orgConnection';
import { windowPrompts } from '../kit/prompts';
import { buildLmoDashboardFlow, outcomeLines } from './buildFlow';
import { workspaceOptions } from './workspaceOptions';
import { pinCommand } from './pinCommand';

export interface LmoDashboardFeature {
  /** Verifies in the connected LMO; undefined when not connected or cancelled. */
  verify(signal?: AbortSignal): Promise<LmoDashboardVerification | undefined>;
  /** Step 5 from the last verification of the connected org, if there was one. */
  contribution(): StepContribution | undefined;
  readonly onDidVerify: vscode.Event<void>;
  /** Drops the last verification (step 5 goes back to "check by hand"); also done on every connection change. */
  forget(): void;
}

export const activateLmoDashboard: Feature<LmoDashboardFeature> = (ctx) => {
  const verified = new vscode.EventEmitter<void>();
  ctx.subscribe(verified);
  let last: { orgLabel: string; result: LmoDashboardVerification } | undefined;

  const verify = async (signal?: AbortSignal): Promise<LmoDashboardVerification | undefined> => {
    const lmo = ctx.connections.lmo.lmo;
    if (!lmo) return undefined;
    const { options } = await workspaceOptions();
    const stack = await salesforceStack();
    const result = await stack.verifyLmoDashboardIn(lmo, options, ctx.clock.today(), { signal });
    last = { orgLabel: lmo.target.label, result };
    verified.fire();
    return result;
  };

  ctx.command('lma.verifyLmoDashboard', async () => {
    const target = ctx.connections.lmo.lmo?.target;
    if (!target) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Connect to your LMO first: the dashboard is verified in the org.'));
      return;
    }
    let result: LmoDashboardVerification | undefined;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Verifying the executives’ dashboard in the LMO'), cancellable: true },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return verify(abort.signal);
        },
      );
    } catch (err) {
      const error = toLmoError(err, target);
      if (error.kind !== 'cancelled') void vscode.window.showErrorMessage(vscode.l10n.t('The dashboard could not be verified: {0}', error.message));
      return;
    }
    if (!result) return;
    const open = vscode.l10n.t('Open Setup Checklist');
    const verdict = result.contribution.verdict;
    const first = result.contribution.findings.find((f) => f.level !== 'info')?.text ?? '';
    const message = vscode.l10n.t('Step 5, the executives’ dashboard: {0}. {1}', VERDICT_LABELS[verdict], first);
    const shown = verdict === 'done' ? vscode.window.showInformationMessage(message, open) : vscode.window.showWarningMessage(message, open);
    void shown.then((choice) => choice === open && executeCommand('lma.openSetupChecklist'));
  });

  ctx.command('lma.buildLmoDashboard', () => buildCommand(ctx, verify));
  ctx.command('lma.pinLmoDashboard', () => pinCommand(ctx, () => verify()));
  const forget = () => {
    if (!last) return;
    last = undefined;
    verified.fire();
  };
  // A verification speaks for the connection it was made on.
  ctx.subscribe(settledChanges(ctx.connections.lmo)(forget));

  return {
    verify,
    contribution: () => {
      const target = ctx.connections.lmo.client?.target;
      return last && target && last.orgLabel === target.label ? last.result.contribution : undefined;
    },
    onDidVerify: verified.event,
    forget,
  };
};

/** The Build command: the flow with the real dialogs and progress, then its outcome in words and step 5 read back. */
async function buildCommand(ctx: FeatureContext, verify: (signal?: AbortSignal) => Promise<LmoDashboardVerification | undefined>): Promise<void> {
  const lmo = ctx.connections.lmo.lmo;
  if (!lmo) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Connect to your LMO first: the dashboard is built there.'));
    return;
  }
  const withProgress = <T>(title: string, work: (report: (message: string) => void, signal: AbortSignal) => Promise<T>) =>
    Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return work((message) => progress.report({ message }), abort.signal);
      }),
    );
  try {
    const result = await buildLmoDashboardFlow({ lmo, prompts: windowPrompts, withProgress });
    if (result.kind === 'stopped') {
      if (result.why !== 'cancelled') void vscode.window.showErrorMessage(result.why);
      return;
    }
    if (result.kind === 'refused') {
      void windowPrompts.error(vscode.l10n.t('{0} refused the dashboard: nothing was written.', lmo.target.label), {
        modal: true,
        detail: [...outcomeLines(result.outcome), result.outcome.errorMessage ?? ''].join('\n'),
      });
      return;
    }
    const check = await verify();
    const pin = vscode.l10n.t('Pin the Home Page…');
    const open = vscode.l10n.t('Open Setup Checklist');
    const step = check ? VERDICT_LABELS[check.contribution.verdict] : '';
    const choice = await vscode.window.showInformationMessage(
      check?.deployed.assigned
        ? vscode.l10n.t('Deployed {0} components to {1}. Step 5: {2}.', result.outcome.components.length, lmo.target.label, step)
        : vscode.l10n.t(
            'Deployed {0} components to {1}. Step 5: {2}. Next, pin the Home page {3} for your executives: you see what it replaces before anything is written.',
            result.outcome.components.length,
            lmo.target.label,
            step,
            result.outcome.components.find((c) => c.type === 'FlexiPage')?.fullName ?? '',
          ),
      ...(check?.deployed.assigned ? [] : [pin]),
      open,
    );
    if (choice === pin) await executeCommand('lma.pinLmoDashboard');
    if (choice === open) await executeCommand('lma.openSetupChecklist');
  } catch (err) {
    const error = toLmoError(err, lmo.target);
    if (error.kind === 'cancelled')
      void vscode.window.showInformationMessage(vscode.l10n.t('Stopped waiting. A deploy already started goes on in the org: see Setup → Deployment Status.'));
    else void vscode.window.showErrorMessage(vscode.l10n.t('The dashboard could not be built: {0}', error.message));
  }
}
