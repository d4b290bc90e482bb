/**
 * The License change feed's reads: License history by a (CreatedDate, Id) watermark, an overlap
 * window re-read for rows that commit late, deletes from the `deleted` replication resource, and
 * the licenses' current facts — plus a license's timeline and the LMO's recent changes for the
 * editor.
 *
 * Cost: an idle poll is ONE API call (the history query, or a Composite call holding it and the
 * `deleted` resource when a minute has passed since the last delete window). A page of changes
 * costs one more call: a Composite call of up to five `queryAll … WHERE Id IN (…)` queries for the
 * licenses' facts; a page is cut where its licenses would not fit in those five.
 */
import {
  type HistoryRow,
  type LicenseChange,
  type LicenseChangeType,
  type LicenseFacts,
  changesFromHistory,
  compareChanges,
  deletedChange,
} from '../../core/changes/licenseChange';
import { toLmoError } from '../org/errors';
import { type CallOptions, type CompositeSubrequest, MAX_COMPOSITE_QUERIES, subrequestError } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { chunkByWhereLength, raw, soql, soqlDateTime } from '../org/soql';
import { FACT_FIELDS, HISTORY_FIELDS, toHistoryRow, toLicenseFacts } from './changeRecords';

/** A history row's place in (CreatedDate, Id) order. */
export interface HistoryKey {
  readonly atMs: number;
  readonly id: string;
}

/** Where the feed is. Plain JSON: the CLI stores it as it is. */
export interface ChangeCursor {
  readonly version: 1;
  /** The furthest history row read. */
  readonly position: HistoryKey;
  /** Set in the middle of a catch-up: the next page continues after this row, with no overlap re-read. */
  readonly resumeAfter: HistoryKey | null;
  /** Ids of history rows read at or after position − overlap, with their time: a re-read drops them. */
  readonly recent: readonly (readonly [string, number])[];
  /** The next start of the `deleted` window (the last latestDateCovered), ISO. */
  readonly deletedFrom: string;
  /** Delete event ids already taken in the last two days. */
  readonly recentDeleted: readonly (readonly [string, number])[];
  /** Changes before this instant (ms) are never reported: where the feed was started. */
  readonly floorMs: number;
}

export interface ChangePoll {
  /** New events, in (time, id) order. */
  readonly changes: LicenseChange[];
  readonly cursor: ChangeCursor;
  /** More history is waiting: poll again at once. */
  readonly more: boolean;
  readonly apiCalls: number;
  /** Things the user must know (a delete window that could not be read in full). */
  readonly warnings: string[];
}

export interface ChangeReaderOptions {
  /** The org's "now" (injected; the demo's clock may be set to another day). */
  readonly now?: () => Date;
  /** How far back each poll re-reads for rows that committed late (default 5 minutes). */
  readonly overlapMs?: number;
  /** History rows per query (at most 2,000, one batch). */
  readonly pageSize?: number;
}

export const TRACKED_HISTORY_FIELDS = ['created', 'sfLma__Status__c', 'sfLma__Seats__c', 'sfLma__Expiration__c', 'sfLma__Package_Version__c'] as const;
const FIELD_OF: Readonly<Partial<Record<LicenseChangeType, string>>> = {
  'license.created': 'created',
  'license.status_changed': 'sfLma__Status__c',
  'license.seats_changed': 'sfLma__Seats__c',
  'license.expiration_changed': 'sfLma__Expiration__c',
  'license.version_changed': 'sfLma__Package_Version__c',
};
const MINUTE = 60_000;
const DAY = 86_400_000;
/** Salesforce returns deletes of the last 15 days (the Recycle Bin). */
export const DELETED_WINDOW_DAYS = 15;
const HISTORY = 'sfLma__License__History';
const LICENSE = 'sfLma__License__c';

const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
const sfMs = (text: string) => Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
const keyOf = (row: HistoryRow): HistoryKey => ({ atMs: sfMs(row.createdDate), id: row.id });
const after = (a: HistoryKey, b: HistoryKey) => a.atMs > b.atMs || (a.atMs === b.atMs && a.id > b.id);

export class LicenseChangeReader {
  private readonly now: () => Date;
  readonly overlapMs: number;
  private readonly pageSize: number;

  constructor(
    readonly client: OrgClient,
    options: ChangeReaderOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.overlapMs = options.overlapMs ?? 5 * MINUTE;
    this.pageSize = Math.min(2000, Math.max(1, options.pageSize ?? 2000));
  }

  /** A cursor that starts at `since`: every change at or after it is new. */
  initialCursor(since: Date): ChangeCursor {
    const start: HistoryKey = { atMs: Math.floor(since.getTime() / 1000) * 1000, id: '' };
    return { version: 1, position: start, resumeAfter: start, recent: [], deletedFrom: since.toISOString(), recentDeleted: [], floorMs: start.atMs };
  }

