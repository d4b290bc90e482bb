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
import type { ChangeRequests, ChangeRow, ChangeView, PlanSummary, ResultRow } from '../../webview/protocol/licenseChanges';
import { type Log } from '../kit/log';
import { type Prompts } from '../kit/prompts';
import { type Handlers } from '../kit/panelHost';
import { type Planned } from './planKinds';
import { WorklistSession } from './worklistSession';
import type { LicenseWorklist } from '../../data/lmo/licenseWorklist';

type Preview = Extract<ChangeView, { state: 'preview' }>;

export interface SessionDeps {
  readonly lmo: () => LicenseManagementOrg | undefined;
  readonly typedConfirmationOver: () => number;
  readonly log: Log;
  /** Asks the page to load again (a new plan, progress, results). */
  readonly reload: () => void;
  readonly openLicense: (licenseId: string) => Promise<void>;
  readonly openJournal: (kind: PlanSummary['kind']) => Promise<void>;
  /** How license plans are carried out: the Modify License worklist (default) or writes through the API (a setting). */
  readonly channel: () => 'worklist' | 'api';
  /** Shows Salesforce's guidance before the first write through the API in this workspace; true once accepted. */
  readonly acceptApiGuidance: (answer?: (message: string) => Promise<boolean>) => Promise<boolean>;
  readonly copy: (text: string) => Promise<void>;
  /** Every dialog and message the session shows (kit/prompts.ts). */
  readonly prompts: Prompts;
  /** How often a worklist row whose page was opened is re-read. */
  readonly worklistPollMs?: number;
}

export class ChangeSession {
  /** The plan as previewed, before the user left any license out. */
  private source: Planned | undefined;
  /** The licenses the user left out (first 15 characters of their ids). */
  private excluded = new Set<string>();
  /** The plan that would be carried out: the source without the licenses left out. */
  private planned: Planned | undefined;
  private view: ChangeView = { state: 'empty' };
  private running: AbortController | undefined;
  private lastRun: { runId: string; planned: Planned } | undefined;
  private worklist: WorklistSession | undefined;
  /** Confirmation answers for tests: when set, used instead of asking. */
  answer: ((prompt: string, typed: boolean) => Promise<string | undefined>) | undefined;
  /** The answer to Salesforce's guidance before the first write through the API, for tests: when set, used instead of asking. */
  guidanceAnswer: ((message: string) => Promise<boolean>) | undefined;

  constructor(private readonly deps: SessionDeps) {}

  readonly handlers: Handlers<ChangeRequests> = {
    load: async () => this.load(),
    apply: async () => ({ started: await this.apply() }),
    cancel: async () => {
      const running = this.running;
      running?.abort();
      return { cancelled: !!running };
    },
    undo: async () => ({ previewing: await this.undoLast() }),
    excludeRow: async ({ licenseId, excluded }) => ({ changed: this.exclude(licenseId, excluded) }),
    openJournal: async () => {
      await this.deps.openJournal(this.planned?.kind.summary.kind ?? 'licenses');
      return { opened: true };
    },
    checkRows: async ({ licenseId }) => ({ checked: (await this.worklist?.check(licenseId ? [licenseId] : undefined)) ?? 0 }),
    skipRow: async ({ licenseId }) => ({ skipped: (await this.worklist?.skip(licenseId)) ?? false }),
    copyValue: async ({ licenseId, field }) => ({ copied: (await this.worklist?.copyValue(licenseId, field)) ?? false }),
    finishWorklist: async () => ({ finished: (await this.worklist?.finish()) ?? false }),
    resumeWorklist: async ({ runId }) => ({ resumed: await this.resumeWorklist(runId) }),
    openLicense: async ({ licenseId }) => {
      // Only a license this session shows: the page is untrusted.
      if (this.view.state === 'worklist') return { opened: (await this.worklist?.open(licenseId)) ?? false };
      // The rows left out are shown too (to be put back): any license of the plan as previewed.
      const planned = this.source;
      const known = !!planned && [...planned.kind.subjects(planned.plan).values()].some((s) => s.licenseId === licenseId);
      if (!known) return { opened: false };
      await this.deps.openLicense(licenseId);
      return { opened: true };
    },
  };

