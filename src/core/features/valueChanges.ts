/**
 * Edits of feature parameter values, as a plan: per value record (one license's value of one
 * parameter) its value now and the value it should get. Only LMO → subscriber values can be
 * edited — the Feature Management App refuses edits of subscriber → LMO values, which the
 * subscriber's org reports — and only value records that exist (parameters and their values are
 * created by installs; the product never creates or deletes them). The plan goes through the same
 * guarded path as license changes: validation, preview, confirmation, batched writes with
 * per-record results, verification by re-reading, journal, undo.
 */
import { parseCalendarDate } from '../calendarDate';
import { APEX_INTEGER_MAX, APEX_INTEGER_MIN, SALESFORCE_MAX_DATE, SALESFORCE_MIN_DATE } from '../lmaLimits';
import { type ConfirmationRequirement, DEFAULT_TYPED_CONFIRMATION_OVER, typedConfirmation } from '../licenseChanges/confirmation';
import { type UndoneRecord } from '../licenseChanges/journal';
import { type PlanContext, type PlanHeader, planHeader, undoDescription } from '../licenseChanges/plan';
import { alreadyUndone } from '../licenseChanges/undo';
import { type IssueSeverity, collectIssues } from '../licenseChanges/validation';
import {
  type FeatureDataType,
  type FeatureDirection,
  type FeatureValue,
  SUBSCRIBER_TO_LMO_NOTE,
  describeFeatureValue,
  nameKey,
  splitFullName,
} from './parameter';

/** What someone asks for: a license, a parameter (Name or namespace__Name) and the new value. */
export interface FeatureValueRequest {
  readonly license: string;
  readonly parameter: string;
  readonly value: boolean | number | string;
}

export interface FeatureValuePlanRequest {
  readonly description?: string;
  readonly changes: readonly FeatureValueRequest[];
}

/** A value record as a plan sees it before the change: whose it is, which parameter, its value. */
export interface FeatureValueTarget {
  readonly valueId: string;
  readonly licenseId: string;
  readonly licenseName: string;
  /** Account, lead company or org id: customer text (hostile). */
  readonly subscriber: string;
  readonly orgId: string;
  readonly licenseStatus: string;
  readonly packageName: string;
  readonly parameter: {
    readonly id: string;
    readonly fullName: string;
    readonly dataType: FeatureDataType;
    readonly direction: FeatureDirection | undefined;
  };
  readonly value: FeatureValue;
}

export interface PlannedValueChange {
  readonly target: FeatureValueTarget;
  /** As requested (checked against the parameter's type by validation). */
  readonly after: FeatureValue;
}

export interface FeatureValuePlan extends PlanHeader {
  readonly kind: 'lma-workbench.featureValuePlan';
  readonly changes: readonly PlannedValueChange[];
}

export interface BuiltValuePlan {
  readonly plan: FeatureValuePlan;
  readonly unresolved: readonly { readonly license: string; readonly parameter: string; readonly reason: string }[];
  /** Value records that already hold the requested value (left out). */
  readonly unchanged: readonly string[];
}

const sameFeatureValue = (a: unknown, b: unknown) => a === b;

/** Resolves a request against the value records of the licenses it names, as read now. */
export function buildValuePlan(request: FeatureValuePlanRequest, targets: readonly FeatureValueTarget[], context: PlanContext): BuiltValuePlan {
  const byLicense = new Map<string, FeatureValueTarget[]>();
  for (const t of targets) byLicense.set(t.licenseId.slice(0, 15), [...(byLicense.get(t.licenseId.slice(0, 15)) ?? []), t]);
  const unresolved: { license: string; parameter: string; reason: string }[] = [];
  const unchanged: string[] = [];
  const changes: PlannedValueChange[] = [];
  const named = new Set<string>();
  for (const r of request.changes) {
    const values = byLicense.get(r.license.trim().slice(0, 15));
    const fail = (reason: string) => unresolved.push({ license: r.license, parameter: r.parameter, reason });
    if (!values) {
      fail('No such license in this org, or it has no feature parameter values (or it is in the Recycle Bin, or you cannot see it).');
      continue;
    }
    const wanted = nameKey(r.parameter);
    const bare = nameKey(splitFullName(r.parameter).name);
    const matches = values.filter((v) => nameKey(v.parameter.fullName) === wanted);
    const target = matches[0] ?? values.find((v) => nameKey(splitFullName(v.parameter.fullName).name) === bare && !wanted.includes('__'));
    if (!target) {
      fail(
        `${values[0].licenseName} has no value for ${r.parameter}: the parameter is not in the version it runs, or not in its package. Values are created by installs; they cannot be created here.`,
      );
      continue;
    }
    if (named.has(target.valueId.slice(0, 15))) {
      fail('This license and parameter are in the plan more than once: give each one entry.');
      continue;
    }
    named.add(target.valueId.slice(0, 15));
    if (sameFeatureValue(target.value, r.value)) unchanged.push(target.valueId);
    else changes.push({ target, after: r.value as FeatureValue });
  }
  return {
    plan: { kind: 'lma-workbench.featureValuePlan', version: 1, ...planHeader(context, request.description ?? ''), changes },
    unresolved,
    unchanged,
  };
}

