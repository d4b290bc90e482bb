/**
 * The Feature Management App in the LMO: whether it is there, each package's parameters, their
 * value distributions across live licenses, a license's values, and guarded edits of LMO →
 * subscriber values (on the same path as license changes: guardedRun.ts).
 *
 * Cost: a package's distributions take at most TWO API calls at any install-base size — a
 * Composite call of five aggregates (the parameters, the live license count, Boolean values
 * grouped, Integer and Date min/max/count per parameter), then, only when needed, a Composite call
 * of up to five more (Dates before today; cumulative Integer counts at the histogram's edges —
 * Number fields cannot be grouped). Only live licenses count: a semi-join on the License's status
 * and expiration. A license's values take one call (a Composite call of three queries).
 */
import { type CalendarDate, addDays, parseCalendarDate } from '../../core/calendarDate';
import { type Clock } from '../../core/clock';
import {
  type FeatureDistribution,
  type PackageFeatures,
  booleanDistribution,
  dateDistribution,
  integerDistribution,
  integerEdges,
} from '../../core/features/distribution';
import { type FeatureDataType, type FeatureParameter, type FeatureValueRecord, FEATURE_DATA_TYPES } from '../../core/features/parameter';
import { type ValueJournalEntry, type ValueRun, valueRecordsToRecheck } from '../../core/features/valueJournal';
import {
  type BuiltValuePlan,
  type FeatureValuePlan,
  type FeatureValuePlanRequest,
  type FeatureValueTarget,
  type PlannedValueChange,
  type ValuePlanValidation,
  buildValuePlan,
  undoValuePlan,
  validateValuePlan,
  valueConfirmationFor,
} from '../../core/features/valueChanges';
import { DEFAULT_TYPED_CONFIRMATION_OVER, isConfirmed } from '../../core/licenseChanges/confirmation';
import { type UndoneRecord } from '../../core/licenseChanges/journal';
import { type PlanOrg, newRunId, otherOrgReason } from '../../core/licenseChanges/plan';
import { type LmoError, isLmoError, usageError } from '../org/errors';
import { type CallOptions, MAX_COMPOSITE_QUERIES } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { MAX_WHERE_LENGTH, chunkByWhereLength, raw, soql, soqlDate } from '../org/soql';
import { type SaveResult } from './collectionWriter';
import { type GuardedRunOptions, type GuardedRunReport, runGuarded } from './guardedRun';
import { whereClause } from './licenseFilter';
import { checkRunOrg } from './runOrg';
import {
  PARAMETER_FIELDS,
  PARAMETER_OBJECT,
  VALUE_FIELD,
  VALUE_FIELDS,
  VALUE_OBJECTS,
  VALUE_TARGET_FIELDS,
  toFeatureParameter,
  toFeatureValue,
  toValueRecord,
  toValueTarget,
} from './featureRecords';

export type FmaPresence = { readonly installed: true } | { readonly installed: false; readonly error: LmoError };

export interface DistributionOptions extends CallOptions {
  /** Count sandbox licenses too (default: no, as the dashboard). */
  readonly includeSandboxes?: boolean;
  readonly today?: CalendarDate;
}

export interface ValueVerification {
  readonly valueId: string;
  readonly holdsNewValue: boolean;
  readonly actual: FeatureValueRecord['value'] | undefined;
}

export type ValueRunOptions = GuardedRunOptions<ValueJournalEntry>;
export type ValueRunReport = GuardedRunReport<ValuePlanValidation, SaveResult, ValueVerification>;

/** Integer edges and the Date past count share the second call's five queries. */
const SECOND_CALL_QUERIES = MAX_COMPOSITE_QUERIES;

type Row = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const maybe = <T>(v: unknown) => (v === null || v === undefined ? undefined : (v as T));
const key15 = (id: unknown) => String(id ?? '').slice(0, 15);

export class FeatureParameterReader {
  constructor(
    readonly client: OrgClient,
    private readonly clock: Clock,
    private readonly planOrg: () => PlanOrg,
  ) {}

