/**
 * Semi-joins and anti-joins (`x IN (SELECT …)`, `x NOT IN (SELECT …)`): where a WHERE clause may
 * hold them and what their sub-select may be, refused as Salesforce refuses them. The rules, their
 * sources and which messages are Salesforce's own: docs/salesforce/soql-and-composite.md.
 */
import { ApiError, invalidField, invalidType, malformedQuery } from '../apiError';
import { type ObjectDef, type Schema } from '../schema';
import { type FieldPath, resolveFieldPath } from './fieldPath';
import { type Token } from './where';

/** At most two semi-joins or anti-joins in one WHERE clause. */
export const MAX_SEMI_JOINS = 2;

export const SEMI_JOIN_WITH_OR = "Semi join sub-selects are not allowed with the 'OR' operator";
export const SEMI_JOIN_NESTED = 'Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.';
export const SEMI_JOIN_IN_SEMI_JOIN = 'Nesting of semi join sub-selects is not supported';

/** The WHERE clause as a tree: a parenthesis around one term is that term. */
type Node = { k: 'cond'; semi: boolean } | { k: 'not'; inner: Node } | { k: 'group'; or: boolean; items: Node[] };

function tree(tokens: readonly Token[]): Node | undefined {
  let pos = 0;
  const term = (): Node => {
    const token = tokens[pos++];
    if (token?.t === 'NOT') return { k: 'not', inner: term() };
    if (token?.t === '(') {
      const inner = expr();
      pos++; // ')': compileWhere refuses a clause whose parentheses do not match.
      return inner;
    }
    return { k: 'cond', semi: token?.t === 'cond' && token.c.valueQuery !== undefined };
  };
  const expr = (): Node => {
    const items = [term()];
    let or = false;
    while (tokens[pos]?.t === 'AND' || tokens[pos]?.t === 'OR') {
      or ||= tokens[pos++].t === 'OR';
      items.push(term());
    }
    return items.length === 1 ? items[0] : { k: 'group', or, items };
  };
  return tokens.length ? expr() : undefined;
}

const semiJoins = (node: Node): number =>
  node.k === 'cond' ? (node.semi ? 1 : 0) : node.k === 'not' ? semiJoins(node.inner) : node.items.reduce((n, i) => n + semiJoins(i), 0);

/**
 * Refuses semi-joins a WHERE clause may not hold where they stand: more than two; one joined to the
 * rest with OR; one inside a parenthesised group of several conditions (AND or OR); one under NOT.
 */
export function checkSemiJoinPlacement(tokens: readonly Token[]): void {
  const root = tree(tokens);
  if (!root) return;
  const count = semiJoins(root);
  if (count === 0) return;
  if (count > MAX_SEMI_JOINS) throw new ApiError(400, 'EXCEEDED_MAX_SEMIJOIN_SUBSELECTS', `Maximum ${MAX_SEMI_JOINS} semi join sub-selects are allowed`);
  for (const item of root.k === 'group' ? root.items : [root]) {
    if (!semiJoins(item)) continue;
    if (item.k === 'not') throw malformedQuery("Semi join sub-selects cannot be negated with the 'NOT' operator: write the anti-join (NOT IN) instead");
    if (item.k === 'group') throw malformedQuery(SEMI_JOIN_NESTED);
    if (root.k === 'group' && root.or) throw malformedQuery(SEMI_JOIN_WITH_OR);
  }
}

/** A sub-select as @jetstreamapp/soql-parser-js gives it (the parts the rules look at). */
export interface ParsedSubSelect {
  fields?: { type: string; field?: string; rawValue?: string; functionName?: string }[];
  sObject?: string;
  where?: unknown;
  orderBy?: unknown;
  limit?: number;
  offset?: number;
  for?: unknown;
}

/** The object an Id or reference field points to. */
const target = (path: FieldPath, object: ObjectDef): string | undefined =>
  (path.field.type === 'id' ? (path.hopObjects.at(-1) ?? object).name : path.field.referenceTo)?.toLowerCase();

/**
 * Checks a sub-select against its left operand and the outer query's object; returns the sub-select's
 * object and the field it selects.
 */
export function checkSubSelect(sub: ParsedSubSelect, left: FieldPath, outer: ObjectDef, schema: Schema): { object: ObjectDef; selected: FieldPath } {
  const object = schema.object(sub.sObject ?? '');
  if (!object) throw invalidType(sub.sObject ?? '');
  if (left.hops.length) throw malformedQuery(`The left operand of a semi join sub-select cannot use a relationship: '${left.canonical}'`);
  if (object.name === outer.name) throw malformedQuery(`A semi join sub-select cannot query the same object as the outer query: '${object.name}'`);
  const fields = sub.fields ?? [];
  if (fields.some((f) => f.type === 'FieldFunctionExpression' && f.functionName?.toUpperCase() === 'COUNT'))
    throw malformedQuery('COUNT is not supported in semi join sub-selects');
  if (sub.orderBy !== undefined) throw malformedQuery('ORDER BY is not supported in semi join sub-selects');
  if (sub.limit !== undefined) throw malformedQuery('LIMIT is not supported in semi join sub-selects');
  if (sub.for !== undefined) throw malformedQuery('FOR UPDATE is not supported in semi join sub-selects');
  if (sub.offset !== undefined) throw malformedQuery('OFFSET in a semi join sub-select is not supported by the demo LMO');
  if (fields.length !== 1 || (fields[0].type !== 'Field' && fields[0].type !== 'FieldRelationship'))
    throw malformedQuery('A semi join sub-select must select exactly one Id or reference field');
  const selected = resolveFieldPath(schema, object, fields[0].rawValue ?? fields[0].field ?? '');
  if (selected.hops.length) throw malformedQuery('inner select field cannot have more than one level of relationships');
  if (selected.field.type !== 'id' && selected.field.type !== 'reference')
    throw malformedQuery(`semi join sub selects can only query id fields, cannot use: '${selected.field.name}'`);
  const want = target(left, outer);
  const got = target(selected, object);
  if (want && got && want !== got)
    throw invalidField(
      `The selected field '${selected.field.name}' in the subquery and the left operand field in the where expression in the outer query '${left.field.name}' should point to the same object type`,
    );
  return { object, selected };
}
