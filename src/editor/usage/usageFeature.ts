/**
 * Seat usage in the editor: the model, its badges on license rows in both trees, the usage filter,
 * and the two commands — LMA: Measure Seat Usage and LMA: Filter Licenses by Seat Usage…. The
 * dashboard's card reaches it through `card` (wired in extension.ts).
 */
import * as vscode from 'vscode';
import { USAGE_FLAG_LABELS, type UsageFlag, flaggedRows, isUsageFlag } from '../../core/usage/usageFlags';
import { parseUsageMonth } from '../../core/usage/usageMonth';
import { toLmoError } from '../../data/org/errors';
import type { SeatUsageView, UsageRequest } from '../../webview/protocol/dashboard';
import { executeCommand } from '../kit/commandIds';
import { type Feature, type FeatureContext } from '../kit/featureContext';
import { SeatUsageModel, type UsageState } from './usageModel';
import { cardMonths, usageView } from './usageView';

export interface UsageCard {
  load(request: UsageRequest): Promise<SeatUsageView>;
  /** Stops the card's measure in flight; false when there was none. */
  cancel(): boolean;
}

export interface UsageFeature {
  readonly model: SeatUsageModel;
  readonly card: UsageCard;
  /** Filters both trees to a flag's licenses of the month measured, and shows the Install Base view. */
  showInTree(flag: UsageFlag): Promise<boolean>;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many).replace('{0}', n.toLocaleString('en-US'));

function summary(state: Extract<UsageState, { kind: 'ready' }>): string {
  const r = state.result;
  const dormant = r.dormant.kind === 'ready' ? plural(r.dormant.rows.length, '{0} dormant', '{0} dormant') : vscode.l10n.t('dormancy not known yet');
  const measured = r.rows.filter((x) => x.measure.kind === 'measured').length;
  return vscode.l10n.t(
    'Seat usage, {0}: {1} shelfware, {2} at cap, {3}, of {4} measured.',
    state.month,
    r.shelfware.length.toLocaleString('en-US'),
    r.atCap.length.toLocaleString('en-US'),
    dormant,
    plural(measured, '{0} license', '{0} licenses'),
  );
}

export const activateUsage: Feature<UsageFeature> = (ctx) => {
  const model = new SeatUsageModel(ctx.connections.lmo, ctx.clock, ctx.settings);
  ctx.subscribe(model);
  ctx.licenseNotes.provide((id) => model.note(id));
  ctx.subscribe(
    model.onDidChange((state) => {
      ctx.licenseNotes.refresh();
      // A usage filter names licenses of what was measured: gone with it (another org, no org).
      if (state.kind === 'none' && ctx.filter.current.usage) void ctx.filter.set({ usage: undefined });
    }),
  );

  /** A measure with the notification's progress and Cancel. */
  const measureWithProgress = (force: boolean): Thenable<UsageState> =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Measuring seat usage'), cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return model.measure(
          { month: model.defaultMonth(), packageId: '' },
          { force, signal: abort.signal, onPoll: (message) => progress.report({ message }) },
        );
      },
    );

  const showInTree = async (flag: UsageFlag): Promise<boolean> => {
    const usage = model.filterFor(flag);
    if (!usage) return false;
    await ctx.filter.set({ usage, includeSandboxes: true, includeExpired: true }, { replace: true });
    await executeCommand('lma.installBase.focus');
    if (usage.total > usage.ids.length)
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'The sidebar shows the first {0} of {1} {2} licenses (the least used first). The dashboard card and lma-workbench usage --json list them all.',
          usage.ids.length,
          usage.total.toLocaleString('en-US'),
          USAGE_FLAG_LABELS[flag],
        ),
      );
    return true;
  };

  registerUsageCommands(ctx, model, measureWithProgress, showInTree);

  let loading: AbortController | undefined;
  const card: UsageCard = {
    async load(request) {
      if (ctx.connections.lmo.state.kind !== 'connected') return { state: 'notConnected' };
      loading?.abort();
      const mine = (loading = new AbortController());
      try {
        const month = (request.month && parseUsageMonth(request.month)) || model.defaultMonth();
        const state = await model.measure({ month, packageId: request.packageId }, { signal: mine.signal, force: request.force });
        return usageView(state, cardMonths(model.defaultMonth()));
      } finally {
        if (loading === mine) loading = undefined;
      }
    },
    cancel() {
      const was = loading;
      was?.abort();
      return !!was;
    },
  };
  return { model, card, showInTree };
};

function registerUsageCommands(
  ctx: FeatureContext,
  model: SeatUsageModel,
  measureWithProgress: (force: boolean) => Thenable<UsageState>,
  showInTree: (flag: UsageFlag) => Promise<boolean>,
): void {
  const explain = (state: UsageState) => {
    if (state.kind === 'explained') void vscode.window.showWarningMessage(`${state.message} ${vscode.l10n.t('What to do:')} ${state.action}`);
    if (state.kind === 'noPackageId') void vscode.window.showWarningMessage(state.message);
  };
  ctx.command('lma.measureSeatUsage', async () => {
    let state: UsageState;
    try {
      state = await measureWithProgress(true);
    } catch (err) {
      const error = ctx.connections.lmo.lmo ? toLmoError(err, ctx.connections.lmo.lmo.target) : undefined;
      if (error?.kind === 'cancelled') return undefined;
      throw err;
    }
    if (state.kind !== 'ready') return explain(state);
    const show = vscode.l10n.t('Show Shelfware');
    const open = vscode.l10n.t('Open Dashboard');
    void vscode.window.showInformationMessage(summary(state), show, open).then((answer) => {
      if (answer === show) void showInTree('shelfware');
      if (answer === open) void executeCommand('lma.openDashboard');
    });
    return state;
  });
  ctx.command('lma.filterByUsage', async (given?: unknown) => {
    if (model.state.kind !== 'ready') {
      const state = await measureWithProgress(false).then(undefined, () => undefined);
      if (!state || state.kind !== 'ready') return state && explain(state);
    }
    const state = model.state;
    if (state.kind !== 'ready') return undefined;
    let flag: UsageFlag | undefined = isUsageFlag(given) ? given : undefined;
    if (!flag) {
      const picks = (['shelfware', 'atCap', 'dormant'] as const).map((f) => ({
        label: USAGE_FLAG_LABELS[f],
        description:
          f === 'dormant' && state.result.dormant.kind !== 'ready'
            ? vscode.l10n.t('not known yet: App Analytics lacks {0}', state.result.dormant.missing.join(', '))
            : plural(flaggedRows(state.result, f).length, '{0} license', '{0} licenses'),
        flag: f,
      }));
      flag = (await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Filter Licenses by Seat Usage ({0})', state.month) }))?.flag;
    }
    return flag ? showInTree(flag) : undefined;
  });
}
