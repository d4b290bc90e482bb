import { type CalendarDate } from '../../core/calendarDate';
import { type DemoRecord, type ObjectDef, type RecordLookup, type Schema } from '../schema';
import { invalidField, malformedQuery } from '../apiError';
import { resolveFieldPath, type FieldPath } from './fieldPath';
import { type Operand, toOperand } from './literals';
import { compareValues, idEquals, toDay } from './values';

export type Predicate = (record: DemoRecord) => boolean;

/** Bounds on CreatedDate that every row the WHERE clause accepts lies within (inclusive, epoch ms). */
export interface CreatedDateRange {
  readonly fromMs?: number;
  readonly toMs?: number;
}

/** A compiled WHERE clause, with the CreatedDate bounds a table may use to skip rows (an index, as Salesforce has on CreatedDate). */
export type CompiledWhere = Predicate & { readonly createdDate?: CreatedDateRange };

/** Condition node as produced by @jetstreamapp/soql-parser-js. */
export interface ParsedCondition {
  field?: string;
  fn?: { functionName: string; parameters?: unknown[] };
  operator: string;
  literalType?: string | string[];
  value?: string | string[];
  dateLiteralVariable?: number | number[];
  valueQuery?: unknown;
  openParen?: number;
  closeParen?: number;
}

interface ParsedWhere {
  left: ParsedCondition | null;
  operator?: string;
  right?: ParsedWhere;
}

export type Token = { t: '(' } | { t: ')' } | { t: 'AND' } | { t: 'OR' } | { t: 'NOT' } | { t: 'cond'; c: ParsedCondition };

/** The parser returns a flat chain with paren counts; turn it into tokens to rebuild precedence. */
export function tokenize(where: unknown): Token[] {
  const tokens: Token[] = [];
  for (let node = where as ParsedWhere | undefined; node; node = node.right) {
    if (node.left === null && node.operator === 'NOT') {
      tokens.push({ t: 'NOT' });
      continue;
    }
    if (node.left) {
      for (let i = 0; i < (node.left.openParen ?? 0); i++) tokens.push({ t: '(' });
      tokens.push({ t: 'cond', c: node.left });
      for (let i = 0; i < (node.left.closeParen ?? 0); i++) tokens.push({ t: ')' });
    }
    if (node.operator === 'AND' || node.operator === 'OR') tokens.push({ t: node.operator });
  }
  return tokens;
}

export interface WhereContext {
  schema: Schema;
  object: ObjectDef;
  lookup: RecordLookup;
  today: CalendarDate;
  /** Runs a semi-join subquery (`left IN (SELECT …)`), returning the selected ids. */
  subquery: (query: unknown, left: FieldPath) => Set<string>;
}

export function compileWhere(where: unknown, ctx: WhereContext): CompiledWhere {
  // The clause is compiled first: what it refuses is refused before any bounds are read from it.
  const tokens = tokenize(where);
  if (tokens.length === 0) return () => true;
  return Object.assign(compileTokens(tokens, ctx), { createdDate: createdDateRange(tokens) });
}

/**
 * CreatedDate bounds implied by the clause, or undefined. Only a clause of conditions joined by AND
 * alone (no OR, no NOT) bounds every row it accepts; a bound is taken from a DATETIME literal
 * compared with =, >, >=, < or <= and kept inclusive. The predicate still decides every row.
 */
function createdDateRange(tokens: readonly Token[]): CreatedDateRange | undefined {
  // A condition without a field or function is how the parser carries a NOT inside parentheses: no bounds then either.
  if (tokens.some((t) => t.t === 'OR' || t.t === 'NOT' || (t.t === 'cond' && !t.c.field && !t.c.fn))) return undefined;
  let fromMs: number | undefined;
  let toMs: number | undefined;
  for (const token of tokens) {
    if (token.t !== 'cond') continue;
    const c = token.c;
    if (c.fn || c.field?.toLowerCase() !== 'createddate' || c.literalType !== 'DATETIME' || typeof c.value !== 'string') continue;
    // Read as the predicate reads the literal (literals.ts), so the bounds and the clause agree.
    const ms = Date.parse(c.value);
    if (!Number.isFinite(ms)) continue;
    if (c.operator === '>' || c.operator === '>=' || c.operator === '=') fromMs = Math.max(fromMs ?? ms, ms);
    if (c.operator === '<' || c.operator === '<=' || c.operator === '=') toMs = Math.min(toMs ?? ms, ms);
  }
  return fromMs === undefined && toMs === undefined ? undefined : { fromMs, toMs };
}

