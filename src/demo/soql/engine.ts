import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { type CalendarDate } from '../../core/calendarDate';
import { type DemoRecord, type ObjectDef, type RecordLookup, type Schema } from '../schema';
import { ApiError, invalidField, invalidType, malformedQuery } from '../apiError';
import { type FieldPath, resolveFieldPath } from './fieldPath';
import { compareValues } from './values';
import { expandFieldsFunction, refuseDuplicateFields } from './fieldsFunction';
import { type ParsedSubSelect, SEMI_JOIN_IN_SEMI_JOIN, checkSemiJoinPlacement, checkSubSelect } from './semiJoin';
import { type CompiledWhere, type CreatedDateRange, type Predicate, compileWhere, dateFunction, tokenize } from './where';

/** What the engine needs from the store. */
export interface QueryContext {
  readonly schema: Schema;
  /** An object's rows; a table may leave out rows outside `createdDate` (the clause refuses them anyway). */
  readonly rows: (object: ObjectDef, createdDate?: CreatedDateRange) => Iterable<DemoRecord>;
  readonly lookup: RecordLookup;
  readonly today: CalendarDate;
  /** queryAll: include deleted rows. */
  readonly includeDeleted: boolean;
  /** A deleted row gone for good: out of the Recycle Bin, so not even queryAll sees it. */
  readonly purged?: (record: DemoRecord) => boolean;
  readonly apiVersion: string;
  /** Rows an aggregate query may return (Salesforce: 2,000). */
  readonly aggregateRowLimit?: number;
}

export type QueryResult =
  | { kind: 'records'; rows: DemoRecord[]; project: (record: DemoRecord) => object }
  | { kind: 'count'; totalSize: number }
  | { kind: 'aggregate'; rows: object[] };

/** Largest result an aggregate query may return: it cannot page. */
export const AGGREGATE_ROW_LIMIT = 2000;
export const MAX_OFFSET = 2000;
/** Salesforce's documented SOQL limits. */
export const MAX_SOQL_LENGTH = 100_000;
export const MAX_WHERE_LENGTH = 4_000;

/**
 * The text of a top-level clause (e.g. WHERE) of a SOQL statement: from the keyword to the next
 * top-level clause, outside strings and parentheses.
 */
export function topLevelClause(soql: string, keyword: string): string | undefined {
  const ends = ['GROUP BY', 'HAVING', 'ORDER BY', 'LIMIT', 'OFFSET', 'FOR ', 'WITH ', 'UPDATE '];
  let depth = 0;
  let quoted = false;
  let start: number | undefined;
  for (let i = 0; i < soql.length; i++) {
    const c = soql[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === "'") quoted = false;
      continue;
    }
    if (c === "'") quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /\s/.test(soql[i - 1] ?? ' ')) {
      const rest = soql.slice(i, i + 10).toUpperCase();
      if (start === undefined && rest.startsWith(`${keyword} `)) start = i + keyword.length + 1;
      else if (start !== undefined && ends.some((e) => rest.startsWith(e))) return soql.slice(start, i).trim();
    }
  }
  return start === undefined ? undefined : soql.slice(start).trim();
}

// Shapes from @jetstreamapp/soql-parser-js (kept loose on purpose: we validate as we go).
interface SelectItem {
  type: 'Field' | 'FieldRelationship' | 'FieldFunctionExpression' | 'FieldSubquery' | 'FieldTypeof';
  field?: string;
  rawValue?: string;
  functionName?: string;
  parameters?: unknown[];
  isAggregateFn?: boolean;
  alias?: string;
}
interface GroupByItem {
  field?: string;
  fn?: { functionName: string; parameters?: unknown[]; rawValue?: string };
}
interface OrderByItem {
  field?: string;
  fn?: { functionName: string; parameters?: unknown[]; rawValue?: string };
  order?: 'ASC' | 'DESC';
  nulls?: 'FIRST' | 'LAST';
}
interface ParsedQuery {
  fields?: SelectItem[];
  sObject?: string;
  where?: unknown;
  groupBy?: GroupByItem | GroupByItem[];
  having?: unknown;
  orderBy?: OrderByItem | OrderByItem[];
  limit?: number;
  offset?: number;
}

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