  /** One page of the feed: at most two API calls (history [+ deletes], then the licenses' facts). */
  async poll(cursor: ChangeCursor, options: CallOptions = {}): Promise<ChangePoll> {
    const calls = { n: 0 };
    const warnings: string[] = [];
    const nowMs = this.now().getTime();
    const fields = soql`Field IN ${[...TRACKED_HISTORY_FIELDS]}`;
    const from = cursor.resumeAfter;
    const where = from
      ? soql`${raw(fields)} AND (CreatedDate > ${soqlDateTime(new Date(from.atMs))} OR (CreatedDate = ${soqlDateTime(new Date(from.atMs))} AND Id > ${from.id}))`
      : soql`${raw(fields)} AND CreatedDate >= ${soqlDateTime(new Date(cursor.position.atMs - this.overlapMs))}`;
    const historyQuery = `SELECT ${HISTORY_FIELDS.join(', ')} FROM ${HISTORY} WHERE ${where} ORDER BY CreatedDate, Id LIMIT ${this.pageSize}`;

    // The delete window: Salesforce drops seconds and wants a minute at least between start and end.
    let deletedStart = floorMinute(Date.parse(cursor.deletedFrom));
    const oldest = floorMinute(nowMs - DELETED_WINDOW_DAYS * DAY) + MINUTE;
    if (deletedStart < oldest) {
      warnings.push(
        `Deletes before ${new Date(oldest).toISOString()} cannot be read: Salesforce keeps them ${DELETED_WINDOW_DAYS} days. Licenses deleted earlier were not reported.`,
      );
      deletedStart = oldest;
    }
    const deletedEnd = floorMinute(nowMs);
    const withDeletes = deletedEnd - deletedStart >= MINUTE;

    const first = await this.historyAndDeletes(historyQuery, withDeletes ? { start: deletedStart, end: deletedEnd } : undefined, options, calls);
    const recent = new Map(cursor.recent.map(([id, ms]) => [id, ms]));
    const recentDeleted = new Map(cursor.recentDeleted.map(([id, ms]) => [id, ms]));

    const deletes = (first.deleted?.deletedRecords ?? [])
      .map((d) => ({ id: d.id, deletedDate: d.deletedDate }))
      .filter((d) => !recentDeleted.has(deletedKey(d.id, d.deletedDate)));
    if (first.deleted && Date.parse(fixZone(first.deleted.earliestDateAvailable)) > deletedStart)
      warnings.push(`Salesforce purged deletes before ${first.deleted.earliestDateAvailable}: licenses deleted before then may be missing from the feed.`);

    // Keep the rows whose licenses' facts fit one Composite call (deletes first), and never end a
    // page between the two rows of one lookup change.
    const rows = first.history.records.map(toHistoryRow);
    const full = rows.length >= this.pageSize || !first.history.done;
    const fresh = (r: HistoryRow) => !recent.has(r.id) && keyOf(r).atMs >= cursor.floorMs;
    const budget = factBudget([...deletes.map((d) => d.id), ...rows.filter(fresh).map((r) => r.licenseId)]);
    let kept = rows;
    const cutAt = rows.findIndex((r) => fresh(r) && !budget.has(r.licenseId.slice(0, 15)));
    if (cutAt >= 0) kept = rows.slice(0, Math.max(1, cutAt));
    if ((full || cutAt >= 0) && kept.length > 1) {
      const last = kept[kept.length - 1];
      if (last.dataType === 'EntityId' && kept.length < rows.length) kept = kept.slice(0, -1);
    }
    const newRows = kept.filter(fresh);
    const facts = await this.facts([...new Set([...deletes.map((d) => d.id), ...newRows.map((r) => r.licenseId)])], options, calls);

    const changes = [...changesFromHistory(newRows, facts), ...deletes.map((d) => deletedChange(d.id, d.deletedDate, facts))].sort(compareChanges);

    // Move the cursor.
    let position = cursor.position;
    for (const r of kept) {
      const k = keyOf(r);
      recent.set(r.id, k.atMs);
      if (after(k, position)) position = k;
    }
    const truncated = full || kept.length < rows.length;
    const lastKept = kept.length ? keyOf(kept[kept.length - 1]) : undefined;
    const resumeAfter = truncated && lastKept ? lastKept : null;
    const horizon = position.atMs - this.overlapMs;
    for (const d of deletes) recentDeleted.set(deletedKey(d.id, d.deletedDate), sfMs(d.deletedDate));
    const next: ChangeCursor = {
      version: 1,
      position,
      resumeAfter,
      recent: [...recent].filter(([, ms]) => ms >= horizon),
      deletedFrom: first.deleted ? new Date(sfMs(first.deleted.latestDateCovered)).toISOString() : cursor.deletedFrom,
      recentDeleted: [...recentDeleted].filter(([, ms]) => ms >= nowMs - 2 * DAY),
      floorMs: cursor.floorMs,
    };
    return { changes, cursor: next, more: resumeAfter !== null, apiCalls: calls.n, warnings };
  }

