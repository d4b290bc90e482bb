/** Aggregate queries: GROUP BY (also ROLLUP and CUBE), the aggregate functions, GROUPING(), and ordering by them. */
import { type DemoRecord, type ObjectDef } from '../schema';
import { ApiError, invalidField, malformedQuery } from '../apiError';
import { AGGREGATE_ROW_LIMIT, type QueryContext } from './queryContext';
import { resolveFieldPath } from './fieldPath';
import { AGGREGATES, type GroupByItem, type ParsedQuery, asArray, fnKey } from './parsedQuery';
import { sortRows } from './sortRows';
import { type Accumulator, accumulator } from './accumulators';
import { dateFunction } from './where';

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

/** The rows of an aggregate query; `matching` gives the records its WHERE clause keeps (read once every column is checked). */
export function aggregate(query: ParsedQuery, object: ObjectDef, matching: () => DemoRecord[], groupBy: GroupByItem[], ctx: QueryContext): object[] {
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
  for (const record of matching()) {
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
