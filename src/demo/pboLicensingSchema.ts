/**
 * The Partner Business Org's licensing objects (docs/salesforce/app-analytics.md, "PBO licensing
 * objects"): SfdcPartnerTenant (a subscriber org), SfdcPartnerTenantPackage (a package installed in
 * it) and SfdcPartnerTntPkgLicense (that package's license as the management org provisioned it and
 * as the subscriber org holds it). Read-only (query, retrieve, describe, getUpdated). The key
 * prefixes and the subscriber-side field names are not documented: the demo's are marked
 * unconfirmed there, and the product reads them from describe.
 */
import { type ObjectDef, type Spec, define, ro } from './schemaDsl';

const common = (label: string): Spec[] => [
  ['Id', `${label} ID`, 'id'],
  ['IsDeleted', 'Deleted', 'boolean'],
  ['Name', 'Name', 'string', { length: 80 }],
  ['CreatedDate', 'Created Date', 'datetime'],
  ['CreatedById', 'Created By ID', 'reference', { referenceTo: 'User', relationshipName: 'CreatedBy' }],
  ['LastModifiedDate', 'Last Modified Date', 'datetime'],
  ['LastModifiedById', 'Last Modified By ID', 'reference', { referenceTo: 'User', relationshipName: 'LastModifiedBy' }],
  ['SystemModstamp', 'System Modstamp', 'datetime'],
  ['LastReferencedDate', 'Last Referenced Date', 'datetime'],
  ['LastViewedDate', 'Last Viewed Date', 'datetime'],
];

export const MANAGEMENT_LICENSE_STATUSES = ['Active', 'Free', 'Trial'] as const;
/** Unconfirmed: the subscriber side's values are not documented. */
export const SUBSCRIBER_LICENSE_STATUSES = ['Active', 'Free', 'Trial', 'Suspended', 'Expired'] as const;

/** The reference gives 64.0 in one version of the page and 65.0 in another: the demo takes the later. */
export const SFDC_PARTNER_TENANT = define(
  'SfdcPartnerTenant',
  'Partner Tenant',
  '1Ts',
  ro([
    ...common('Partner Tenant'),
    ['Tenant', 'Tenant', 'string', { length: 18 }],
    ['IsSandbox', 'Is Sandbox', 'boolean'],
    ['TenantStatus', 'Tenant Status', 'string', { length: 40 }],
    ['CustomerId', 'Customer ID', 'reference', { referenceTo: 'SfdcCustomerForPartner', relationshipName: 'Customer' }],
  ]),
  { sinceVersion: 65 },
);

export const SFDC_PARTNER_TENANT_PACKAGE = define(
  'SfdcPartnerTenantPackage',
  'Partner Tenant Package',
  '1Tp',
  ro([
    ...common('Partner Tenant Package'),
    ['PartnerTenantId', 'Partner Tenant ID', 'reference', { referenceTo: 'SfdcPartnerTenant', relationshipName: 'PartnerTenant' }],
    ['PartnerPackageId', 'Partner Package ID', 'reference', { referenceTo: 'SfdcPartnerPackage', relationshipName: 'PartnerPackage' }],
    [
      'PartnerPackageVersion',
      'Partner Package Version',
      'reference',
      { referenceTo: 'SfdcPartnerPackageVersion', relationshipName: 'PartnerPackageVersionRef' },
    ],
    ['Status', 'Status', 'picklist', { picklistValues: ['i', 'u'] }],
    ['InstalledDate', 'Installed Date', 'datetime'],
    ['LastInstalledDate', 'Last Installed Date', 'datetime'],
  ]),
  { sinceVersion: 66 },
);

export const SFDC_PARTNER_TNT_PKG_LICENSE = define(
  'SfdcPartnerTntPkgLicense',
  'Partner Tenant Package License',
  '1Tl',
  ro([
    ...common('Partner Tenant Package License'),
    ['PartnerTenantPackageId', 'Partner Tenant Package ID', 'reference', { referenceTo: 'SfdcPartnerTenantPackage', relationshipName: 'PartnerTenantPackage' }],
    ['ManagementProvisionedSeats', 'Management Provisioned Seats', 'int'],
    ['ManagementExpirationDate', 'Management Expiration Date', 'datetime'],
    ['ManagementLicenseStatus', 'Management License Status', 'picklist', { picklistValues: MANAGEMENT_LICENSE_STATUSES }],
    // Unconfirmed names (docs/salesforce/app-analytics.md): the subscriber org's side.
    ['SubscriberProvisionedSeats', 'Subscriber Provisioned Seats', 'int'],
    ['SubscriberUsedSeats', 'Subscriber Used Seats', 'int'],
    ['SubscriberExpirationDate', 'Subscriber Expiration Date', 'datetime'],
    ['SubscriberLicenseStatus', 'Subscriber License Status', 'picklist', { picklistValues: SUBSCRIBER_LICENSE_STATUSES }],
  ]),
  { sinceVersion: 66 },
);

export const PBO_OBJECTS: readonly ObjectDef[] = [SFDC_PARTNER_TENANT, SFDC_PARTNER_TENANT_PACKAGE, SFDC_PARTNER_TNT_PKG_LICENSE];
export const PBO_OBJECT_NAMES: ReadonlySet<string> = new Set(PBO_OBJECTS.map((o) => o.name));
