/**
 * Report filters as the demo runs them (docs/salesforce/lmo-dashboard.md, "Verify: the Analytics
 * REST API"): a criterion is a column, an operator of the Metadata API's FilterOperation and a
 * value; a comma-separated value is "any of"; an empty value means blank; text compares without
 * regard to case; dates take SOQL's date literals as ranges (`=` within, `<`/`>=` against the
 * start, `>`/`<=` against the end). What Salesforce would not take is refused with the reason.
 */
import { type CalendarDate, addDays, addMonths } from '../../core/calendarDate';
import { type RecordLookup } from '../schema';
import { type ReportColumn, type ReportRow } from './reportTypes';

export class ReportDefinitionError extends Error {}

export const OPERATORS = [
  'equals',
  'notEqual',
  'lessThan',
  'greaterThan',
  'lessOrEqual',
  'greaterOrEqual',
  'contains',
  'notContain',
  'startsWith',
  'includes',
  'excludes',
  'within',
] as const;
export type Operator = (typeof OPERATORS)[number];

const COMPARISONS: readonly Operator[] = ['lessThan', 'greaterThan', 'lessOrEqual', 'greaterOrEqual'];
const TEXT_OPERATORS: readonly Operator[] = ['contains', 'notContain', 'startsWith'];

export type RowTest = (row: ReportRow, lookup: RecordLookup, today: CalendarDate) => boolean;

/** Lower case for Salesforce's case-insensitive text comparison. */
export const fold = (s: string): string => s.toLocaleLowerCase('en-US');

/** A date filter value as the day range it stands for, given today. */
type DateRange = (today: CalendarDate) => readonly [string, string];

const monthStart = (d: CalendarDate) => `${d.slice(0, 7)}-01` as CalendarDate;
const monthRange = (d: CalendarDate, months: number): [string, string] => {
  const start = addMonths(monthStart(d), months);
  return [start, addDays(addMonths(start, 1), -1)];
};

/** SOQL's date literals the demo knows (Date Formats and Date Literals), or a yyyy-MM-dd date. */
export function dateValue(value: string, column: string): DateRange {
  const v = value.trim().toUpperCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    if (Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v)
      throw new ReportDefinitionError(`The date ${JSON.stringify(value)} for column ${column} is not a valid date.`);
    return () => [v, v];
  }
  const fixed: Record<string, DateRange> = {
    TODAY: (t) => [t, t],
    YESTERDAY: (t) => [addDays(t, -1), addDays(t, -1)],
    TOMORROW: (t) => [addDays(t, 1), addDays(t, 1)],
    THIS_MONTH: (t) => monthRange(t, 0),
    LAST_MONTH: (t) => monthRange(t, -1),
    NEXT_MONTH: (t) => monthRange(t, 1),
  };
  if (fixed[v]) return fixed[v];
  const n = /^(LAST|NEXT)_N_DAYS:(\d{1,4})$/.exec(v);
  if (n) {
    const days = Number(n[2]);
    return n[1] === 'LAST' ? (t) => [addDays(t, -days), t] : (t) => [addDays(t, 1), addDays(t, days)];
  }
  throw new ReportDefinitionError(`${JSON.stringify(value)} is not a date or relative date value the column ${column} can be filtered by.`);
}

/** The day of a date or date-time value (date-times in the demo's zone, UTC). */
const dayOf = (v: unknown): string | null => (typeof v === 'string' && v.length >= 10 ? v.slice(0, 10) : null);

/** What a text comparison reads: a lookup's name, else the value as text. */
export function textOf(column: ReportColumn, row: ReportRow, lookup: RecordLookup): string | null {
  if (column.text) return column.text(row, lookup);
  const v = column.value(row, lookup);
  return v === null || v === undefined || v === '' ? null : String(v);
}

function refuse(column: ReportColumn, operator: Operator, why: string): never {
  throw new ReportDefinitionError(`The filter on ${column.name} (${column.label}) with operator ${operator} is not valid: ${why}`);
}

