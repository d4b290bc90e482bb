/**
 * The one place in the product that writes to Salesforce: License Status, Seats and Expiration,
 * through sObject Collections (PATCH composite/sobjects, at most 200 records a call,
 * allOrNone=false, so one bad record never holds back the others), batch after batch, with a
 * result per record; then a re-read that checks each record holds its new values and that
 * License history recorded the change. It never deletes and never creates.
 */
import { type ChangePlan, type PlannedChange, changedFields } from '../../core/licenseChanges/plan';
import { type SalesforceError } from '../../core/licenseChanges/journal';
import { type ChangeField, type LicenseSnapshot, type LicenseValues, WIRE_FIELDS, sameValue, snapshotOf, toWire } from '../../core/licenseChanges/values';
import { type CallOptions, type OrgClient } from '../org/orgClient';
import { raw, soql } from '../org/soql';
import { fetchHistory, idChunks } from './provisioningQueries';
import { LICENSE_FIELDS, toLicense } from './records';

/** sObject Collections takes at most 200 records a call. */
export const MAX_BATCH = 200;

export interface RecordResult {
  readonly licenseId: string;
  readonly outcome: 'saved' | 'failed';
  readonly errors: readonly SalesforceError[];
}

export interface BatchProgress {
  /** Records answered so far. */
  readonly done: number;
  readonly total: number;
  readonly saved: number;
  readonly failed: number;
}

export interface WriteHooks {
  /** Before a batch is sent (the journal records what is in flight). */
  beforeBatch?(seq: number, changes: readonly PlannedChange[]): Promise<void>;
  /** After Salesforce answered a batch. */
  afterBatch?(seq: number, results: readonly RecordResult[], changes: readonly PlannedChange[]): Promise<void>;
  onProgress?(progress: BatchProgress): void;
}

export interface WriteOutcome {
  readonly results: RecordResult[];
  /** Not sent because the signal aborted between batches. */
  readonly notSent: PlannedChange[];
  readonly cancelled: boolean;
}

/**
 * Sends the plan's changes, only the changed fields, a batch at a time. The signal is checked
 * between batches only: a batch once sent is always answered and reported, so a cancel never
 * leaves a write whose outcome nobody knows.
 */
export async function writeChanges(
  client: OrgClient,
  plan: ChangePlan,
  options: CallOptions & WriteHooks & { batchSize?: number } = {},
): Promise<WriteOutcome> {
  const size = Math.min(MAX_BATCH, Math.max(1, options.batchSize ?? MAX_BATCH));
  const results: RecordResult[] = [];
  const changes = plan.changes;
  let saved = 0;
  let failed = 0;
  for (let start = 0, seq = 1; start < changes.length; start += size, seq++) {
    if (options.signal?.aborted) return { results, notSent: changes.slice(start), cancelled: true };
    const batch = changes.slice(start, start + size);
    await options.beforeBatch?.(seq, batch);
    const body = {
      allOrNone: false,
      records: batch.map((c) => ({ attributes: { type: 'sfLma__License__c' }, id: c.license.id, ...toWire(c.after, changedFields(c)) })),
    };
    // No signal here on purpose: see above.
    const answer = await client.request<unknown>('PATCH', '/composite/sobjects', body, { meter: options.meter });
    const batchResults = saveResults(client, answer, batch);
    for (const r of batchResults) {
      if (r.outcome === 'saved') saved++;
      else failed++;
    }
    results.push(...batchResults);
    await options.afterBatch?.(seq, batchResults, batch);
    options.onProgress?.({ done: results.length, total: changes.length, saved, failed });
  }
  return { results, notSent: [], cancelled: false };
}

