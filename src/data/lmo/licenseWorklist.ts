/**
 * A Modify License worklist over the org (core/licenseChanges/worklist.ts says what it is): it
 * sends no write. It journals the plan (channel "worklist"), re-reads rows when asked — the record
 * and its License history, the same reads that verify a write through the API — and journals each
 * row the user finishes with. A row found done is journaled as a saved and verified result too, so
 * the journal's undo, summary and listing treat it as they treat a write.
 */
import { type ChangeJournal, type EntryBase, type JournaledRun } from '../../core/licenseChanges/journal';
import { type ChangePlan, type PlannedChange, changedValues } from '../../core/licenseChanges/plan';
import { type PlanValidation } from '../../core/licenseChanges/validation';
import {
  type RowCheck,
  type WorklistCounts,
  type WorklistRow,
  type WorklistRowState,
  checkRow,
  worklistCounts,
  worklistRows,
} from '../../core/licenseChanges/worklist';
import { type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';
import { verifyChanges } from './licenseWriter';

type WorklistJournal = Pick<ChangeJournal, 'append' | 'appendAll'>;

export class LicenseWorklist {
  readonly rows: readonly WorklistRow[];
  private readonly states = new Map<string, WorklistRowState>();
  private readonly changes: Map<string, PlannedChange>;
  private ended = false;

  private constructor(
    private readonly client: OrgClient,
    readonly plan: ChangePlan,
    private readonly journal: WorklistJournal,
    private readonly now: () => Date,
    finished: ReadonlyMap<string, WorklistRowState> = new Map(),
  ) {
    this.rows = worklistRows(plan);
    this.changes = new Map(plan.changes.map((c) => [c.license.id, c]));
    // Resumed: rows done stay done; skipped and differing rows are offered again.
    for (const row of this.rows) this.states.set(row.licenseId, finished.get(row.licenseId) === 'done' ? 'done' : 'pending');
  }

  get runId(): string {
    return this.plan.id;
  }

  /** Starts a worklist: the plan is journaled before any page is opened. */
  static async open(
    client: OrgClient,
    plan: ChangePlan,
    validation: PlanValidation,
    journal: WorklistJournal,
    now: () => Date = () => new Date(),
  ): Promise<LicenseWorklist> {
    const list = new LicenseWorklist(client, plan, journal, now);
    await journal.append({
      ...list.base(),
      type: 'plan',
      plan,
      channel: 'worklist',
      issues: plan.changes.flatMap((c) => (validation.issues.get(c.license.id) ?? []).map((i) => ({ ...i, licenseId: c.license.id }))),
    });
    return list;
  }

  /** Picks a journaled worklist up where it was left: its rows done stay done. */
  static resume(client: OrgClient, run: JournaledRun, journal: WorklistJournal, now: () => Date = () => new Date()): LicenseWorklist {
    const finished = new Map([...run.worklistRows.values()].map((r) => [r.licenseId, r.state] as const));
    return new LicenseWorklist(client, run.plan, journal, now, finished);
  }

  private base(): EntryBase {
    return { runId: this.plan.id, at: this.now().toISOString(), user: this.plan.org.username, orgId: this.plan.org.id };
  }

  state(licenseId: string): WorklistRowState {
    return this.states.get(licenseId) ?? 'pending';
  }

  counts(): WorklistCounts {
    return worklistCounts(this.states.values());
  }

  /** The rows still to do (pending), in the plan's order. */
  remaining(): WorklistRow[] {
    return this.rows.filter((r) => this.state(r.licenseId) !== 'done');
  }

  /**
   * Re-reads these rows (reads only: the record and its License history, one Composite call per
   * ~180 licenses); a row found saved with the new values and recorded in history is journaled done.
   */
  async check(licenseIds: readonly string[], options: CallOptions = {}): Promise<RowCheck[]> {
    const changes = licenseIds.map((id) => this.changes.get(id)).filter((c): c is PlannedChange => !!c);
    const readings = await verifyChanges(this.client, changes, options);
    const byId = new Map(readings.map((r) => [r.licenseId, r]));
    const checks = changes.map((c) => {
      const r = byId.get(c.license.id);
      return checkRow(c, { licenseId: c.license.id, actual: r?.actual, historyRecorded: r?.historyRecorded ?? false });
    });
    const newlyDone = checks.filter((c) => c.state === 'done' && this.state(c.licenseId) !== 'done');
    if (newlyDone.length) {
      await this.journal.appendAll(
        newlyDone.flatMap((check) => {
          const change = this.changes.get(check.licenseId) as PlannedChange;
          return [
            {
              ...this.base(),
              type: 'result' as const,
              licenseId: check.licenseId,
              licenseName: change.license.name,
              outcome: 'saved' as const,
              ...changedValues(change),
            },
            {
              ...this.base(),
              type: 'verification' as const,
              licenseId: check.licenseId,
              holdsNewValues: true,
              historyRecorded: true,
              ...(check.actual ? { actual: check.actual } : {}),
            },
            { ...this.base(), type: 'worklistRow' as const, licenseId: check.licenseId, licenseName: change.license.name, state: 'done' as const },
          ];
        }),
      );
      for (const c of newlyDone) this.states.set(c.licenseId, 'done');
    }
    return checks;
  }

  /** The user moves past a row: journaled as skipped, or as differs when its last check found other values. */
  async skip(licenseId: string, last?: RowCheck): Promise<WorklistRowState> {
    const change = this.changes.get(licenseId);
    if (!change || this.state(licenseId) === 'done') return this.state(licenseId);
    const state = last?.state === 'differs' ? 'differs' : 'skipped';
    await this.journal.append({
      ...this.base(),
      type: 'worklistRow',
      licenseId,
      licenseName: change.license.name,
      state,
      ...(last?.reason ? { reason: last.reason } : {}),
      ...(last?.actual ? { actual: last.actual } : {}),
    });
    this.states.set(licenseId, state);
    return state;
  }

  /** Journals the end: finished (every row done or moved past) or stopped (rows left to do; it can be resumed). */
  async finish(): Promise<WorklistCounts> {
    const counts = this.counts();
    if (this.ended) return counts;
    this.ended = true;
    await this.journal.append({
      ...this.base(),
      type: 'end',
      cancelled: counts.pending > 0,
      saved: counts.done,
      failed: 0,
      notSent: counts.total - counts.done,
      verified: counts.done,
    });
    return counts;
  }
}
