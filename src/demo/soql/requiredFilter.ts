/**
 * Objects Salesforce refuses to query without a filter on one relationship: FieldDefinition needs
 * `EntityDefinitionId = …` or `EntityDefinition.<field> = …`, and Tooling's virtual objects take
 * no disjunction and no negation (docs/salesforce/lmo-dashboard.md#is-license-status-history-tracked).
 */
import { ApiError, malformedQuery } from '../apiError';
import { type ObjectDef } from '../schema';
import { tokenize } from './where';

export function checkRequiredFilter(object: ObjectDef, where: unknown): void {
  const relationship = object.requiresFilterOn;
  if (!relationship) return;
  const tokens = tokenize(where);
  if (tokens.some((t) => t.t === 'OR')) throw malformedQuery('Disjunctions not supported');
  if (tokens.some((t) => t.t === 'NOT' || (t.t === 'cond' && /^(!=|<>)$/.test(t.c.operator)))) throw malformedQuery('Only equals comparisons permitted');
  const prefix = `${relationship.toLowerCase()}.`;
  const filtered = tokens.some(
    (t) =>
      t.t === 'cond' &&
      t.c.operator === '=' &&
      !!t.c.field &&
      (t.c.field.toLowerCase() === `${relationship.toLowerCase()}id` || t.c.field.toLowerCase().startsWith(prefix)),
  );
  if (!filtered) throw new ApiError(400, 'EXTERNAL_OBJECT_UNSUPPORTED_EXCEPTION', `${object.name}: a filter on a reified column is required.`);
}

/**
 * Tooling's Metadata and FullName fields come only with a query that selects at most one row
 * (LIMIT 1 here; the exact error text is unconfirmed).
 */
export function checkSingleRowFields(object: ObjectDef, fields: readonly { type?: string; field?: string }[], limit: number | undefined): void {
  const single = new Set((object.singleRowFields ?? []).map((f) => f.toLowerCase()));
  const asked = fields.find((f) => f.type === 'Field' && !!f.field && single.has(f.field.toLowerCase()));
  if (asked && (limit === undefined || limit > 1))
    throw malformedQuery(
      `When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval (${object.name}.${asked.field}).`,
    );
}