function compileTokens(tokens: readonly Token[], ctx: WhereContext): Predicate {
  let pos = 0;
  const peek = () => tokens[pos];

  const parseExpr = (): Predicate => {
    const terms = [parseTerm()];
    let op: 'AND' | 'OR' | undefined;
    while (peek() && (peek().t === 'AND' || peek().t === 'OR')) {
      const next = peek().t as 'AND' | 'OR';
      // SOQL refuses to mix AND and OR without parentheses.
      if (op && op !== next) throw malformedQuery(`unexpected token: '${next}'. Use parentheses when mixing AND and OR.`);
      op = next;
      pos++;
      terms.push(parseTerm());
    }
    if (terms.length === 1) return terms[0];
    return op === 'OR' ? (r) => terms.some((t) => t(r)) : (r) => terms.every((t) => t(r));
  };

  const parseTerm = (): Predicate => {
    const token = tokens[pos++];
    if (!token) throw malformedQuery('unexpected end of WHERE clause');
    if (token.t === 'NOT') {
      const inner = parseTerm();
      return (r) => !inner(r);
    }
    if (token.t === '(') {
      const inner = parseExpr();
      if (tokens[pos++]?.t !== ')') throw malformedQuery("missing ')' in WHERE clause");
      return inner;
    }
    if (token.t === 'cond') return compileCondition(token.c, ctx);
    throw malformedQuery(`unexpected token: '${token.t}'`);
  };

  const predicate = parseExpr();
  if (pos !== tokens.length) throw malformedQuery(`unexpected token: '${tokens[pos].t}'`);
  return predicate;
}

type Reader = { path: FieldPath; read: (r: DemoRecord) => unknown };

function conditionReader(c: ParsedCondition, ctx: WhereContext): Reader {
  if (c.fn) {
    const name = c.fn.functionName.toUpperCase();
    const param = String(c.fn.parameters?.[0] ?? '');
    const path = resolveFieldPath(ctx.schema, ctx.object, param);
    const extract = dateFunction(name);
    return { path: { ...path, field: { ...path.field, name: name, type: 'int' } }, read: (r) => extract(path.read(r, ctx.lookup)) };
  }
  if (!c.field) throw malformedQuery('condition without a field');
  const path = resolveFieldPath(ctx.schema, ctx.object, c.field);
  return { path, read: (r) => path.read(r, ctx.lookup) };
}

export function dateFunction(name: string): (value: unknown) => number | null {
  const part = (value: unknown, from: number, to: number) => {
    const day = toDay(value);
    return day ? Number(day.slice(from, to)) : null;
  };
  switch (name) {
    case 'CALENDAR_YEAR':
      return (v) => part(v, 0, 4);
    case 'CALENDAR_MONTH':
      return (v) => part(v, 5, 7);
    case 'DAY_IN_MONTH':
      return (v) => part(v, 8, 10);
    case 'CALENDAR_QUARTER':
      return (v) => {
        const m = part(v, 5, 7);
        return m === null ? null : Math.ceil(m / 3);
      };
    default:
      throw malformedQuery(`Unsupported function in the demo LMO: ${name}`);
  }
}

/** How a field's values compare: precomputed per condition, since it runs once per record. */
interface FieldKind {
  readonly isId: boolean;
  readonly isText: boolean;
  /** Text comparisons are case-insensitive; lower-casing is memoised (few distinct values repeat a lot). */
  readonly lower: (text: string) => string;
}

function fieldKind(type: string): FieldKind {
  const isId = type === 'id' || type === 'reference';
  const isText = !isId && (type === 'string' || type === 'picklist' || type === 'email');
  const memo = new Map<string, string>();
  const lower = (text: string) => {
    let l = memo.get(text);
    if (l === undefined) {
      l = text.toLowerCase();
      if (memo.size < 50_000) memo.set(text, l);
    }
    return l;
  };
  return { isId, isText, lower };
}

