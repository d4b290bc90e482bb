/** Raw LMA records (API field names) to domain objects. The only place that knows both. */
import { parseCalendarDate } from '../../core/calendarDate';
import { type License, expirationFrom, orgKey, seatsFrom, statusFrom } from '../../core/license';
import { type Package, type PackageVersion } from '../../core/package';

export const LICENSE_FIELDS = [
  'Id',
  'Name',
  'LastModifiedDate',
  'CreatedDate',
  'sfLma__Status__c',
  'sfLma__Seats__c',
  'sfLma__Used_Licenses__c',
  'sfLma__Expiration__c',
  'sfLma__Install_Date__c',
  'sfLma__Subscriber_Org_ID__c',
  'sfLma__Subscriber_Org_Is_Sandbox__c',
  'sfLma__Org_Type__c',
  'sfLma__Org_Instance__c',
  'sfLma__Org_Status_Formula__c',
  'sfLma__Package__c',
  'sfLma__Package__r.Name',
  'sfLma__Package_Version__c',
  'sfLma__Version_Number__c',
  'sfLma__Account__r.Name',
  'sfLma__Lead__r.Company',
] as const;

export const PACKAGE_FIELDS = [
  'Id',
  'Name',
  'sfLma__Package_ID__c',
  'sfLma__Developer_Name__c',
  'sfLma__Developer_Org_ID__c',
  'sfLma__Latest_Version__c',
  'sfLma__Release_Date__c',
  'sfLma__Lead_Manager__c',
  'sfLma__Last_License_Refresh__c',
] as const;

export const PACKAGE_VERSION_FIELDS = [
  'Id',
  'Name',
  'sfLma__Package__c',
  'sfLma__Version_Number__c',
  'sfLma__Version_ID__c',
  'sfLma__Release_Date__c',
  'sfLma__Is_Beta__c',
  'sfLma__Sequence__c',
] as const;

type Raw = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const rel = (record: Raw, relationship: string, field: string): unknown => {
  const parent = record[relationship];
  return parent && typeof parent === 'object' ? (parent as Raw)[field] : undefined;
};

export function toLicense(r: Raw): License {
  const orgId = str(r.sfLma__Subscriber_Org_ID__c) ?? '';
  return {
    id: String(r.Id),
    name: str(r.Name) ?? String(r.Id),
    status: statusFrom(str(r.sfLma__Status__c)),
    statusLabel: str(r.sfLma__Status__c) ?? '',
    seats: seatsFrom(num(r.sfLma__Seats__c) ?? null),
    usedSeats: num(r.sfLma__Used_Licenses__c),
    expiration: expirationFrom(str(r.sfLma__Expiration__c)),
    installDate: parseCalendarDate(str(r.sfLma__Install_Date__c)),
    subscriberOrgId: orgId,
    orgKey: orgKey(orgId),
    isSandbox: r.sfLma__Subscriber_Org_Is_Sandbox__c === true,
    orgEdition: str(r.sfLma__Org_Type__c),
    orgInstance: str(r.sfLma__Org_Instance__c),
    orgStatus: str(r.sfLma__Org_Status_Formula__c),
    packageId: str(r.sfLma__Package__c),
    packageName: str(rel(r, 'sfLma__Package__r', 'Name')),
    packageVersionId: str(r.sfLma__Package_Version__c),
    versionNumber: str(r.sfLma__Version_Number__c),
    accountName: str(rel(r, 'sfLma__Account__r', 'Name')),
    leadCompany: str(rel(r, 'sfLma__Lead__r', 'Company')),
    lastModified: str(r.LastModifiedDate),
    createdDate: str(r.CreatedDate),
  };
}

export function toPackage(r: Raw): Package {
  return {
    id: String(r.Id),
    name: str(r.Name) ?? String(r.Id),
    packageId: str(r.sfLma__Package_ID__c),
    developerName: str(r.sfLma__Developer_Name__c),
    developerOrgId: str(r.sfLma__Developer_Org_ID__c),
    latestVersion: str(r.sfLma__Latest_Version__c),
    releaseDate: parseCalendarDate(str(r.sfLma__Release_Date__c)),
    leadManagerId: str(r.sfLma__Lead_Manager__c),
    lastLicenseRefresh: parseCalendarDate(str(r.sfLma__Last_License_Refresh__c)),
  };
}

/** Undefined for rows without a version number (Salesforce's own tool skips them too). */
export function toPackageVersion(r: Raw): PackageVersion | undefined {
  const versionNumber = str(r.sfLma__Version_Number__c);
  if (!versionNumber) return undefined;
  return {
    id: String(r.Id),
    packageId: String(r.sfLma__Package__c),
    name: str(r.Name) ?? versionNumber,
    versionNumber,
    versionId: str(r.sfLma__Version_ID__c),
    releaseDate: parseCalendarDate(str(r.sfLma__Release_Date__c)),
    isBeta: r.sfLma__Is_Beta__c === true,
    sequence: num(r.sfLma__Sequence__c),
  };
}
