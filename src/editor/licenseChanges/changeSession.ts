/**
 * One guarded change in the editor — of licenses or of feature parameter values, each through its
 * PlanKind: the plan's preview (checked by Salesforce's rules, nothing written), the confirmation
 * (a modal yes, or the number / org id typed when the plan suspends a license, turns a feature off
 * or is large), the run (batches, cancel between them, progress), the per-record results and their
 * verification, the journal, and Undo through the same path.
 */
import * as vscode from 'vscode';
import { isConfirmed } from '../../core/licenseChanges/confirmation';
import { type PlanHeader } from '../../core/licenseChanges/plan';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { LmoError } from '../../data/org/errors';
import type { ChangeRequests, ChangeView, PlanSummary, ResultRow } from '../../webview/protocol/licenseChanges';
import { type Log } from '../log';
import { type Handlers } from '../webviews/panelHost';
import { type Planned } from './planKinds';

type Preview = Extract<ChangeView, { state: 'preview' }>;

export interface SessionDeps {
  readonly lmo: () => LicenseManagementOrg | undefined;
  readonly typedConfirmationOver: () => number;
  readonly log: Log;
  /** Asks the page to load again (a new plan, progress, results). */
  readonly reload: () => void;
  readonly openLicense: (licenseId: string) => Promise<void>;
  readonly openJournal: (kind: PlanSummary['kind']) => Promise<void>;
}

export class ChangeSession {
  private planned: Planned | undefined;
  private view: ChangeView = { state: 'empty' };
  private running: AbortController | undefined;
  private lastRun: { runId: string; planned: Planned } | undefined;
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
      await this.deps.openJournal(this.planned?.kind.summary.kind ?? 'licenses');
      return { opened: true };
    },
    openLicense: async ({ licenseId }) => {
      // Only a license this session shows: the page is untrusted.
      const planned = this.planned;
      const known = !!planned && [...planned.kind.subjects(planned.plan).values()].some((s) => s.licenseId === licenseId);
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
  preview<P extends PlanHeader>(planned: Planned<P>): Preview {
    if (this.running) throw new LmoError('usage', vscode.l10n.t('A change is running: wait for it, or cancel it first.'), 'busy');
    const checked = planned.kind.check(planned.plan);
    const requirement = planned.kind.confirmation(planned.plan, this.deps.typedConfirmationOver());
    this.planned = planned as unknown as Planned;
    this.view = {
      state: 'preview',
      summary: this.summary(planned, checked.errors, checked.warnings),
      rows: checked.rows,
      blocked: !checked.ok,
      typedBecause: requirement.typed ? requirement.reasons : [],
    };
    this.deps.reload();
    return this.view;
  }

  private summary<P extends PlanHeader>(planned: Planned<P>, errors: number, warnings: number): PlanSummary {
    return {
      ...planned.kind.summary,
      description: planned.plan.description,
      orgLabel: planned.plan.org.label,
      isDemo: this.deps.lmo()?.target.source === 'demo',
      count: planned.kind.count(planned.plan),
      errors,
      warnings,
      undoOf: planned.plan.undoOf,
      leftOut: planned.leftOut,
      unchanged: planned.unchanged,
    };
  }

  /** Asks for the confirmation the plan needs; undefined when the user backs out. */
  private async confirm(planned: Planned): Promise<string | undefined> {
    const requirement = planned.kind.confirmation(planned.plan, this.deps.typedConfirmationOver());
    if (this.answer) return this.answer(requirement.prompt, requirement.typed);
    if (requirement.typed) {
      return vscode.window.showInputBox({
        title: vscode.l10n.t('Confirm the {0}', planned.kind.summary.title.toLowerCase()),
        prompt: requirement.prompt,
        ignoreFocusOut: true,
        validateInput: (text) => (isConfirmed(requirement, text) ? undefined : vscode.l10n.t('Type {0} to confirm.', requirement.expected ?? '')),
      });
    }
    const yes = planned.kind.confirmLabel;
    const choice = await vscode.window.showWarningMessage(
      requirement.prompt,
      {
        modal: true,
        detail: [
          vscode.l10n.t('Each record is written, then re-read to verify it; every step goes to the journal, and the change can be undone.'),
          ...planned.kind.summary.notes,
        ].join('\n\n'),
      },
      yes,
    );
    return choice === yes ? '' : undefined;
  }

  async apply(): Promise<boolean> {
    const planned = this.planned;
    const lmo = this.deps.lmo();
    if (!planned || !lmo || this.view.state !== 'preview' || this.view.blocked || this.running) return false;
    const typed = await this.confirm(planned);
    if (typed === undefined) return false;
    if (!isConfirmed(planned.kind.confirmation(planned.plan, this.deps.typedConfirmationOver()), typed)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The confirmation did not match: nothing was sent.'));
      return false;
    }
    const controller = new AbortController();
    this.running = controller;
    const summary = this.view.summary;
    const total = planned.kind.count(planned.plan);
    this.view = { state: 'running', summary, phase: 'writing', done: 0, total, saved: 0, failed: 0 };
    this.deps.reload();
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: planned.kind.progressTitle(total), cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          return planned.kind.run(lmo, planned.plan, {
            typed,
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
      if (!('runId' in report)) {
        this.running = undefined;
        this.preview(planned);
        return false;
      }
      const subjects = planned.kind.subjects(planned.plan);
      const row = (key: string, outcome: ResultRow['outcome'], message: string, verified: boolean | undefined): ResultRow => {
        const subject = subjects.get(key);
        return {
          licenseId: subject?.licenseId ?? key,
          licenseName: subject?.licenseName ?? key,
          subscriber: subject?.subscriber ?? '',
          field: subject?.field ?? '',
          outcome,
          message,
          verified,
        };
      };
      const results: ResultRow[] = [
        ...report.results.map((r) => row(r.key, r.outcome, r.message, r.outcome === 'saved' ? report.verified.get(r.key) : undefined)),
        ...report.notSent.map((key) => row(key, 'notSent', '', undefined)),
      ];
      // Failures first: they are what needs a look.
      results.sort((a, b) => Number(a.outcome === 'saved') - Number(b.outcome === 'saved'));
      this.lastRun = { runId: report.runId, planned };
      this.view = { state: 'finished', summary, runId: report.runId, cancelled: report.status === 'cancelled', counts: report.counts, results };
      const c = report.counts;
      const text = vscode.l10n.t('Saved {0} ({1} verified), {2} failed, {3} not sent.', c.saved, c.verified, c.failed, c.notSent);
      if (c.failed || c.unverified) void vscode.window.showWarningMessage(text);
      else void vscode.window.showInformationMessage(text);
      return true;
    } catch (err) {
      this.deps.log.error(planned.kind.summary.title, err);
      void vscode.window.showErrorMessage(vscode.l10n.t('The change stopped: {0} The journal says what was sent.', (err as Error).message));
      this.running = undefined;
      this.preview(planned);
      return false;
    } finally {
      this.running = undefined;
      this.deps.reload();
    }
  }

  /** Previews the undo of a journaled run of this kind. */
  async undo<P extends PlanHeader>(kind: Planned<P>['kind'], runId: string): Promise<boolean> {
    const lmo = this.deps.lmo();
    if (!lmo) return false;
    const undo = await kind.undo(lmo, runId);
    if (!undo) return false;
    this.preview(undo);
    return true;
  }

  private async undoLast(): Promise<boolean> {
    return this.lastRun ? this.undo(this.lastRun.planned.kind, this.lastRun.runId) : false;
  }

  dispose(): void {
    this.running?.abort();
  }
}