/** SaveResults come back in request order, one per record. */
function saveResults(client: OrgClient, answer: unknown, batch: readonly PlannedChange[]): RecordResult[] {
  if (!Array.isArray(answer) || answer.length !== batch.length) throw client.badResponse('sObject Collections', answer);
  return batch.map((change, i) => {
    const r = (answer[i] ?? {}) as { id?: unknown; success?: unknown; errors?: unknown };
    const errors = Array.isArray(r.errors)
      ? r.errors.map((e: { statusCode?: unknown; message?: unknown; fields?: unknown }) => ({
          statusCode: String(e?.statusCode ?? 'UNKNOWN_EXCEPTION'),
          message: String(e?.message ?? ''),
          ...(Array.isArray(e?.fields) ? { fields: e.fields.map(String) } : {}),
        }))
      : [];
    return { licenseId: change.license.id, outcome: r.success === true ? 'saved' : 'failed', errors };
  });
}

const SNAPSHOT_FIELDS = [...LICENSE_FIELDS, 'sfLma__License_Type__c'].join(', ');

/** The licenses as they are now (those that can be read), for a plan or an undo. */
export async function readSnapshots(client: OrgClient, ids: readonly string[], options: CallOptions = {}): Promise<LicenseSnapshot[]> {
  if (!ids.length) return [];
  const render = (chunk: readonly string[]) => soql`Id IN ${chunk}`;
  const queries = Object.fromEntries(
    idChunks(ids, render).map((chunk, i) => [`licenses${i}`, soql`SELECT ${raw(SNAPSHOT_FIELDS)} FROM sfLma__License__c WHERE ${raw(render(chunk))}`]),
  );
  const pages = await client.compositeQueries<Record<string, unknown>>(queries, options);
  return Object.values(pages)
    .flatMap((p) => p.records)
    .map((r) => snapshotOf(toLicense(r), typeof r.sfLma__License_Type__c === 'string' ? r.sfLma__License_Type__c : undefined));
}

export interface Verification {
  readonly licenseId: string;
  readonly holdsNewValues: boolean;
  readonly historyRecorded: boolean;
  /** The values read back (undefined when the record could not be read). */
  readonly actual: LicenseValues | undefined;
}

const sameHistoryValue = (field: ChangeField, recorded: unknown, expected: string | number | null) => {
  if (field === 'seats' && recorded !== null && recorded !== undefined && expected !== null) return Number(recorded) === Number(expected);
  // "Does not expire" is written as 1970-01-01; some tools leave it empty.
  if (field === 'expiration') return String(recorded ?? '1970-01-01').slice(0, 10) === String(expected ?? '1970-01-01');
  return sameValue(field, recorded ?? null, expected);
};

/**
 * Re-reads the changed licenses: does each hold its new values, and is the newest history row of
 * each changed field the change (old → new)? Two queries per ~180 licenses, five to a Composite call.
 */
export async function verifyChanges(client: OrgClient, changes: readonly PlannedChange[], options: CallOptions = {}): Promise<Verification[]> {
  if (!changes.length) return [];
  const ids = changes.map((c) => c.license.id);
  const [now, history] = await Promise.all([readSnapshots(client, ids, options), fetchHistory(client, ids, Object.values(WIRE_FIELDS), options)]);
  const current = new Map(now.map((l) => [l.id.slice(0, 15), l]));
  const newest = new Map<string, Record<string, unknown>>();
  for (const row of history) {
    const key = `${String(row.ParentId).slice(0, 15)}|${String(row.Field)}`;
    if (!newest.has(key)) newest.set(key, row); // rows come newest first
  }
  return changes.map((change) => {
    const license = current.get(change.license.id.slice(0, 15));
    const fields = changedFields(change);
    const actual = license?.values;
    const holdsNewValues = !!actual && fields.every((f) => sameValue(f, actual[f], change.after[f]));
    const wireAfter = toWire(change.after, fields);
    const historyRecorded = fields.every((f) => {
      const row = newest.get(`${change.license.id.slice(0, 15)}|${WIRE_FIELDS[f]}`);
      return !!row && sameHistoryValue(f, row.NewValue, wireAfter[WIRE_FIELDS[f]]);
    });
    return { licenseId: change.license.id, holdsNewValues, historyRecorded, actual };
  });
}