  /**
   * A license's timeline, newest first, in ONE API call (a Composite call: its history and the
   * license itself, deleted or not). At most 2,000 history rows (years of changes).
   */
  async licenseHistory(licenseId: string, options: CallOptions = {}): Promise<{ license: LicenseFacts | undefined; changes: LicenseChange[] }> {
    const history = soql`SELECT ${raw(HISTORY_FIELDS.join(', '))} FROM ${raw(HISTORY)} WHERE ParentId = ${licenseId} AND Field IN ${[...TRACKED_HISTORY_FIELDS]} ORDER BY CreatedDate DESC, Id DESC LIMIT 2000`;
    const license = soql`SELECT ${raw(FACT_FIELDS.join(', '))} FROM ${raw(LICENSE)} WHERE Id = ${licenseId}`;
    const [h, l] = await this.queries([history, license], options);
    const facts = new Map(l.records.map((r) => [String(r.Id).slice(0, 15), toLicenseFacts(r)]));
    const changes = changesFromHistory(h.records.map(toHistoryRow), facts).reverse();
    return { license: facts.get(licenseId.slice(0, 15)), changes };
  }

  /**
   * The LMO's changes of the last `days` days, newest first, up to `limit`: two API calls per
   * page of history (the page with the deletes, then the facts). A package filter applies to
   * the licenses' facts, so it may read more pages than it returns.
   */
  async recentChanges(
    query: { days: number; packageId?: string; kinds?: readonly LicenseChangeType[]; limit?: number },
    options: CallOptions = {},
  ): Promise<{ changes: LicenseChange[]; complete: boolean; apiCalls: number }> {
    const calls = { n: 0 };
    const limit = query.limit ?? 500;
    const kinds = query.kinds?.length ? query.kinds : undefined;
    const fields = kinds ? kinds.map((k) => FIELD_OF[k]).filter((f): f is string => !!f) : [...TRACKED_HISTORY_FIELDS];
    const nowMs = this.now().getTime();
    const since = nowMs - query.days * DAY;
    const wantDeletes = !kinds || kinds.includes('license.deleted');
    const keep = (c: LicenseChange) => !query.packageId || c.license?.packageId?.slice(0, 15) === query.packageId.slice(0, 15);
    const out: LicenseChange[] = [];
    let before: HistoryKey | undefined;
    let done = fields.length === 0;
    let first = true;
    while (first || (!done && out.length < limit)) {
      const where = before
        ? soql`(CreatedDate < ${soqlDateTime(new Date(before.atMs))} OR (CreatedDate = ${soqlDateTime(new Date(before.atMs))} AND Id < ${before.id}))`
        : soql`CreatedDate >= ${soqlDateTime(new Date(since))}`;
      const historyQuery = fields.length
        ? `SELECT ${HISTORY_FIELDS.join(', ')} FROM ${HISTORY} WHERE ${soql`Field IN ${fields}`} AND ${where} ORDER BY CreatedDate DESC, Id DESC LIMIT ${this.pageSize}`
        : undefined;
      const deleteWindow =
        first && wantDeletes
          ? { start: Math.max(floorMinute(since), floorMinute(nowMs - DELETED_WINDOW_DAYS * DAY) + MINUTE), end: floorMinute(nowMs) }
          : undefined;
      first = false;
      const page = await this.historyAndDeletes(
        historyQuery,
        deleteWindow && deleteWindow.end - deleteWindow.start >= MINUTE ? deleteWindow : undefined,
        options,
        calls,
      );
      const rows = page.history.records.map(toHistoryRow).filter((r) => sfMs(r.createdDate) >= since);
      done = !historyQuery || rows.length < this.pageSize;
      const deletes = page.deleted?.deletedRecords ?? [];
      const ids = [...new Set([...deletes.map((d) => d.id), ...rows.map((r) => r.licenseId)])];
      const budget = factBudget(ids);
      let kept = rows;
      const cutAt = rows.findIndex((r) => !budget.has(r.licenseId.slice(0, 15)));
      if (cutAt >= 0) {
        kept = rows.slice(0, Math.max(1, cutAt));
        done = false;
      }
      const facts = await this.facts(
        ids.filter((id) => budget.has(id.slice(0, 15))),
        options,
        calls,
      );
      out.push(...changesFromHistory(kept, facts).filter(keep), ...deletes.map((d) => deletedChange(d.id, d.deletedDate, facts)).filter(keep));
      if (kept.length) before = keyOf(kept[kept.length - 1]);
    }
    out.sort((a, b) => compareChanges(b, a));
    return { changes: out.slice(0, limit), complete: done && out.length <= limit, apiCalls: calls.n };
  }

