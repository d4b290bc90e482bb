/**
 * The License Change panel's requests and views: a plan's preview (nothing written), the run's
 * progress, and its per-record results — for license changes and for feature parameter values,
 * which go the same guarded way. Display text only; to open a license the page names one of the
 * rows it was sent, never a URL.
 */
import type { Validators } from './envelope';

/** One row of a preview: a license and one thing that changes on it (a License field, or a feature parameter's value). */
export interface ChangeRow {
  readonly licenseId: string;
  readonly licenseName: string;
  readonly subscriber: string;
  readonly orgId: string;
  readonly packageName: string;
  /** What changes, by its API name (a License field, a parameter's full name); undefined on a license-wide issue's row. */
  readonly field: string | undefined;
  readonly fieldLabel: string;
  readonly old: string;
  readonly new: string;
  readonly issues: readonly { readonly severity: 'error' | 'warning'; readonly message: string }[];
  /** The worst issue on the row. */
  readonly severity: 'error' | 'warning' | undefined;
  /** The user left this row's license out of the plan (it can be put back): nothing is sent for it. */
  readonly excluded?: boolean;
}

export interface PlanSummary {
  /** What the plan changes: licenses, or feature parameter values. */
  readonly kind: 'licenses' | 'featureValues';
  /** The panel's heading, e.g. "License change". */
  readonly title: string;
  /** What one and many of the changed things are called. */
  readonly nouns: readonly [one: string, many: string];
  /** What the user should know before applying (e.g. values reach subscribers asynchronously). */
  readonly notes: readonly string[];
  readonly description: string;
  readonly orgLabel: string;
  readonly isDemo: boolean;
  /** Changed things: licenses, or value records. */
  readonly count: number;
  readonly errors: number;
  readonly warnings: number;
  /** The run this plan undoes. */
  readonly undoOf?: string;
  /** Requests that named no readable license, or licenses an undo leaves alone: with why. */
  readonly leftOut: readonly { readonly license: string; readonly reason: string }[];
  /** Licenses that already hold the requested values. */
  readonly unchanged: number;
  /** Licenses the user left out from the preview (their rows stay shown, to be put back). */
  readonly excluded: number;
}

export interface ResultRow {
  readonly licenseId: string;
  readonly licenseName: string;
  readonly subscriber: string;
  /** The parameter of a value change; empty for a license change. */
  readonly field: string;
  readonly outcome: 'saved' | 'failed' | 'notSent';
  /** Salesforce's message for a failure. */
  readonly message: string;
  /** Saved and re-read: holds the new values (and, for a license, history recorded the change). */
  readonly verified: boolean | undefined;
}

/** A worklist row: a license, its Modify License page, the values to set there, and where it stands. */
export interface WorklistRowView {
  readonly licenseId: string;
  readonly licenseName: string;
  readonly subscriber: string;
  readonly orgId: string;
  readonly packageName: string;
  readonly targets: readonly { readonly field: string; readonly label: string; readonly old: string; readonly new: string; readonly enter: string }[];
  readonly state: 'pending' | 'done' | 'skipped' | 'differs';
  /** Why it differs (the values found). */
  readonly reason: string | undefined;
  /** Its page was opened from here (it is being watched for the save). */
  readonly opened: boolean;
}

export interface WorklistCountsView {
  readonly total: number;
  readonly done: number;
  readonly skipped: number;
  readonly differs: number;
  readonly pending: number;
}

export type ChangeView =
  | {
      readonly state: 'empty';
      /** A worklist left unfinished (before a reload), which can be picked up. */
      readonly resumable?: { readonly runId: string; readonly description: string; readonly todo: number; readonly total: number };
    }
  | {
      readonly state: 'worklist';
      readonly summary: PlanSummary;
      readonly runId: string;
      readonly rows: readonly WorklistRowView[];
      readonly counts: WorklistCountsView;
      /** A re-read is under way. */
      readonly checking: boolean;
      /** Every row is done or moved past, and the end is journaled. */
      readonly finished: boolean;
    }
  | {
      readonly state: 'preview';
      readonly summary: PlanSummary;
      /** How Apply carries the plan out: the Modify License worklist (the default) or writes through the API (opt-in). */
      readonly channel: 'worklist' | 'api';
      readonly rows: readonly ChangeRow[];
      /** An error blocks the plan: nothing can be sent. */
      readonly blocked: boolean;
      /** Why a typed confirmation will be asked, if it will. */
      readonly typedBecause: readonly string[];
    }
  | {
      readonly state: 'running';
      readonly summary: PlanSummary;
      readonly phase: 'writing' | 'verifying';
      readonly done: number;
      readonly total: number;
      readonly saved: number;
      readonly failed: number;
    }
  | {
      readonly state: 'finished';
      readonly summary: PlanSummary;
      readonly runId: string;
      readonly cancelled: boolean;
      readonly counts: { readonly saved: number; readonly failed: number; readonly notSent: number; readonly verified: number; readonly unverified: number };
      readonly results: readonly ResultRow[];
    };

