/** A SOQL statement as the parser gives it: the shapes the engine reads, and the clause limits checked before parsing. */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { malformedQuery } from '../apiError';

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
export interface SelectItem {
  type: 'Field' | 'FieldRelationship' | 'FieldFunctionExpression' | 'FieldSubquery' | 'FieldTypeof';
  field?: string;
  rawValue?: string;
  functionName?: string;
  parameters?: unknown[];
  isAggregateFn?: boolean;
  alias?: string;
}
export interface GroupByItem {
  field?: string;
  fn?: { functionName: string; parameters?: unknown[]; rawValue?: string };
}
export interface OrderByItem {
  field?: string;
  fn?: { functionName: string; parameters?: unknown[]; rawValue?: string };
  order?: 'ASC' | 'DESC';
  nulls?: 'FIRST' | 'LAST';
}
export interface ParsedQuery {
  fields?: SelectItem[];
  sObject?: string;
  where?: unknown;
  groupBy?: GroupByItem | GroupByItem[];
  having?: unknown;
  orderBy?: OrderByItem | OrderByItem[];
  limit?: number;
  offset?: number;
}

export const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

export function parse(soql: string): ParsedQuery {
  try {
    return parseQuery(soql) as ParsedQuery;
  } catch (err) {
    throw malformedQuery(`${soql}\nERROR: ${(err as Error).message.split('\n')[0]}`);
  }
}

export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
export const fnKey = (name: string, params: unknown[] | undefined) =>
  `${name.toUpperCase()}(${asArray(params)
    .map((p) => String(p).toLowerCase())
    .join(',')})`;
