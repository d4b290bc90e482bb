import { type DemoRecord, type FieldDef, type ObjectDef, type RecordLookup, type Schema } from '../schema';
import { invalidField } from '../apiError';

/** A resolved `Field` or `Rel__r.Field` reference. */
export interface FieldPath {
  /** The lookup fields followed, in order (e.g. sfLma__Package_Version__c for sfLma__Package_Version__r). */
  readonly hops: readonly FieldDef[];
  /** The object each hop lands on. */
  readonly hopObjects: readonly ObjectDef[];
  readonly field: FieldDef;
  /** Canonical dotted name, e.g. sfLma__Package_Version__r.sfLma__Version_Number__c. */
  readonly canonical: string;
  read(record: DemoRecord, lookup: RecordLookup): unknown;
}

export function readField(field: FieldDef, record: DemoRecord, lookup: RecordLookup): unknown {
  if (field.formula) return field.formula(record, lookup);
  const value = record[field.name];
  return value === undefined ? null : value;
}

export function resolveFieldPath(schema: Schema, root: ObjectDef, dotted: string): FieldPath {
  const parts = dotted.split('.');
  const hops: FieldDef[] = [];
  const hopObjects: ObjectDef[] = [];
  let object = root;
  // A leading "ObjectName." qualifier is allowed in SOQL; drop it.
  if (parts.length > 1 && parts[0].toLowerCase() === root.name.toLowerCase()) parts.shift();
  for (const rel of parts.slice(0, -1)) {
    const hop = schema.relationship(object, rel);
    const target = hop?.referenceTo ? schema.object(hop.referenceTo) : undefined;
    if (!hop || !target) {
      throw invalidField(
        `Didn't understand relationship '${rel}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    hops.push(hop);
    hopObjects.push(target);
    object = target;
  }
  const last = parts[parts.length - 1];
  const field = schema.field(object, last);
  if (!field) {
    throw invalidField(
      `No such column '${last}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  const canonical = [...hops.map((h) => h.relationshipName), field.name].join('.');
  return {
    hops,
    hopObjects,
    field,
    canonical,
    read(record, lookup) {
      let current: DemoRecord | undefined = record;
      for (const hop of hops) {
        const id = current?.[hop.name] as string | null | undefined;
        current = id ? lookup(id) : undefined;
        if (!current) return null;
      }
      return readField(field, current, lookup);
    },
  };
}