export type ValueIssueCode = 'duplicate' | 'subscriberToLmo' | 'unknownDirection' | 'type' | 'integerRange' | 'dateRange' | 'uninstalled' | 'turnsOff';

export interface ValueIssue {
  readonly code: ValueIssueCode;
  readonly severity: IssueSeverity;
  readonly message: string;
}

/** Salesforce's Date fields hold 1700-01-01 … 4000-12-31 (docs/salesforce/write-safety.md). */
export const MIN_DATE = SALESFORCE_MIN_DATE;
export const MAX_DATE = SALESFORCE_MAX_DATE;

/** Whether a value fits the type; the problem when not. */
export function valueTypeProblem(dataType: FeatureDataType, value: unknown): { code: ValueIssueCode; message: string } | undefined {
  const shown = JSON.stringify(value);
  if (dataType === 'Boolean')
    return typeof value === 'boolean' ? undefined : { code: 'type', message: `A Boolean parameter takes true or false, not ${shown}.` };
  if (dataType === 'Integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return { code: 'type', message: `An Integer parameter takes a whole number, not ${shown}.` };
    // The package reads the value as an Apex Integer (checkPackageIntegerValue): 32 bits.
    return value < APEX_INTEGER_MIN || value > APEX_INTEGER_MAX
      ? {
          code: 'integerRange',
          message: `${value.toLocaleString('en-US')} does not fit an Apex Integer, which the package reads the value as (${APEX_INTEGER_MIN.toLocaleString('en-US')} to ${APEX_INTEGER_MAX.toLocaleString('en-US')}).`,
        }
      : undefined;
  }
  const date = typeof value === 'string' ? parseCalendarDate(value) : undefined;
  if (!date || date !== value) return { code: 'type', message: `A Date parameter takes a date (YYYY-MM-DD), not ${shown}.` };
  return date < MIN_DATE || date > MAX_DATE ? { code: 'dateRange', message: `Salesforce dates run from ${MIN_DATE} to ${MAX_DATE}, not ${date}.` } : undefined;
}

export function validateValueChange(change: PlannedValueChange): ValueIssue[] {
  const { target, after } = change;
  const issues: ValueIssue[] = [];
  const name = target.parameter.fullName;
  if (target.parameter.direction === 'SubscriberToLmo') {
    issues.push({ code: 'subscriberToLmo', severity: 'error', message: `${name} flows subscriber → LMO: ${SUBSCRIBER_TO_LMO_NOTE}` });
    return issues;
  }
  if (target.parameter.direction !== 'LmoToSubscriber') {
    issues.push({ code: 'unknownDirection', severity: 'error', message: `The LMO does not say which way ${name} flows: open it in Salesforce.` });
    return issues;
  }
  const problem = valueTypeProblem(target.parameter.dataType, after);
  if (problem) issues.push({ ...problem, severity: 'error' });
  if (target.licenseStatus === 'Uninstalled')
    issues.push({
      code: 'uninstalled',
      severity: 'warning',
      message: `${target.licenseName} is Uninstalled: the value reaches no subscriber org until the package is installed again.`,
    });
  if (target.parameter.dataType === 'Boolean' && target.value === true && after === false)
    issues.push({
      code: 'turnsOff',
      severity: 'warning',
      message: `Turns ${name} off for ${target.subscriber}: users lose the feature when the value arrives.`,
    });
  return issues;
}

export interface ValuePlanValidation {
  /** Issues per value record id. */
  readonly issues: ReadonlyMap<string, readonly ValueIssue[]>;
  readonly errors: number;
  readonly warnings: number;
  readonly ok: boolean;
}

