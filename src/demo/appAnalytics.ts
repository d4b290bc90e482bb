/**
 * The demo's App Analytics (`demo.appAnalytics`): AppAnalyticsQueryRequest records created through
 * the API, checked as Salesforce checks them, moving New → Pending → Complete (or NoData, or Failed
 * with an ErrorMessage) over `appAnalyticsDelayMs`; the file behind a Complete request's DownloadUrl
 * (appAnalyticsFiles.ts serves it, without the Salesforce session); and `summaryCsv`, the tests'
 * oracle of a month's PackageUsageSummary. Reference: docs/demo.md, docs/salesforce/app-analytics.md.
 */
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { toId18 } from '../core/orgId';
import { ApiError } from './apiError';
import { APP_ANALYTICS_OBJECT, type AppAnalyticsDataType, type RequestState } from './appAnalyticsSchema';
import { type FileQuery, type UsageLicense, chunked, fileLines, monthIndex, monthStartMs, usageLicenses } from './appAnalyticsUsage';
import { serialId15 } from './random';
import { type DemoRecord } from './schemaDsl';
import { type DemoStore } from './store';
import { DAY_MS, sfDateTime } from './time';

export type AppAnalyticsMode = 'enabled' | 'disabled' | 'noAccess';
export const APP_ANALYTICS_MODES: readonly AppAnalyticsMode[] = ['enabled', 'disabled', 'noAccess'];
export const DEFAULT_APP_ANALYTICS_DELAY_MS = 300;
/** How long a DownloadUrl stays valid (third-party sources say 60 minutes: unconfirmed). */
export const DEFAULT_DOWNLOAD_TTL_MS = 60 * 60_000;
/** Retention: logs and snapshots 45 days, summaries 10 years (docs/salesforce/app-analytics.md). */
const LOG_RETENTION_DAYS = 45;
const SUMMARY_RETENTION_MONTHS = 120;
export const FILE_PATH = '/__appanalytics/files/';

export interface AppAnalyticsHost {
  readonly store: DemoStore;
  readonly seed: number;
  now(): number;
  userId(): string;
  baseUrl(): string;
  mode(): AppAnalyticsMode;
  readonly delayMs: number;
  readonly downloadTtlMs: number;
  /** The namespace of a package (033, 18 characters), if the org knows it. */
  namespaceOf(package18: string): string | null;
}

/** A file a Complete request points at. */
export interface AppAnalyticsFile {
  readonly requestId: string;
  readonly signature: string;
  readonly gzip: boolean;
  readonly size: number;
  readonly expiresMs: number;
  /** The file's bytes, made again from the same snapshot of the licenses. */
  body(): Readable;
}

const ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
const integrity = (message: string, fields: string[]) => new ApiError(400, 'FIELD_INTEGRITY_EXCEPTION', message, fields);

export class AppAnalytics {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly files = new Map<string, AppAnalyticsFile>();
  private serial = 0;
  private rowRepeat = 1;

  constructor(private readonly host: AppAnalyticsHost) {}

  /**
   * Summaries made from now on write each row `times` times (1 to 100), each copy on another
   * custom entity: N× the rows and bytes, the same distinct users (the benchmark's flat-memory
   * figure; docs/demo.md). Files already made keep theirs.
   */
  setRowRepeat(times: number): void {
    if (!Number.isInteger(times) || times < 1 || times > 100) throw new ApiError(400, 'INVALID_FIELD', `A row repeat is 1 to 100, not ${String(times)}`);
    this.rowRepeat = times;
  }

  /** The exact CSV the demo serves for a PackageUsageSummary request of one month (header only for a month not yet summarised). */
  summaryCsv(month: string, packageIds?: readonly string[]): string {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new ApiError(400, 'INVALID_FIELD', `A month is YYYY-MM, not ${month}`);
    const index = monthIndex(month);
    const current = this.currentMonth();
    const query: FileQuery = {
      dataType: 'PackageUsageSummary',
      months: index < current ? [index] : [],
      days: [],
      packages: new Set((packageIds ?? []).map((id) => id.slice(0, 15))),
      orgs: new Set(),
      rowRepeat: this.rowRepeat,
    };
    return [...fileLines(this.host.seed, this.licenses(), query, current)].join('');
  }

