/**
 * `FIELDS(STANDARD)`, `FIELDS(CUSTOM)` and `FIELDS(ALL)` in a SELECT list, expanded to the fields
 * they name, and the duplicate-field rule the expansion makes easy to break. Rules and sources:
 * docs/salesforce/soql-and-composite.md.
 */
import { invalidField, malformedQuery } from '../apiError';
import { type ObjectDef } from '../schema';
import { type SelectItem } from './columns';

/** FIELDS(ALL) and FIELDS(CUSTOM) are unbounded: a query using them must say LIMIT n with n ≤ 200. */
export const FIELDS_ROW_LIMIT = 200;

type Item = SelectItem;

const isCustom = (name: string) => name.endsWith('__c');

/** The SELECT list with each FIELDS(…) replaced by the fields it stands for, in the object's order. */
export function expandFieldsFunction<T extends Item>(items: readonly T[], object: ObjectDef, limit: number | undefined): T[] {
  return items.flatMap((item) => {
    if (item.type !== 'FieldFunctionExpression' || item.functionName?.toUpperCase() !== 'FIELDS') return [item];
    const group = String(item.parameters?.[0] ?? '').toUpperCase();
    if (!['ALL', 'CUSTOM', 'STANDARD'].includes(group) || (item.parameters ?? []).length !== 1)
      throw malformedQuery(`FIELDS() takes one of ALL, CUSTOM or STANDARD, not: ${item.rawValue ?? ''}`);
    if (group !== 'STANDARD' && (limit === undefined || limit > FIELDS_ROW_LIMIT))
      throw malformedQuery(`The SOQL FIELDS function must have a LIMIT of at most ${FIELDS_ROW_LIMIT}`);
    const names = object.fields.map((f) => f.name).filter((n) => group === 'ALL' || isCustom(n) === (group === 'CUSTOM'));
    if (!names.length) throw malformedQuery(`FIELDS(${group}) selects no field: '${object.name}' has no ${group.toLowerCase()} fields`);
    return names.map((name) => ({ type: 'Field', field: name, rawValue: name }) as T);
  });
}

/** A field selected twice (by name or through FIELDS()) is refused. */
export function refuseDuplicateFields(items: readonly Item[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (item.type !== 'Field' && item.type !== 'FieldRelationship') continue;
    const name = item.rawValue ?? item.field ?? '';
    if (seen.has(name.toLowerCase())) throw invalidField(`duplicate field selected: ${name}`);
    seen.add(name.toLowerCase());
  }
}
