/**
 * What each kind of guarded change brings to the one change session and its panel: license
 * changes (Status, Seats, Expiration) and feature parameter values. A kind checks a plan by
 * Salesforce's rules and turns it into display rows, says which confirmation it needs, runs it
 * through the data layer's guarded path, and plans the undo of a journaled run. The session does
 * the rest (preview, confirmation, progress, results, undo) the same way for both.
 */
import * as vscode from 'vscode';
import { type CalendarDate } from '../../core/calendarDate';
import { type ConfirmationRequirement, confirmationFor } from '../../core/licenseChanges/confirmation';
import { type PlanHeader, type ChangePlan, excludeFromPlan, excludeLicenses } from '../../core/licenseChanges/plan';
import { previewRows } from '../../core/licenseChanges/preview';
import { validatePlan } from '../../core/licenseChanges/validation';
import { FIELD_LABELS } from '../../core/licenseChanges/values';
import { PROPAGATION_NOTE, splitFullName } from '../../core/features/parameter';
import { type FeatureValuePlan, type PlannedValueChange, validateValuePlan, valueConfirmationFor, valuePreviewRows } from '../../core/features/valueChanges';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import type { RunCounts, RunProgress } from '../../data/lmo/licenseChangeRun';
import { LicenseWorklist } from '../../data/lmo/licenseWorklist';
import { CHECKOUT_NOTE, VERIFIED_MEANS } from '../../core/licenseChanges/worklist';
import { type FeatureValueJournal, type LicenseJournal } from '../../storage/journal';
import type { ChangeRow, PlanSummary } from '../../webview/protocol/licenseChanges';

/** A plan as the session holds it: the kind that knows it, and what planning left out. */
export interface Planned<P extends PlanHeader = PlanHeader> {
  readonly kind: PlanKind<P>;
  readonly plan: P;
  readonly leftOut: readonly { readonly license: string; readonly reason: string }[];
  readonly unchanged: number;
}

export interface CheckedPlan {
  readonly rows: ChangeRow[];
  readonly errors: number;
  readonly warnings: number;
  readonly ok: boolean;
}

export interface KindRunOptions {
  readonly typed: string;
  readonly typedConfirmationOver: number;
  readonly signal: AbortSignal;
  readonly onProgress: (progress: RunProgress) => void;
}

/** A run's outcome, the same for every kind: results keyed by record (a license, or a value record). */
export type KindRunReport =
  | { readonly status: 'blocked' | 'needsConfirmation' }
  | {
      readonly status: 'done' | 'cancelled';
      readonly runId: string;
      readonly results: readonly { readonly key: string; readonly outcome: 'saved' | 'failed'; readonly message: string }[];
      readonly notSent: readonly string[];
      readonly verified: ReadonlyMap<string, boolean>;
      readonly counts: RunCounts;
    };

/** Whose record a result key is: the license (and, for a value, its parameter). */
export interface RecordSubject {
  readonly licenseId: string;
  readonly licenseName: string;
  readonly subscriber: string;
  readonly field: string;
}

export interface PlanKind<P extends PlanHeader> {
  readonly summary: Pick<PlanSummary, 'kind' | 'title' | 'nouns' | 'notes'>;
  /** The button of the modal confirmation, e.g. "Change Licenses". */
  readonly confirmLabel: string;
  readonly progressTitle: (count: number) => string;
  count(plan: P): number;
  check(plan: P): CheckedPlan;
  /** The plan without the changes of these licenses, which it records as excluded (check it again). */
  exclude(plan: P, licenseIds: readonly string[]): P;
  confirmation(plan: P, typedOver: number): ConfirmationRequirement;
  run(lmo: LicenseManagementOrg, plan: P, options: KindRunOptions): Promise<KindRunReport>;
  subjects(plan: P): ReadonlyMap<string, RecordSubject>;
  /** The plan that undoes a journaled run, or undefined when the journal has no such run. */
  undo(lmo: LicenseManagementOrg, runId: string): Promise<Planned<P> | undefined>;
  /** Kinds Salesforce gives a page for (licenses: Modify License) carry their plans out as a worklist by default. */
  readonly worklist?: WorklistKind<P>;
}