  get current(): ChangeView {
    return this.view.state === 'worklist' && this.worklist ? this.worklist.view() : this.view;
  }

  /** The view; an empty panel offers the newest unfinished worklist of this org. */
  private async load(): Promise<ChangeView> {
    if (this.view.state === 'worklist' && this.worklist) return this.worklist.view();
    if (this.view.state !== 'empty') return this.view;
    const lmo = this.deps.lmo();
    const kind = this.licenseKind;
    const resumable = lmo && kind?.worklist ? await kind.worklist.unfinished(lmo).catch(() => undefined) : undefined;
    return resumable ? { state: 'empty', resumable } : this.view;
  }

  /** The license kind, which the feature registers so an empty panel can resume a worklist. */
  licenseKind: Planned['kind'] | undefined;

  private startWorklist(planned: Planned, list: LicenseWorklist, summary: PlanSummary): void {
    this.worklist?.dispose();
    this.worklist = new WorklistSession(list, summary, {
      reload: this.deps.reload,
      log: this.deps.log,
      openLicense: this.deps.openLicense,
      copy: this.deps.copy,
      failed: (message) => void this.deps.prompts.error(vscode.l10n.t('Could not re-read the licenses: {0}', message)),
      pollMs: this.deps.worklistPollMs ?? 5_000,
    });
    this.lastRun = { runId: list.runId, planned };
    this.view = this.worklist.view();
    this.deps.reload();
  }

  private async resumeWorklist(runId: string): Promise<boolean> {
    const lmo = this.deps.lmo();
    const kind = this.licenseKind;
    if (!lmo || !kind?.worklist || this.running) return false;
    const list = await kind.worklist.resume(lmo, runId);
    if (!list) return false;
    const planned: Planned = { kind, plan: list.plan as never, leftOut: [], unchanged: 0 };
    const checked = kind.check(list.plan as never);
    this.source = this.planned = planned;
    this.excluded.clear();
    this.startWorklist(planned, list, this.summary(planned, checked.errors, checked.warnings));
    await this.worklist?.check();
    return true;
  }

  get isRunning(): boolean {
    return !!this.running;
  }

  /** Shows a plan's preview (every license in it). Refused while a run is in progress. */
  preview<P extends PlanHeader>(planned: Planned<P>): Preview {
    if (this.running) throw new LmoError('usage', vscode.l10n.t('A change is running: wait for it, or cancel it first.'), 'busy');
    this.source = planned as unknown as Planned;
    this.excluded.clear();
    this.worklist?.dispose();
    this.worklist = undefined;
    return this.show();
  }

  /**
   * The preview of the plan without the licenses left out, checked again by the same rules as the
   * whole plan: the counts, the errors, whether it is blocked and the confirmation are the kept
   * plan's. The rows left out stay listed (no issues: nothing is sent for them) to be put back.
   */
  private show(): Preview {
    const source = this.source as Planned;
    const kind = source.kind;
    const planned: Planned = this.excluded.size ? { ...source, plan: kind.exclude(source.plan, [...this.excluded]) } : source;
    const checked = kind.check(planned.plan);
    const requirement = kind.confirmation(planned.plan, this.deps.typedConfirmationOver());
    this.planned = planned;
    this.view = {
      state: 'preview',
      channel: kind.worklist && this.deps.channel() === 'worklist' ? 'worklist' : 'api',
      summary: this.summary(planned, checked.errors, checked.warnings),
      rows: this.excluded.size ? withExcludedRows(kind.check(source.plan).rows, checked.rows, this.excluded) : checked.rows,
      blocked: !checked.ok,
      typedBecause: requirement.typed ? requirement.reasons : [],
    };
    this.deps.reload();
    return this.view;
  }

