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
