/** Raw License history and License records (API names) to the change feed's rows and facts. */
import { type HistoryRow, type LicenseFacts } from '../../core/changes/licenseChange';

export const HISTORY_FIELDS = ['Id', 'ParentId', 'Field', 'DataType', 'OldValue', 'NewValue', 'CreatedDate', 'CreatedById', 'CreatedBy.Name'] as const;

export const FACT_FIELDS = [
  'Id',
  'Name',
  'IsDeleted',
  'sfLma__Subscriber_Org_ID__c',
  'sfLma__Package__c',
  'sfLma__Package__r.Name',
  'sfLma__Package_Version__c',
  'sfLma__Version_Number__c',
  'sfLma__Account__c',
  'sfLma__Account__r.Name',
  'sfLma__Lead__r.Company',
  'sfLma__Status__c',
  'sfLma__Seats__c',
  'sfLma__Expiration__c',
  'sfLma__Subscriber_Org_Is_Sandbox__c',
] as const;

type Raw = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const rel = (r: Raw, relationship: string, field: string): string | null => {
  const parent = r[relationship];
  return parent && typeof parent === 'object' ? str((parent as Raw)[field]) : null;
};

export function toHistoryRow(r: Raw): HistoryRow {
  return {
    id: String(r.Id),
    licenseId: String(r.ParentId),
    field: String(r.Field ?? ''),
    dataType: str(r.DataType) ?? undefined,
    oldValue: r.OldValue ?? null,
    newValue: r.NewValue ?? null,
    createdDate: String(r.CreatedDate),
    createdById: str(r.CreatedById) ?? undefined,
    createdByName: rel(r, 'CreatedBy', 'Name') ?? undefined,
  };
}

export function toLicenseFacts(r: Raw): LicenseFacts {
  const seats = r.sfLma__Seats__c;
  return {
    name: str(r.Name),
    subscriberOrgId: str(r.sfLma__Subscriber_Org_ID__c),
    packageId: str(r.sfLma__Package__c),
    packageName: rel(r, 'sfLma__Package__r', 'Name'),
    packageVersionId: str(r.sfLma__Package_Version__c),
    versionNumber: str(r.sfLma__Version_Number__c),
    accountId: str(r.sfLma__Account__c),
    accountName: rel(r, 'sfLma__Account__r', 'Name'),
    leadCompany: rel(r, 'sfLma__Lead__r', 'Company'),
    status: str(r.sfLma__Status__c),
    seats: typeof seats === 'number' && Number.isFinite(seats) ? seats : null,
    expiration: str(r.sfLma__Expiration__c),
    isSandbox: typeof r.sfLma__Subscriber_Org_Is_Sandbox__c === 'boolean' ? r.sfLma__Subscriber_Org_Is_Sandbox__c : null,
    isDeleted: r.IsDeleted === true,
  };
}
