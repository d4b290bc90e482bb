/**
 * The journal of feature parameter value edits: the same six entry types as the license journal
 * (plan, confirmation, batch, result, verification, end), keyed by the value record written.
 */
import { type EntryBase, type JournalShape, type RunEnd, type RunOf, type SalesforceError, collectRuns } from '../licenseChanges/journal';
import { type FeatureValue } from './parameter';
import { type FeatureValuePlan, type ValueIssue, type ValueRunRecord } from './valueChanges';

export type ValueJournalEntry =
  | (EntryBase & { readonly type: 'plan'; readonly plan: FeatureValuePlan; readonly issues: readonly (ValueIssue & { readonly valueId: string })[] })
  | (EntryBase & { readonly type: 'confirmation'; readonly via: 'typed' | 'yes'; readonly typed?: string })
  | (EntryBase & { readonly type: 'batch'; readonly seq: number; readonly valueIds: readonly string[] })
  | (EntryBase & {
      readonly type: 'result';
      readonly valueId: string;
      readonly licenseId: string;
      readonly parameter: string;
      readonly outcome: 'saved' | 'failed';
      readonly old: FeatureValue;
      readonly new: FeatureValue;
      readonly errors?: readonly SalesforceError[];
    })
  | (EntryBase & { readonly type: 'verification'; readonly valueId: string; readonly holdsNewValue: boolean; readonly actual?: FeatureValue })
  | (EntryBase & RunEnd & { readonly type: 'end' });

export type ValueRun = RunOf<ValueJournalEntry>;

/** What the feature value journal's entries must hold (journalEntryProblem). */
export const VALUE_JOURNAL_SHAPE: JournalShape = {
  recordKey: 'valueId',
  batchKey: 'valueIds',
  isChange: (c) => !!c.target && typeof c.target === 'object' && typeof (c.target as { valueId?: unknown }).valueId === 'string' && 'after' in c,
};

export function valueRunsOf(entries: readonly ValueJournalEntry[]): ValueRun[] {
  return collectRuns(entries, { sent: (e) => e.valueIds, record: (e) => e.valueId });
}

/** The records undo must re-read: those saved, and those sent without an answer. */
export function valueRecordsToRecheck(run: ValueRun): ValueRunRecord[] {
  const planned = new Map(run.plan.changes.map((c) => [c.target.valueId, c]));
  const saved = [...run.results.values()].filter((r) => r.outcome === 'saved').map((r) => r.valueId);
  return [...saved, ...run.unanswered].flatMap((id) => {
    const change = planned.get(id);
    return change ? [{ valueId: id, old: change.target.value, new: change.after }] : [];
  });
}
