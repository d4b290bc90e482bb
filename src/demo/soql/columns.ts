/**
 * `GET …/query?q=<soql>&columns=true` (and the Tooling twin): Salesforce answers with the
 * query's column metadata instead of its records. The Salesforce CLI's `sf data query` asks for
 * it after every non-empty result to name its table and CSV columns. Shape, as Salesforce sends
 * it: one column per selected item with all twelve keys; a relationship path becomes one column
 * per relationship (its `foreignKeyName` the lookup field), the selected parent fields nested in
 * `joinColumns` (fields of the same relationship share one column); aggregate and other function
 * columns are `aggregate: true`, named by their alias or `exprN` and displayed as the function
 * text (`count(Id)`); `COUNT()` has no columns.
 */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { type FieldDef, type FieldType, type ObjectDef, type Schema } from '../schema';
import { invalidType, malformedQuery } from '../apiError';
import { resolveFieldPath } from './fieldPath';
import { expandFieldsFunction } from './fieldsFunction';

export interface ColumnMetadata {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: ColumnMetadata[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

export interface QueryColumns {
  columnMetadata: ColumnMetadata[];
  entityName: string;
  groupBy: boolean;
  idSelected: boolean;
  keyPrefix: string;
}

export interface SelectItem {
  type: string;
  field?: string;
  rawValue?: string;
  functionName?: string;
  parameters?: unknown[];
  alias?: string;
}

const APEX_TYPES: Record<FieldType, string> = {
  id: 'Id',
  reference: 'Id',
  string: 'String',
  picklist: 'String',
  email: 'String',
  boolean: 'Boolean',
  int: 'Integer',
  double: 'Double',
  date: 'Date',
  datetime: 'Datetime',
  anyType: 'Object',
};

const TEXT_TYPES: readonly FieldType[] = ['string', 'picklist', 'email'];

function fieldColumn(field: FieldDef, name = field.name): ColumnMetadata {
  const writable = field.type !== 'id' && !field.formula && field.updateable !== false;
  return {
    aggregate: false,
    apexType: APEX_TYPES[field.type],
    booleanType: field.type === 'boolean',
    columnName: name,
    custom: field.name.endsWith('__c'),
    displayName: name,
    foreignKeyName: null,
    insertable: writable,
    joinColumns: [],
    numberType: field.type === 'int' || field.type === 'double',
    textType: TEXT_TYPES.includes(field.type),
    updatable: writable,
  };
}

function relationshipColumn(lookup: FieldDef): ColumnMetadata {
  const name = lookup.relationshipName as string;
  return {
    aggregate: false,
    apexType: null,
    booleanType: false,
    columnName: name,
    custom: name.endsWith('__r'),
    displayName: name,
    foreignKeyName: lookup.name,
    insertable: false,
    joinColumns: [],
    numberType: false,
    textType: false,
    updatable: false,
  };
}

/** An aggregate (or date) function: numeric unless it returns the field's own value (MIN/MAX of text or dates). */
function functionColumn(item: SelectItem, name: string, target: FieldDef | undefined): ColumnMetadata {
  const fn = (item.functionName ?? '').toUpperCase();
  const keepsType = (fn === 'MIN' || fn === 'MAX') && target !== undefined;
  const params = (item.parameters ?? []).map(String).join(', ');
  return {
    aggregate: true,
    apexType: null,
    booleanType: false,
    columnName: name,
    custom: false,
    displayName: item.alias ?? `${fn.toLowerCase()}(${params})`,
    foreignKeyName: null,
    insertable: false,
    joinColumns: [],
    numberType: keepsType ? target.type === 'int' || target.type === 'double' : true,
    textType: keepsType ? TEXT_TYPES.includes(target.type) : false,
    updatable: false,
  };
}

/**
 * The column metadata of a query the engine has already accepted (the caller runs it first, so
 * every error is the query's own).
 */
export function queryColumns(soql: string, schema: Schema): QueryColumns {
  let parsed: { fields?: SelectItem[]; sObject?: string; groupBy?: unknown; limit?: number };
  try {
    parsed = parseQuery(soql) as typeof parsed;
  } catch (err) {
    throw malformedQuery(`${soql}\nERROR: ${(err as Error).message.split('\n')[0]}`);
  }
  const object: ObjectDef | undefined = schema.object(parsed.sObject ?? '');
  if (!object) throw invalidType(parsed.sObject ?? '');
  const items = expandFieldsFunction(parsed.fields ?? [], object, parsed.limit);
  const isFunction = (i: SelectItem) => i.type === 'FieldFunctionExpression';
  const countOnly = items.length === 1 && isFunction(items[0]) && (items[0].parameters ?? []).length === 0;
  const grouped = parsed.groupBy !== undefined;
  const aggregateQuery = grouped || items.some(isFunction);
  const columns: ColumnMetadata[] = [];
  let idSelected = false;
  let expr = 0;
  for (const item of countOnly ? [] : items) {
    if (isFunction(item)) {
      const param = (item.parameters ?? [])[0];
      const target = param === undefined ? undefined : resolveFieldPath(schema, object, String(param)).field;
      columns.push(functionColumn(item, item.alias ?? `expr${expr++}`, target));
      continue;
    }
    const path = resolveFieldPath(schema, object, item.rawValue ?? item.field ?? '');
    // An aggregate query's rows are flat: a grouped parent field comes back under its own name (or alias).
    if (aggregateQuery || path.hops.length === 0) {
      if (path.hops.length === 0 && path.field.type === 'id') idSelected = true;
      columns.push(fieldColumn(path.field, item.alias ?? path.field.name));
      continue;
    }
    let level = columns;
    for (const hop of path.hops) {
      let column = level.find((c) => c.foreignKeyName === hop.name);
      if (!column) level.push((column = relationshipColumn(hop)));
      level = column.joinColumns;
    }
    if (!level.some((c) => c.columnName === path.field.name)) level.push(fieldColumn(path.field));
  }
  return { columnMetadata: columns, entityName: object.name, groupBy: grouped, idSelected, keyPrefix: object.keyPrefix };
}
