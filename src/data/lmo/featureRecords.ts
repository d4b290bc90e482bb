/** The Feature Management App's objects and fields (docs/salesforce/feature-management.md), and their rows as domain objects. */
import { type CalendarDate, parseCalendarDate } from '../../core/calendarDate';
import { firstText } from '../../core/license';
import {
  type FeatureDataType,
  type FeatureDirection,
  type FeatureParameter,
  type FeatureValue,
  type FeatureValueRecord,
  splitFullName,
} from '../../core/features/parameter';
import { type FeatureValueTarget } from '../../core/features/valueChanges';

export const PARAMETER_OBJECT = 'sfFma__FeatureParameter__c';
export const VALUE_OBJECTS: Readonly<Record<FeatureDataType, string>> = {
  Boolean: 'sfFma__FeatureParameterBoolean__c',
  Integer: 'sfFma__FeatureParameterInteger__c',
  Date: 'sfFma__FeatureParameterDate__c',
};
export const VALUE_FIELD = 'sfFma__Value__c';

export const PARAMETER_FIELDS = [
  'Id',
  'sfFma__FullName__c',
  'sfFma__DataType__c',
  'sfFma__DataFlowDirection__c',
  'sfFma__Package__c',
  'sfFma__IntroducedInPackageVersion__c',
  'sfFma__Namespace_Prefix__c',
];

export const VALUE_FIELDS = [
  'Id',
  'sfFma__License__c',
  'sfFma__FeatureParameter__c',
  'sfFma__FullName__c',
  VALUE_FIELD,
  'LastModifiedDate',
  'sfFma__FeatureParameter__r.sfFma__FullName__c',
  'sfFma__FeatureParameter__r.sfFma__DataFlowDirection__c',
];

/** What a plan shows of the license a value belongs to. */
export const VALUE_TARGET_FIELDS = [
  ...VALUE_FIELDS,
  'sfFma__License__r.Name',
  'sfFma__License__r.sfLma__Subscriber_Org_ID__c',
  'sfFma__License__r.sfLma__Status__c',
  'sfFma__License__r.sfLma__Account__r.Name',
  'sfFma__License__r.sfLma__Lead__r.Company',
  'sfFma__License__r.sfLma__Package__r.Name',
];

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const nested = (r: Record<string, unknown>, ...path: string[]) =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), r);

export function toDataType(value: unknown): FeatureDataType | undefined {
  const t = text(value)?.trim().toLowerCase();
  return t === 'boolean' ? 'Boolean' : t === 'integer' ? 'Integer' : t === 'date' ? 'Date' : undefined;
}

/** "LMO to Subscriber" / "Subscriber to LMO", compared without regard to case (the FMA's own rule spells it "Subscriber To LMO"). */
export function toDirection(value: unknown): FeatureDirection | undefined {
  const t = text(value)?.trim().toLowerCase();
  return t === 'lmo to subscriber' ? 'LmoToSubscriber' : t === 'subscriber to lmo' ? 'SubscriberToLmo' : undefined;
}

export function toFeatureParameter(r: Record<string, unknown>): FeatureParameter | undefined {
  const dataType = toDataType(r.sfFma__DataType__c);
  const direction = toDirection(r.sfFma__DataFlowDirection__c);
  const fullName = text(r.sfFma__FullName__c) ?? '';
  if (!dataType || !direction || !fullName) return undefined;
  const split = splitFullName(fullName, text(r.sfFma__Namespace_Prefix__c) || undefined);
  return {
    id: String(r.Id),
    fullName,
    name: split.name,
    namespace: split.namespace,
    dataType,
    direction,
    packageId: String(r.sfFma__Package__c ?? ''),
    introducedIn: text(r.sfFma__IntroducedInPackageVersion__c) || undefined,
  };
}

export function toFeatureValue(dataType: FeatureDataType, raw: unknown): FeatureValue {
  if (raw === null || raw === undefined) return dataType === 'Boolean' ? false : null;
  if (dataType === 'Boolean') return raw === true || raw === 'true';
  if (dataType === 'Integer') return typeof raw === 'number' ? raw : Number.isFinite(Number(raw)) ? Number(raw) : null;
  return typeof raw === 'string' ? ((parseCalendarDate(raw.slice(0, 10)) as CalendarDate | undefined) ?? null) : null;
}

export function toValueRecord(dataType: FeatureDataType, r: Record<string, unknown>): FeatureValueRecord {
  return {
    id: String(r.Id),
    licenseId: String(r.sfFma__License__c ?? ''),
    parameterId: String(r.sfFma__FeatureParameter__c ?? ''),
    fullName: text(nested(r, 'sfFma__FeatureParameter__r', 'sfFma__FullName__c')) ?? text(r.sfFma__FullName__c) ?? '',
    dataType,
    direction: toDirection(nested(r, 'sfFma__FeatureParameter__r', 'sfFma__DataFlowDirection__c')),
    value: toFeatureValue(dataType, r[VALUE_FIELD]),
    lastModified: text(r.LastModifiedDate),
  };
}

export function toValueTarget(dataType: FeatureDataType, r: Record<string, unknown>): FeatureValueTarget {
  const v = toValueRecord(dataType, r);
  const orgId = text(nested(r, 'sfFma__License__r', 'sfLma__Subscriber_Org_ID__c')) ?? '';
  return {
    valueId: v.id,
    licenseId: v.licenseId,
    licenseName: text(nested(r, 'sfFma__License__r', 'Name')) ?? v.licenseId,
    subscriber:
      firstText(text(nested(r, 'sfFma__License__r', 'sfLma__Account__r', 'Name')), text(nested(r, 'sfFma__License__r', 'sfLma__Lead__r', 'Company'))) ?? orgId,
    orgId,
    licenseStatus: text(nested(r, 'sfFma__License__r', 'sfLma__Status__c')) ?? '',
    packageName: text(nested(r, 'sfFma__License__r', 'sfLma__Package__r', 'Name')) ?? '',
    parameter: { id: v.parameterId, fullName: v.fullName, dataType, direction: v.direction },
    value: v.value,
  };
}
