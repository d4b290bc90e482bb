/**
 * The validation rules the Feature Management App ships (docs/salesforce/feature-management.md), enforced on every API write
 * of its objects in Salesforce's shape (FIELD_CUSTOM_VALIDATION_EXCEPTION: HTTP 400 on a record
 * PATCH, a failed SaveResult in a Collections call):
 *  - sfFma__MetricValueUpdatePrevention: a subscriber → LMO value can only be changed by the user
 *    who created its parameter (the FMA's own process), never by anyone else;
 *  - sfFma__FullNameUpdatePrevention (and the data type and direction rules, whose texts were not
 *    read; the demo answers them with the same message): what the installed package set cannot be
 *    changed.
 * Number(18,0) holds whole numbers only: the demo refuses a fraction rather than rounding it.
 */
import { ApiError } from './apiError';
import { FEATURE_PARAMETER_OBJECT, FEATURE_VALUE_OBJECTS, SUBSCRIBER_TO_LMO } from './fmaSchema';
import { type DemoRecord, type RecordLookup } from './schema';

export const METRIC_VALUE_MESSAGE =
  'Subscriber To LMO feature parameter values can only be created or updated by the Feature Management app. Click undo or cancel to continue.';
export const PACKAGE_SET_MESSAGE = 'This value is set by the installed package and cannot be changed. Click undo or cancel to continue.';
const VALUE_OBJECTS: readonly string[] = Object.values(FEATURE_VALUE_OBJECTS);
const MAX_NUMBER_18 = 1e18;

const refuse = (message: string, field: string) => new ApiError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message, [field]);
const changed = (record: DemoRecord, changes: ReadonlyMap<string, unknown>, field: string) =>
  changes.has(field) && changes.get(field) !== (record[field] ?? null);

/** Throws the error a write of `changes` (API name → coerced value) to an FMA record breaks first. */
export function checkFmaWrite(objectName: string, record: DemoRecord, changes: ReadonlyMap<string, unknown>, userId: string, lookup: RecordLookup): void {
  if (objectName === FEATURE_PARAMETER_OBJECT) {
    for (const field of [
      'sfFma__FullName__c',
      'sfFma__DataType__c',
      'sfFma__DataFlowDirection__c',
      'sfFma__Namespace_Prefix__c',
      'sfFma__IntroducedInPackageVersion__c',
    ])
      if (changed(record, changes, field) && userId !== record.CreatedById) throw refuse(PACKAGE_SET_MESSAGE, field);
    return;
  }
  if (!VALUE_OBJECTS.includes(objectName)) return;
  if (changed(record, changes, 'sfFma__FullName__c') && userId !== record.CreatedById) throw refuse(PACKAGE_SET_MESSAGE, 'sfFma__FullName__c');
  if (!changed(record, changes, 'sfFma__Value__c')) return;
  const parameter = lookup(String(record.sfFma__FeatureParameter__c ?? ''));
  // The shipped formula compares with "Subscriber To LMO" while the picklist says "Subscriber to LMO"; the demo reads it as meant.
  if (String(parameter?.sfFma__DataFlowDirection__c ?? '').toLowerCase() === SUBSCRIBER_TO_LMO.toLowerCase() && userId !== parameter?.CreatedById)
    throw refuse(METRIC_VALUE_MESSAGE, 'sfFma__Value__c');
  const value = changes.get('sfFma__Value__c');
  if (objectName === FEATURE_VALUE_OBJECTS.Integer && typeof value === 'number' && (!Number.isInteger(value) || Math.abs(value) >= MAX_NUMBER_18))
    throw new ApiError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Value: value outside of valid range on numeric field: ${value}`, ['sfFma__Value__c']);
  if (objectName === FEATURE_VALUE_OBJECTS.Boolean && value === null)
    throw new ApiError(400, 'INVALID_TYPE_ON_FIELD_IN_RECORD', 'Value: value not of required type: null', ['sfFma__Value__c']);
}
