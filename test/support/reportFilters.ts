/**
 * A test-side reading of a generated report's filter, as docs/salesforce/lmo-dashboard.md describes
 * Salesforce's report filters: `equals` with a comma-separated list is "any of", an empty value is
 * "blank", relative dates are SOQL's date literals (TODAY; NEXT_N_DAYS:n = the n days after today;
 * LAST_N_DAYS:n = n days back to today), and a comparison against a range uses its start (>=, <) or
 * its end (<=, >). Written from that page, not from the generator, so the two can disagree.
 */
import { type CalendarDate, addDays } from '../../src/core/calendarDate';
import { type XmlElement, all, textOf } from './xmlTree';

/** A License row as the LMO stores it. */
export interface RawLicense {
  readonly status: string;
  readonly seats: number | null;
  readonly expiration: string | null;
  readonly isSandbox: boolean;
  readonly orgId: string;
  /** A calendar date is enough here: the filters compare days. */
  readonly lastModified: string;
}

function fieldValue(row: RawLicense, column: string): string | number | boolean | null {
  switch (column) {
    case 'sfLma__License__c.sfLma__Status__c':
      return row.status;
    case 'sfLma__License__c.sfLma__Seats__c':
      return row.seats;
    case 'sfLma__License__c.sfLma__Expiration__c':
      return row.expiration;
    case 'sfLma__License__c.sfLma__Subscriber_Org_Is_Sandbox__c':
      return row.isSandbox;
    case 'CUST_LAST_UPDATE':
      return row.lastModified;
    default:
      throw new Error(`The test does not know the column ${column}`);
  }
}

/** A date value as the range [from, to] it stands for. */
function dateRange(value: string, today: CalendarDate): [string, string] {
  if (value === 'TODAY') return [today, today];
  const next = /^NEXT_N_DAYS:(\d+)$/.exec(value);
  if (next) return [addDays(today, 1), addDays(today, Number(next[1]))];
  const last = /^LAST_N_DAYS:(\d+)$/.exec(value);
  if (last) return [addDays(today, -Number(last[1])), today];
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return [value, value];
  throw new Error(`The test does not know the date value ${value}`);
}

function matches(row: RawLicense, item: XmlElement, today: CalendarDate): boolean {
  const column = textOf(item, 'column');
  const operator = textOf(item, 'operator');
  const value = textOf(item, 'value');
  const actual = fieldValue(row, column);
  if (value === '') {
    if (operator !== 'equals') throw new Error('blank only with equals');
    return actual === null || actual === '';
  }
  if (actual === null) return false;
  if (typeof actual === 'boolean') return operator === 'equals' && actual === (value === '1');
  if (typeof actual === 'number') {
    const n = Number(value);
    return (
      { equals: actual === n, lessThan: actual < n, greaterOrEqual: actual >= n, greaterThan: actual > n, lessOrEqual: actual <= n }[operator] ?? fail(operator)
    );
  }
  if (column.endsWith('Expiration__c') || column === 'CUST_LAST_UPDATE') {
    const [from, to] = dateRange(value, today);
    const d = actual.slice(0, 10);
    return (
      { equals: d >= from && d <= to, greaterOrEqual: d >= from, lessThan: d < from, lessOrEqual: d <= to, greaterThan: d > to }[operator] ?? fail(operator)
    );
  }
  if (operator === 'equals') return value.split(',').includes(actual);
  return fail(operator);
}

function fail(operator: string): never {
  throw new Error(`The test does not know the operator ${operator}`);
}

/** Evaluates "1 AND (2 OR 3) AND 4" over the criteria's results. */
function logic(expression: string, results: readonly boolean[]): boolean {
  const tokens = expression.match(/\d+|AND|OR|\(|\)/g) ?? [];
  let i = 0;
  const term = (): boolean => {
    const t = tokens[i++];
    if (t === '(') {
      const v = or();
      if (tokens[i++] !== ')') throw new Error('unbalanced');
      return v;
    }
    return results[Number(t) - 1];
  };
  const and = (): boolean => {
    let v = term();
    while (tokens[i] === 'AND') {
      i++;
      v = term() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === 'OR') {
      i++;
      v = and() || v;
    }
    return v;
  };
  const v = or();
  if (i !== tokens.length) throw new Error(`could not read ${expression}`);
  return v;
}

/** The rows a report's filter keeps. */
export function filterRows(report: XmlElement, rows: readonly RawLicense[], today: CalendarDate): RawLicense[] {
  const filter = all(report, 'filter')[0];
  const items = all(filter, 'criteriaItems');
  const expression = all(filter, 'booleanFilter')[0]?.text ?? items.map((_, i) => String(i + 1)).join(' AND ');
  return rows.filter((row) =>
    logic(
      expression,
      items.map((item) => matches(row, item, today)),
    ),
  );
}