/** One criterion as a test of a row; refuses what the column's type does not take. */
export function compileCriterion(column: ReportColumn, operator: string, value: string): RowTest {
  if (!(OPERATORS as readonly string[]).includes(operator))
    throw new ReportDefinitionError(`${JSON.stringify(operator)} is not a filter operator (one of ${OPERATORS.join(', ')}).`);
  const op = operator as Operator;
  if (op === 'includes' || op === 'excludes') refuse(column, op, 'includes and excludes are for multi-select picklists.');
  if (op === 'within') refuse(column, op, 'within is for geolocation fields.');
  const list = op === 'equals' || op === 'notEqual' || TEXT_OPERATORS.includes(op);
  const values = list ? value.split(',').map((v) => v.trim()) : [value.trim()];
  const negate = op === 'notEqual' || op === 'notContain';
  if (value.trim() === '') {
    if (op !== 'equals' && op !== 'notEqual') refuse(column, op, 'an empty value means "blank", which only equals and not equal to take.');
    return (row, lookup) => {
      const v = column.value(row, lookup);
      return (v === null || v === undefined || v === '') !== negate;
    };
  }
  const anyOf = (test: (v: unknown, row: ReportRow, lookup: RecordLookup, today: CalendarDate) => boolean): RowTest => {
    return (row, lookup, today) => {
      const v = column.value(row, lookup);
      if (v === null || v === undefined || v === '') return negate;
      return test(v, row, lookup, today) !== negate;
    };
  };
  switch (column.type) {
    case 'boolean': {
      if (op !== 'equals' && op !== 'notEqual') refuse(column, op, 'a checkbox takes only equals and not equal to.');
      const wanted = values.map((v) => {
        const f = fold(v);
        if (f === '1' || f === 'true') return true;
        if (f === '0' || f === 'false') return false;
        return refuse(column, op, `${JSON.stringify(v)} is not a checkbox value (0, 1, true, false).`);
      });
      return anyOf((v) => wanted.includes(v === true));
    }
    case 'double': {
      if (TEXT_OPERATORS.includes(op)) refuse(column, op, 'a number column takes no text operator.');
      const nums = values.map((v) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : refuse(column, op, `${JSON.stringify(v)} is not a number.`)));
      return anyOf((v) => nums.some((n) => compareNumbers(op, Number(v), n)));
    }
    case 'date':
    case 'datetime': {
      if (TEXT_OPERATORS.includes(op)) refuse(column, op, 'a date column takes no text operator.');
      const ranges = values.map((v) => dateValue(v, column.name));
      return anyOf((v, _row, _lookup, today) => {
        const day = dayOf(v);
        return day !== null && ranges.some((r) => inRange(op, day, r(today)));
      });
    }
    default: {
      const wanted = values.map(fold);
      return (row, lookup) => {
        const t = textOf(column, row, lookup);
        if (t === null) return negate;
        const f = fold(t);
        return wanted.some((w) => compareText(op, f, w)) !== negate;
      };
    }
  }
}

function compareNumbers(op: Operator, a: number, b: number): boolean {
  switch (op) {
    case 'lessThan':
      return a < b;
    case 'greaterThan':
      return a > b;
    case 'lessOrEqual':
      return a <= b;
    case 'greaterOrEqual':
      return a >= b;
    default:
      return a === b;
  }
}

function inRange(op: Operator, day: string, [from, to]: readonly [string, string]): boolean {
  switch (op) {
    case 'lessThan':
      return day < from;
    case 'greaterThan':
      return day > to;
    case 'lessOrEqual':
      return day <= to;
    case 'greaterOrEqual':
      return day >= from;
    default:
      return day >= from && day <= to;
  }
}

function compareText(op: Operator, a: string, b: string): boolean {
  if (op === 'contains' || op === 'notContain') return a.includes(b);
  if (op === 'startsWith') return a.startsWith(b);
  if (COMPARISONS.includes(op)) return compareNumbers(op, a < b ? -1 : a > b ? 1 : 0, 0);
  return a === b;
}

/**
 * Filter logic (`booleanFilter`): numbers 1..n joined by AND, OR, NOT and parentheses. As in
 * Salesforce, AND and OR may not follow each other without parentheses, and every criterion
 * must be named.
 */
export function compileBooleanFilter(text: string, count: number): (results: readonly boolean[]) => boolean {
  const tokens = text.match(/\d+|\(|\)|[A-Za-z]+|\S/g) ?? [];
  let i = 0;
  const used = new Set<number>();
  const fail = (why: string): never => {
    throw new ReportDefinitionError(`The filter logic ${JSON.stringify(text)} is not valid: ${why}`);
  };
  type Node = (r: readonly boolean[]) => boolean;
  const factor = (): Node => {
    const t = tokens[i++];
    if (t === undefined) return fail('it ends too soon.');
    if (/^not$/i.test(t)) {
      const inner = factor();
      return (r) => !inner(r);
    }
    if (t === '(') {
      const inner = expr();
      if (tokens[i++] !== ')') fail('a parenthesis is not closed.');
      return inner;
    }
    if (/^\d+$/.test(t)) {
      const n = Number(t);
      if (n < 1 || n > count) fail(`there is no filter ${n} (the report has ${count}).`);
      used.add(n);
      return (r) => r[n - 1];
    }
    return fail(`${JSON.stringify(t)} is not expected.`);
  };
  const expr = (): Node => {
    const parts = [factor()];
    let joiner: string | undefined;
    while (i < tokens.length && /^(and|or)$/i.test(tokens[i])) {
      const j = tokens[i++].toUpperCase();
      if (joiner && joiner !== j) fail('AND and OR need parentheses between them.');
      joiner = j;
      parts.push(factor());
    }
    return joiner === 'OR' ? (r) => parts.some((p) => p(r)) : (r) => parts.every((p) => p(r));
  };
  if (!tokens.length) fail('it is empty.');
  const root = expr();
  if (i < tokens.length) fail(`${JSON.stringify(tokens[i])} is not expected.`);
  for (let n = 1; n <= count; n++) if (!used.has(n)) fail(`filter ${n} is not in it.`);
  return root;
}
