/**
 * License writes: Status, Seats and Expiration, through the shared sObject Collections writer
 * (collectionWriter.ts: batches of 200, a result per record); then a re-read that checks each
 * record holds its new values and that License history recorded the change. It never deletes
 * and never creates.
 */
import { type ChangePlan, type PlannedChange, changedFields } from '../../core/licenseChanges/plan';
import { type SalesforceError } from '../../core/licenseChanges/journal';
import { type ChangeField, type LicenseSnapshot, type LicenseValues, WIRE_FIELDS, sameValue, snapshotOf, toWire } from '../../core/licenseChanges/values';
import { type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { type BatchProgress, MAX_BATCH, type RecordUpdate, type SaveResult, updateInBatches } from './collectionWriter';
import { raw, soql } from '../org/soql';
import { fetchHistory, idChunks } from './provisioningQueries';
import { LICENSE_FIELDS, toLicense } from './records';

export { MAX_BATCH };

export interface RecordResult {
  readonly licenseId: string;
  readonly outcome: 'saved' | 'failed';
  readonly errors: readonly SalesforceError[];
}

export type { BatchProgress };

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

/** A license's update: only the changed fields. */
export function licenseUpdate(change: PlannedChange): RecordUpdate {
  return { type: 'sfLma__License__c', id: change.license.id, fields: toWire(change.after, changedFields(change)) };
}

export const asLicenseResult = (r: SaveResult): RecordResult => ({ licenseId: r.recordId, outcome: r.outcome, errors: r.errors });

/** Sends the plan's changes, only the changed fields, a batch at a time (see collectionWriter.ts). */
export async function writeChanges(
  client: OrgClient,
  plan: ChangePlan,
  options: CallOptions & WriteHooks & { batchSize?: number } = {},
): Promise<WriteOutcome> {
  const { afterBatch } = options;
  const out = await updateInBatches(client, plan.changes, licenseUpdate, {
    ...options,
    afterBatch: afterBatch && ((seq, results, batch) => afterBatch(seq, results.map(asLicenseResult), batch)),
  });
  return { results: out.results.map(asLicenseResult), notSent: out.notSent, cancelled: out.cancelled };
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
