import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { calendarDate } from '../../src/core/calendarDate';
import { type Clock, fixedClock } from '../../src/core/clock';
import shippedBaseline from '../../src/core/lmaBaseline.json';
import type { TestApi } from '../../src/editor/testApi';
import { LmaVersionMonitor, type Notices, type Timers } from '../../src/editor/lmaVersion/lmaVersionMonitor';
import { type DemoControl, connectDemo, eventually } from './support';

const outdated = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => typeof d.code === 'object' && d.code.value === 'lma-outdated');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BASELINE = shippedBaseline.latestKnownVersion;

/** A workspace memento in memory. */
class MemoryMemento implements vscode.Memento {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

/** Timers a test runs by hand. */
class ManualTimers implements Timers {
  readonly armed: { ms: number; callback: () => void; handle: number }[] = [];
  private next = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.next++;
    this.armed.push({ ms, callback, handle });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    const i = this.armed.findIndex((t) => t.handle === handle);
    if (i >= 0) this.armed.splice(i, 1);
  }
  fire(): void {
    const timer = this.armed.shift();
    assert.ok(timer, 'a check is scheduled');
    timer.callback();
  }
}

/** Notifications a test sees and answers. */
class RecordedNotices implements Notices {
  readonly shown: { kind: 'warn' | 'inform'; message: string; actions: string[] }[] = [];
  /** The button the "user" picks on the next warning. */
  reply: string | undefined;
  async warn(message: string, ...actions: string[]): Promise<string | undefined> {
    this.shown.push({ kind: 'warn', message, actions });
    return this.reply;
  }
  async inform(message: string): Promise<string | undefined> {
    this.shown.push({ kind: 'inform', message, actions: [] });
    return undefined;
  }
}

/** A clock whose day the test moves. */
function movableClock(start: string): Clock & { day: string } {
  const clock = {
    day: start,
    now: () => new Date(`${clock.day}T12:00:00Z`),
    today: () => calendarDate(clock.day),
    startOfDay: (date: string) => fixedClock(clock.day).startOfDay(calendarDate(date)),
  };
  return clock;
}

const newer = (a: string, b: string) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