function matches(op: string, actual: unknown, operand: Operand, kind: FieldKind, expectedLower?: string): boolean {
  if (operand.kind === 'range') {
    const day = toDay(actual);
    if (day === null) return op === '!=';
    switch (op) {
      case '=':
        return day >= operand.from && day <= operand.to;
      case '!=':
        return day < operand.from || day > operand.to;
      case '<':
        return day < operand.from;
      case '<=':
        return day <= operand.to;
      case '>':
        return day > operand.to;
      case '>=':
        return day >= operand.from;
    }
    throw malformedQuery(`operator ${op} cannot be used with a date literal`);
  }
  const expected = operand.value;
  if (op === '=' || op === '!=') {
    let equal: boolean;
    if (expected === null || actual === null || actual === undefined) equal = (actual ?? null) === expected;
    else if (kind.isId) equal = idEquals(String(actual), String(expected));
    else if (kind.isText) equal = actual === expected || kind.lower(String(actual)) === (expectedLower ?? String(expected).toLowerCase());
    else equal = actual === expected || compareValues(actual, expected) === 0;
    return op === '=' ? equal : !equal;
  }
  if (expected === null || actual === null || actual === undefined) return false;
  let cmp: number;
  if (kind.isId) cmp = compareValues(String(actual).slice(0, 15), String(expected).slice(0, 15), true);
  else if (kind.isText) cmp = compareValues(kind.lower(String(actual)), expectedLower ?? String(expected).toLowerCase(), true);
  // Dates and numbers: no case to fold.
  else cmp = compareValues(actual, expected, true);
  switch (op) {
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
  throw malformedQuery(`unexpected operator: ${op}`);
}

export function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]);
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, 'i');
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function compileCondition(c: ParsedCondition, ctx: WhereContext): Predicate {
  const { path, read } = conditionReader(c, ctx);
  if (path.field.filterable === false) throw invalidField(`field '${path.field.name}' can not be filtered in a query call`);
  const op = c.operator.toUpperCase();
  const field = path.field;
  const kind = fieldKind(field.type);
  const { isId, isText } = kind;
  const literalTypes = Array.isArray(c.literalType) ? c.literalType : [c.literalType];
  const nValues = Array.isArray(c.dateLiteralVariable) ? c.dateLiteralVariable : [c.dateLiteralVariable];

  if ((op === 'IN' || op === 'NOT IN') && c.valueQuery) {
    if (!isId)
      throw invalidField(
        `The selected field '${field.name}' in the subquery and the left operand field in the where expression in the outer query '${field.name}' should point to the same object type`,
      );
    const ids = [...ctx.subquery(c.valueQuery, path)].map((id) => id.slice(0, 15));
    const set = new Set(ids);
    const inSet = (r: DemoRecord) => {
      const v = read(r);
      return typeof v === 'string' && set.has(v.slice(0, 15));
    };
    return op === 'IN' ? inSet : (r) => !inSet(r);
  }
  if (op === 'IN' || op === 'NOT IN') {
    const values = Array.isArray(c.value) ? c.value : [c.value ?? ''];
    const operands = values.map((v, i) => toOperand(field, literalTypes[i] ?? literalTypes[0], v, nValues[i] ?? undefined, ctx.today));
    const scalars = operands.every((o) => o.kind === 'scalar' && o.value !== null);
    // The common case, a list of plain values, is a set lookup per record.
    const wanted = new Set(
      operands.map((o) => (o.kind === 'scalar' ? (isText ? String(o.value).toLowerCase() : isId ? String(o.value).slice(0, 15) : o.value) : undefined)),
    );
    const anyEqual = scalars
      ? (r: DemoRecord) => {
          const actual = read(r);
          if (actual === null || actual === undefined) return false;
          return wanted.has(isText ? kind.lower(String(actual)) : isId ? String(actual).slice(0, 15) : (actual as string | number | boolean));
        }
      : (r: DemoRecord) => {
          const actual = read(r);
          return operands.some((o) => matches('=', actual, o, kind));
        };
    return op === 'IN' ? anyEqual : (r) => !anyEqual(r);
  }
  if (op === 'LIKE') {
    if (!isText && !isId) throw invalidField(`invalid operator on ${field.type} field: LIKE`);
    const operand = toOperand(field, literalTypes[0], String(c.value ?? ''), undefined, ctx.today, true);
    const re = likeToRegExp(String(operand.kind === 'scalar' ? (operand.value ?? '') : ''));
    return (r) => {
      const actual = read(r);
      return typeof actual === 'string' && re.test(actual);
    };
  }
  if (!['=', '!=', '<', '<=', '>', '>='].includes(op)) throw malformedQuery(`unexpected token: '${c.operator}'`);
  if (Array.isArray(c.value)) throw malformedQuery(`operator ${op} takes a single value`);
  const operand = toOperand(field, literalTypes[0], String(c.value ?? ''), nValues[0] ?? undefined, ctx.today);
  const expectedLower = isText && operand.kind === 'scalar' && operand.value !== null ? String(operand.value).toLowerCase() : undefined;
  return (r) => matches(op, read(r), operand, kind, expectedLower);
}