export interface WorklistKind<P> {
  open(lmo: LicenseManagementOrg, plan: P): Promise<LicenseWorklist>;
  resume(lmo: LicenseManagementOrg, runId: string): Promise<LicenseWorklist | undefined>;
  /** The newest worklist of this org left with rows to do. */
  unfinished(lmo: LicenseManagementOrg): Promise<{ runId: string; description: string; todo: number; total: number } | undefined>;
}

const worst = (issues: readonly { severity: 'error' | 'warning' }[]) =>
  issues.some((i) => i.severity === 'error') ? ('error' as const) : issues.length ? ('warning' as const) : undefined;

// A run without an org id (or an org whose id is unknown) is never resumed: it cannot be checked (docs/salesforce/write-safety.md).
const sameOrg = (a: string | undefined, b: string | undefined) => !!a && !!b && a.slice(0, 15) === b.slice(0, 15);

const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n.toLocaleString('en-US')} ${many}`);

/** What every kind hands the data layer's guarded run: its journal, the user's confirmation, cancel and progress. */
const guardedOptions = <J>(journal: J, options: KindRunOptions) => ({
  journal,
  confirmation: { yes: true, typed: options.typed },
  typedConfirmationOver: options.typedConfirmationOver,
  signal: options.signal,
  onProgress: options.onProgress,
});

/** Salesforce's errors for one record, as the results table shows them. */
const salesforceSaid = (errors: readonly { readonly statusCode: string; readonly message: string }[]) =>
  errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ');

export function licenseKind(journal: LicenseJournal, today: () => CalendarDate): PlanKind<ChangePlan> {
  const kind: PlanKind<ChangePlan> = {
    summary: { kind: 'licenses', title: vscode.l10n.t('License change'), nouns: ['license', 'licenses'], notes: [VERIFIED_MEANS, CHECKOUT_NOTE] },
    confirmLabel: vscode.l10n.t('Change Licenses'),
    progressTitle: (n) => vscode.l10n.t('Changing {0}', plural(n, 'license', 'licenses')),
    count: (plan) => plan.changes.length,
    check(plan) {
      const validation = validatePlan(plan, today());
      const rows = previewRows(plan, validation).map((r) => ({
        ...r,
        fieldLabel: r.field ? FIELD_LABELS[r.field] : '',
        issues: r.issues.map((i) => ({ severity: i.severity, message: i.message })),
      }));
      return { rows, errors: validation.errors, warnings: validation.warnings, ok: validation.ok };
    },
    exclude: (plan, licenseIds) => excludeFromPlan(plan, licenseIds),
    confirmation: (plan, typedOver) => confirmationFor(plan, typedOver, today()),
    async run(lmo, plan, options) {
      const report = await lmo.runLicenseChange(plan, guardedOptions(journal, options));
      if (report.status === 'blocked' || report.status === 'needsConfirmation') return { status: report.status };
      return {
        status: report.status,
        runId: report.runId,
        results: report.results.map((r) => ({
          key: r.licenseId,
          outcome: r.outcome,
          message: salesforceSaid(r.errors),
        })),
        notSent: report.notSent,
        verified: new Map(report.verifications.map((v) => [v.licenseId, v.holdsNewValues && v.historyRecorded])),
        counts: report.counts,
      };
    },
    subjects: (plan) =>
      new Map(plan.changes.map((c) => [c.license.id, { licenseId: c.license.id, licenseName: c.license.name, subscriber: c.license.subscriber, field: '' }])),
    async undo(lmo, runId) {
      const run = await journal.run(runId);
      if (!run) return undefined;
      const undo = await lmo.undoPlanFor(run, { today: today(), undone: await journal.undone(run.runId) });
      return { kind, plan: undo.plan, leftOut: undo.skipped.map((s) => ({ license: s.licenseName, reason: s.reason })), unchanged: 0 };
    },
    worklist: {
      open: (lmo, plan) => LicenseWorklist.open(lmo.client, plan, validatePlan(plan, today()), journal),
      async resume(lmo, runId) {
        const run = await journal.run(runId);
        return run && run.channel === 'worklist' && sameOrg(run.orgId, lmo.target.orgId) ? LicenseWorklist.resume(lmo.client, run, journal) : undefined;
      },
      async unfinished(lmo) {
        const open = (await journal.runs())
          .filter((r) => r.channel === 'worklist' && sameOrg(r.orgId, lmo.target.orgId))
          .map((r) => ({ run: r, done: [...r.worklistRows.values()].filter((w) => w.state === 'done').length }))
          .filter(({ run, done }) => (!run.end || run.end.cancelled) && done < run.plan.changes.length)
          .pop();
        return (
          open && {
            runId: open.run.runId,
            description: open.run.plan.description,
            todo: open.run.plan.changes.length - open.done,
            total: open.run.plan.changes.length,
          }
        );
      },
    },
  };
  return kind;
}

export function featureValueKind(journal: FeatureValueJournal): PlanKind<FeatureValuePlan> {
  const kind: PlanKind<FeatureValuePlan> = {
    summary: { kind: 'featureValues', title: vscode.l10n.t('Feature value change'), nouns: ['value', 'values'], notes: [PROPAGATION_NOTE] },
    confirmLabel: vscode.l10n.t('Change Values'),
    progressTitle: (n) => vscode.l10n.t('Changing {0}', plural(n, 'feature parameter value', 'feature parameter values')),
    count: (plan) => plan.changes.length,
    check(plan) {
      const validation = validateValuePlan(plan);
      const rows = valuePreviewRows(plan, validation).map((r) => ({
        licenseId: r.licenseId,
        licenseName: r.licenseName,
        subscriber: r.subscriber,
        orgId: r.orgId,
        packageName: r.packageName,
        field: r.parameter,
        fieldLabel: splitFullName(r.parameter).name,
        old: r.old,
        new: r.new,
        issues: r.issues.map((i) => ({ severity: i.severity, message: i.message })),
        severity: worst(r.issues),
      }));
      return { rows, errors: validation.errors, warnings: validation.warnings, ok: validation.ok };
    },
    exclude: (plan, licenseIds) =>
      excludeLicenses(plan, licenseIds, (c: PlannedValueChange) => ({ licenseId: c.target.licenseId, licenseName: c.target.licenseName })),
    confirmation: (plan, typedOver) => valueConfirmationFor(plan, typedOver),
    async run(lmo, plan, options) {
      const report = await lmo.features.runValueChange(plan, guardedOptions(journal, options));
      if (report.status === 'blocked' || report.status === 'needsConfirmation') return { status: report.status };
      return {
        status: report.status,
        runId: report.runId,
        results: report.results.map((r) => ({ key: r.recordId, outcome: r.outcome, message: salesforceSaid(r.errors) })),
        notSent: report.notSent,
        verified: new Map(report.verifications.map((v) => [v.valueId, v.holdsNewValue])),
        counts: report.counts,
      };
    },
    subjects: (plan) =>
      new Map(
        plan.changes.map((c) => [
          c.target.valueId,
          {
            licenseId: c.target.licenseId,
            licenseName: c.target.licenseName,
            subscriber: c.target.subscriber,
            field: splitFullName(c.target.parameter.fullName).name,
          },
        ]),
      ),
    async undo(lmo, runId) {
      const run = await journal.run(runId);
      if (!run) return undefined;
      const undo = await lmo.features.undoPlanFor(run, { undone: await journal.undone(run.runId) });
      const names = new Map(run.plan.changes.map((c) => [c.target.valueId, `${c.target.licenseName} · ${splitFullName(c.target.parameter.fullName).name}`]));
      return { kind, plan: undo.plan, leftOut: undo.skipped.map((s) => ({ license: names.get(s.valueId) ?? s.valueId, reason: s.reason })), unchanged: 0 };
    },
  };
  return kind;
}