export type ChangeRequests = {
  load: { params: Record<string, never>; result: ChangeView };
  /** Asks for the confirmation (in the editor, not the page) and runs the plan. */
  apply: { params: Record<string, never>; result: { readonly started: boolean } };
  cancel: { params: Record<string, never>; result: { readonly cancelled: boolean } };
  /** Previews the plan that undoes the finished run. */
  undo: { params: Record<string, never>; result: { readonly previewing: boolean } };
  openJournal: { params: Record<string, never>; result: { readonly opened: boolean } };
  /** Leaves a license of the preview out of the plan (or puts it back); the plan that is left is validated again. */
  excludeRow: { params: { readonly licenseId: string; readonly excluded: boolean }; result: { readonly changed: boolean } };
  /** Opens a license of the current rows in Salesforce (Modify License). */
  openLicense: { params: { readonly licenseId: string }; result: { readonly opened: boolean } };
  /** Re-reads a worklist row (or every row not done, without a license id). */
  checkRows: { params: { readonly licenseId?: string }; result: { readonly checked: number } };
  /** Moves past a worklist row: journaled as skipped (or differs). */
  skipRow: { params: { readonly licenseId: string }; result: { readonly skipped: boolean } };
  /** Copies the value to enter for one field of a worklist row. */
  copyValue: { params: { readonly licenseId: string; readonly field: string }; result: { readonly copied: boolean } };
  /** Journals the worklist's end (rows left can still be resumed). */
  finishWorklist: { params: Record<string, never>; result: { readonly finished: boolean } };
  /** Picks up the unfinished worklist the empty panel offers. */
  resumeWorklist: { params: { readonly runId: string }; result: { readonly resumed: boolean } };
};

const isEmpty = (value: unknown): value is Record<string, never> =>
  !!value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;

const isLicenseId = (v: unknown): v is string => typeof v === 'string' && /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(v);
const hasOnly = (value: unknown, keys: readonly string[]): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).every((k) => keys.includes(k));

export const CHANGE_VALIDATORS: Validators<ChangeRequests> = {
  checkRows: (v: unknown): v is { licenseId?: string } => hasOnly(v, ['licenseId']) && (v.licenseId === undefined || isLicenseId(v.licenseId)),
  skipRow: (v: unknown): v is { licenseId: string } => hasOnly(v, ['licenseId']) && isLicenseId(v.licenseId),
  copyValue: (v: unknown): v is { licenseId: string; field: string } =>
    hasOnly(v, ['licenseId', 'field']) && isLicenseId(v.licenseId) && typeof v.field === 'string' && ['status', 'seats', 'expiration'].includes(v.field),
  excludeRow: (v: unknown): v is { licenseId: string; excluded: boolean } =>
    hasOnly(v, ['licenseId', 'excluded']) && Object.keys(v).length === 2 && isLicenseId(v.licenseId) && typeof v.excluded === 'boolean',
  finishWorklist: isEmpty,
  resumeWorklist: (v: unknown): v is { runId: string } => hasOnly(v, ['runId']) && typeof v.runId === 'string' && /^[\w-]{1,64}$/.test(v.runId),
  load: isEmpty,
  apply: isEmpty,
  cancel: isEmpty,
  undo: isEmpty,
  openJournal: isEmpty,
  openLicense: (value: unknown): value is { licenseId: string } =>
    !!value &&
    typeof value === 'object' &&
    Object.keys(value).length === 1 &&
    typeof (value as { licenseId?: unknown }).licenseId === 'string' &&
    /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test((value as { licenseId: string }).licenseId),
};