  /** Is the FMA there (and visible)? INVALID_TYPE on its Feature Parameter object means no. */
  async probe(options: CallOptions = {}): Promise<FmaPresence> {
    try {
      await this.client.query(`SELECT Id FROM ${PARAMETER_OBJECT} LIMIT 1`, options);
      return { installed: true };
    } catch (err) {
      if (isLmoError(err) && (err.kind === 'lmaMissing' || err.errorCode === 'INVALID_TYPE')) return { installed: false, error: err };
      throw err;
    }
  }

  private parametersQuery(packageId?: string): string {
    const where = packageId ? soql` WHERE sfFma__Package__c = ${packageId}` : '';
    return `SELECT ${PARAMETER_FIELDS.join(', ')} FROM ${PARAMETER_OBJECT}${where} ORDER BY sfFma__FullName__c, Id`;
  }

  /** Parameters of one package, or of every package. Rows with an unknown type or direction are left out. */
  async parameters(packageId?: string, options: CallOptions = {}): Promise<FeatureParameter[]> {
    const rows = await this.client.fetchAll<Row>(this.parametersQuery(packageId), options);
    return rows.records.map(toFeatureParameter).filter((p): p is FeatureParameter => !!p);
  }

  /** A package's parameters with their distributions across live licenses: at most two API calls. */
  async distributions(packageId: string, options: DistributionOptions = {}): Promise<PackageFeatures> {
    const today = options.today ?? this.clock.today();
    // The dashboard's live licenses (dashboardQueries.ts): the package's, sandboxes excluded unless
    // included, as of the end of today in the user's zone.
    const createdBefore = this.clock.startOfDay(addDays(today, 1)).toISOString();
    const live = whereClause({ packageId, liveOnly: true, includeSandboxes: options.includeSandboxes ?? false, createdBefore }, today);
    const join = `sfFma__License__c IN (SELECT Id FROM sfLma__License__c${live})`;
    const stats = (type: FeatureDataType) =>
      `SELECT sfFma__FeatureParameter__c p, COUNT(Id) n, COUNT(${VALUE_FIELD}) valued, MIN(${VALUE_FIELD}) lo, MAX(${VALUE_FIELD}) hi FROM ${VALUE_OBJECTS[type]} WHERE ${join} GROUP BY sfFma__FeatureParameter__c`;
    let calls = 1;
    const first = await this.client.compositeQueries<Row>(
      {
        parameters: this.parametersQuery(packageId),
        live: `SELECT COUNT() FROM sfLma__License__c${live}`,
        booleans: `SELECT sfFma__FeatureParameter__c p, ${VALUE_FIELD} v, COUNT(Id) n FROM ${VALUE_OBJECTS.Boolean} WHERE ${join} GROUP BY sfFma__FeatureParameter__c, ${VALUE_FIELD}`,
        integers: stats('Integer'),
        dates: stats('Date'),
      },
      options,
    );
    const parameters = first.parameters.records.map(toFeatureParameter).filter((p): p is FeatureParameter => !!p);
    const byParam = (rows: readonly Row[]) => new Map(rows.map((r) => [key15(r.p), r]));
    const integers = byParam(first.integers.records);
    const dates = byParam(first.dates.records);

    // The second call: Date values before today, and cumulative Integer counts at each edge.
    const datesValued = [...dates.values()].some((r) => num(r.valued) > 0);
    const edgeQueries = SECOND_CALL_QUERIES - (datesValued ? 1 : 0);
    const edges = new Map<string, number[]>();
    for (const p of parameters.filter((x) => x.dataType === 'Integer')) {
      const r = integers.get(key15(p.id));
      const lo = maybe<number>(r?.lo);
      const hi = maybe<number>(r?.hi);
      if (lo !== undefined && hi !== undefined) edges.set(key15(p.id), integerEdges(lo, hi, edgeQueries));
    }
    const edgeWhere = (ids: readonly string[], k: number) =>
      `${join} AND (${ids.map((id) => soql`(sfFma__FeatureParameter__c = ${id} AND ${raw(VALUE_FIELD)} <= ${(edges.get(id) as number[])[k]})`).join(' OR ')})`;
    // Parameters whose edge conditions fit one WHERE clause get a histogram; the rest (a package with dozens of Integer parameters) only min/median/max.
    const bucketed: string[] = [];
    for (const id of [...edges.keys()].filter((id) => (edges.get(id) as number[]).length > 0))
      if (edgeWhere([...bucketed, id], 0).length <= MAX_WHERE_LENGTH) bucketed.push(id);
    const second: Record<string, string> = {};
    if (datesValued)
      second.past = soql`SELECT sfFma__FeatureParameter__c p, COUNT(Id) n FROM ${raw(VALUE_OBJECTS.Date)} WHERE ${raw(join)} AND ${raw(VALUE_FIELD)} < ${soqlDate(today)} GROUP BY sfFma__FeatureParameter__c`;
    for (let k = 0; k < edgeQueries; k++) {
      const ids = bucketed.filter((id) => (edges.get(id) as number[]).length > k);
      if (ids.length)
        second[`edge${k}`] =
          `SELECT sfFma__FeatureParameter__c p, COUNT(Id) n FROM ${VALUE_OBJECTS.Integer} WHERE ${edgeWhere(ids, k)} GROUP BY sfFma__FeatureParameter__c`;
    }
    const more = Object.keys(second).length ? (calls++, await this.client.compositeQueries<Row>(second, options)) : {};
    const countsAt = (k: number) => byParam(more[`edge${k}`]?.records ?? []);
    const edgeCounts = Array.from({ length: edgeQueries }, (_, k) => countsAt(k));
    const past = byParam(more.past?.records ?? []);

    const liveLicenses = first.live.totalSize;
    const booleanRows = first.booleans.records;
    return {
      packageId,
      liveLicenses,
      apiCalls: calls,
      parameters: parameters.map((parameter) => {
        const id = key15(parameter.id);
        let distribution: FeatureDistribution;
        if (parameter.dataType === 'Boolean') {
          const count = (value: boolean) => booleanRows.filter((r) => key15(r.p) === id && (r.v === true) === value).reduce((n, r) => n + num(r.n), 0);
          distribution = booleanDistribution(count(true), count(false));
        } else if (parameter.dataType === 'Integer') {
          const r = integers.get(id);
          const e = edges.get(id) ?? [];
          distribution = integerDistribution(
            { records: num(r?.n), values: num(r?.valued), min: maybe<number>(r?.lo), max: maybe<number>(r?.hi) },
            bucketed.includes(id) || e.length === 0 ? { edges: e, counts: e.map((_, k) => num(edgeCounts[k].get(id)?.n)) } : undefined,
          );
        } else {
          const r = dates.get(id);
          distribution = dateDistribution({
            records: num(r?.n),
            values: num(r?.valued),
            past: num(past.get(id)?.n),
            earliest: parseCalendarDate(String(r?.lo ?? '').slice(0, 10)),
            latest: parseCalendarDate(String(r?.hi ?? '').slice(0, 10)),
          });
        }
        const withValue = parameter.dataType === 'Boolean' ? distribution.values : distribution.values + (distribution as { notSet: number }).notSet;
        return { parameter, distribution, withoutValue: Math.max(0, liveLicenses - withValue) };
      }),
    };
  }