describe('LMA version currency', () => {
  let lma: TestApi;
  let demo: DemoControl;
  let project: vscode.Uri;
  let demoVersion: string;

  before(async () => {
    ({ lma, demo } = await connectDemo());
    project = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'sfdx-project.json');
    demoVersion = await demo.lmaVersion();
  });
  afterEach(async () => {
    await demo.reset();
    await demo.setLmaVersion(demoVersion);
    await vscode.workspace.getConfiguration('lmaWorkbench.lmaBaseline').update('version', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('lmaWorkbench.lmaVersionCheck').update('intervalHours', undefined, vscode.ConfigurationTarget.Global);
  });
  after(() => vscode.commands.executeCommand('lma.disconnect'));

  it("warns when the demo LMO's LMA is behind the shipped baseline: command, Problems panel and the Install Base view's first row (no badge)", async () => {
    await vscode.commands.executeCommand('lma.checkLmaVersion');
    const currency = lma.lmaVersion.currency;
    assert.equal(currency?.kind, 'behind');
    assert.equal(currency?.kind === 'behind' && currency.installed, demoVersion);
    assert.equal(currency?.kind === 'behind' && currency.baseline.version, BASELINE);
    const [diagnostic] = await eventually(() => (outdated(project).length ? outdated(project) : undefined), 'the outdated-LMA warning');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character], [0, 0, 0, 1]);
    assert.match(
      diagnostic.message,
      new RegExp(
        `^The License Management App in Demo LMO is ${escape(demoVersion)}\\. The newest release known is ${escape(BASELINE)}, seen in an LMO on ${shippedBaseline.asOf} \\(Salesforce publishes no list of LMA releases\\)\\. Salesforce updates the LMA: upgrade it from the LMO's Installed Packages page\\.$`,
      ),
    );
    assert.equal(lma.views.installBaseView.badge, undefined, 'said once in the view: its first row');
    const [banner] = await lma.views.installBase.getChildren();
    assert.equal(banner.kind === 'message' && banner.text, `LMA ${demoVersion} is behind the latest known ${BASELINE}`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', project, diagnostic.range);
    assert.ok(actions.some((a) => a.title === 'Open Installed Packages in Demo LMO'));
  });

  it('clears every warning once the LMA is current', async () => {
    await vscode.commands.executeCommand('lma.checkLmaVersion');
    await eventually(() => outdated(project).length > 0 || undefined, 'the warning');
    await demo.setLmaVersion(`${BASELINE}.0`);
    await vscode.commands.executeCommand('lma.checkLmaVersion');
    assert.equal(lma.lmaVersion.currency?.kind, 'current');
    await eventually(() => outdated(project).length === 0 || undefined, 'the warning to go');
    assert.equal(lma.views.installBaseView.badge, undefined);
    assert.ok((await lma.views.installBase.getChildren()).every((n) => n.kind !== 'message'));
  });

  it('uses a baseline from the settings over the shipped one', async () => {
    await demo.setLmaVersion(`${BASELINE}.0`);
    const newer = `${Number(BASELINE.split('.')[0])}.${Number(BASELINE.split('.')[1]) + 1}`;
    await vscode.workspace.getConfiguration('lmaWorkbench.lmaBaseline').update('version', newer, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('lma.checkLmaVersion');
    const currency = lma.lmaVersion.currency;
    assert.equal(currency?.kind, 'behind');
    assert.equal(currency?.kind === 'behind' && currency.baseline.origin, 'setting');
    assert.equal(currency?.kind === 'behind' && currency.baseline.version, newer);
    assert.match(lma.lmaVersion.describe(currency!), /from your lmaWorkbench.lmaBaseline.version setting/);
  });

  it('explains when it cannot read the installed version', async () => {
    await demo.injectFault(
      { kind: 'apiError', status: 403, errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' },
      { match: '/tooling/', times: 3 },
    );
    await vscode.commands.executeCommand('lma.checkLmaVersion');
    const currency = lma.lmaVersion.currency;
    assert.equal(currency?.kind, 'unknown');
    assert.match(lma.lmaVersion.describe(currency!), /Cannot tell whether the License Management App in Demo LMO is current: .*Download AppExchange Packages/);
    assert.equal(outdated(project).length, 0, 'an unknown state is not filed as outdated');
  });

  describe('its schedule and its manners (a monitor of its own: injected clock, storage and timers)', () => {
    let timers: ManualTimers;
    let memento: MemoryMemento;
    let monitor: LmaVersionMonitor;
    let clock: ReturnType<typeof movableClock>;
    let notices: RecordedNotices;
    beforeEach(() => {
      timers = new ManualTimers();
      memento = new MemoryMemento();
      clock = movableClock('2026-03-10');
      notices = new RecordedNotices();
      monitor = new LmaVersionMonitor(lma.connections.lmo, memento, clock, lma.ctx.settings, lma.ctx.log, timers, notices);
    });
    afterEach(() => monitor.dispose());

    it('re-checks on the interval from the settings, never beyond what a timer holds, and not at all at 0', async () => {
      await vscode.workspace.getConfiguration('lmaWorkbench.lmaVersionCheck').update('intervalHours', 6, vscode.ConfigurationTarget.Global);
      await eventually(() => timers.armed.length === 1 || undefined, 'a scheduled check');
      assert.equal(timers.armed[0].ms, 6 * 3_600_000);
      const before = monitor.checks;
      timers.fire();
      await eventually(() => monitor.checks === before + 1 || undefined, 'the scheduled check to run');
      await eventually(() => timers.armed.length === 1 || undefined, 'the next check to be armed');
      // 597 hours would overflow a 32-bit timer (it would fire at once, every millisecond): refused, the default is used.
      await vscode.workspace.getConfiguration('lmaWorkbench.lmaVersionCheck').update('intervalHours', 597, vscode.ConfigurationTarget.Global);
      await eventually(() => timers.armed[0]?.ms === 24 * 3_600_000 || undefined, 'the default interval instead of an overflowing one');
      assert.ok(timers.armed.every((t) => t.ms <= 2 ** 31 - 1));
      await vscode.workspace.getConfiguration('lmaWorkbench.lmaVersionCheck').update('intervalHours', 0, vscode.ConfigurationTarget.Global);
      await eventually(() => timers.armed.length === 0 || undefined, 'no schedule at 0');
    });

    it('announces a finding once, keeps quiet while snoozed, and speaks again when the snooze ends', async () => {
      assert.ok(newer(BASELINE, demoVersion), `the demo's LMA ${demoVersion} is behind the shipped ${BASELINE}`);
      notices.reply = 'Snooze for 7 Days';
      await monitor.check({ interactive: false });
      await eventually(() => memento.get('lma.lmaVersion.snoozedUntil'), 'the snooze to be stored');
      assert.equal(notices.shown.length, 1);
      assert.equal(notices.shown[0].kind, 'warn');
      assert.match(notices.shown[0].message, new RegExp(`is ${escape(demoVersion)}\\. The newest release known is ${escape(BASELINE)}`));
      assert.deepEqual(notices.shown[0].actions, ['Open Installed Packages', 'Open Setup Checklist', 'Snooze for 7 Days']);
      assert.equal(memento.get('lma.lmaVersion.snoozedUntil'), '2026-03-17', 'seven days from today');
      assert.equal(memento.get('lma.lmaVersion.notified'), `behind:${demoVersion}:${BASELINE}`);

      notices.reply = undefined;
      await monitor.check({ interactive: false });
      assert.equal(notices.shown.length, 1, 'the same finding is not announced twice');

      // A new finding (the LMA moved, still behind) while snoozed: quiet, up to and including the last snoozed day.
      const [major, minor, patch] = demoVersion.split('.').map(Number);
      const moved = `${major}.${minor}.${(patch ?? 0) + 1}`;
      assert.ok(newer(BASELINE, moved), `${moved} is still behind ${BASELINE}`);
      await demo.setLmaVersion(moved);
      await monitor.check({ interactive: false });
      clock.day = '2026-03-17';
      await monitor.check({ interactive: false });
      assert.equal(notices.shown.length, 1, 'snoozed: the new finding waits');
      assert.equal(monitor.currency?.kind === 'behind' && monitor.currency.installed, moved, 'it was checked all the same');

      // The snooze over: the new finding is announced, once.
      clock.day = '2026-03-18';
      await monitor.check({ interactive: false });
      await monitor.check({ interactive: false });
      assert.equal(notices.shown.length, 2);
      assert.match(notices.shown[1].message, new RegExp(`is ${escape(moved)}\\. The newest release known is ${escape(BASELINE)}`));
      assert.equal(memento.get('lma.lmaVersion.notified'), `behind:${moved}:${BASELINE}`);

      // Asked for (LMA: Check LMA Version): announced even though it was already.
      await monitor.check({ interactive: true });
      assert.equal(notices.shown.length, 3);
    });

    it('does not announce a current LMA unless asked', async () => {
      await demo.setLmaVersion(`${BASELINE}.0`);
      await monitor.check({ interactive: false });
      assert.equal(monitor.currency?.kind, 'current');
      assert.equal(notices.shown.length, 0);
      await monitor.check({ interactive: true });
      assert.equal(notices.shown.length, 1);
      assert.equal(notices.shown[0].kind, 'inform');
      assert.match(notices.shown[0].message, new RegExp(`is ${escape(BASELINE)}\\.0: current\\. The newest release known is`));
    });
  });
});
