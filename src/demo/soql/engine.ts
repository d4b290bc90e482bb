import { type DemoRecord, type ObjectDef } from '../schema';
import { ApiError, invalidField, invalidType, malformedQuery } from '../apiError';
import { type FieldPath, resolveFieldPath } from './fieldPath';
import { aggregate } from './aggregate';
import { AGGREGATES, asArray, parse, topLevelClause } from './parsedQuery';
import { type QueryContext } from './queryContext';
import { checkRequiredFilter, checkSingleRowFields } from './requiredFilter';
import { sortRows } from './sortRows';
import { expandFieldsFunction, refuseDuplicateFields } from './fieldsFunction';
import { type ParsedSubSelect, SEMI_JOIN_IN_SEMI_JOIN, checkSemiJoinPlacement, checkSubSelect } from './semiJoin';
import { type CompiledWhere, compileWhere, tokenize } from './where';

export type { QueryContext } from './queryContext';

export type QueryResult =
  | { kind: 'records'; rows: DemoRecord[]; project: (record: DemoRecord) => object }
  | { kind: 'count'; totalSize: number }
  | { kind: 'aggregate'; rows: object[] };

export const MAX_OFFSET = 2000;
/** Salesforce's documented SOQL limits. */
export const MAX_SOQL_LENGTH = 100_000;
export const MAX_WHERE_LENGTH = 4_000;

export function runSoql(soql: string, ctx: QueryContext): QueryResult {
  if (soql.length > MAX_SOQL_LENGTH) throw malformedQuery(`SOQL statements cannot be longer than ${MAX_SOQL_LENGTH} characters`);
  const where = topLevelClause(soql, 'WHERE');
  if (where && where.length > MAX_WHERE_LENGTH)
    throw malformedQuery(`The WHERE clause is ${where.length} characters long; it cannot be longer than ${MAX_WHERE_LENGTH} characters`);
  const query = parse(soql);
  const object = ctx.schema.object(query.sObject ?? '');
  if (!object) throw invalidType(query.sObject ?? '');
  checkRequiredFilter(object, query.where);
  if (query.having) throw malformedQuery('HAVING is not supported by the demo LMO');
  const fields = expandFieldsFunction(query.fields ?? [], object, query.limit);
  checkSingleRowFields(object, fields, query.limit);
  if (fields.some((f) => f.type === 'FieldSubquery' || f.type === 'FieldTypeof')) {
    throw malformedQuery('Child-relationship subqueries and TYPEOF are not supported by the demo LMO');
  }

  checkSemiJoinPlacement(tokenize(query.where));
  const predicate = compileWhere(query.where, {
    schema: ctx.schema,
    object,
    lookup: ctx.lookup,
    today: ctx.today,
    subquery: (sub, left) => semiJoin(sub as ParsedSubSelect, left, object, ctx),
  });
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw new ApiError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }

  const isCountOnly =
    fields.length === 1 &&
    fields[0].type === 'FieldFunctionExpression' &&
    fields[0].functionName?.toUpperCase() === 'COUNT' &&
    asArray(fields[0].parameters).length === 0;
  const groupBy = asArray(query.groupBy);
  const hasAggregate = fields.some((f) => f.type === 'FieldFunctionExpression' && AGGREGATES.has((f.functionName ?? '').toUpperCase()));

  if (isCountOnly) {
    if (groupBy.length) throw malformedQuery('COUNT() cannot be used with GROUP BY');
    let count = filter(object, predicate, ctx).length;
    count = Math.max(0, count - (query.offset ?? 0));
    if (query.limit !== undefined) count = Math.min(count, query.limit);
    return { kind: 'count', totalSize: count };
  }
  if (fields.some((f) => f.type === 'FieldFunctionExpression' && f.functionName?.toUpperCase() === 'COUNT' && asArray(f.parameters).length === 0)) {
    throw malformedQuery('COUNT() must be the only element in the SELECT list');
  }
  if (hasAggregate || groupBy.length) {
    if (hasAggregate && !groupBy.length && query.limit !== undefined) {
      // Salesforce allows LIMIT with an aggregate function only together with GROUP BY.
      throw malformedQuery('Aggregate query without GROUP BY cannot use LIMIT');
    }
    return { kind: 'aggregate', rows: aggregate({ ...query, fields }, object, () => filter(object, predicate, ctx), groupBy, ctx) };
  }

  refuseDuplicateFields(fields);
  const selected = fields.map((f) => {
    if (f.type === 'FieldFunctionExpression') throw malformedQuery(`Function ${f.functionName} is not supported in a non-aggregate SELECT by the demo LMO`);
    // Salesforce accepts field aliases only in aggregate queries.
    if (f.alias) throw malformedQuery(`unexpected token: '${f.alias}'`);
    return resolveFieldPath(ctx.schema, object, f.rawValue ?? f.field ?? '');
  });
  if (selected.length === 0) throw malformedQuery('SELECT list is empty');
  let rows = filter(object, predicate, ctx);
  rows = sortRows(
    rows,
    asArray(query.orderBy).map((o) => {
      if (o.fn) throw malformedQuery('ORDER BY a function needs GROUP BY');
      const path = resolveFieldPath(ctx.schema, object, o.field ?? '');
      if (path.field.sortable === false) throw invalidField(`field '${path.field.name}' can not be sorted in a query call`);
      const caseSensitive = path.field.type === 'id' || path.field.type === 'reference';
      return { read: (r: DemoRecord) => path.read(r, ctx.lookup), order: o.order, nulls: o.nulls, caseSensitive };
    }),
  );
  rows = rows.slice(query.offset ?? 0, query.limit !== undefined ? (query.offset ?? 0) + query.limit : undefined);
  return { kind: 'records', rows, project: (record) => project(record, object, selected, ctx) };
}

