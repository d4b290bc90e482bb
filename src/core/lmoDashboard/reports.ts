/**
 * The reports behind the executives' dashboard, one per number, each filtered as the product counts
 * it (docs/salesforce/metrics.md) and written as Report metadata on the LMA's License object
 * (docs/salesforce/lmo-dashboard.md: report types, column names, filter operators and the relative
 * date values, with what is unconfirmed).
 */
import { type LmoDashboardOptions } from './options';
import { type XmlNode, leaf, node } from './xml';

export const LICENSE = 'sfLma__License__c';
export const LICENSE_REPORT_TYPE = `CustomEntity$${LICENSE}`;
/** The history report type of a custom object: exists only where field history is tracked on it. */
export const LICENSE_HISTORY_REPORT_TYPE = `CustomEntityHistory$${LICENSE}`;

const f = (field: string) => `${LICENSE}.${field}`;
export const COLUMN = {
  name: 'CUST_NAME',
  lastModified: 'CUST_LAST_UPDATE',
  status: f('sfLma__Status__c'),
  seats: f('sfLma__Seats__c'),
  expiration: f('sfLma__Expiration__c'),
  orgId: f('sfLma__Subscriber_Org_ID__c'),
  isSandbox: f('sfLma__Subscriber_Org_Is_Sandbox__c'),
  package: f('sfLma__Package__c'),
  /** History report columns. */
  historyField: 'FIELD_KEY',
  historyNewValue: 'NEW_VALUE',
  historyOldValue: 'OLD_VALUE',
  historyDate: 'CREATED_DATE',
} as const;

export interface Criterion {
  readonly column: string;
  readonly operator: 'equals' | 'notEqual' | 'lessThan' | 'greaterThan' | 'lessOrEqual' | 'greaterOrEqual';
  /** Comma-separated values mean "any of" for picklists; "" matches a blank field. */
  readonly value: string;
}

/** What a report's dashboard component shows: its record count, or the sum of a column. */
export type Measure = { readonly kind: 'rowCount' } | { readonly kind: 'sum'; readonly column: string };

export type ReportKey = 'activeSubscribers' | 'seats' | 'siteLicenses' | 'renewals0to30' | 'renewals31to60' | 'renewals61to90' | 'churn';

export interface ReportSpec {
  readonly key: ReportKey;
  /** Without the prefix. */
  readonly name: string;
  /** The report's name as users see it (at most 40 characters). */
  readonly label: string;
  readonly description: string;
  readonly reportType: string;
  readonly columns: readonly { readonly field: string; readonly sum?: boolean }[];
  readonly criteria: readonly Criterion[];
  /** Salesforce's filter logic over the criteria, 1-based; undefined = all of them. */
  readonly booleanFilter?: string;
  readonly groupBy: string;
  readonly measure: Measure;
}

const LIVE_STATUSES = 'Active,Trial';

/** Not expired as the product counts it: no date, the LMA's 1970-01-01 "does not expire", or today or later. */
const NOT_EXPIRED: readonly Criterion[] = [
  { column: COLUMN.expiration, operator: 'equals', value: '' },
  { column: COLUMN.expiration, operator: 'equals', value: '1970-01-01' },
  { column: COLUMN.expiration, operator: 'greaterOrEqual', value: 'TODAY' },
];

function sandboxCriteria(o: LmoDashboardOptions): Criterion[] {
  return o.includeSandboxes ? [] : [{ column: COLUMN.isSandbox, operator: 'equals', value: '0' }];
}

/** `1 AND 2 AND (3 OR 4 OR 5) AND 6…`: the criteria before, the not-expired trio, the criteria after. */
function withNotExpired(before: readonly Criterion[], after: readonly Criterion[]): { criteria: Criterion[]; booleanFilter: string } {
  const criteria = [...before, ...NOT_EXPIRED, ...after];
  const n = (i: number) => String(i + 1);
  const parts = [
    ...before.map((_, i) => n(i)),
    `(${NOT_EXPIRED.map((_, i) => n(before.length + i)).join(' OR ')})`,
    ...after.map((_, i) => n(before.length + NOT_EXPIRED.length + i)),
  ];
  return { criteria, booleanFilter: parts.join(' AND ') };
}

