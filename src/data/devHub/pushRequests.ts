/**
 * Push requests, their jobs and their errors, read from the org that owns the package (the Dev Hub
 * for 2GP and unlocked, the packaging org for 1GP): PackagePushRequest, PackagePushJob and
 * PackagePushError (docs/salesforce/push-status.md). Read-only: nothing here schedules, starts or
 * cancels a push.
 *
 * Costs: `requests()` is two calls whatever the number of requests (the requests, capped at
 * MAX_PUSH_REQUESTS, and one aggregate of their jobs by request and status); `jobs()` and
 * `errors()` are one call per page of rows of one request. Never a call per org.
 */
import { type PushError, type PushJob, type PushRequest, type PushStatus, emptyJobCounts, pushStatusOf } from '../../core/linking/pushStatus';
import { orgKey } from '../../core/orgId';
import { formatVersionNumber } from '../../core/versionNumber';
import { LmoError, isLmoError } from '../org/errors';
import { type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { raw, soql, soqlDateTime } from '../org/soql';

type Row = Record<string, unknown>;

/**
 * The most requests one list shows (the newest): their ids fit one IN list under the WHERE length
 * limit, and their job counts (≤ 6 statuses each) fit one aggregate answer, which cannot be paged.
 */
export const MAX_PUSH_REQUESTS = 150;

export const PUSH_REQUEST_FIELDS = [
  'Id',
  'PackageVersionId',
  'PackageVersion.Name',
  'PackageVersion.MajorVersion',
  'PackageVersion.MinorVersion',
  'PackageVersion.PatchVersion',
  'PackageVersion.MetadataPackageId',
  'PackageVersion.MetadataPackage.Name',
  'Status',
  'ScheduledStartTime',
  'StartTime',
  'EndTime',
  'DurationSeconds',
  'CreatedDate',
] as const;

const JOB_FIELDS = ['Id', 'PackagePushRequestId', 'SubscriberOrganizationKey', 'Status'] as const;
const ERROR_FIELDS = [
  'Id',
  'PackagePushJobId',
  'PackagePushJob.SubscriberOrganizationKey',
  'ErrorSeverity',
  'ErrorType',
  'ErrorTitle',
  'ErrorMessage',
] as const;

const PACKAGE_ID = /^033[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/;
const REQUEST_ID = /^0DV[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/;

export interface PushRequestFilter {
  /** 033… ids of the packages; all the org's when omitted. */
  readonly packageIds?: readonly string[];
  /** One request, 0DV… */
  readonly requestId?: string;
  /** Requests created at or after this instant (ISO). */
  readonly since?: string;
}

export interface PushRequestOptions extends CallOptions {
  /** At most this many (the newest); default and ceiling MAX_PUSH_REQUESTS. */
  readonly limit?: number;
}

export interface PushJobOptions extends CallOptions {
  /** Only jobs in these statuses (a job's 'Canceled' is asked for as Salesforce spells it, 'Cancelled'). */
  readonly statuses?: readonly PushStatus[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const parent = (r: Row, name: string): Row => (r[name] && typeof r[name] === 'object' ? (r[name] as Row) : {});

/** A job's status as the API spells it. */
const jobStatusText = (s: PushStatus): string => (s === 'Canceled' ? 'Cancelled' : s);

function checkIds(ids: readonly string[], pattern: RegExp, what: string): string[] {
  const out = [...new Set(ids.map((id) => id.trim()))];
  const bad = out.find((id) => !pattern.test(id));
  if (bad !== undefined) throw new RangeError(`Not ${what}: ${JSON.stringify(bad)}`);
  return out;
}

export function toPushRequest(r: Row, jobs: Record<PushStatus, number>): PushRequest | undefined {
  const status = pushStatusOf(r.Status);
  const id = str(r.Id);
  if (!status || !id) return undefined;
  const version = parent(r, 'PackageVersion');
  const major = num(version.MajorVersion);
  const minor = num(version.MinorVersion);
  return {
    id,
    packageVersionId: str(r.PackageVersionId) ?? '',
    packageId: str(version.MetadataPackageId),
    packageName: str(parent(version, 'MetadataPackage').Name),
    versionName: str(version.Name),
    versionNumber: major === undefined || minor === undefined ? undefined : formatVersionNumber([major, minor, num(version.PatchVersion) ?? 0]),
    status,
    scheduledStartTime: str(r.ScheduledStartTime),
    startTime: str(r.StartTime),
    endTime: str(r.EndTime),
    durationSeconds: num(r.DurationSeconds),
    jobs,
    orgsScheduled: Object.values(jobs).reduce((a, b) => a + b, 0),
  };
}

export class PushRequestReader {
  constructor(readonly client: OrgClient) {}

  get target() {
    return this.client.target;
  }

  /** The SOQL of the request list (newest first), for a filter. */
  requestsSoql(filter: PushRequestFilter, limit: number): string {
    const where: string[] = [];
    if (filter.packageIds) {
      const ids = checkIds(filter.packageIds, PACKAGE_ID, 'a package id (033…)');
      if (ids.length === 0) throw new RangeError('An empty list of packages');
      where.push(soql`PackageVersion.MetadataPackageId IN ${ids}`);
    }
    if (filter.requestId !== undefined) where.push(soql`Id = ${checkIds([filter.requestId], REQUEST_ID, 'a push request id (0DV…)')[0]}`);
    if (filter.since !== undefined) where.push(soql`CreatedDate >= ${soqlDateTime(filter.since)}`);
    return (
      soql`SELECT ${raw(PUSH_REQUEST_FIELDS.join(', '))} FROM PackagePushRequest` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      soql` ORDER BY CreatedDate DESC, Id DESC LIMIT ${limit}`
    );
  }

  /** The requests (newest first) with their job counts: two calls. */
  async requests(filter: PushRequestFilter = {}, options: PushRequestOptions = {}): Promise<PushRequest[]> {
    const limit = Math.max(1, Math.min(MAX_PUSH_REQUESTS, Math.floor(options.limit ?? MAX_PUSH_REQUESTS)));
    const rows = (await this.client.query<Row>(this.requestsSoql(filter, limit), options).catch((err: unknown) => Promise.reject(this.noPushObjects(err))))
      .records;
    const ids = rows.map((r) => str(r.Id)).filter((id): id is string => !!id);
    const counts = await this.jobCounts(ids, options);
    const out: PushRequest[] = [];
    for (const r of rows) {
      const request = toPushRequest(r, counts.get(orgKey(String(r.Id))) ?? emptyJobCounts());
      if (request) out.push(request);
    }
    return out;
  }

  /** Jobs per request (15-character request id) and status: one aggregate query (GROUP BY; docs/salesforce/push-status.md). */
  async jobCounts(requestIds: readonly string[], options: CallOptions = {}): Promise<Map<string, Record<PushStatus, number>>> {
    const out = new Map<string, Record<PushStatus, number>>();
    const ids = checkIds(requestIds, REQUEST_ID, 'a push request id (0DV…)');
    if (ids.length === 0) return out;
    if (ids.length > MAX_PUSH_REQUESTS) throw new RangeError(`At most ${MAX_PUSH_REQUESTS} requests at once, not ${ids.length}`);
    const page = await this.client.query<Row>(
      soql`SELECT PackagePushRequestId, Status, COUNT(Id) jobCount FROM PackagePushJob WHERE PackagePushRequestId IN ${ids} GROUP BY PackagePushRequestId, Status`,
      options,
    );
    for (const r of page.records) {
      const request = str(r.PackagePushRequestId);
      const status = pushStatusOf(r.Status);
      const n = num(r.jobCount);
      if (!request || !status || n === undefined) continue;
      const key = orgKey(request);
      const counts = out.get(key) ?? emptyJobCounts();
      counts[status] += n;
      out.set(key, counts);
    }
    return out;
  }

  /** One request's jobs (optionally only some statuses): one call per page. */
  async jobs(requestId: string, options: PushJobOptions = {}): Promise<PushJob[]> {
    const id = checkIds([requestId], REQUEST_ID, 'a push request id (0DV…)')[0];
    const statuses = options.statuses ? [...new Set(options.statuses.map(jobStatusText))] : undefined;
    if (statuses && statuses.length === 0) return [];
    const text =
      soql`SELECT ${raw(JOB_FIELDS.join(', '))} FROM PackagePushJob WHERE PackagePushRequestId = ${id}` +
      (statuses ? soql` AND Status IN ${statuses}` : '') +
      ' ORDER BY Id';
    const result = await this.client.fetchAll<Row>(text, options);
    const out: PushJob[] = [];
    for (const r of result.records) {
      const status = pushStatusOf(r.Status);
      const key = str(r.SubscriberOrganizationKey);
      if (!status || !key || !str(r.Id)) continue;
      out.push({ id: String(r.Id), requestId: str(r.PackagePushRequestId) ?? id, orgKey: orgKey(key), status });
    }
    return out;
  }

  /** One request's errors, each with its job's org: one call per page. */
  async errors(requestId: string, options: CallOptions = {}): Promise<PushError[]> {
    const id = checkIds([requestId], REQUEST_ID, 'a push request id (0DV…)')[0];
    const result = await this.client.fetchAll<Row>(
      soql`SELECT ${raw(ERROR_FIELDS.join(', '))} FROM PackagePushError WHERE PackagePushJob.PackagePushRequestId = ${id} ORDER BY Id`,
      options,
    );
    return result.records.map((r) => ({
      jobId: str(r.PackagePushJobId) ?? '',
      orgKey: orgKey(str(parent(r, 'PackagePushJob').SubscriberOrganizationKey) ?? ''),
      type: str(r.ErrorType) ?? 'UnclassifiedError',
      title: str(r.ErrorTitle) ?? '',
      message: str(r.ErrorMessage) ?? '',
      severity: str(r.ErrorSeverity) ?? 'Error',
    }));
  }

  /** An org without the push objects is not the org that owns the package: say so, not "please report this". */
  private noPushObjects(err: unknown): unknown {
    if (!isLmoError(err) || err.errorCode !== 'INVALID_TYPE') return err;
    return new LmoError(
      'permission',
      `${this.target.label} has no push upgrade records (PackagePushRequest): read them from the org that owns the package — the Dev Hub for a second-generation or unlocked package, the packaging org for a first-generation one (--target-dev-hub <alias>).`,
      err.detail,
      err.errorCode,
    );
  }
}
