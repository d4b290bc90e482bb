/**
 * The demo LMO's object model: the LMA's custom objects with the exact API names, types and
 * formula fields from docs/salesforce/lma-objects.md, plus the standard and Tooling objects the product and
 * @salesforce/core touch. The SOQL engine validates every query against it, so a typo in the
 * product fails in tests the way it would against a real org.
 */
import { type DemoRecord, type FieldDef, type ObjectDef, define, readOnly, system } from './schemaDsl';
import { DEV_HUB_DATA_OBJECTS, DEV_HUB_TOOLING_OBJECTS } from './devHubSchema';
import { FMA_OBJECTS } from './fmaSchema';
import { APP_ANALYTICS_QUERY_REQUEST } from './appAnalyticsSchema';
import { PBO_OBJECTS } from './pboLicensingSchema';
import { PUSH_OBJECTS } from './pushUpgradesSchema';
import { METADATA_DATA_OBJECTS, METADATA_TOOLING_OBJECTS } from './metadata/schema';
import { SETUP_DATA_OBJECTS, SETUP_TOOLING_OBJECTS } from './setupSchema';

export type { DemoRecord, FieldDef, FieldType, ObjectDef, RecordLookup } from './schemaDsl';

const text = (record: DemoRecord, field: string): string | null => (record[field] as string | null | undefined) ?? null;

const LICENSE_STATUSES = ['Trial', 'Active', 'Suspended', 'Uninstalled'];

export const LICENSE = define(
  'sfLma__License__c',
  'License',
  'a0L',
  [
    ...system(),
    ['Name', 'License Name', 'string', { length: 80, updateable: false }],
    ['RecordTypeId', 'Record Type ID', 'reference', { referenceTo: 'RecordType', relationshipName: 'RecordType', ...readOnly }],
    ['sfLma__Account__c', 'Account', 'reference', { referenceTo: 'Account', relationshipName: 'sfLma__Account__r' }],
    ['sfLma__Contact__c', 'Contact', 'reference', { referenceTo: 'Contact', relationshipName: 'sfLma__Contact__r' }],
    ['sfLma__Lead__c', 'Lead', 'reference', { referenceTo: 'Lead', relationshipName: 'sfLma__Lead__r' }],
    ['sfLma__Package__c', 'Package', 'reference', { referenceTo: 'sfLma__Package__c', relationshipName: 'sfLma__Package__r' }],
    ['sfLma__Package_Version__c', 'Package Version', 'reference', { referenceTo: 'sfLma__Package_Version__c', relationshipName: 'sfLma__Package_Version__r' }],
    ['sfLma__Seats__c', 'Seats', 'double'],
    [
      'sfLma__Licensed_Seats__c',
      'Licensed Seats',
      'string',
      {
        formula: (r) =>
          r.sfLma__Seats__c === null || r.sfLma__Seats__c === undefined
            ? null
            : (r.sfLma__Seats__c as number) >= 0
              ? String(r.sfLma__Seats__c)
              : 'Site License',
      },
    ],
    ['sfLma__Used_Licenses__c', 'Used Licenses', 'double', readOnly],
    ['sfLma__Expiration__c', 'Expiration', 'date'],
    [
      'sfLma__Expiration_Date__c',
      'Expiration Date',
      'string',
      {
        formula: (r) =>
          r.sfLma__Expiration__c && r.sfLma__Expiration__c !== '1970-01-01' ? r.sfLma__Expiration__c : r.sfLma__Expiration__c ? 'Does not expire' : '',
      },
    ],
    ['sfLma__Status__c', 'Status', 'picklist', { picklistValues: LICENSE_STATUSES }],
    // The record type's name (the LMA's formula is $RecordType.Name).
    [
      'sfLma__License_Status__c',
      'License Status',
      'string',
      { formula: (r, lookup) => (r.RecordTypeId ? ((lookup(String(r.RecordTypeId))?.Name as string | undefined) ?? null) : null) },
    ],
    ['sfLma__License_Type__c', 'License Type', 'string', { length: 255 }],
    ['sfLma__Install_Date__c', 'Install Date', 'date', readOnly],
    ['sfLma__Subscriber_Org_ID__c', 'Subscriber Org ID', 'string', { length: 18, ...readOnly }],
    ['sfLma__Subscriber_Org_Is_Sandbox__c', 'Subscriber Org Is Sandbox', 'boolean', readOnly],
    ['sfLma__Is_Sandbox__c', 'Sandbox', 'boolean', { formula: (r) => r.sfLma__Subscriber_Org_Is_Sandbox__c === true }],
    ['sfLma__Org_Instance__c', 'Org Instance', 'string', { length: 6, ...readOnly }],
    ['sfLma__Instance__c', 'Instance', 'string', { formula: (r) => text(r, 'sfLma__Org_Instance__c') }],
    ['sfLma__Org_Type__c', 'Org Type', 'string', { length: 40, ...readOnly }],
    ['sfLma__Org_Edition__c', 'Org Edition', 'string', { formula: (r) => text(r, 'sfLma__Org_Type__c') }],
    ['sfLma__Org_Status_Formula__c', 'Org Status Formula', 'string', { length: 20, ...readOnly }],
    ['sfLma__Org_Status__c', 'Org Status', 'string', { formula: (r) => text(r, 'sfLma__Org_Status_Formula__c') }],
    ['sfLma__Org_Trial_Expiration__c', 'Org Trial Expiration', 'string', { length: 15, ...readOnly }],
    ['sfLma__Trial_Expiration_Date__c', 'Org Expiration Date', 'string', { formula: (r) => text(r, 'sfLma__Org_Trial_Expiration__c') }],
    ['sfLma__Version_Number__c', 'Version Number', 'string', { length: 40, ...readOnly }],
    ['sfLma__Package_Version_Number__c', 'Package Version Number', 'string', { formula: (r) => text(r, 'sfLma__Version_Number__c') }],
    ['sfLma__Package_License_ID__c', 'Package License ID', 'string', { length: 18, ...readOnly }],
    ['sfLma__Proxy_User__c', 'Proxy User', 'string', { length: 40, ...readOnly }],
    ['sfLma__Last_Modified__c', 'Information Current As Of', 'datetime', readOnly],
    ['sfLma__Help__c', 'Help', 'string', { formula: () => 'Help' }],
  ],
  { lma: true },
);