const scopeWords = (o: LmoDashboardOptions) => (o.includeSandboxes ? 'sandboxes included' : 'sandboxes excluded');

/** The renewal windows as report filters on the expiration date: today to +30, +31 to +60, +61 to +90. */
const RENEWALS: readonly { key: ReportKey; name: string; label: string; from: Criterion; to: Criterion }[] = [
  {
    key: 'renewals0to30',
    name: 'Renewals_0_30_Days',
    label: 'Renewals in 0–30 days',
    from: { column: COLUMN.expiration, operator: 'greaterOrEqual', value: 'TODAY' },
    to: { column: COLUMN.expiration, operator: 'lessOrEqual', value: 'NEXT_N_DAYS:30' },
  },
  {
    key: 'renewals31to60',
    name: 'Renewals_31_60_Days',
    label: 'Renewals in 31–60 days',
    from: { column: COLUMN.expiration, operator: 'greaterThan', value: 'NEXT_N_DAYS:30' },
    to: { column: COLUMN.expiration, operator: 'lessOrEqual', value: 'NEXT_N_DAYS:60' },
  },
  {
    key: 'renewals61to90',
    name: 'Renewals_61_90_Days',
    label: 'Renewals in 61–90 days',
    from: { column: COLUMN.expiration, operator: 'greaterThan', value: 'NEXT_N_DAYS:60' },
    to: { column: COLUMN.expiration, operator: 'lessOrEqual', value: 'NEXT_N_DAYS:90' },
  },
];

export function reportSpecs(o: LmoDashboardOptions): ReportSpec[] {
  const sandbox = sandboxCriteria(o);
  const scope = scopeWords(o);
  const live = (extra: readonly Criterion[]) => withNotExpired([{ column: COLUMN.status, operator: 'equals', value: LIVE_STATUSES }], [...extra, ...sandbox]);
  const active = withNotExpired([{ column: COLUMN.status, operator: 'equals', value: 'Active' }], sandbox);
  const perSeat = live([{ column: COLUMN.seats, operator: 'greaterOrEqual', value: '0' }]);
  const site = live([{ column: COLUMN.seats, operator: 'lessThan', value: '0' }]);
  const specs: ReportSpec[] = [
    {
      key: 'activeSubscribers',
      name: 'Active_Subscribers',
      label: 'Active subscribers',
      description: `Active licenses, not expired (${scope}), grouped by subscriber org: the number of groups is the number of active subscribers.`,
      reportType: LICENSE_REPORT_TYPE,
      columns: [{ field: COLUMN.name }, { field: COLUMN.package }, { field: COLUMN.expiration }],
      ...active,
      groupBy: COLUMN.orgId,
      measure: { kind: 'rowCount' },
    },
    {
      key: 'seats',
      name: 'Seats',
      label: 'Seats (per-seat licenses)',
      description: `Seats of live per-seat licenses: Active or Trial, not expired, Seats 0 or more (${scope}). Site licenses (Seats -1) are apart.`,
      reportType: LICENSE_REPORT_TYPE,
      columns: [{ field: COLUMN.name }, { field: COLUMN.orgId }, { field: COLUMN.seats, sum: true }],
      ...perSeat,
      groupBy: COLUMN.package,
      measure: { kind: 'sum', column: COLUMN.seats },
    },
    {
      key: 'siteLicenses',
      name: 'Site_Licenses',
      label: 'Site licenses',
      description: `Live site licenses: Active or Trial, not expired, Seats below 0 (${scope}).`,
      reportType: LICENSE_REPORT_TYPE,
      columns: [{ field: COLUMN.name }, { field: COLUMN.orgId }],
      ...site,
      groupBy: COLUMN.package,
      measure: { kind: 'rowCount' },
    },
    ...RENEWALS.map((w): ReportSpec => ({
      key: w.key,
      name: w.name,
      label: w.label,
      description: `Live licenses (Active or Trial) whose expiration date falls in this window, counted from today (${scope}).`,
      reportType: LICENSE_REPORT_TYPE,
      columns: [{ field: COLUMN.name }, { field: COLUMN.orgId }, { field: COLUMN.seats, sum: true }],
      criteria: [{ column: COLUMN.status, operator: 'equals', value: LIVE_STATUSES }, w.from, w.to, ...sandbox],
      groupBy: COLUMN.expiration,
      measure: { kind: 'rowCount' },
    })),
    churnSpec(o, sandbox, scope),
  ];
  return specs;
}

