/**
 * The vocabulary the demo's object model is written in: field and object definitions, the
 * system fields every record has, and `define`, which fills in what Salesforce derives
 * (groupable, updateable) from a field's type.
 */
export type FieldType = 'id' | 'string' | 'picklist' | 'boolean' | 'int' | 'double' | 'date' | 'datetime' | 'reference' | 'email' | 'anyType';

export type DemoRecord = Record<string, unknown> & { Id: string };

/** Resolves a record by id: formulas use it to follow lookups. */
export type RecordLookup = (id: string) => DemoRecord | undefined;

export interface FieldDef {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly length?: number;
  /** Computed on read; never stored, never writable, never groupable. */
  readonly formula?: (record: DemoRecord, lookup: RecordLookup) => unknown;
  readonly updateable?: boolean;
  /** Whether a create may set it (default: as updateable; request fields are createable and not updateable). */
  readonly createable?: boolean;
  readonly groupable?: boolean;
  readonly referenceTo?: string;
  readonly relationshipName?: string;
  readonly picklistValues?: readonly string[];
  /** Whether WHERE may name it (history values may not). */
  readonly filterable?: boolean;
  /** Whether ORDER BY may name it. */
  readonly sortable?: boolean;
  /** A custom field the org's admin made required (describe: not nillable, not defaulted). */
  readonly required?: boolean;
}

export interface ObjectDef {
  readonly name: string;
  readonly label: string;
  readonly keyPrefix: string;
  readonly fields: readonly FieldDef[];
  readonly tooling?: boolean;
  /** Whether the LMA is needed to see this object (hidden when the demo runs "without the LMA"). */
  readonly lma?: boolean;
  /** Whether the Feature Management App is needed to see this object (hidden when the demo runs "without the FMA"). */
  readonly fma?: boolean;
  /** The first API version that has the object (below it: INVALID_TYPE, as for an object that does not exist). */
  readonly sinceVersion?: number;
  /**
   * A relationship a query must filter on with `=` (its id field or one of its fields), or
   * Salesforce refuses it: FieldDefinition's EntityDefinition (docs/salesforce/lmo-dashboard.md).
   */
  readonly requiresFilterOn?: string;
  /**
   * Fields Salesforce returns only to a query that selects at most one row (Tooling's Metadata and
   * FullName): selecting one needs LIMIT 1 (docs/salesforce/lmo-dashboard.md#verify).
   */
  readonly singleRowFields?: readonly string[];
}

export type Spec = [name: string, label: string, type: FieldType, extra?: Partial<FieldDef>];

export const system = (): Spec[] => [
  ['Id', 'Record ID', 'id'],
  ['IsDeleted', 'Deleted', 'boolean', { updateable: false }],
  ['CreatedDate', 'Created Date', 'datetime', { updateable: false }],
  ['CreatedById', 'Created By ID', 'reference', { referenceTo: 'User', relationshipName: 'CreatedBy', updateable: false }],
  ['LastModifiedDate', 'Last Modified Date', 'datetime', { updateable: false }],
  ['SystemModstamp', 'System Modstamp', 'datetime', { updateable: false }],
  ['OwnerId', 'Owner ID', 'reference', { referenceTo: 'User', relationshipName: 'Owner' }],
];

export function define(name: string, label: string, keyPrefix: string, specs: Spec[], extra: Partial<ObjectDef> = {}): ObjectDef {
  const fields = specs.map(([fieldName, fieldLabel, type, more]) => {
    const formula = more?.formula;
    const groupable = !formula && type !== 'double' && type !== 'datetime' && type !== 'anyType';
    return { name: fieldName, label: fieldLabel, type, groupable, updateable: !formula && type !== 'id', ...more } as FieldDef;
  });
  return { name, label, keyPrefix, fields, ...extra };
}

export const readOnly = { updateable: false };

/** The specs, each made read-only (an object the API only reads, or a standard object's system fields). */
export const ro = (specs: Spec[]): Spec[] => specs.map(([name, label, type, extra]) => [name, label, type, { ...readOnly, ...extra }]);

/** The audit fields of a standard object that has no owner (Id apart). */
export const audit = (): Spec[] => [
  ['IsDeleted', 'Deleted', 'boolean'],
  ['CreatedDate', 'Created Date', 'datetime'],
  ['CreatedById', 'Created By ID', 'reference', { referenceTo: 'User', relationshipName: 'CreatedBy' }],
  ['LastModifiedDate', 'Last Modified Date', 'datetime'],
  ['LastModifiedById', 'Last Modified By ID', 'reference', { referenceTo: 'User', relationshipName: 'LastModifiedBy' }],
  ['SystemModstamp', 'System Modstamp', 'datetime'],
];