function parse(soql: string): ParsedQuery {
  try {
    return parseQuery(soql) as ParsedQuery;
  } catch (err) {
    throw malformedQuery(`${soql}\nERROR: ${(err as Error).message.split('\n')[0]}`);
  }
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const fnKey = (name: string, params: unknown[] | undefined) =>
  `${name.toUpperCase()}(${asArray(params)
    .map((p) => String(p).toLowerCase())
    .join(',')})`;

export function runSoql(soql: string, ctx: QueryContext): QueryResult {
  if (soql.length > MAX_SOQL_LENGTH) throw malformedQuery(`SOQL statements cannot be longer than ${MAX_SOQL_LENGTH} characters`);
  const where = topLevelClause(soql, 'WHERE');
  if (where && where.length > MAX_WHERE_LENGTH)
    throw malformedQuery(`The WHERE clause is ${where.length} characters long; it cannot be longer than ${MAX_WHERE_LENGTH} characters`);
  const query = parse(soql);
  const object = ctx.schema.object(query.sObject ?? '');
  if (!object) throw invalidType(query.sObject ?? '');
  if (query.having) throw malformedQuery('HAVING is not supported by the demo LMO');
  const fields = expandFieldsFunction(query.fields ?? [], object, query.limit);
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
    return { kind: 'aggregate', rows: aggregate({ ...query, fields }, object, predicate, groupBy, ctx) };
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

function sortRows<T>(rows: T[], keys: { read: (r: T) => unknown; order?: 'ASC' | 'DESC'; nulls?: 'FIRST' | 'LAST'; caseSensitive?: boolean }[]): T[] {
  if (!keys.length) return rows;
  const decorated = rows.map((row) => ({ row, values: keys.map((k) => k.read(row)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const va = a.values[i];
      const vb = b.values[i];
      const desc = keys[i].order?.toUpperCase() === 'DESC';
      // Salesforce sorts nulls first unless told otherwise.
      const nullsFirst = (keys[i].nulls?.toUpperCase() ?? 'FIRST') === 'FIRST';
      if (va === null || va === undefined || vb === null || vb === undefined) {
        if ((va ?? null) === (vb ?? null)) continue;
        return (va === null || va === undefined) === nullsFirst ? -1 : 1;
      }
      const cmp = compareValues(va, vb, keys[i].caseSensitive);
      if (cmp !== 0) return desc ? -cmp : cmp;
    }
    return 0;
  });
  return decorated.map((d) => d.row);
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

type Accumulator = { add(value: unknown): void; result(): unknown };

function accumulator(fn: string): Accumulator {
  switch (fn) {
    case 'COUNT': {
      let n = 0;
      return {
        add: (v) => {
          if (v !== null && v !== undefined) n++;
        },
        result: () => n,
      };
    }
    case 'COUNT_DISTINCT': {
      const seen = new Set<unknown>();
      return {
        add: (v) => {
          if (v !== null && v !== undefined) seen.add(typeof v === 'string' ? v.toLowerCase() : v);
        },
        result: () => seen.size,
      };
    }
    case 'SUM': {
      let s: number | null = null;
      return {
        add: (v) => {
          if (typeof v === 'number') s = (s ?? 0) + v;
        },
        result: () => s,
      };
    }
    case 'AVG': {
      let s = 0;
      let n = 0;
      return {
        add: (v) => {
          if (typeof v === 'number') {
            s += v;
            n++;
          }
        },
        result: () => (n ? s / n : null),
      };
    }
    case 'MIN': {
      let m: unknown = null;
      return {
        add: (v) => {
          if (v !== null && v !== undefined && (m === null || compareValues(v, m) < 0)) m = v;
        },
        result: () => m,
      };
    }
    case 'MAX': {
      let m: unknown = null;
      return {
        add: (v) => {
          if (v !== null && v !== undefined && (m === null || compareValues(v, m) > 0)) m = v;
        },
        result: () => m,
      };
    }
  }
  throw malformedQuery(`Unknown aggregate function ${fn}`);
}

interface AggregateSpec {
  key: string;
  fn: string;
  read: (r: DemoRecord) => unknown;
}

/** Grouping sets of GROUP BY ROLLUP(a, b) → (a, b), (a), () and CUBE(a, b) → every subset. */
function groupingSets(kind: 'PLAIN' | 'ROLLUP' | 'CUBE', dims: number): number[][] {
  const all = Array.from({ length: dims }, (_, i) => i);
  if (kind === 'PLAIN') return [all];
  if (kind === 'ROLLUP') return Array.from({ length: dims + 1 }, (_, k) => all.slice(0, dims - k));
  const sets: number[][] = [];
  for (let mask = (1 << dims) - 1; mask >= 0; mask--) sets.push(all.filter((i) => mask & (1 << (dims - 1 - i))));
  return sets;
}

function aggregate(query: ParsedQuery, object: ObjectDef, where: Predicate, groupBy: GroupByItem[], ctx: QueryContext): object[] {
  // GROUP BY ROLLUP(…) / CUBE(…) name their fields as parameters of one function.
  const wrapper =
    groupBy.length === 1 && groupBy[0].fn && ['ROLLUP', 'CUBE'].includes(groupBy[0].fn.functionName.toUpperCase())
      ? (groupBy[0].fn.functionName.toUpperCase() as 'ROLLUP' | 'CUBE')
      : undefined;
  const items: GroupByItem[] = wrapper ? asArray(groupBy[0].fn?.parameters).map((p) => ({ field: String(p) })) : groupBy;
  if (wrapper && (items.length < 1 || items.length > 3)) throw malformedQuery(`${wrapper} takes one to three fields`);
  // Group keys.
  const groups = items.map((g) => {
    if (g.fn) {
      const param = String(asArray(g.fn.parameters)[0] ?? '');
      const path = resolveFieldPath(ctx.schema, object, param);
      const extract = dateFunction(g.fn.functionName.toUpperCase());
      return {
        id: fnKey(g.fn.functionName, g.fn.parameters),
        name: undefined as string | undefined,
        read: (r: DemoRecord) => extract(path.read(r, ctx.lookup)),
      };
    }
    const path = resolveFieldPath(ctx.schema, object, g.field ?? '');
    if (path.field.groupable === false) throw invalidField(`field '${path.field.name}' can not be grouped in a query call`);
    return { id: path.canonical.toLowerCase(), name: path.field.name, read: (r: DemoRecord) => path.read(r, ctx.lookup) };
  });
  const sets = groupingSets(wrapper ?? 'PLAIN', groups.length);

  // Output columns.
  let exprIndex = 0;
  const aggregates: AggregateSpec[] = [];
  const columns: { key: string; group?: number; aggregate?: number; grouping?: number }[] = [];
  const aggregateByFn = new Map<string, number>();
  const aggregateSpec = (fn: string, params: unknown[] | undefined, key: string): number => {
    const param = asArray(params)[0];
    if (param === undefined) throw malformedQuery(`${fn}() needs a field`);
    const path = resolveFieldPath(ctx.schema, object, String(param));
    if ((fn === 'SUM' || fn === 'AVG') && path.field.type !== 'double' && path.field.type !== 'int') {
      throw invalidField(`field ${path.field.name} does not support aggregate operator ${fn}`);
    }
    aggregates.push({ key, fn, read: (r) => path.read(r, ctx.lookup) });
    return aggregates.length - 1;
  };
  for (const item of query.fields ?? []) {
    if (item.type === 'FieldFunctionExpression') {
      const fn = (item.functionName ?? '').toUpperCase();
      const key = item.alias ?? `expr${exprIndex++}`;
      if (fn === 'GROUPING') {
        if (!wrapper) throw malformedQuery('GROUPING() needs GROUP BY ROLLUP or CUBE');
        const dim = groups.findIndex((g) => g.id === resolveFieldPath(ctx.schema, object, String(asArray(item.parameters)[0] ?? '')).canonical.toLowerCase());
        if (dim < 0) throw malformedQuery(`GROUPING() names a field that is not grouped: ${item.rawValue ?? ''}`);
        columns.push({ key, grouping: dim });
      } else if (AGGREGATES.has(fn)) {
        const index = aggregateSpec(fn, item.parameters, key);
        aggregateByFn.set(fnKey(fn, item.parameters), index);
        columns.push({ key, aggregate: index });
      } else {
        const group = groups.findIndex((g) => g.id === fnKey(fn, item.parameters));
        if (group < 0) throw malformedQuery(`Field must be grouped or aggregated: ${item.rawValue ?? fn}`);
        columns.push({ key, group });
      }
    } else {
      const path = resolveFieldPath(ctx.schema, object, item.rawValue ?? item.field ?? '');
      const group = groups.findIndex((g) => g.id === path.canonical.toLowerCase());
      if (group < 0) throw malformedQuery(`Field must be grouped or aggregated: ${path.field.name}`);
      columns.push({ key: item.alias ?? path.field.name, group });
    }
  }
  // ORDER BY may name aggregates that are not selected.
  const orderBy = asArray(query.orderBy).map((o) => {
    if (o.fn && AGGREGATES.has(o.fn.functionName.toUpperCase())) {
      const fn = o.fn.functionName.toUpperCase();
      const index = aggregateByFn.get(fnKey(fn, o.fn.parameters)) ?? aggregateSpec(fn, o.fn.parameters, `__order${aggregates.length}`);
      return { kind: 'aggregate' as const, index, order: o.order, nulls: o.nulls };
    }
    const id = o.fn ? fnKey(o.fn.functionName, o.fn.parameters) : resolveFieldPath(ctx.schema, object, o.field ?? '').canonical.toLowerCase();
    let group = groups.findIndex((g) => g.id === id);
    if (group < 0 && o.field) {
      // An alias of a selected aggregate.
      const column = columns.find((c) => c.key.toLowerCase() === o.field?.toLowerCase());
      if (column?.aggregate !== undefined) return { kind: 'aggregate' as const, index: column.aggregate, order: o.order, nulls: o.nulls };
      if (column?.group !== undefined) group = column.group;
    }
    if (group < 0) throw malformedQuery(`Ordered field must be grouped or aggregated: ${o.field ?? o.fn?.functionName}`);
    return { kind: 'group' as const, index: group, order: o.order, nulls: o.nulls };
  });

  const lowered = new Map<string, string>();
  const lower = (v: string) => {
    let l = lowered.get(v);
    if (l === undefined) lowered.set(v, (l = v.toLowerCase()));
    return l;
  };
  // Accumulate, once per grouping set (a record lands in a detail row and in each subtotal).
  const buckets = new Map<string, { values: unknown[]; rolled: boolean[]; accs: Accumulator[] }>();
  for (const record of filter(object, where, ctx)) {
    const values = groups.map((g) => g.read(record));
    sets.forEach((set, setIndex) => {
      const kept = values.map((v, i) => (set.includes(i) ? v : null));
      let key = String(setIndex);
      for (const v of kept) key += `\u0000${typeof v === 'string' ? `s${lower(v)}` : String(v)}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { values: kept, rolled: values.map((_, i) => !set.includes(i)), accs: aggregates.map((a) => accumulator(a.fn)) };
        buckets.set(key, bucket);
      }
      for (let i = 0; i < aggregates.length; i++) bucket.accs[i].add(aggregates[i].read(record));
    });
  }
  // With no GROUP BY an aggregate query always returns one row, even over no records.
  if (!groups.length && buckets.size === 0) buckets.set('[]', { values: [], rolled: [], accs: aggregates.map((a) => accumulator(a.fn)) });

  let rows = [...buckets.values()].map((b) => ({ values: b.values, rolled: b.rolled, results: b.accs.map((a) => a.result()) }));
  rows = sortRows(
    rows,
    orderBy.map((o) => ({
      read: (row: { values: unknown[]; rolled: boolean[]; results: unknown[] }) => (o.kind === 'group' ? row.values[o.index] : row.results[o.index]),
      order: o.order,
      nulls: o.nulls,
    })),
  );
  rows = rows.slice(query.offset ?? 0, query.limit !== undefined ? (query.offset ?? 0) + query.limit : undefined);
  if (rows.length > (ctx.aggregateRowLimit ?? AGGREGATE_ROW_LIMIT)) {
    // Salesforce's own code and message for it (docs/salesforce/soql-and-composite.md).
    throw new ApiError(400, 'EXCEEDED_ID_LIMIT', 'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch');
  }
  return rows.map((row) => {
    const out: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
    for (const c of columns) {
      if (c.grouping !== undefined) out[c.key] = row.rolled[c.grouping] ? 1 : 0;
      else out[c.key] = c.group !== undefined ? (row.values[c.group] ?? null) : (row.results[c.aggregate as number] ?? null);
    }
    return out;
  });
}