  /** One license's values of every parameter, with each parameter's name and direction: one API call. */
  async licenseValues(licenseId: string, options: CallOptions = {}): Promise<FeatureValueRecord[]> {
    const pages = await this.client.compositeQueries<Row>(
      Object.fromEntries(
        FEATURE_DATA_TYPES.map((t) => [
          t,
          soql`SELECT ${raw(VALUE_FIELDS.join(', '))} FROM ${raw(VALUE_OBJECTS[t])} WHERE sfFma__License__c = ${licenseId} ORDER BY sfFma__FullName__c, Id`,
        ]),
      ),
      options,
    );
    return FEATURE_DATA_TYPES.flatMap((t) => pages[t].records.map((r) => toValueRecord(t, r)));
  }

  /** The values of many licenses (IN lists cut to Salesforce's WHERE length, five queries a Composite call). */
  async valuesOfLicenses(licenseIds: readonly string[], options: CallOptions = {}): Promise<FeatureValueRecord[]> {
    return this.valueRows('sfFma__License__c', licenseIds, VALUE_FIELDS, toValueRecord, options);
  }

  /** The value records of these licenses as a plan sees them (with each license's name, subscriber and status). */
  async valueTargets(licenseIds: readonly string[], options: CallOptions = {}): Promise<FeatureValueTarget[]> {
    return this.valueRows('sfFma__License__c', licenseIds, VALUE_TARGET_FIELDS, toValueTarget, options);
  }

