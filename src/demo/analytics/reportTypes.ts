/**
 * The report types the demo knows and their columns: the License custom object's
 * (`CustomEntity$sfLma__License__c`) and its field history's (`CustomEntityHistory$sfLma__License__c`),
 * with the column names of docs/salesforce/lmo-dashboard.md (`sfLma__License__c.<Field>`, the
 * standard fields as `CUST_*`, history as FIELD_KEY, OLD_VALUE, NEW_VALUE, CREATED_DATE) and the
 * types and labels of the demo's schema. A column not listed here does not exist for the report.
 */
import { type DemoRecord, type FieldDef, LICENSE, type RecordLookup } from '../schema';

export type ColumnType = 'id' | 'string' | 'picklist' | 'double' | 'date' | 'datetime' | 'boolean' | 'reference';

/** One row of a report: a license, and for the history type one of its history rows. */
export interface ReportRow {
  readonly license: DemoRecord;
  readonly history?: DemoRecord;
}

export interface ReportColumn {
  readonly name: string;
  readonly label: string;
  readonly type: ColumnType;
  /** The raw value (an id for a lookup or the Name column). */
  value(row: ReportRow, lookup: RecordLookup): unknown;
  /** What users see: a lookup's record name; undefined means "the value as text". */
  text?(row: ReportRow, lookup: RecordLookup): string | null;
}

export interface ReportTypeDef {
  readonly type: string;
  readonly label: string;
  readonly history: boolean;
  readonly columns: ReadonlyMap<string, ReportColumn>;
}

const OBJECT = LICENSE.name;

const nameOf = (id: unknown, lookup: RecordLookup): string | null => {
  if (typeof id !== 'string' || !id) return null;
  const r = lookup(id);
  return r ? ((r.Name as string | null | undefined) ?? null) : null;
};

function fieldColumn(f: FieldDef): ReportColumn | undefined {
  const type: ColumnType | undefined = f.type === 'int' ? 'double' : f.type === 'email' ? 'string' : f.type === 'anyType' ? undefined : f.type;
  if (!type) return undefined;
  return {
    name: `${OBJECT}.${f.name}`,
    label: f.label,
    type,
    value: (row, lookup) => (f.formula ? f.formula(row.license, lookup) : row.license[f.name]) ?? null,
    text: type === 'reference' ? (row, lookup) => nameOf(row.license[f.name], lookup) : undefined,
  };
}

const standard = (name: string, label: string, type: ColumnType, field: string, text?: ReportColumn['text']): ReportColumn => ({
  name,
  label,
  type,
  value: (row) => row.license[field] ?? null,
  text,
});

/** The License object's columns: its custom fields and standard fields as a custom object's report type names them. */
function licenseColumns(): ReportColumn[] {
  const custom = LICENSE.fields.filter((f) => f.name.endsWith('__c')).map(fieldColumn);
  return [
    // The Name column's value is the record id and its label the name (a link in the report) **unconfirmed**.
    standard('CUST_NAME', 'License Name', 'string', 'Id', (row) => (row.license.Name as string | null | undefined) ?? null),
    standard('CUST_ID', 'Record ID', 'id', 'Id'),
    standard('CUST_CREATED_DATE', 'Created Date', 'datetime', 'CreatedDate'),
    standard('CUST_LAST_UPDATE', 'Last Modified Date', 'datetime', 'LastModifiedDate'),
    standard('CUST_OWNER_NAME', 'Owner Name', 'reference', 'OwnerId', (row, lookup) => nameOf(row.license.OwnerId, lookup)),
    ...custom.filter((c): c is ReportColumn => c !== undefined),
  ];
}

/** The field a history row names, as FIELD_KEY gives it: `sfLma__License__c.<Field>`, or "created". */
const fieldKey = (row: ReportRow): string | null => {
  const field = row.history?.Field as string | undefined;
  if (!field) return null;
  return field === 'created' ? 'created' : `${OBJECT}.${field}`;
};

function historyColumns(): ReportColumn[] {
  const h = (name: string, label: string, type: ColumnType, value: (row: ReportRow) => unknown): ReportColumn => ({ name, label, type, value });
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return [
    h('FIELD_KEY', 'Field / Event', 'string', fieldKey),
    h('OLD_VALUE', 'Old Value', 'string', (row) => text(row.history?.OldValue)),
    h('NEW_VALUE', 'New Value', 'string', (row) => text(row.history?.NewValue)),
    h('CREATED_DATE', 'Edit Date', 'datetime', (row) => row.history?.CreatedDate ?? null),
  ];
}

const byName = (columns: readonly ReportColumn[]) => new Map(columns.map((c) => [c.name, c]));

export const LICENSE_TYPE: ReportTypeDef = { type: `CustomEntity$${OBJECT}`, label: 'Licenses', history: false, columns: byName(licenseColumns()) };
export const LICENSE_HISTORY_TYPE: ReportTypeDef = {
  type: `CustomEntityHistory$${OBJECT}`,
  label: 'License History',
  history: true,
  columns: byName([...licenseColumns(), ...historyColumns()]),
};

export const REPORT_TYPES: ReadonlyMap<string, ReportTypeDef> = new Map([LICENSE_TYPE, LICENSE_HISTORY_TYPE].map((t) => [t.type, t]));
