/**
 * The Setup Checklist: reads the connected org's setup signals (three API calls), builds the
 * verdicts, remembers them per org to notice a step that regresses, and runs the one action the
 * page asks for — the action it computed itself, never one the page describes.
 */
import * as vscode from 'vscode';
import { type Clock } from '../../core/clock';
import { type LmaBaseline } from '../../core/lmaCurrency';
import { orgKey } from '../../core/orgId';
import { type Checklist, buildChecklist, regressions, verdictsOf } from '../../core/checklist/checklist';
import { type ChecklistInput, type ProjectPackageRef } from '../../core/checklist/input';
import { type SetupSignals } from '../../core/checklist/signals';
import type { OrgTarget } from '../../data/org/orgTarget';
import { type SetupAction, type SetupStep, type StepId, type Verdict, VERDICT_LABELS } from '../../core/checklist/verdicts';
import { salesforceStack } from '../../data/org/connect';
import { cancelled, toLmoError } from '../../data/org/errors';
import type { ActionOwner, ChecklistRequests, ChecklistView } from '../../webview/protocol/checklist';
import { type LmoConnection } from '../connections/connections';
import { type Handlers } from '../kit/panelHost';

type Ready = Extract<ChecklistView, { state: 'ready' }>;

export interface ChecklistControllerDeps {
  readonly connection: LmoConnection;
  readonly clock: Clock;
  readonly memento: vscode.Memento;
  readonly baseline: () => LmaBaseline | undefined;
  readonly projectPackages: () => Promise<ProjectPackageRef[] | undefined>;
  readonly runAction: (action: SetupAction) => Promise<void>;
  /** This product's change feed for the org, when it ran on this machine. */
  readonly changeFeed?: (target: OrgTarget) => ChecklistInput['changeFeed'];
  /** Step 4 from the provisioning rules audit, once it ran. */
  readonly provisioning?: () => ChecklistInput['provisioning'];
  /** Step 3 from the Packages view's link report (by package id, through the org that owns the packages), once it loaded. */
  readonly linking?: () => ChecklistInput['linking'];
  /** Step 5 from the last verification of the executives' dashboard in the LMO. */
  readonly lmoDashboard?: () => ChecklistInput['lmoDashboard'];
}

export interface CheckResult {
  readonly checklist: Checklist;
  /** Steps that were done at the previous check of this org and no longer are. */
  readonly regressed: readonly SetupStep[];
}

const VERDICTS_KEY = 'lma.setup.verdicts';

export class ChecklistController implements vscode.Disposable {
  private last: Ready | undefined;
  private checking: { controller: AbortController; done: Promise<ChecklistView> } | undefined;
  private readonly checked = new vscode.EventEmitter<CheckResult>();
  /** After every successful check. */
  readonly onDidCheck = this.checked.event;

  constructor(private readonly deps: ChecklistControllerDeps) {}

  readonly handlers: Handlers<ChecklistRequests> = {
    load: () => (this.last && this.isCurrent(this.last) ? Promise.resolve(this.last) : this.check()),
    recheck: () => this.check({ fresh: true }),
    runAction: async (owner) => ({ done: await this.run(owner) }),
    cancelCheck: async () => {
      const checking = this.checking;
      checking?.controller.abort();
      return { cancelled: !!checking };
    },
  };

  get current(): Checklist | undefined {
    return this.last?.checklist;
  }

  private isCurrent(view: Ready): boolean {
    const state = this.deps.connection.state;
    return state.kind === 'connected' && state.client.target.label === view.orgLabel;
  }

  /**
   * Checks the connected org, one check at a time: a second caller shares the one in flight, or
   * with `fresh` (Re-check: the org may have changed since it started) waits for it and checks again.
   */
  check(options: { fresh?: boolean } = {}): Promise<ChecklistView> {
    const inFlight = this.checking;
    if (inFlight && options.fresh) return inFlight.done.catch(() => undefined).then(() => this.check(options));
    if (inFlight) return inFlight.done;
    const controller = new AbortController();
    const done = this.runCheck(controller.signal).finally(() => {
      if (this.checking?.controller === controller) this.checking = undefined;
    });
    this.checking = { controller, done };
    return done;
  }

