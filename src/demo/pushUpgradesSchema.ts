/**
 * The push-upgrade objects of the org that owns the packages (the Dev Hub for 2GP, the packaging
 * org for 1GP): PackagePushRequest, PackagePushJob and PackagePushError, with Salesforce's field
 * names, types, picklist values and field properties (docs/salesforce/push-tracking.md). Where the
 * object reference lists no Filter or Sort for a field (StartTime, EndTime, DurationSeconds; the
 * error's texts), the demo refuses it in WHERE or ORDER BY, as Salesforce does.
 * Read-only in the demo: the product never schedules, starts or cancels a push.
 */
import { type ObjectDef, audit, define, ro } from './schemaDsl';

/** Fields the object reference lists with neither Filter nor Sort. */
const unfiltered = { filterable: false, sortable: false } as const;

/** A request's statuses ("Canceled", one l). */
export const PUSH_REQUEST_STATUSES = ['Canceled', 'Created', 'Failed', 'In Progress', 'Pending', 'Succeeded'] as const;
/** A job's statuses ("Cancelled", two l's: documented so, unlike the request's). */
export const PUSH_JOB_STATUSES = ['Cancelled', 'Created', 'Failed', 'In Progress', 'Pending', 'Succeeded'] as const;
export const PUSH_ERROR_TYPES = [
  'ApexTestFailure',
  'DeployError',
  'FeatureMissing',
  'IneligibleUpgrade',
  'LimitExceeded',
  'LockingFailure',
  'PACError',
  'UnclassifiedError',
] as const;
export type PushRequestStatus = (typeof PUSH_REQUEST_STATUSES)[number];
export type PushJobStatus = (typeof PUSH_JOB_STATUSES)[number];
export type PushErrorType = (typeof PUSH_ERROR_TYPES)[number];

export const PACKAGE_PUSH_REQUEST = define(
  'PackagePushRequest',
  'Package Push Request',
  '0DV',
  ro([
    ['Id', 'Package Push Request ID', 'id'],
    ...audit(),
    ['PackageVersionId', 'Package Version ID', 'reference', { referenceTo: 'MetadataPackageVersion', relationshipName: 'PackageVersion' }],
    ['ScheduledStartTime', 'Scheduled Start Time', 'datetime'],
    ['Status', 'Status', 'picklist', { picklistValues: PUSH_REQUEST_STATUSES }],
    ['StartTime', 'Start Time', 'datetime', unfiltered],
    ['EndTime', 'End Time', 'datetime', unfiltered],
    ['DurationSeconds', 'Duration Seconds', 'int', unfiltered],
    ['IsMigration', 'Is Migration', 'boolean'],
  ]),
);

export const PACKAGE_PUSH_JOB = define(
  'PackagePushJob',
  'Package Push Job',
  '0DX',
  ro([
    ['Id', 'Package Push Job ID', 'id'],
    ...audit(),
    ['PackagePushRequestId', 'Package Push Request ID', 'reference', { referenceTo: 'PackagePushRequest', relationshipName: 'PackagePushRequest' }],
    ['SubscriberOrganizationKey', 'Subscriber Organization Key', 'string', { length: 18 }],
    ['Status', 'Status', 'picklist', { picklistValues: PUSH_JOB_STATUSES }],
    ['StartTime', 'Start Time', 'datetime', unfiltered],
    ['EndTime', 'End Time', 'datetime', unfiltered],
    ['DurationSeconds', 'Duration Seconds', 'int', unfiltered],
  ]),
);

/** Texts the reference lists as "Nillable, Sort" only: not filterable, not groupable. */
const sortOnly = { filterable: false, groupable: false } as const;

export const PACKAGE_PUSH_ERROR = define(
  'PackagePushError',
  'Package Push Error',
  '0DY',
  ro([
    ['Id', 'Package Push Error ID', 'id'],
    ...audit(),
    ['PackagePushJobId', 'Package Push Job ID', 'reference', { referenceTo: 'PackagePushJob', relationshipName: 'PackagePushJob' }],
    ['ErrorSeverity', 'Error Severity', 'picklist', { picklistValues: ['Error', 'Warning'] }],
    ['ErrorType', 'Error Type', 'picklist', { picklistValues: PUSH_ERROR_TYPES }],
    ['ErrorTitle', 'Error Title', 'string', { length: 255, ...sortOnly }],
    ['ErrorMessage', 'Error Message', 'string', { length: 4000, ...sortOnly }],
    ['ErrorDetails', 'Error Details', 'string', { length: 4000, ...sortOnly }],
  ]),
);

export const PUSH_OBJECTS: readonly ObjectDef[] = [PACKAGE_PUSH_REQUEST, PACKAGE_PUSH_JOB, PACKAGE_PUSH_ERROR];
export const PUSH_OBJECT_NAMES: ReadonlySet<string> = new Set(PUSH_OBJECTS.map((o) => o.name));
