/**
 * The Modify License worklist in the License Change panel: each license's row with its page (one
 * click), the values to set there (copyable), and where it stands. A row whose page was opened is
 * re-read every few seconds until the save shows (the record and its License history), and on
 * Check; Skip moves past it. Nothing is written from here: the user saves each page in Salesforce.
 * The journal keeps every step, so a reload can resume the list.
 */
import { type RowCheck } from '../../core/licenseChanges/worklist';
import { type LicenseWorklist } from '../../data/lmo/licenseWorklist';
import type { ChangeView, PlanSummary, WorklistRowView } from '../../webview/protocol/licenseChanges';
import { type Log } from '../kit/log';

export interface WorklistDeps {
  readonly reload: () => void;
  readonly log: Log;
  readonly openLicense: (licenseId: string) => Promise<void>;
  readonly copy: (text: string) => Promise<void>;
  readonly failed: (message: string) => void;
  /** How often an opened row is re-read while it waits for the save. */
  readonly pollMs: number;
}

export class WorklistSession {
  private readonly opened = new Set<string>();
  /** Each row's last re-read (a row found with other values shows as differing until it is saved right or skipped). */
  private readonly checks = new Map<string, RowCheck>();
  private checking = false;
  private finished = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly list: LicenseWorklist,
    private readonly summary: PlanSummary,
    private readonly deps: WorklistDeps,
  ) {}

  get runId(): string {
    return this.list.runId;
  }

  view(): Extract<ChangeView, { state: 'worklist' }> {
    const rows: WorklistRowView[] = this.list.rows.map((r) => {
      const journaled = this.list.state(r.licenseId);
      const check = this.checks.get(r.licenseId);
      const state = journaled === 'pending' && check?.state === 'differs' ? 'differs' : journaled;
      return {
        ...r,
        targets: r.targets.map((t) => ({ ...t })),
        state,
        reason: state === 'done' ? undefined : check?.reason,
        opened: this.opened.has(r.licenseId),
      };
    });
    return {
      state: 'worklist',
      summary: this.summary,
      runId: this.list.runId,
      rows,
      counts: this.list.counts(),
      checking: this.checking,
      finished: this.finished,
    };
  }

  knows(licenseId: string): boolean {
    return this.list.rows.some((r) => r.licenseId === licenseId);
  }

  /** Opens the row's page and watches it for the save. */
  async open(licenseId: string): Promise<boolean> {
    if (!this.knows(licenseId)) return false;
    await this.deps.openLicense(licenseId);
    this.opened.add(licenseId);
    this.watch();
    this.deps.reload();
    return true;
  }

  private watching(): string[] {
    return [...this.opened].filter((id) => this.list.state(id) === 'pending');
  }

  private watch(): void {
    if (this.timer || this.finished) return;
    this.timer = setInterval(() => {
      const ids = this.watching();
      if (!ids.length) return this.stopWatching();
      if (!this.checking) void this.check(ids);
    }, this.deps.pollMs);
  }

  private stopWatching(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Re-reads the rows (every row not done when none is named). */
  async check(licenseIds?: readonly string[]): Promise<number> {
    const ids = licenseIds ?? this.list.remaining().map((r) => r.licenseId);
    if (!ids.length || this.finished) return 0;
    this.checking = true;
    this.deps.reload();
    try {
      const checks = await this.list.check(ids);
      for (const c of checks) this.checks.set(c.licenseId, c);
      if (this.list.counts().done === this.list.rows.length) await this.finish();
      return checks.length;
    } catch (err) {
      this.deps.log.error('Modify License worklist', err);
      this.deps.failed((err as Error).message);
      return 0;
    } finally {
      this.checking = false;
      this.deps.reload();
    }
  }

  async skip(licenseId: string): Promise<boolean> {
    if (!this.knows(licenseId) || this.finished) return false;
    await this.list.skip(licenseId, this.checks.get(licenseId));
    this.opened.delete(licenseId);
    if (this.list.counts().pending === 0) await this.finish();
    this.deps.reload();
    return true;
  }

  async copyValue(licenseId: string, field: string): Promise<boolean> {
    const target = this.list.rows.find((r) => r.licenseId === licenseId)?.targets.find((t) => t.field === field);
    if (!target) return false;
    await this.deps.copy(target.enter);
    return true;
  }

  async finish(): Promise<boolean> {
    if (this.finished) return false;
    this.finished = true;
    this.stopWatching();
    await this.list.finish();
    this.deps.reload();
    return true;
  }

  dispose(): void {
    this.stopWatching();
  }
}
