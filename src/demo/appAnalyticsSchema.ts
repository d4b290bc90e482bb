/**
 * AppAnalyticsQueryRequest (API 45.0+): a request for AppExchange App Analytics data, created in the
 * LMO that owns the package, with the field names, types and properties of the object reference
 * (docs/salesforce/app-analytics.md). The request fields are createable and not updateable; the
 * results (RequestState, DownloadUrl, DownloadExpirationTime, DownloadSize, ErrorMessage,
 * QuerySubmittedTime) are written by Salesforce alone.
 */
import { type Spec, define } from './schemaDsl';

export const APP_ANALYTICS_OBJECT = 'AppAnalyticsQueryRequest';
export const DATA_TYPES = ['PackageUsageLog', 'PackageUsageSummary', 'SubscriberSnapshot'] as const;
export type AppAnalyticsDataType = (typeof DATA_TYPES)[number];
/** RequestState values: docs/salesforce/app-analytics.md (Expired and the order are unconfirmed). */
export const REQUEST_STATES = ['New', 'Pending', 'Complete', 'Expired', 'Failed', 'NoData'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
/** FileType / FileCompression values (unconfirmed: docs/salesforce/app-analytics.md). */
export const FILE_TYPES = ['csv', 'parquet'] as const;
export const FILE_COMPRESSIONS = ['gzip', 'none'] as const;

/** Set on create, never on update (the reference lists Create without Update). */
const onCreate = { updateable: false, createable: true } as const;
const bySalesforce = { updateable: false, createable: false } as const;

const specs: Spec[] = [
  ['Id', 'App Analytics Query Request ID', 'id'],
  ['IsDeleted', 'Deleted', 'boolean', bySalesforce],
  ['Name', 'Number', 'string', { length: 255, ...bySalesforce }],
  ['CreatedDate', 'Created Date', 'datetime', bySalesforce],
  ['CreatedById', 'Created By ID', 'reference', { referenceTo: 'User', relationshipName: 'CreatedBy', ...bySalesforce }],
  ['LastModifiedDate', 'Last Modified Date', 'datetime', bySalesforce],
  ['LastModifiedById', 'Last Modified By ID', 'reference', { referenceTo: 'User', relationshipName: 'LastModifiedBy', ...bySalesforce }],
  ['SystemModstamp', 'System Modstamp', 'datetime', bySalesforce],
  ['LastReferencedDate', 'Last Referenced Date', 'datetime', bySalesforce],
  ['LastViewedDate', 'Last Viewed Date', 'datetime', bySalesforce],
  ['DataType', 'Data Type', 'picklist', { length: 255, picklistValues: DATA_TYPES, required: true, ...onCreate }],
  ['StartTime', 'Start Time', 'datetime', onCreate],
  ['EndTime', 'End Time', 'datetime', onCreate],
  ['AvailableSince', 'Available Since', 'datetime', onCreate],
  ['PackageIds', 'Package IDs', 'string', { length: 255, ...onCreate }],
  ['OrganizationIds', 'Organization IDs', 'string', { length: 255, ...onCreate }],
  ['FileType', 'File Type', 'picklist', { length: 255, picklistValues: FILE_TYPES, ...onCreate }],
  ['FileCompression', 'File Compression', 'picklist', { length: 255, picklistValues: FILE_COMPRESSIONS, ...onCreate }],
  ['RequestState', 'Request State', 'picklist', { length: 255, picklistValues: REQUEST_STATES, ...bySalesforce }],
  ['QuerySubmittedTime', 'Query Submitted Time', 'datetime', bySalesforce],
  // A textarea of 8,096 characters: not filterable, not sortable (the reference lists it Nillable only).
  ['DownloadUrl', 'Download URL', 'string', { length: 8096, filterable: false, sortable: false, groupable: false, ...bySalesforce }],
  ['DownloadExpirationTime', 'Download Expiration Time', 'datetime', bySalesforce],
  ['DownloadSize', 'Download File Size', 'double', bySalesforce],
  ['ErrorMessage', 'Error Message', 'string', { length: 255, ...bySalesforce }],
];

export const APP_ANALYTICS_QUERY_REQUEST = define(APP_ANALYTICS_OBJECT, 'App Analytics Query Request', '0XI', specs, { sinceVersion: 45 });
