/**
 * The records of the demo's push upgrades and what fills them: ids (0DV requests, 0DX jobs, 0DY
 * errors), the system fields, and the error texts a push upgrade really fails with, by type
 * (docs/salesforce/push-tracking.md lists the types and fields).
 */
import { toId18 } from '../core/orgId';
import { type PushErrorType, type PushJobStatus, type PushRequestStatus } from './pushUpgradesSchema';
import { serialId15 } from './random';
import { type DemoRecord } from './schemaDsl';
import { sfDateTime } from './time';

export const pushRequestId = (serial: number) => toId18(serialId15('0DV', serial));
export const pushJobId = (serial: number) => toId18(serialId15('0DX', serial));
export const pushErrorId = (serial: number) => toId18(serialId15('0DY', serial));

/** What a failed job's PackagePushError says. */
export interface PushErrorText {
  readonly type: PushErrorType;
  readonly severity: 'Error' | 'Warning';
  readonly title: string;
  readonly message: string;
  readonly details: string;
}

/** One text per type; ApexTestFailure's title is shared by every org whose tests fail the same way. */
export const PUSH_ERRORS: Readonly<Record<PushErrorType, PushErrorText>> = {
  ApexTestFailure: {
    type: 'ApexTestFailure',
    severity: 'Error',
    title: 'Apex test failure: InvoiceSchedulerTest.testMonthlyRun',
    message: 'System.AssertException: Assertion Failed: Expected: 3, Actual: 2',
    details: 'Class.InvoiceSchedulerTest.testMonthlyRun: line 42, column 1',
  },
  DeployError: {
    type: 'DeployError',
    severity: 'Error',
    title: 'Deployment error: Invoice__c.Region__c',
    message: 'Cannot change the type of field Invoice__c.Region__c: it is referenced by a validation rule in the subscriber org',
    details: 'Validation rule Region_Required on Invoice__c references Region__c',
  },
  FeatureMissing: {
    type: 'FeatureMissing',
    severity: 'Error',
    title: 'Missing feature: Multiple Currencies',
    message: 'The package requires Multiple Currencies, which is not enabled in this org',
    details: 'Enable Multiple Currencies in the subscriber org, then push again',
  },
  IneligibleUpgrade: {
    type: 'IneligibleUpgrade',
    severity: 'Error',
    title: 'Ineligible upgrade',
    message: 'The subscriber org has blocked push upgrades of this package',
    details: 'The org can install the new version itself',
  },
  LimitExceeded: {
    type: 'LimitExceeded',
    severity: 'Error',
    title: 'Limit exceeded: custom objects',
    message: 'The upgrade would exceed the maximum number of custom objects allowed in this org (200)',
    details: 'The org uses 196 of 200 custom objects; the new version adds 6',
  },
  LockingFailure: {
    type: 'LockingFailure',
    severity: 'Error',
    title: 'Locking failure',
    message: 'unable to obtain exclusive access to this record or 1 records',
    details: 'Another process held a lock on the package metadata during the upgrade',
  },
  PACError: {
    type: 'PACError',
    severity: 'Error',
    title: 'Package access control error',
    message: 'The package tried to access an object it was not granted access to: Opportunity',
    details: 'Package access control blocked the post-install script',
  },
  UnclassifiedError: {
    type: 'UnclassifiedError',
    severity: 'Error',
    title: 'Unexpected error',
    message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1843215978-41207 (-1288613522)',
    details: '',
  },
};

/** The system fields of a push record written at `atMs` by `userId`. */
function audit(userId: string, createdMs: number, modifiedMs: number) {
  return {
    IsDeleted: false,
    CreatedDate: sfDateTime(createdMs),
    CreatedById: userId,
    LastModifiedDate: sfDateTime(modifiedMs),
    LastModifiedById: userId,
    SystemModstamp: sfDateTime(modifiedMs),
  };
}

export interface RequestTimes {
  readonly scheduledMs: number;
  readonly startMs?: number;
  readonly endMs?: number;
}

export function requestRecord(id: string, versionId: string, status: PushRequestStatus, times: RequestTimes, userId: string): DemoRecord {
  const { scheduledMs, startMs, endMs } = times;
  return {
    Id: id,
    ...audit(userId, scheduledMs - 3_600_000, endMs ?? startMs ?? scheduledMs - 3_600_000),
    PackageVersionId: versionId,
    ScheduledStartTime: sfDateTime(scheduledMs),
    Status: status,
    StartTime: startMs === undefined ? null : sfDateTime(startMs),
    EndTime: endMs === undefined ? null : sfDateTime(endMs),
    DurationSeconds: startMs !== undefined && endMs !== undefined ? Math.round((endMs - startMs) / 1000) : null,
    IsMigration: false,
  };
}

export function jobRecord(
  id: string,
  requestId: string,
  orgKey: string,
  status: PushJobStatus,
  times: { createdMs: number; startMs?: number; endMs?: number },
  userId: string,
): DemoRecord {
  const { createdMs, startMs, endMs } = times;
  return {
    Id: id,
    ...audit(userId, createdMs, endMs ?? startMs ?? createdMs),
    PackagePushRequestId: requestId,
    SubscriberOrganizationKey: orgKey,
    Status: status,
    StartTime: startMs === undefined ? null : sfDateTime(startMs),
    EndTime: endMs === undefined ? null : sfDateTime(endMs),
    DurationSeconds: startMs !== undefined && endMs !== undefined ? Math.round((endMs - startMs) / 1000) : null,
  };
}

export function errorRecord(id: string, jobId: string, text: PushErrorText, atMs: number, userId: string): DemoRecord {
  return {
    Id: id,
    ...audit(userId, atMs, atMs),
    PackagePushJobId: jobId,
    ErrorSeverity: text.severity,
    ErrorType: text.type,
    ErrorTitle: text.title,
    ErrorMessage: text.message,
    ErrorDetails: text.details || null,
  };
}

/** Sets a record's fields and its modification stamps. */
export function touchRecord(record: DemoRecord, fields: Record<string, unknown>, atMs: number): void {
  Object.assign(record, fields, { LastModifiedDate: sfDateTime(atMs), SystemModstamp: sfDateTime(atMs) });
}