  private async runCheck(signal: AbortSignal): Promise<ChecklistView> {
    const state = this.deps.connection.state;
    if (state.kind !== 'connected') return { state: 'notConnected' };
    const client = state.client;
    // Counts this check's calls only (other features may call the org meanwhile).
    const { CallMeter } = await salesforceStack();
    const meter = new CallMeter();
    try {
      const [signals, projectPackages] = await Promise.all([
        (await salesforceStack()).readSetupSignals(client, { signal, meter }),
        this.deps.projectPackages(),
      ]);
      if (signal.aborted) throw cancelled();
      this.read = { target: client.target, signals, projectPackages, apiCalls: meter.calls };
      return await this.publish(this.read);
    } catch (err) {
      const error = toLmoError(err, client.target);
      if (this.last && this.isCurrent(this.last))
        return { ...this.last, stale: { message: error.kind === 'cancelled' ? 'The check was cancelled.' : error.message } };
      throw error;
    }
  }

  /** What the last check read, so the checklist can be built again (no API call) when a contribution changes. */
  private read: { target: OrgTarget; signals: SetupSignals; projectPackages: ProjectPackageRef[] | undefined; apiCalls: number } | undefined;

  private async publish(read: NonNullable<ChecklistController['read']>): Promise<Ready> {
    const checklist = buildChecklist({
      signals: read.signals,
      today: this.deps.clock.today(),
      checkedAt: this.deps.clock.now().toISOString(),
      baseline: this.deps.baseline(),
      projectPackages: read.projectPackages,
      changeFeed: this.deps.changeFeed?.(read.target),
      provisioning: this.deps.provisioning?.(),
      linking: this.deps.linking?.(),
      lmoDashboard: this.deps.lmoDashboard?.(),
    });
    const key = `${VERDICTS_KEY}.${read.target.orgId ? orgKey(read.target.orgId) : read.target.label}`;
    const previous = this.deps.memento.get<Partial<Record<StepId, Verdict>>>(key);
    await this.deps.memento.update(key, verdictsOf(checklist));
    this.last = {
      state: 'ready',
      orgLabel: read.target.label,
      isDemo: read.target.source === 'demo',
      checklist,
      verdictLabels: VERDICT_LABELS,
      apiCalls: read.apiCalls,
    };
    this.checked.fire({ checklist, regressed: regressions(previous, checklist) });
    return this.last;
  }

  /**
   * Builds the checklist again from what the last check read, with the contributions as they are now
   * (the link report arrived, the rules audit ran): no API call. Nothing while a check runs or before one.
   */
  async rebuild(): Promise<void> {
    // Checks in flight first (each publishes with the contributions as they are when it ends); then build
    // again in any case: a check that started before the contribution changed, or ended without publishing,
    // must not leave the checklist without it. Building twice costs no API call.
    while (this.checking) await this.checking.done.catch(() => undefined);
    const read = this.read;
    const state = this.deps.connection.state;
    if (!read || state.kind !== 'connected' || state.client.target.label !== read.target.label) return;
    await this.publish(read);
    this.rebuilt.fire();
  }

  private readonly rebuilt = new vscode.EventEmitter<void>();
  /** After a rebuild: the panel shows the new checklist. */
  readonly onDidRebuild = this.rebuilt.event;

  private async run(owner: ActionOwner): Promise<boolean> {
    const checklist = this.current;
    if (!checklist) {
      if ('step' in owner && owner.step === 'lmo') {
        await this.deps.runAction({ kind: 'connect', label: 'Connect' });
        return true;
      }
      return false;
    }
    const action = 'step' in owner ? checklist.steps.find((s) => s.id === owner.step)?.action : checklist.gotchas.find((g) => g.id === owner.gotcha)?.action;
    if (!action) return false;
    await this.deps.runAction(action);
    return true;
  }

  dispose(): void {
    this.checking?.controller.abort();
    this.checked.dispose();
    this.rebuilt.dispose();
  }
}
