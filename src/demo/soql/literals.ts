import { type CalendarDate, addDays, addMonths } from '../../core/calendarDate';
import { type FieldDef } from '../schema';
import { invalidField, malformedQuery } from '../apiError';

/** A compared value: a scalar, or an inclusive day range for date literals such as LAST_N_DAYS:30. */
export type Operand = { kind: 'scalar'; value: string | number | boolean | null } | { kind: 'range'; from: CalendarDate; to: CalendarDate };

export interface LiteralCondition {
  literalType?: string;
  value?: string | string[];
  dateLiteralVariable?: number;
}

/** Undo SOQL string escapes: \' \" \\ \n \r \t \b \f \uXXXX. LIKE wildcards keep their backslash. */
export function unquoteSoqlString(raw: string, keepLikeEscapes = false): string {
  const body = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    if (n === undefined) throw malformedQuery('Invalid string literal: trailing backslash');
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u':
        out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
        i += 4;
        break;
      case '%':
      case '_':
        out += keepLikeEscapes ? `\\${n}` : n;
        break;
      case "'":
      case '"':
      case '\\':
        out += keepLikeEscapes && n === '\\' ? '\\\\' : n;
        break;
      default:
        throw malformedQuery(`Invalid string literal escape: \\${n}`);
    }
  }
  return out;
}

/** Calendar-week starts on Sunday, as in the en_US locale. */
function weekStart(today: CalendarDate): CalendarDate {
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay();
  return addDays(today, -dow);
}

function monthEnd(firstOfMonth: CalendarDate): CalendarDate {
  return addDays(addMonths(firstOfMonth, 1), -1);
}

function yearStart(today: CalendarDate, offset: number): CalendarDate {
  return `${Number(today.slice(0, 4)) + offset}-01-01` as CalendarDate;
}

/** Inclusive day range of a SOQL date literal relative to `today`. */
export function dateLiteralRange(literal: string, n: number | undefined, today: CalendarDate): { from: CalendarDate; to: CalendarDate } {
  const name = literal.split(':')[0].toUpperCase();
  const thisMonth = addMonths(today, 0);
  const k = n ?? 0;
  switch (name) {
    case 'TODAY':
      return { from: today, to: today };
    case 'YESTERDAY':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case 'TOMORROW':
      return { from: addDays(today, 1), to: addDays(today, 1) };
    case 'THIS_WEEK':
      return { from: weekStart(today), to: addDays(weekStart(today), 6) };
    case 'LAST_WEEK':
      return { from: addDays(weekStart(today), -7), to: addDays(weekStart(today), -1) };
    case 'NEXT_WEEK':
      return { from: addDays(weekStart(today), 7), to: addDays(weekStart(today), 13) };
    case 'THIS_MONTH':
      return { from: thisMonth, to: monthEnd(thisMonth) };
    case 'LAST_MONTH':
      return { from: addMonths(today, -1), to: addDays(thisMonth, -1) };
    case 'NEXT_MONTH':
      return { from: addMonths(today, 1), to: monthEnd(addMonths(today, 1)) };
    case 'THIS_YEAR':
      return { from: yearStart(today, 0), to: addDays(yearStart(today, 1), -1) };
    case 'LAST_YEAR':
      return { from: yearStart(today, -1), to: addDays(yearStart(today, 0), -1) };
    case 'NEXT_YEAR':
      return { from: yearStart(today, 1), to: addDays(yearStart(today, 2), -1) };
    case 'LAST_90_DAYS':
      return { from: addDays(today, -90), to: today };
    case 'NEXT_90_DAYS':
      return { from: addDays(today, 1), to: addDays(today, 90) };
    // LAST_N_DAYS:n includes today; NEXT_N_DAYS:n starts tomorrow (Salesforce's definitions).
    case 'LAST_N_DAYS':
      return { from: addDays(today, -k), to: today };
    case 'NEXT_N_DAYS':
      return { from: addDays(today, 1), to: addDays(today, k) };
    case 'N_DAYS_AGO':
      return { from: addDays(today, -k), to: addDays(today, -k) };
    case 'LAST_N_MONTHS':
      return { from: addMonths(today, -k), to: addDays(thisMonth, -1) };
    case 'NEXT_N_MONTHS':
      return { from: addMonths(today, 1), to: monthEnd(addMonths(today, k)) };
    case 'LAST_N_YEARS':
      return { from: yearStart(today, -k), to: addDays(yearStart(today, 0), -1) };
    case 'NEXT_N_YEARS':
      return { from: yearStart(today, 1), to: addDays(yearStart(today, k + 1), -1) };
    default:
      throw malformedQuery(`unexpected token: '${literal}'`);
  }
}

const TYPE_NAMES: Record<string, string> = {
  boolean: 'boolean',
  int: 'integer',
  double: 'double',
  date: 'date',
  datetime: 'dateTime',
};

function wrongType(field: FieldDef): Error {
  const typeName = TYPE_NAMES[field.type] ?? 'string';
  const quotes = field.type === 'boolean' || field.type === 'int' || field.type === 'double' || field.type === 'date' || field.type === 'datetime';
  return invalidField(
    `value of filter criterion for field '${field.name}' must be of type ${typeName}${quotes ? ' and should not be enclosed in quotes' : ''}`,
  );
}

/** Converts one literal to an operand of the field's type, or fails the way Salesforce does. */
export function toOperand(
  field: FieldDef,
  literalType: string | undefined,
  raw: string,
  nValue: number | undefined,
  today: CalendarDate,
  forLike = false,
): Operand {
  const type = (literalType ?? '').toUpperCase();
  if (type === 'NULL') return { kind: 'scalar', value: null };
  switch (field.type) {
    case 'boolean':
      if (type !== 'BOOLEAN') throw wrongType(field);
      return { kind: 'scalar', value: raw.toUpperCase() === 'TRUE' };
    case 'int':
    case 'double':
      if (type !== 'INTEGER' && type !== 'DECIMAL' && type !== 'DECIMAL_WITH_EXPONENT' && type !== 'INTEGER_WITH_EXPONENT') throw wrongType(field);
      return { kind: 'scalar', value: Number(raw) };
    case 'date':
      if (type === 'DATE') return { kind: 'scalar', value: raw };
      if (type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL') return { kind: 'range', ...dateLiteralRange(raw, nValue, today) };
      throw wrongType(field);
    case 'datetime':
      if (type === 'DATETIME') return { kind: 'scalar', value: Date.parse(raw) };
      if (type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL') return { kind: 'range', ...dateLiteralRange(raw, nValue, today) };
      throw wrongType(field);
    default:
      if (type !== 'STRING') throw wrongType(field);
      return { kind: 'scalar', value: unquoteSoqlString(raw, forLike) };
  }
}