export function validateValuePlan(plan: FeatureValuePlan): ValuePlanValidation {
  return collectIssues(
    plan.changes,
    (c) => c.target.valueId,
    validateValueChange,
    (c): ValueIssue => ({
      code: 'duplicate',
      severity: 'error',
      message: `${c.target.licenseName}'s ${c.target.parameter.fullName} is in the plan more than once.`,
    }),
  );
}

/** Changes that turn a Boolean feature off: a typed confirmation is asked for them, as for suspensions. */
export function turnedOff(plan: FeatureValuePlan): number {
  return plan.changes.filter((c) => c.target.parameter.dataType === 'Boolean' && c.target.value === true && c.after === false).length;
}

/** The typed confirmation a value plan needs: the size, and turning a feature off for customers. */
export function valueConfirmationFor(plan: FeatureValuePlan, typedOver = DEFAULT_TYPED_CONFIRMATION_OVER): ConfirmationRequirement {
  const off = turnedOff(plan);
  return typedConfirmation({
    count: plan.changes.length,
    nouns: ['value', 'values'],
    orgLabel: plan.org.label,
    singleOrgId: plan.changes[0]?.target.orgId,
    typedOver,
    reasons: off ? [`it turns a feature off for ${off === 1 ? 'a customer' : `${off} customers`}, who lose it when the value arrives`] : [],
  });
}

export interface ValuePreviewRow {
  readonly valueId: string;
  readonly licenseId: string;
  readonly licenseName: string;
  readonly subscriber: string;
  readonly orgId: string;
  readonly packageName: string;
  readonly parameter: string;
  readonly old: string;
  readonly new: string;
  readonly issues: readonly ValueIssue[];
  readonly severity: IssueSeverity | undefined;
}

export function valuePreviewRows(plan: FeatureValuePlan, validation: ValuePlanValidation): ValuePreviewRow[] {
  return plan.changes.map((c) => {
    const issues = validation.issues.get(c.target.valueId) ?? [];
    return {
      valueId: c.target.valueId,
      licenseId: c.target.licenseId,
      licenseName: c.target.licenseName,
      subscriber: c.target.subscriber,
      orgId: c.target.orgId,
      packageName: c.target.packageName,
      parameter: c.target.parameter.fullName,
      old: describeFeatureValue(c.target.value, c.target.parameter.dataType),
      new: describeFeatureValue(c.after, c.target.parameter.dataType),
      issues,
      severity: issues.some((i) => i.severity === 'error') ? 'error' : issues.length ? 'warning' : undefined,
    };
  });
}

/** What undo must re-read of a run: the value records saved, and those sent without a journaled answer. */
export interface ValueRunRecord {
  readonly valueId: string;
  readonly old: FeatureValue;
  readonly new: FeatureValue;
}

/**
 * The plan that puts old values back on the records that still hold the run's new values; a
 * record changed since (or reported anew by the subscriber) is left alone and said so.
 */
export function undoValuePlan(
  run: { readonly runId: string; readonly plan: FeatureValuePlan; readonly records: readonly ValueRunRecord[] },
  current: readonly FeatureValueTarget[],
  context: Omit<PlanContext, 'undoOf'>,
  undone: ReadonlyMap<string, UndoneRecord> = new Map(),
): { plan: FeatureValuePlan; skipped: { valueId: string; reason: string }[] } {
  const now = new Map(current.map((t) => [t.valueId.slice(0, 15), t]));
  const changes: PlannedValueChange[] = [];
  const skipped: { valueId: string; reason: string }[] = [];
  for (const r of run.records) {
    const target = now.get(r.valueId.slice(0, 15));
    const earlier = undone.get(r.valueId.slice(0, 15));
    if (earlier) skipped.push({ valueId: r.valueId, reason: alreadyUndone(earlier) });
    else if (!target) skipped.push({ valueId: r.valueId, reason: 'It can no longer be read (deleted, or hidden from you).' });
    else if (sameFeatureValue(target.value, r.old)) continue;
    else if (!sameFeatureValue(target.value, r.new))
      skipped.push({
        valueId: r.valueId,
        reason: `Changed since: ${target.parameter.fullName} is ${describeFeatureValue(target.value, target.parameter.dataType)}, not ${describeFeatureValue(r.new, target.parameter.dataType)}.`,
      });
    else changes.push({ target, after: r.old });
  }
  return {
    plan: { kind: 'lma-workbench.featureValuePlan', version: 1, ...planHeader({ ...context, undoOf: run.runId }, undoDescription(run)), changes },
    skipped,
  };
}