  /** The history query, with the `deleted` window beside it in the same Composite call when one is due. */
  private async historyAndDeletes(
    historyQuery: string | undefined,
    deleteWindow: { start: number; end: number } | undefined,
    options: CallOptions,
    calls: { n: number },
  ): Promise<{ history: RawPage; deleted: DeletedResult | undefined }> {
    const empty: RawPage = { records: [], done: true };
    if (!deleteWindow) {
      if (!historyQuery) return { history: empty, deleted: undefined };
      calls.n++;
      const page = await this.client.query<Record<string, unknown>>(historyQuery, { ...options, includeDeleted: true });
      return { history: page, deleted: undefined };
    }
    const deletedPath = `/sobjects/${LICENSE}/deleted/?start=${encodeURIComponent(sfIso(deleteWindow.start))}&end=${encodeURIComponent(sfIso(deleteWindow.end))}`;
    const subrequests: CompositeSubrequest[] = [{ referenceId: 'deleted', method: 'GET', path: deletedPath }];
    if (historyQuery) subrequests.unshift({ referenceId: 'history', method: 'GET', path: `/queryAll?q=${encodeURIComponent(historyQuery)}` });
    calls.n++;
    const results = await this.client.composite(subrequests, options);
    const body = (id: string) => {
      const r = results.find((x) => x.referenceId === id);
      if (!r) throw this.client.badResponse('composite', results);
      if (r.status >= 400) throw toLmoError(subrequestError(r.body), this.client.target);
      return r.body;
    };
    const deleted = body('deleted') as DeletedResult;
    if (!deleted || !Array.isArray(deleted.deletedRecords)) throw this.client.badResponse('deleted', deleted);
    return { history: historyQuery ? asPage(body('history'), this.client) : empty, deleted };
  }

  /** The licenses' facts (deleted ones too), in one Composite call of up to five IN queries; none when there are no ids. */
  private async facts(ids: readonly string[], options: CallOptions, calls: { n: number }): Promise<Map<string, LicenseFacts>> {
    const out = new Map<string, LicenseFacts>();
    if (!ids.length) return out;
    const chunks = chunkByWhereLength(ids, (chunk) => soql`Id IN ${chunk}`).slice(0, MAX_COMPOSITE_QUERIES);
    const queries = chunks.map((chunk) => soql`SELECT ${raw(FACT_FIELDS.join(', '))} FROM ${raw(LICENSE)} WHERE Id IN ${chunk}`);
    calls.n++;
    for (const page of await this.queries(queries, options)) for (const r of page.records) out.set(String(r.Id).slice(0, 15), toLicenseFacts(r));
    return out;
  }

  /** Up to five queryAll queries in one Composite call. */
  private async queries(queries: readonly string[], options: CallOptions): Promise<RawPage[]> {
    const results = await this.client.composite(
      queries.map((q, i) => ({ referenceId: `q${i}`, method: 'GET', path: `/queryAll?q=${encodeURIComponent(q)}` })),
      options,
    );
    return queries.map((_, i) => {
      const r = results.find((x) => x.referenceId === `q${i}`);
      if (!r) throw this.client.badResponse('composite', results);
      if (r.status >= 400) throw toLmoError(subrequestError(r.body), this.client.target);
      return asPage(r.body, this.client);
    });
  }
}

interface RawPage {
  readonly records: Record<string, unknown>[];
  readonly done: boolean;
}

interface DeletedResult {
  readonly deletedRecords: { id: string; deletedDate: string }[];
  readonly earliestDateAvailable: string;
  readonly latestDateCovered: string;
}

function asPage(body: unknown, client: OrgClient): RawPage {
  const page = body as { records?: unknown; done?: unknown } | undefined;
  if (!page || !Array.isArray(page.records)) throw client.badResponse('query', body);
  return { records: page.records as Record<string, unknown>[], done: page.done !== false };
}

/** The license ids (first 15 characters) whose facts fit one Composite call, in the order given. */
function factBudget(ids: readonly string[]): Set<string> {
  const distinct = [...new Set(ids.map((id) => id.slice(0, 15)))];
  if (!distinct.length) return new Set();
  const chunks = chunkByWhereLength(
    distinct.map((id) => id.padEnd(18, 'X')),
    (chunk) => soql`Id IN ${chunk}`,
  );
  return new Set(
    chunks
      .slice(0, MAX_COMPOSITE_QUERIES)
      .flat()
      .map((id) => id.slice(0, 15)),
  );
}

function deletedKey(id: string, deletedDate: string): string {
  return `${id.slice(0, 15)}@${sfMs(deletedDate)}`;
}

/** Salesforce's replication date format: 2026-03-10T10:15:00+00:00. */
function sfIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function fixZone(text: string): string {
  return text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}
