import { ApiError } from '../apiError';
import { type DemoRecord } from '../schema';
import { queryColumns } from '../soql/columns';
import { type QueryContext, runSoql } from '../soql/engine';
import { type ApiRequest, type ApiResponse, ok } from './types';

export const DEFAULT_BATCH_SIZE = 2000;
const MIN_BATCH_SIZE = 200;
const MAX_OPEN_CURSORS = 100;

interface Cursor {
  rows: DemoRecord[];
  project: (record: DemoRecord) => object;
  batchSize: number;
  tooling: boolean;
  entityTypeName: string;
}

/** `Sforce-Query-Options: batchSize=N`: 200…2000, default 2000. */
export function batchSizeOf(header: string | undefined): number {
  const m = /batchSize\s*=\s*(\d+)/i.exec(header ?? '');
  if (!m) return DEFAULT_BATCH_SIZE;
  return Math.min(DEFAULT_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(m[1])));
}

/** Query, queryAll and Tooling query, with query locators for `nextRecordsUrl` paging. */
export class QueryRoutes {
  private readonly cursors = new Map<string, Cursor>();
  private serial = 0;

  constructor(private readonly context: (req: ApiRequest, options: { tooling: boolean; includeDeleted: boolean }) => QueryContext) {}

  /** GET …/query?q=, …/queryAll?q=, …/tooling/query?q= and their /<locator> forms; `&columns=true` answers the column metadata. */
  handle(req: ApiRequest, tooling: boolean, resource: string, locator: string | undefined): ApiResponse {
    if (req.method !== 'GET') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are GET`);
    if (locator) return this.more(req, locator, resource);
    const soql = req.params.get('q');
    if (!soql) throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    const ctx = this.context(req, { tooling, includeDeleted: resource === 'queryAll' });
    const result = runSoql(soql, ctx);
    // Validated (and run) like the query itself, so a bad query fails here with the same error.
    if (req.params.get('columns') === 'true') return ok(queryColumns(soql, ctx.schema));
    if (result.kind === 'count') return ok(this.page(tooling, { totalSize: result.totalSize, records: [], entity: '' }));
    if (result.kind === 'aggregate') return ok(this.page(tooling, { totalSize: result.rows.length, records: result.rows, entity: 'AggregateResult' }));
    const entity = /from\s+(\w+)/i.exec(soql)?.[1] ?? '';
    const cursor: Cursor = {
      rows: result.rows,
      project: result.project,
      batchSize: batchSizeOf(req.headers['sforce-query-options']),
      tooling,
      entityTypeName: entity,
    };
    return ok(this.pageFrom(req, resource, this.open(cursor), cursor, 0));
  }

  /** A single, complete page (COUNT() and aggregate results never page). */
  private page(tooling: boolean, p: { totalSize: number; records: object[]; entity: string }): object {
    const base = { totalSize: p.totalSize, done: true, records: p.records };
    return tooling ? { size: p.totalSize, ...base, queryLocator: null, entityTypeName: p.entity || null } : base;
  }

  private open(cursor: Cursor): string {
    const id = `01g5g00000${String(++this.serial).padStart(5, '0')}`;
    this.cursors.set(id, cursor);
    if (this.cursors.size > MAX_OPEN_CURSORS) this.cursors.delete(this.cursors.keys().next().value as string);
    return id;
  }

  private more(req: ApiRequest, locator: string, resource: string): ApiResponse {
    const m = /^(01g\w+)-(\d+)$/.exec(locator);
    const cursor = m ? this.cursors.get(m[1]) : undefined;
    if (!m || !cursor) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return ok(this.pageFrom(req, resource, m[1], cursor, Number(m[2])));
  }

  private pageFrom(req: ApiRequest, resource: string, id: string, cursor: Cursor, offset: number): object {
    const end = Math.min(cursor.rows.length, offset + cursor.batchSize);
    const records = cursor.rows.slice(offset, end).map(cursor.project);
    const done = end >= cursor.rows.length;
    if (done) this.cursors.delete(id);
    const prefix = `/services/data/v${req.version}/${cursor.tooling ? 'tooling/' : ''}${resource}`;
    const nextRecordsUrl = done ? undefined : `${prefix}/${id}-${end}`;
    const body = { totalSize: cursor.rows.length, done, ...(nextRecordsUrl ? { nextRecordsUrl } : {}), records };
    return cursor.tooling ? { size: cursor.rows.length, ...body, queryLocator: done ? null : `${id}-${end}`, entityTypeName: cursor.entityTypeName } : body;
  }
}
