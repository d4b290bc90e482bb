/**
 * The objects of the org that owns the packages (the Dev Hub for 2GP, the packaging org for 1GP):
 * Tooling Package2 and Package2Version, MetadataPackage and MetadataPackageVersion (data API and
 * Tooling), PackageSubscriber (data API) and ScratchOrgInfo, whose presence is how the Salesforce
 * CLI decides an org is a Dev Hub. Field names and types are Salesforce's (docs/salesforce/linking.md, docs/salesforce/push-upgrades.md).
 * Everything here is read-only: nothing in these objects is written through the API.
 */
import { type ObjectDef, audit, define, ro } from './schemaDsl';

export const PACKAGE2 = define(
  'Package2',
  'Package2',
  '0Ho',
  ro([
    ['Id', 'Package2 ID', 'id'],
    ...audit(),
    ['SubscriberPackageId', 'Subscriber Package ID', 'reference', { referenceTo: 'MetadataPackage' }],
    ['Name', 'Name', 'string', { length: 255 }],
    ['Description', 'Description', 'string', { length: 4000 }],
    ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15 }],
    ['ContainerOptions', 'Container Options', 'picklist', { picklistValues: ['Managed', 'Unlocked', 'Locked'] }],
    ['IsDeprecated', 'Deprecated', 'boolean'],
    ['IsOrgDependent', 'Org Dependent', 'boolean'],
    ['ConvertedFromPackageId', 'Converted From Package ID', 'reference', { referenceTo: 'MetadataPackage' }],
    ['PackageErrorUsername', 'Package Error Username', 'string', { length: 80 }],
    ['AppAnalyticsEnabled', 'App Analytics Enabled', 'boolean'],
    ['RecommendedVersionId', 'Recommended Version ID', 'reference', { referenceTo: 'MetadataPackageVersion' }],
  ]),
  { tooling: true },
);

export const PACKAGE2_VERSION = define(
  'Package2Version',
  'Package2 Version',
  '05i',
  ro([
    ['Id', 'Package2 Version ID', 'id'],
    ...audit(),
    ['Package2Id', 'Package2 ID', 'reference', { referenceTo: 'Package2', relationshipName: 'Package2' }],
    ['SubscriberPackageVersionId', 'Subscriber Package Version ID', 'reference', { referenceTo: 'MetadataPackageVersion' }],
    ['Name', 'Name', 'string', { length: 255 }],
    ['Description', 'Description', 'string', { length: 4000 }],
    ['Tag', 'Tag', 'string', { length: 255 }],
    ['Branch', 'Branch', 'string', { length: 255 }],
    ['MajorVersion', 'Major Version', 'int'],
    ['MinorVersion', 'Minor Version', 'int'],
    ['PatchVersion', 'Patch Version', 'int'],
    ['BuildNumber', 'Build Number', 'int'],
    ['IsReleased', 'Released', 'boolean'],
    ['IsDeprecated', 'Deprecated', 'boolean'],
    ['IsPasswordProtected', 'Password Protected', 'boolean'],
    ['AncestorId', 'Ancestor ID', 'reference', { referenceTo: 'Package2Version' }],
    ['ValidationSkipped', 'Validation Skipped', 'boolean'],
    ['ValidatedAsync', 'Validated Async', 'boolean'],
    ['ConvertedFromVersionId', 'Converted From Version ID', 'reference', { referenceTo: 'MetadataPackageVersion' }],
    ['ReleaseVersion', 'Release Version', 'double'],
    ['BuildDurationInSeconds', 'Build Duration In Seconds', 'int'],
    ['HasMetadataRemoved', 'Has Metadata Removed', 'boolean'],
    ['HasPassedCodeCoverageCheck', 'Has Passed Code Coverage Check', 'boolean'],
    ['CodeCoverage', 'Code Coverage', 'anyType', { filterable: false, sortable: false }],
    ['Language', 'Language', 'string', { length: 40 }],
  ]),
  { tooling: true },
);

/** Packages developed in this org: 1GP (category Package) and 2GP (category Package2). In the data API and Tooling. */
export const METADATA_PACKAGE = define(
  'MetadataPackage',
  'Metadata Package',
  '033',
  ro([
    ['Id', 'Metadata Package ID', 'id'],
    ['Name', 'Name', 'string', { length: 255 }],
    ['NamespacePrefix', 'Namespace Prefix', 'string', { length: 15 }],
    ['PackageCategory', 'Package Category', 'picklist', { picklistValues: ['Package', 'Package2', 'Application', 'Module'] }],
    ['SystemModstamp', 'System Modstamp', 'datetime'],
  ]),
);