function filter(object: ObjectDef, where: CompiledWhere, ctx: QueryContext): DemoRecord[] {
  const out: DemoRecord[] = [];
  for (const record of ctx.rows(object, where.createdDate)) {
    if (record.IsDeleted === true && (!ctx.includeDeleted || ctx.purged?.(record))) continue;
    if (where(record)) out.push(record);
  }
  return out;
}

function semiJoin(sub: ParsedSubSelect, left: FieldPath, outer: ObjectDef, ctx: QueryContext): Set<string> {
  const { object, selected: path } = checkSubSelect(sub, left, outer, ctx.schema);
  const where = compileWhere(sub.where, {
    schema: ctx.schema,
    object,
    lookup: ctx.lookup,
    today: ctx.today,
    subquery: () => {
      throw malformedQuery(SEMI_JOIN_IN_SEMI_JOIN);
    },
  });
  const ids = new Set<string>();
  for (const record of filter(object, where, ctx)) {
    const v = path.read(record, ctx.lookup);
    if (typeof v === 'string') ids.add(v);
  }
  return ids;
}

function recordUrl(ctx: QueryContext, type: string, id: string): string {
  return `/services/data/v${ctx.apiVersion}/sobjects/${type}/${id}`;
}

function project(record: DemoRecord, object: ObjectDef, selected: FieldPath[], ctx: QueryContext): object {
  const out: Record<string, unknown> = { attributes: { type: object.name, url: recordUrl(ctx, object.name, record.Id) } };
  for (const path of selected) {
    let target: Record<string, unknown> = out;
    let current: DemoRecord | undefined = record;
    let broken = false;
    for (let i = 0; i < path.hops.length; i++) {
      const hop = path.hops[i];
      const relName = hop.relationshipName as string;
      const id = current?.[hop.name] as string | null | undefined;
      current = id ? ctx.lookup(id) : undefined;
      if (!current) {
        if (!(relName in target)) target[relName] = null;
        broken = true;
        break;
      }
      const existing = target[relName];
      if (!existing || typeof existing !== 'object') {
        const hopObject = path.hopObjects[i];
        target[relName] = { attributes: { type: hopObject.name, url: recordUrl(ctx, hopObject.name, current.Id) } };
      }
      target = target[relName] as Record<string, unknown>;
    }
    if (!broken && current) target[path.field.name] = path.field.formula ? path.field.formula(current, ctx.lookup) : (current[path.field.name] ?? null);
  }
  return out;
}
