/**
 * The Feature Management App's objects in the LMO (namespace sfFma; see docs/salesforce/feature-management.md, from the
 * FMA's retrieved metadata): a Feature Parameter per parameter of a package (master-detail to the
 * LMA's Package), and per License one value record per parameter in the Boolean, Integer or Date
 * junction object (master-detail to the parameter and to the License). Master-detail fields do not
 * reparent; the FMA's validation rules are in fmaRules.ts.
 */
import { type ObjectDef, type Spec, define, readOnly, system } from './schemaDsl';

export const FEATURE_PARAMETER_OBJECT = 'sfFma__FeatureParameter__c';
export const FEATURE_VALUE_OBJECTS = {
  Boolean: 'sfFma__FeatureParameterBoolean__c',
  Integer: 'sfFma__FeatureParameterInteger__c',
  Date: 'sfFma__FeatureParameterDate__c',
} as const;
export const LMO_TO_SUBSCRIBER = 'LMO to Subscriber';
export const SUBSCRIBER_TO_LMO = 'Subscriber to LMO';

/** Child of a master-detail: no owner of its own. */
const childSystem = (): Spec[] => system().filter(([n]) => n !== 'OwnerId');

export const FEATURE_PARAMETER = define(
  FEATURE_PARAMETER_OBJECT,
  'Feature Parameter',
  'a0F',
  [
    ...childSystem(),
    ['Name', 'Feature Parameter Name', 'string', { length: 80, ...readOnly }],
    ['sfFma__FullName__c', 'Full Name', 'string', { length: 255 }],
    ['sfFma__DataType__c', 'Data Type', 'picklist', { picklistValues: ['Boolean', 'Integer', 'Date'] }],
    ['sfFma__DataFlowDirection__c', 'Data Flow Direction', 'picklist', { picklistValues: [LMO_TO_SUBSCRIBER, SUBSCRIBER_TO_LMO] }],
    ['sfFma__Package__c', 'Package', 'reference', { referenceTo: 'sfLma__Package__c', relationshipName: 'sfFma__Package__r', ...readOnly }],
    ['sfFma__IntroducedInPackageVersion__c', 'Introduced In Package Version', 'string', { length: 50 }],
    ['sfFma__Namespace_Prefix__c', 'Namespace Prefix', 'string', { length: 18 }],
  ],
  { lma: true, fma: true },
);

function valueObject(name: string, label: string, keyPrefix: string, valueType: 'boolean' | 'double' | 'date'): ObjectDef {
  return define(
    name,
    label,
    keyPrefix,
    [
      ...childSystem(),
      ['Name', `${label} Name`, 'string', { length: 80, ...readOnly }],
      [
        'sfFma__FeatureParameter__c',
        'Feature Parameter',
        'reference',
        { referenceTo: FEATURE_PARAMETER_OBJECT, relationshipName: 'sfFma__FeatureParameter__r', ...readOnly },
      ],
      ['sfFma__License__c', 'License', 'reference', { referenceTo: 'sfLma__License__c', relationshipName: 'sfFma__License__r', ...readOnly }],
      ['sfFma__Value__c', 'Value', valueType],
      ['sfFma__FullName__c', 'Full Name', 'string', { length: 255 }],
    ],
    { lma: true, fma: true },
  );
}

export const FEATURE_PARAMETER_BOOLEAN = valueObject(FEATURE_VALUE_OBJECTS.Boolean, 'Feature Parameter Boolean', 'a0B', 'boolean');
/** Number(18,0): a double to the API, so neither groupable nor fractional. */
export const FEATURE_PARAMETER_INTEGER = valueObject(FEATURE_VALUE_OBJECTS.Integer, 'Feature Parameter Integer', 'a0I', 'double');
export const FEATURE_PARAMETER_DATE = valueObject(FEATURE_VALUE_OBJECTS.Date, 'Feature Parameter Date', 'a0D', 'date');

export const FMA_OBJECTS: readonly ObjectDef[] = [FEATURE_PARAMETER, FEATURE_PARAMETER_BOOLEAN, FEATURE_PARAMETER_INTEGER, FEATURE_PARAMETER_DATE];