export const METADATA_PACKAGE_VERSION = define(
  'MetadataPackageVersion',
  'Metadata Package Version',
  '04t',
  ro([
    ['Id', 'Metadata Package Version ID', 'id'],
    ['Name', 'Name', 'string', { length: 255 }],
    ['MetadataPackageId', 'Metadata Package ID', 'reference', { referenceTo: 'MetadataPackage', relationshipName: 'MetadataPackage' }],
    ['MajorVersion', 'Major Version', 'int'],
    ['MinorVersion', 'Minor Version', 'int'],
    ['PatchVersion', 'Patch Version', 'int'],
    ['BuildNumber', 'Build Number', 'int'],
    ['ReleaseState', 'Release State', 'picklist', { picklistValues: ['Beta', 'Released'] }],
    ['IsDeprecated', 'Deprecated', 'boolean'],
    ['SystemModstamp', 'System Modstamp', 'datetime'],
  ]),
);

/** One row per installation of a package developed in this org (data API only). */
export const PACKAGE_SUBSCRIBER = define(
  'PackageSubscriber',
  'Package Subscriber',
  '0Hf',
  ro([
    ['Id', 'Package Subscriber ID', 'id'],
    ['InstalledStatus', 'Installed Status', 'picklist', { picklistValues: ['i', 'u'] }],
    ['InstanceName', 'Instance Name', 'string', { length: 10 }],
    ['MetadataPackageId', 'Metadata Package ID', 'reference', { referenceTo: 'MetadataPackage', relationshipName: 'MetadataPackage' }],
    [
      'MetadataPackageVersionId',
      'Metadata Package Version ID',
      'reference',
      { referenceTo: 'MetadataPackageVersion', relationshipName: 'MetadataPackageVersion' },
    ],
    ['OrgKey', 'Org Key', 'string', { length: 18 }],
    ['OrgName', 'Org Name', 'string', { length: 255 }],
    ['OrgStatus', 'Org Status', 'picklist', { picklistValues: ['Active', 'Demo', 'Free', 'Inactive', 'Trial'] }],
    ['OrgType', 'Org Type', 'picklist', { picklistValues: ['Production', 'Sandbox'] }],
    ['ParentOrg', 'Parent Org', 'string', { length: 18 }],
    ['CustomUpgradeType', 'Custom Upgrade Type', 'picklist', { picklistValues: ['BlockedBySubscriber', 'None'] }],
    ['HasRestrictionEnabled', 'Has Restriction Enabled', 'boolean'],
    ['SystemModstamp', 'System Modstamp', 'datetime'],
  ]),
);

/** Scratch orgs created from this Dev Hub; none in the demo. Its presence makes the CLI treat the org as a Dev Hub. */
export const SCRATCH_ORG_INFO = define(
  'ScratchOrgInfo',
  'Scratch Org Info',
  '2SR',
  ro([
    ['Id', 'Scratch Org Info ID', 'id'],
    ['OrgName', 'Org Name', 'string', { length: 255 }],
    ['Status', 'Status', 'picklist', { picklistValues: ['New', 'Deleted', 'Active', 'Error'] }],
    ['ScratchOrg', 'Scratch Org', 'string', { length: 18 }],
    ['SignupUsername', 'Username', 'string', { length: 80 }],
    ['CreatedDate', 'Created Date', 'datetime'],
    ['ExpirationDate', 'Expiration Date', 'date'],
  ]),
);

/** The owning org's objects that the data API serves. */
export const DEV_HUB_DATA_OBJECTS: readonly ObjectDef[] = [METADATA_PACKAGE, METADATA_PACKAGE_VERSION, PACKAGE_SUBSCRIBER, SCRATCH_ORG_INFO];
/** The owning org's objects that the Tooling API serves. */
export const DEV_HUB_TOOLING_OBJECTS: readonly ObjectDef[] = [PACKAGE2, PACKAGE2_VERSION, METADATA_PACKAGE, METADATA_PACKAGE_VERSION];
