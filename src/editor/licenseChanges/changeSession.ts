/**
 * One guarded license change in the editor: the plan's preview (validated by Modify License's
 * rules, nothing written), the confirmation (a modal yes, or the number / org id typed when the
 * plan suspends a license or is large), the run (batches, cancel between them, progress), the
 * per-record results and their verification, the journal, and Undo through the same path.
 */
import * as vscode from 'vscode';
import { type CalendarDate } from '../../core/calendarDate';
import { confirmationFor, isConfirmed } from '../../core/licenseChanges/confirmation';
import { type ChangePlan } from '../../core/licenseChanges/plan';
import { previewRows } from '../../core/licenseChanges/preview';
import { validatePlan } from '../../core/licenseChanges/validation';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { LmoError } from '../../data/org/errors';
import { type LicenseJournal } from '../../storage/journal';
import type { ChangeRequests, ChangeView, PlanSummary, ResultRow } from '../../webview/protocol/licenseChanges';
import { type Log } from '../log';
import { type Handlers } from '../webviews/panelHost';

type Preview = Extract<ChangeView, { state: 'preview' }>;

export interface SessionDeps {
  readonly lmo: () => LicenseManagementOrg | undefined;
  readonly journal: LicenseJournal;
  readonly today: () => CalendarDate;
  readonly typedConfirmationOver: () => number;
  readonly log: Log;
  /** Asks the page to load again (a new plan, progress, results). */
  readonly reload: () => void;
  readonly openLicense: (licenseId: string) => Promise<void>;
}

export interface PlannedSession {
  readonly plan: ChangePlan;
  readonly leftOut: readonly { readonly license: string; readonly reason: string }[];
  readonly unchanged: number;
}

export class ChangeSession {
  private planned: PlannedSession | undefined;
  private view: ChangeView = { state: 'empty' };
  private running: AbortController | undefined;
  private lastRun: { runId: string } | undefined;
  /** Confirmation answers for tests: when set, used instead of asking. */
  answer: ((prompt: string, typed: boolean) => Promise<string | undefined>) | undefined;

  constructor(private readonly deps: SessionDeps) {}

  readonly handlers: Handlers<ChangeRequests> = {
    load: async () => this.view,
    apply: async () => ({ started: await this.apply() }),
    cancel: async () => {
      const running = this.running;
      running?.abort();
      return { cancelled: !!running };
    },
    undo: async () => ({ previewing: await this.undoLast() }),
    openJournal: async () => {
      await vscode.window.showTextDocument(vscode.Uri.file(this.deps.journal.path), { preview: true });
      return { opened: true };
    },
    openLicense: async ({ licenseId }) => {
      // Only a license this session shows: the page is untrusted.
      const known = this.planned?.plan.changes.some((c) => c.license.id === licenseId);
      if (!known) return { opened: false };
      await this.deps.openLicense(licenseId);
      return { opened: true };
    },
  };

  get current(): ChangeView {
    return this.view;
  }

  get isRunning(): boolean {
    return !!this.running;
  }

  /** Shows a plan's preview. Refused while a run is in progress. */
  preview(session: PlannedSession): Preview {
    if (this.running) throw new LmoError('usage', vscode.l10n.t('A license change is running: wait for it, or cancel it first.'), 'busy');
    const lmo = this.deps.lmo();
    const validation = validatePlan(session.plan, this.deps.today());
    const requirement = confirmationFor(session.plan, this.deps.typedConfirmationOver());
    this.planned = session;
    this.view = {
      state: 'preview',
      summary: this.summary(session, validation.errors, validation.warnings, lmo),
      rows: previewRows(session.plan, validation),
      blocked: !validation.ok,
      typedBecause: requirement.typed ? requirement.reasons : [],
    };
    this.deps.reload();
    return this.view;
  }

  private summary(session: PlannedSession, errors: number, warnings: number, lmo: LicenseManagementOrg | undefined): PlanSummary {
    return {
      description: session.plan.description,
      orgLabel: session.plan.org.label,
      isDemo: lmo?.target.source === 'demo',
      licenses: session.plan.changes.length,
      errors,
      warnings,
      undoOf: session.plan.undoOf,
      leftOut: session.leftOut,
      unchanged: session.unchanged,
    };
  }

  /** Asks for the confirmation the plan needs; undefined when the user backs out. */
  private async confirm(plan: ChangePlan): Promise<string | undefined> {
    const requirement = confirmationFor(plan, this.deps.typedConfirmationOver());
    if (this.answer) return this.answer(requirement.prompt, requirement.typed);
    if (requirement.typed) {
      return vscode.window.showInputBox({
        title: vscode.l10n.t('Confirm the license change'),
        prompt: requirement.prompt,
        ignoreFocusOut: true,
        validateInput: (text) => (isConfirmed(requirement, text) ? undefined : vscode.l10n.t('Type {0} to confirm.', requirement.expected ?? '')),
      });
    }
    const yes = vscode.l10n.t('Change Licenses');
    const choice = await vscode.window.showWarningMessage(
      requirement.prompt,
      {
        modal: true,
        detail: vscode.l10n.t('Each license is written, then re-read to verify it; every step goes to the journal, and the change can be undone.'),
      },
      yes,
    );
    return choice === yes ? '' : undefined;
  }