function churnSpec(o: LmoDashboardOptions, sandbox: readonly Criterion[], scope: string): ReportSpec {
  const since = `LAST_N_DAYS:${o.churnDays}`;
  if (o.churn === 'history')
    return {
      key: 'churn',
      name: 'Churn',
      label: `Churn (last ${o.churnDays} days)`,
      description: `License history: status changed to Uninstalled or Suspended in the last ${o.churnDays} days (${scope}), grouped by license: the number of groups is the number of churned licenses.`,
      reportType: LICENSE_HISTORY_REPORT_TYPE,
      columns: [{ field: COLUMN.historyOldValue }, { field: COLUMN.historyNewValue }, { field: COLUMN.historyDate }],
      criteria: [
        { column: COLUMN.historyField, operator: 'equals', value: COLUMN.status },
        { column: COLUMN.historyNewValue, operator: 'equals', value: 'Uninstalled,Suspended' },
        { column: COLUMN.historyDate, operator: 'equals', value: since },
        ...sandbox,
      ],
      groupBy: COLUMN.name,
      measure: { kind: 'rowCount' },
    };
  return {
    key: 'churn',
    name: 'Churn',
    label: `Churn, approximation (${o.churnDays} days)`,
    description: `Approximation: Uninstalled or Suspended licenses last modified in the last ${o.churnDays} days (${scope}); the LMA's syncs also move Last Modified.`,
    reportType: LICENSE_REPORT_TYPE,
    columns: [{ field: COLUMN.name }, { field: COLUMN.orgId }, { field: COLUMN.lastModified }],
    criteria: [
      { column: COLUMN.status, operator: 'equals', value: 'Uninstalled,Suspended' },
      { column: COLUMN.lastModified, operator: 'equals', value: since },
      ...sandbox,
    ],
    groupBy: COLUMN.status,
    measure: { kind: 'rowCount' },
  };
}

/** A report's metadata elements, in the order of the Report type's schema. */
export function reportXml(spec: ReportSpec, label: string, description: string): XmlNode {
  return node(
    'Report',
    spec.columns.map((c) => node('columns', c.sum ? leaf('aggregateTypes', 'Sum') : undefined, leaf('field', c.field))),
    leaf('description', description),
    node(
      'filter',
      spec.booleanFilter ? leaf('booleanFilter', spec.booleanFilter) : undefined,
      spec.criteria.map((c) =>
        node(
          'criteriaItems',
          leaf('column', c.column),
          leaf('columnToColumn', false),
          leaf('isUnlocked', true),
          leaf('operator', c.operator),
          leaf('value', c.value),
        ),
      ),
    ),
    leaf('format', 'Summary'),
    node('groupingsDown', leaf('dateGranularity', 'Day'), leaf('field', spec.groupBy), leaf('sortOrder', 'Asc')),
    leaf('name', label),
    leaf('reportType', spec.reportType),
    leaf('scope', 'organization'),
    leaf('showDetails', true),
    leaf('showGrandTotal', true),
    leaf('showSubTotals', true),
  );
}