export const PACKAGE = define(
  'sfLma__Package__c',
  'Package',
  'a0P',
  [
    ...system(),
    ['Name', 'Package Name', 'string', { length: 80 }],
    ['sfLma__Developer_Name__c', 'Developer Name', 'string', { length: 80 }],
    ['sfLma__Developer_Org_ID__c', 'Developer Org ID', 'string', { length: 18 }],
    ['sfLma__Package_ID__c', 'Package ID', 'string', { length: 18 }],
    ['sfLma__Latest_Version__c', 'Latest Version', 'string', { length: 20 }],
    ['sfLma__Release_Date__c', 'Release Date', 'date'],
    ['sfLma__Lead_Manager__c', 'Lead Manager', 'reference', { referenceTo: 'User', relationshipName: 'sfLma__Lead_Manager__r' }],
    ['sfLma__Last_License_Refresh__c', 'Last License Refresh', 'date'],
    [
      'sfLma__Next_Available_Refresh__c',
      'Next Available Refresh',
      'date',
      {
        formula: (r) => {
          const last = r.sfLma__Last_License_Refresh__c as string | null;
          return last ? new Date(Date.parse(`${last}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10) : null;
        },
      },
    ],
    ['sfLma__Help__c', 'Help', 'string', { formula: () => 'Help' }],
  ],
  { lma: true },
);

export const PACKAGE_VERSION = define(
  'sfLma__Package_Version__c',
  'Package Version',
  'a0V',
  [
    ...system().filter(([n]) => n !== 'OwnerId'),
    ['Name', 'Package Version Name', 'string', { length: 80 }],
    ['sfLma__Package__c', 'Package', 'reference', { referenceTo: 'sfLma__Package__c', relationshipName: 'sfLma__Package__r' }],
    ['sfLma__Version__c', 'Version', 'string', { length: 20 }],
    ['sfLma__Version_Number__c', 'Version Number', 'string', { length: 20 }],
    ['sfLma__Version_ID__c', 'Version ID', 'string', { length: 18 }],
    ['sfLma__Release_Date__c', 'Release Date', 'date'],
    ['sfLma__Is_Beta__c', 'Beta', 'boolean'],
    ['sfLma__Sequence__c', 'Sequence', 'double'],
    ['sfLma__Help__c', 'Help', 'string', { formula: () => 'Help' }],
  ],
  { lma: true },
);

/** Field history of licenses: a `created` row per license, and a row per change of a tracked field. */
export const LICENSE_HISTORY = define(
  'sfLma__License__History',
  'License History',
  '017',
  [
    ['Id', 'License History ID', 'id'],
    ['IsDeleted', 'Deleted', 'boolean', { updateable: false }],
    ['ParentId', 'Parent ID', 'reference', { referenceTo: 'sfLma__License__c', relationshipName: 'Parent', updateable: false }],
    ['CreatedById', 'Created By ID', 'reference', { referenceTo: 'User', relationshipName: 'CreatedBy', updateable: false }],
    ['CreatedDate', 'Created Date', 'datetime', { updateable: false }],
    [
      'Field',
      'Changed Field',
      'picklist',
      { updateable: false, picklistValues: ['created', 'sfLma__Status__c', 'sfLma__Seats__c', 'sfLma__Expiration__c', 'sfLma__Package_Version__c'] },
    ],
    ['DataType', 'Data Type', 'string', { updateable: false }],
    // anyType: Salesforce refuses to filter, group or sort on these.
    ['OldValue', 'Old Value', 'anyType', { updateable: false, filterable: false, sortable: false }],
    ['NewValue', 'New Value', 'anyType', { updateable: false, filterable: false, sortable: false }],
  ],
  { lma: true },
);

/** The LMA's tracked fields, as history rows name them. */
export const TRACKED_LICENSE_FIELDS = ['sfLma__Status__c', 'sfLma__Seats__c', 'sfLma__Expiration__c', 'sfLma__Package_Version__c'] as const;

export const ACCOUNT = define('Account', 'Account', '001', [
  ...system(),
  ['Name', 'Account Name', 'string', { length: 255 }],
  ['Website', 'Website', 'string', { length: 255 }],
]);

export const CONTACT = define('Contact', 'Contact', '003', [
  ...system(),
  ['Name', 'Full Name', 'string', { length: 121, updateable: false }],
  ['Email', 'Email', 'email'],
  ['AccountId', 'Account ID', 'reference', { referenceTo: 'Account', relationshipName: 'Account' }],
]);

export const LEAD = define('Lead', 'Lead', '00Q', [
  ...system(),
  ['Name', 'Full Name', 'string', { length: 121, updateable: false }],
  ['Company', 'Company', 'string', { length: 255 }],
  ['Email', 'Email', 'email'],
  ['LeadSource', 'Lead Source', 'picklist', { picklistValues: ['Package Installation', 'Web', 'Other'] }],
  ['IsConverted', 'Converted', 'boolean', readOnly],
  // A field the partner's admin added (the demo's `required-field` switch makes it required).
  ['Region__c', 'Region', 'string', { length: 40 }],
]);

export const USER = define('User', 'User', '005', [
  ['Id', 'User ID', 'id'],
  ['Username', 'Username', 'string', { length: 80 }],
  ['Name', 'Full Name', 'string', { length: 121, updateable: false }],
  ['Email', 'Email', 'email'],
  ['IsActive', 'Active', 'boolean'],
  ['LastModifiedDate', 'Last Modified Date', 'datetime'],
]);

export const ORGANIZATION = define('Organization', 'Organization', '00D', [
  ['Id', 'Organization ID', 'id'],
  ['Name', 'Name', 'string', { length: 80 }],
  ['InstanceName', 'Instance Name', 'string', { length: 5 }],
  ['IsSandbox', 'Is Sandbox', 'boolean'],
  ['TrialExpirationDate', 'Trial Expiration Date', 'datetime'],
  ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15 }],
  // A picklist in Salesforce's Organization reference (docs/salesforce/setup-checklist.md).
  [
    'OrganizationType',
    'Edition',
    'picklist',
    {
      picklistValues: [
        'Team Edition',
        'Professional Edition',
        'Enterprise Edition',
        'Developer Edition',
        'Personal Edition',
        'Unlimited Edition',
        'Contact Manager Edition',
        'Base Edition',
      ],
    },
  ],
]);

export const RECORD_TYPE = define('RecordType', 'Record Type', '012', [
  ['Id', 'Record Type ID', 'id'],
  ['Name', 'Name', 'string', { length: 80 }],
  ['DeveloperName', 'Record Type Name', 'string', { length: 80 }],
  ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15 }],
  ['SobjectType', 'SObject Type Name', 'string', { length: 40 }],
]);

// Tooling API objects (read-only).
export const SUBSCRIBER_PACKAGE = define(
  'SubscriberPackage',
  'Subscriber Package',
  '033',
  [
    ['Id', 'ID', 'id'],
    ['Name', 'Name', 'string'],
    ['NamespacePrefix', 'Namespace Prefix', 'string'],
    ['Description', 'Description', 'string'],
  ],
  { tooling: true },
);

export const SUBSCRIBER_PACKAGE_VERSION = define(
  'SubscriberPackageVersion',
  'Subscriber Package Version',
  '04t',
  [
    ['Id', 'ID', 'id'],
    ['Name', 'Name', 'string'],
    ['MajorVersion', 'Major Version', 'int'],
    ['MinorVersion', 'Minor Version', 'int'],
    ['PatchVersion', 'Patch Version', 'int'],
    ['BuildNumber', 'Build Number', 'int'],
    ['IsBeta', 'Beta', 'boolean'],
    ['IsManaged', 'Managed', 'boolean'],
    ['Package2ContainerOptions', 'Package2 Container Options', 'picklist', { picklistValues: ['Managed', 'Unlocked'] }],
  ],
  { tooling: true },
);

/** Sandboxes created from this org (the Salesforce CLI asks at login); none in the demo. */
export const SANDBOX_PROCESS = define(
  'SandboxProcess',
  'Sandbox Process',
  '0GR',
  [
    ['Id', 'ID', 'id'],
    ['Status', 'Status', 'string'],
    ['SandboxName', 'Sandbox Name', 'string'],
    ['SandboxInfoId', 'Sandbox Info ID', 'string'],
    ['LicenseType', 'License Type', 'string'],
    ['CreatedDate', 'Created Date', 'datetime'],
    ['CopyProgress', 'Copy Progress', 'int'],
    ['SandboxOrganization', 'Sandbox Organization', 'string'],
    ['SourceId', 'Source ID', 'string'],
    ['Description', 'Description', 'string'],
    ['EndDate', 'End Date', 'datetime'],
    ['Features', 'Features', 'string'],
  ],
  { tooling: true },
);

export const INSTALLED_SUBSCRIBER_PACKAGE = define(
  'InstalledSubscriberPackage',
  'Installed Subscriber Package',
  '0A3',
  [
    ['Id', 'ID', 'id'],
    ['SubscriberPackageId', 'Subscriber Package ID', 'reference', { referenceTo: 'SubscriberPackage', relationshipName: 'SubscriberPackage' }],
    [
      'SubscriberPackageVersionId',
      'Subscriber Package Version ID',
      'reference',
      { referenceTo: 'SubscriberPackageVersion', relationshipName: 'SubscriberPackageVersion' },
    ],
    ['MinPackageVersionId', 'Min Package Version ID', 'reference', { referenceTo: 'SubscriberPackageVersion' }],
  ],
  { tooling: true },
);

export const PUBLISHER = define(
  'Publisher',
  'Publisher',
  '0Ae',
  [
    ['Id', 'ID', 'id'],
    ['DurableId', 'Durable ID', 'string'],
    ['Name', 'Name', 'string'],
    ['NamespacePrefix', 'Namespace Prefix', 'string'],
    ['MajorVersion', 'Major Version', 'int'],
    ['MinorVersion', 'Minor Version', 'int'],
    ['IsSalesforce', 'Is Salesforce', 'boolean'],
  ],
  { tooling: true },
);

export const DATA_OBJECTS: readonly ObjectDef[] = [
  LICENSE,
  LICENSE_HISTORY,
  PACKAGE,
  PACKAGE_VERSION,
  ACCOUNT,
  CONTACT,
  LEAD,
  USER,
  ORGANIZATION,
  RECORD_TYPE,
  ...FMA_OBJECTS,
  ...SETUP_DATA_OBJECTS,
  ...DEV_HUB_DATA_OBJECTS,
  ...PUSH_OBJECTS,
  APP_ANALYTICS_QUERY_REQUEST,
  ...PBO_OBJECTS,
  ...METADATA_DATA_OBJECTS,
];
export const TOOLING_OBJECTS: readonly ObjectDef[] = [
  SUBSCRIBER_PACKAGE,
  SUBSCRIBER_PACKAGE_VERSION,
  INSTALLED_SUBSCRIBER_PACKAGE,
  PUBLISHER,
  SANDBOX_PROCESS,
  ...SETUP_TOOLING_OBJECTS,
  ...DEV_HUB_TOOLING_OBJECTS,
  ...METADATA_TOOLING_OBJECTS,
];

/** Case-insensitive lookup of objects and fields, as SOQL resolves names. */
export class Schema {
  private readonly objects = new Map<string, ObjectDef>();
  private readonly fields = new Map<string, Map<string, FieldDef>>();

  constructor(objects: readonly ObjectDef[]) {
    for (const object of objects) {
      this.objects.set(object.name.toLowerCase(), object);
      this.fields.set(object.name, new Map(object.fields.map((f) => [f.name.toLowerCase(), f])));
    }
  }

  object(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  field(object: ObjectDef, name: string): FieldDef | undefined {
    return this.fields.get(object.name)?.get(name.toLowerCase());
  }

  relationship(object: ObjectDef, relationshipName: string): FieldDef | undefined {
    const wanted = relationshipName.toLowerCase();
    return object.fields.find((f) => f.relationshipName?.toLowerCase() === wanted);
  }

  all(): ObjectDef[] {
    return [...this.objects.values()];
  }
}