  async apply(): Promise<boolean> {
    const session = this.planned;
    const lmo = this.deps.lmo();
    if (!session || !lmo || this.view.state !== 'preview' || this.view.blocked || this.running) return false;
    const typed = await this.confirm(session.plan);
    if (typed === undefined) return false;
    if (!isConfirmed(confirmationFor(session.plan, this.deps.typedConfirmationOver()), typed)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The confirmation did not match: nothing was sent.'));
      return false;
    }
    const controller = new AbortController();
    this.running = controller;
    const summary = this.view.summary;
    const total = session.plan.changes.length;
    this.view = { state: 'running', summary, phase: 'writing', done: 0, total, saved: 0, failed: 0 };
    this.deps.reload();
    try {
      const report = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: total === 1 ? vscode.l10n.t('Changing 1 license') : vscode.l10n.t('Changing {0} licenses', total),
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          return lmo.runLicenseChange(session.plan, {
            journal: this.deps.journal,
            confirmation: { yes: true, typed },
            typedConfirmationOver: this.deps.typedConfirmationOver(),
            signal: controller.signal,
            onProgress: (p) => {
              progress.report({
                increment: ((p.done - reported) / Math.max(1, p.total)) * 100,
                message: p.phase === 'verifying' ? vscode.l10n.t('verifying…') : `${p.done}/${p.total}`,
              });
              reported = p.done;
              this.view = {
                state: 'running',
                summary,
                phase: p.phase === 'verifying' ? 'verifying' : 'writing',
                done: p.done,
                total: p.total,
                saved: p.saved,
                failed: p.failed,
              };
              this.deps.reload();
            },
          });
        },
      );
      if (report.status === 'blocked' || report.status === 'needsConfirmation') {
        this.running = undefined;
        this.preview(session);
        return false;
      }
      const names = new Map(session.plan.changes.map((c) => [c.license.id, c.license]));
      const verified = new Map(report.verifications.map((v) => [v.licenseId, v.holdsNewValues && v.historyRecorded]));
      const results: ResultRow[] = [
        ...report.results.map((r) => ({
          licenseId: r.licenseId,
          licenseName: names.get(r.licenseId)?.name ?? r.licenseId,
          subscriber: names.get(r.licenseId)?.subscriber ?? '',
          outcome: r.outcome,
          message: r.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; '),
          verified: r.outcome === 'saved' ? verified.get(r.licenseId) : undefined,
        })),
        ...report.notSent.map((id) => ({
          licenseId: id,
          licenseName: names.get(id)?.name ?? id,
          subscriber: names.get(id)?.subscriber ?? '',
          outcome: 'notSent' as const,
          message: '',
          verified: undefined,
        })),
      ];
      // Failures first: they are what needs a look.
      results.sort((a, b) => Number(a.outcome === 'saved') - Number(b.outcome === 'saved'));
      this.lastRun = { runId: report.runId };
      this.view = { state: 'finished', summary, runId: report.runId, cancelled: report.status === 'cancelled', counts: report.counts, results };
      const c = report.counts;
      const text = vscode.l10n.t('Saved {0} ({1} verified), {2} failed, {3} not sent.', c.saved, c.verified, c.failed, c.notSent);
      if (c.failed || c.unverified) void vscode.window.showWarningMessage(text);
      else void vscode.window.showInformationMessage(text);
      return true;
    } catch (err) {
      this.deps.log.error('License change', err);
      void vscode.window.showErrorMessage(vscode.l10n.t('The license change stopped: {0} The journal says what was sent.', (err as Error).message));
      this.running = undefined;
      this.preview(session);
      return false;
    } finally {
      this.running = undefined;
      this.deps.reload();
    }
  }

  /** Previews the undo of a journaled run (the last one of this session by default). */
  async undo(runId: string): Promise<boolean> {
    const lmo = this.deps.lmo();
    const run = await this.deps.journal.run(runId);
    if (!lmo || !run) return false;
    const undo = await lmo.undoPlanFor(run, { today: this.deps.today() });
    this.preview({ plan: undo.plan, leftOut: undo.skipped.map((s) => ({ license: s.licenseName, reason: s.reason })), unchanged: 0 });
    return true;
  }

  private async undoLast(): Promise<boolean> {
    return this.lastRun ? this.undo(this.lastRun.runId) : false;
  }

  dispose(): void {
    this.running?.abort();
  }
}