  /** Leaves a license of the previewed plan out, or puts it back; false when that changes nothing. */
  private exclude(licenseId: string, leaveOut: boolean): boolean {
    const source = this.source;
    if (!source || this.view.state !== 'preview' || this.running) return false;
    const key = licenseId.slice(0, 15);
    const known = [...source.kind.subjects(source.plan).values()].some((s) => s.licenseId.slice(0, 15) === key);
    if (!known || this.excluded.has(key) === leaveOut) return false;
    if (leaveOut) this.excluded.add(key);
    else this.excluded.delete(key);
    this.show();
    return true;
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
      excluded: planned.plan.excluded?.length ?? 0,
    };
  }

  /** Asks for the confirmation the plan needs; undefined when the user backs out. */
  private async confirm(planned: Planned): Promise<string | undefined> {
    const requirement = planned.kind.confirmation(planned.plan, this.deps.typedConfirmationOver());
    if (this.answer) return this.answer(requirement.prompt, requirement.typed);
    if (requirement.typed) {
      return this.deps.prompts.input({
        title: vscode.l10n.t('Confirm the {0}', planned.kind.summary.title.toLowerCase()),
        prompt: requirement.prompt,
        ignoreFocusOut: true,
        validateInput: (text) => (isConfirmed(requirement, text) ? undefined : vscode.l10n.t('Type {0} to confirm.', requirement.expected ?? '')),
      });
    }
    const yes = planned.kind.confirmLabel;
    const choice = await this.deps.prompts.warn(
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
    // Every license left out: nothing to carry out, nothing to confirm.
    if (!planned.kind.count(planned.plan)) return false;
    if (this.view.channel === 'worklist' && planned.kind.worklist) {
      // Nothing is written: the user saves each page, so there is nothing to confirm.
      const summary = this.view.summary;
      this.startWorklist(planned, await planned.kind.worklist.open(lmo, planned.plan), summary);
      await this.worklist?.check();
      return true;
    }
    if (planned.kind.worklist && !(await this.deps.acceptApiGuidance(this.guidanceAnswer))) return false;
    const typed = await this.confirm(planned);
    if (typed === undefined) return false;
    if (!isConfirmed(planned.kind.confirmation(planned.plan, this.deps.typedConfirmationOver()), typed)) {
      void this.deps.prompts.info(vscode.l10n.t('The confirmation did not match: nothing was sent.'));
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
        this.show();
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
      if (c.failed || c.unverified) void this.deps.prompts.warn(text);
      else void this.deps.prompts.info(text);
      return true;
    } catch (err) {
      this.deps.log.error(planned.kind.summary.title, err);
      void this.deps.prompts.error(vscode.l10n.t('The change stopped: {0} The journal says what was sent.', (err as Error).message));
      this.running = undefined;
      this.show();
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
    this.worklist?.dispose();
  }
}

/** The rows of the plan as previewed, in its order: a kept license's rows as the kept plan's check gives them, a left-out license's marked excluded. */
function withExcludedRows(all: readonly ChangeRow[], kept: readonly ChangeRow[], excluded: ReadonlySet<string>): ChangeRow[] {
  const keptRows = new Map<string, ChangeRow[]>();
  for (const row of kept) keptRows.set(row.licenseId.slice(0, 15), [...(keptRows.get(row.licenseId.slice(0, 15)) ?? []), row]);
  const out: ChangeRow[] = [];
  const shown = new Set<string>();
  for (const row of all) {
    const key = row.licenseId.slice(0, 15);
    if (excluded.has(key)) out.push({ ...row, issues: [], severity: undefined, excluded: true });
    else if (!shown.has(key)) {
      shown.add(key);
      out.push(...(keptRows.get(key) ?? []));
    }
  }
  return out;
}
