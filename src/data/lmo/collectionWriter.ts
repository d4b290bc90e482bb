/**
 * The one way the product writes to Salesforce: sObject Collections (PATCH composite/sobjects, at
 * most 200 records a call, allOrNone=false, so one bad record never holds back the others), batch
 * after batch, with a result per record in request order. Updates only: it never creates and
 * never deletes. License changes and feature parameter value edits both write through it.
 */
import { redactSecrets } from '../../core/displayText';
import { type SalesforceError } from '../../core/licenseChanges/journal';
import { type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';

/** sObject Collections takes at most 200 records a call. */
export const MAX_BATCH = 200;

export interface SaveResult {
  readonly recordId: string;
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

export interface BatchHooks<C> {
  /** Before a batch is sent (the journal records what is in flight). */
  beforeBatch?(seq: number, changes: readonly C[]): Promise<void>;
  /** After Salesforce answered a batch. */
  afterBatch?(seq: number, results: readonly SaveResult[], changes: readonly C[]): Promise<void>;
  onProgress?(progress: BatchProgress): void;
}

/** How a change becomes a record update: its object, its id and the fields to send. */
export interface RecordUpdate {
  readonly type: string;
  readonly id: string;
  readonly fields: Record<string, unknown>;
}

export interface BatchOutcome<C> {
  readonly results: SaveResult[];
  /** Not sent because the signal aborted between batches. */
  readonly notSent: C[];
  readonly cancelled: boolean;
}

/**
 * Sends the changes a batch at a time. The signal is checked between batches only: a batch once
 * sent is always answered and reported, so a cancel never leaves a write whose outcome nobody knows.
 */
export async function updateInBatches<C>(
  client: OrgClient,
  changes: readonly C[],
  toUpdate: (change: C) => RecordUpdate,
  options: CallOptions & BatchHooks<C> & { batchSize?: number } = {},
): Promise<BatchOutcome<C>> {
  const size = Math.min(MAX_BATCH, Math.max(1, options.batchSize ?? MAX_BATCH));
  const results: SaveResult[] = [];
  let saved = 0;
  let failed = 0;
  for (let start = 0, seq = 1; start < changes.length; start += size, seq++) {
    if (options.signal?.aborted) return { results, notSent: changes.slice(start), cancelled: true };
    const batch = changes.slice(start, start + size);
    await options.beforeBatch?.(seq, batch);
    const updates = batch.map(toUpdate);
    const body = { allOrNone: false, records: updates.map((u) => ({ attributes: { type: u.type }, id: u.id, ...u.fields })) };
    // No signal here on purpose: see above.
    const answer = await client.request<unknown>('PATCH', '/composite/sobjects', body, { meter: options.meter });
    const batchResults = saveResults(client, answer, updates);
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
function saveResults(client: OrgClient, answer: unknown, updates: readonly RecordUpdate[]): SaveResult[] {
  if (!Array.isArray(answer) || answer.length !== updates.length) throw client.badResponse('sObject Collections', answer);
  return updates.map((update, i) => {
    const r = (answer[i] ?? {}) as { id?: unknown; success?: unknown; errors?: unknown };
    const errors = Array.isArray(r.errors)
      ? r.errors.map((e: { statusCode?: unknown; message?: unknown; fields?: unknown }) => ({
          statusCode: String(e?.statusCode ?? 'UNKNOWN_EXCEPTION'),
          message: redactSecrets(String(e?.message ?? '')),
          ...(Array.isArray(e?.fields) ? { fields: e.fields.map(String) } : {}),
        }))
      : [];
    return { recordId: update.id, outcome: r.success === true ? 'saved' : 'failed', errors };
  });
}