  /** A new request from checked values (POST /sobjects/AppAnalyticsQueryRequest); its state then moves by itself. */
  create(values: ReadonlyMap<string, unknown>): DemoRecord {
    const now = this.host.now();
    const time = (name: string) => {
      const v = values.get(name);
      if (v === null || v === undefined) return undefined;
      const text = String(v);
      // The fields are always UTC: a value without a zone is read as UTC.
      return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`);
    };
    const start = time('StartTime');
    const end = time('EndTime');
    const since = time('AvailableSince');
    if (start === undefined && since === undefined)
      throw integrity('A query must include StartTime, AvailableSince, or both.', ['StartTime', 'AvailableSince']);
    if (start !== undefined && end !== undefined && end <= start) throw integrity('EndTime must be later than StartTime.', ['StartTime', 'EndTime']);
    if (since !== undefined) {
      if ((start !== undefined && since <= start) || (end !== undefined && since <= end))
        throw integrity('AvailableSince must be later than StartTime and EndTime.', ['AvailableSince']);
      if (since >= now) throw integrity('AvailableSince must be earlier than now.', ['AvailableSince']);
    }
    const ids = (name: string, prefix: string) => {
      const text = values.get(name);
      if (text === null || text === undefined || text === '') return new Set<string>();
      const list = String(text)
        .split(',')
        .map((s) => s.trim());
      const bad = list.find((id) => !ID.test(id) || !id.startsWith(prefix));
      if (bad !== undefined) throw integrity(`${name}: not a comma-separated list of ${prefix} IDs: ${bad}`, [name]);
      return new Set(list.map((id) => id.slice(0, 15)));
    };
    const packages = ids('PackageIds', '033');
    const orgs = ids('OrganizationIds', '00D');
    const serial = ++this.serial;
    const stamp = sfDateTime(now);
    const user = this.host.userId();
    const iso = (ms: number | undefined) => (ms === undefined ? null : sfDateTime(ms));
    const record: DemoRecord = {
      Id: toId18(serialId15('0XI', serial)),
      IsDeleted: false,
      Name: String(serial).padStart(8, '0'),
      CreatedDate: stamp,
      CreatedById: user,
      LastModifiedDate: stamp,
      LastModifiedById: user,
      SystemModstamp: stamp,
      LastReferencedDate: null,
      LastViewedDate: null,
      DataType: values.get('DataType'),
      StartTime: iso(start),
      EndTime: iso(end),
      AvailableSince: iso(since),
      PackageIds: values.get('PackageIds') ?? null,
      OrganizationIds: values.get('OrganizationIds') ?? null,
      FileType: values.get('FileType') ?? null,
      FileCompression: values.get('FileCompression') ?? null,
      RequestState: 'New',
      QuerySubmittedTime: stamp,
      DownloadUrl: null,
      DownloadExpirationTime: null,
      DownloadSize: null,
      ErrorMessage: null,
    };
    this.host.store.insert(APP_ANALYTICS_OBJECT, record);
    const query = this.window(record.DataType as AppAnalyticsDataType, start ?? (since as number), end ?? now, since, packages, orgs);
    this.after(this.host.delayMs / 2, () => this.set(record, { RequestState: 'Pending' }));
    this.after(this.host.delayMs, () => void this.finish(record, query));
    return record;
  }

  /** The file behind a DownloadUrl's token, if there is one. */
  file(token: string): AppAnalyticsFile | undefined {
    return this.files.get(token);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private currentMonth(): number {
    return monthIndex(sfDateTime(this.host.now()).slice(0, 7));
  }

  private licenses(): UsageLicense[] {
    return usageLicenses(this.host.store, this.host.seed, (id) => this.host.namespaceOf(id));
  }

  /** What a request covers and is available: complete months for summaries, complete days of the last 45 for logs and snapshots. */
  private window(dataType: AppAnalyticsDataType, from: number, to: number, since: number | undefined, packages: Set<string>, orgs: Set<string>): FileQuery {
    const now = this.host.now();
    const current = this.currentMonth();
    const months: number[] = [];
    const days: number[] = [];
    if (dataType === 'PackageUsageSummary') {
      const last = Math.min(monthIndex(sfDateTime(to - 1).slice(0, 7)), current - 1);
      for (let m = Math.max(monthIndex(sfDateTime(from).slice(0, 7)), current - SUMMARY_RETENTION_MONTHS); m <= last; m++) {
        // A month's summary arrives at the start of the next month.
        if (since === undefined || monthStartMs(m + 1) >= since) months.push(m);
      }
    } else {
      const first = Math.max(Math.floor(from / DAY_MS) * DAY_MS, Math.floor(now / DAY_MS) * DAY_MS - LOG_RETENTION_DAYS * DAY_MS);
      for (let d = first; d < to && d + DAY_MS <= now; d += DAY_MS) if (since === undefined || d + DAY_MS >= since) days.push(d);
    }
    return { dataType, months, days, packages, orgs, rowRepeat: this.rowRepeat };
  }

  private async finish(record: DemoRecord, query: FileQuery): Promise<void> {
    if (this.host.mode() === 'disabled') {
      const which = query.packages.size ? [...query.packages].join(', ') : 'the packages of this org';
      const message = `AppExchange App Analytics is not enabled for ${which}.`;
      return this.set(record, { RequestState: 'Failed', ErrorMessage: message.length > 255 ? `${message.slice(0, 252)}...` : message });
    }
    if (record.FileType === 'parquet')
      return this.set(record, { RequestState: 'Failed', ErrorMessage: 'The demo LMO makes csv files only: ask for FileType csv.' });
    if (!query.months.length && !query.days.length) return this.set(record, { RequestState: 'NoData' });
    const licenses = this.licenses();
    const current = this.currentMonth();
    const gzip = record.FileCompression === 'gzip';
    const lines = () => fileLines(this.host.seed, licenses, query, current);
    const body = () => (gzip ? Readable.from(chunked(lines())).pipe(createGzip()) : Readable.from(chunked(lines())));
    const { size, rows } = await measure(lines(), gzip);
    if (rows === 0) return this.set(record, { RequestState: 'NoData' });
    const token = randomBytes(18).toString('base64url');
    const signature = randomBytes(16).toString('hex');
    const expiresMs = this.host.now() + this.host.downloadTtlMs;
    this.files.set(token, { requestId: record.Id, signature, gzip, size, expiresMs, body });
    const ttlSeconds = Math.round(this.host.downloadTtlMs / 1000);
    this.set(record, {
      RequestState: 'Complete',
      DownloadUrl: `${this.host.baseUrl()}${FILE_PATH}${token}?X-Amz-Expires=${ttlSeconds}&X-Amz-Signature=${signature}`,
      DownloadExpirationTime: sfDateTime(expiresMs),
      DownloadSize: size,
    });
    this.after(this.host.downloadTtlMs, () => this.set(record, { RequestState: 'Expired' }));
  }

  private set(record: DemoRecord, fields: Partial<Record<string, unknown>> & { RequestState: RequestState }): void {
    if (record.IsDeleted === true) return;
    Object.assign(record, fields, { LastModifiedDate: sfDateTime(this.host.now()), SystemModstamp: sfDateTime(this.host.now()) });
  }

  private after(ms: number, run: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, ms);
    t.unref();
    this.timers.add(t);
  }
}

/** The byte size of a file (compressed when asked) and its number of data rows, streamed. */
async function measure(lines: Iterable<string>, gzip: boolean): Promise<{ size: number; rows: number }> {
  let rows = -1;
  let size = 0;
  const counted = Readable.from(
    chunked(
      (function* () {
        for (const l of lines) {
          rows++;
          yield l;
        }
      })(),
    ),
  );
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done();
    },
  });
  await (gzip ? pipeline(counted, createGzip(), sink) : pipeline(counted, sink));
  return { size, rows };
}