  private async valueRows<T>(
    field: 'sfFma__License__c' | 'Id',
    ids: readonly string[],
    fields: readonly string[],
    map: (type: FeatureDataType, r: Row) => T,
    options: CallOptions,
    types: readonly FeatureDataType[] = FEATURE_DATA_TYPES,
  ): Promise<T[]> {
    const valid = [...new Set(ids.map((id) => id.trim()).filter((id) => /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)))];
    if (!valid.length) return [];
    const queries: Record<string, string> = {};
    for (const t of types)
      chunkByWhereLength(valid, (chunk) => soql`${raw(field)} IN ${chunk}`).forEach((chunk, i) => {
        queries[`${t}${i}`] = soql`SELECT ${raw(fields.join(', '))} FROM ${raw(VALUE_OBJECTS[t])} WHERE ${raw(field)} IN ${chunk}`;
      });
    const pages = await this.client.compositeQueries<Row>(queries, options);
    return Object.entries(pages).flatMap(([key, page]) => {
      const type = FEATURE_DATA_TYPES.find((t) => key.startsWith(t)) as FeatureDataType;
      return page.records.map((r) => map(type, r));
    });
  }

  /** A value plan from a request, against the licenses' value records as they are read now. */
  async planValueChanges(request: FeatureValuePlanRequest, options: CallOptions & { now?: Date } = {}): Promise<BuiltValuePlan> {
    const now = options.now ?? new Date();
    const targets = await this.valueTargets(
      request.changes.map((c) => c.license),
      options,
    );
    return buildValuePlan(request, targets, { id: newRunId(now), createdAt: now.toISOString(), org: this.planOrg() });
  }

  /** Re-reads the written value records: does each hold its new value? (Feature values keep no field history.) */
  async verifyValues(changes: readonly PlannedValueChange[], options: CallOptions = {}): Promise<ValueVerification[]> {
    if (!changes.length) return [];
    const types = [...new Set(changes.map((c) => c.target.parameter.dataType))];
    const rows = await this.valueRows(
      'Id',
      changes.map((c) => c.target.valueId),
      ['Id', VALUE_FIELD],
      (t, r) => ({ id: key15(r.Id), value: toFeatureValue(t, r[VALUE_FIELD]) }),
      options,
      types,
    );
    const now = new Map(rows.map((r) => [r.id, r.value]));
    return changes.map((c) => {
      const actual = now.get(key15(c.target.valueId));
      return { valueId: c.target.valueId, holdsNewValue: now.has(key15(c.target.valueId)) && actual === c.after, actual };
    });
  }

  /** The guarded write of a value plan: validate, require the confirmation, journal, write in batches, verify, journal. */
  async runValueChange(plan: FeatureValuePlan, options: ValueRunOptions): Promise<ValueRunReport> {
    const org = this.planOrg();
    const elsewhere = otherOrgReason(plan, org);
    if (elsewhere) throw usageError(elsewhere);
    const validation = validateValuePlan(plan);
    if (!validation.ok) return { status: 'blocked', validation };
    const requirement = valueConfirmationFor(plan, options.typedConfirmationOver ?? DEFAULT_TYPED_CONFIRMATION_OVER);
    if (!options.confirmation.yes || !isConfirmed(requirement, options.confirmation.typed)) return { status: 'needsConfirmation', requirement };
    // One object per run of records, so a batch of mixed types stays within Collections' chunk limit.
    const changes = [...plan.changes].sort(
      (a, b) => FEATURE_DATA_TYPES.indexOf(a.target.parameter.dataType) - FEATURE_DATA_TYPES.indexOf(b.target.parameter.dataType),
    );
    const outcome = await runGuarded<PlannedValueChange, ValueJournalEntry, ValueVerification>(
      this.client,
      {
        runId: plan.id,
        user: plan.org.username,
        orgId: plan.org.id,
        changes,
        journal: options.journal,
        keyOf: (c) => c.target.valueId,
        toUpdate: (c) => ({ type: VALUE_OBJECTS[c.target.parameter.dataType], id: c.target.valueId, fields: { [VALUE_FIELD]: c.after } }),
        verify: (saved) => this.verifyValues(saved, { meter: options.meter }),
        isVerified: (v) => v.holdsNewValue,
        entries: {
          plan: (base) => ({
            ...base,
            type: 'plan',
            plan,
            issues: plan.changes.flatMap((c) => (validation.issues.get(c.target.valueId) ?? []).map((i) => ({ ...i, valueId: c.target.valueId }))),
          }),
          confirmation: (base) => ({
            ...base,
            type: 'confirmation',
            via: requirement.typed ? 'typed' : 'yes',
            ...(requirement.typed ? { typed: options.confirmation.typed } : {}),
          }),
          batch: (base, seq, batch) => ({ ...base, type: 'batch', seq, valueIds: batch.map((c) => c.target.valueId) }),
          result: (base, r, c) => ({
            ...base,
            type: 'result',
            valueId: r.recordId,
            licenseId: c.target.licenseId,
            parameter: c.target.parameter.fullName,
            outcome: r.outcome,
            old: c.target.value,
            new: c.after,
            ...(r.errors.length ? { errors: r.errors } : {}),
          }),
          verification: (base, v) => ({
            ...base,
            type: 'verification',
            valueId: v.valueId,
            holdsNewValue: v.holdsNewValue,
            ...(v.actual !== undefined ? { actual: v.actual } : {}),
          }),
          end: (base, end) => ({ ...base, type: 'end', ...end }),
        },
      },
      options,
    );
    return {
      status: outcome.cancelled ? 'cancelled' : 'done',
      runId: plan.id,
      results: outcome.results,
      notSent: outcome.notSent.map((c) => c.target.valueId),
      verifications: outcome.verifications,
      counts: outcome.counts,
      validation,
    };
  }

  /** The plan that undoes a journaled run: old values back on the records that still hold the run's new values. */
  async undoPlanFor(
    run: ValueRun,
    options: CallOptions & { now?: Date; undone?: ReadonlyMap<string, UndoneRecord> } = {},
  ): Promise<{ plan: FeatureValuePlan; skipped: { valueId: string; reason: string }[] }> {
    const org = this.planOrg();
    checkRunOrg(run, { orgId: org.id, label: org.label }, 'undo');
    const now = options.now ?? new Date();
    const records = valueRecordsToRecheck(run);
    const licenses = [...new Set(run.plan.changes.filter((c) => records.some((r) => r.valueId === c.target.valueId)).map((c) => c.target.licenseId))];
    const current = (await this.valueTargets(licenses, options)).filter((t) => records.some((r) => key15(r.valueId) === key15(t.valueId)));
    return undoValuePlan({ runId: run.runId, plan: run.plan, records }, current, { id: newRunId(now), createdAt: now.toISOString(), org }, options.undone);
  }
}
